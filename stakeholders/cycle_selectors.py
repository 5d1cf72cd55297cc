"""Reads of the stakeholder-analysis cycle: the rounds, how the register stands now (as a round would take it
in its snapshot), what each phase has produced so far, and the comparison of a round with the previous one."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from . import cycle
from .models import (
    AnalysisRound,
    CommunicationPlanEntry,
    ImportBatch,
    Innovation,
    IssueAnalysis,
    Organisation,
    Person,
    RiskEntry,
    RoundPhase,
    RoundSnapshotEntry,
    Source,
    StrategyPlacement,
)


def rounds() -> QuerySet[AnalysisRound]:
    return AnalysisRound.objects.select_related("started_by", "completed_by").prefetch_related(
        Prefetch("phases", queryset=RoundPhase.objects.select_related("done_by").order_by("phase"))
    )


def round_detail(number: int) -> AnalysisRound:
    return rounds().get(number=number)


def open_round() -> AnalysisRound | None:
    return AnalysisRound.objects.filter(status=AnalysisRound.Status.OPEN).first()


def previous_round(analysis_round: AnalysisRound) -> AnalysisRound | None:
    """The last completed round before this one: what this round is compared with."""
    return (
        AnalysisRound.objects.filter(number__lt=analysis_round.number, status=AnalysisRound.Status.COMPLETED)
        .order_by("-number")
        .first()
    )


def _standing(organisation: Organisation) -> cycle.Standing:
    innovations = list(organisation.innovations.all())
    current, desired = cycle.widest_gap(
        (r.current_engagement, r.desired_engagement) for r in organisation.risks.all()
    )
    return cycle.Standing(
        key=organisation.pk,
        name=organisation.name,
        frontrunner_class=organisation.frontrunner_class,
        sector=organisation.sector,
        relevance_role=organisation.relevance_role,
        circular=any(i.is_circular for i in innovations),
        innovative=any(bool(i.beyond_common_practice and i.beyond_legal_duty) for i in innovations),
        in_collaboration=getattr(organisation, "collaboration_count", 0) > 0,
        current_engagement=current,
        desired_engagement=desired,
    )


def live_standings() -> list[cycle.Standing]:
    """Every organisation of the register as it stands now (what a round completed now would snapshot)."""
    organisations = (
        Organisation.objects.annotate(collaboration_count=Count("memberships", distinct=True))
        .prefetch_related(
            Prefetch(
                "innovations",
                queryset=Innovation.objects.only(
                    "pk", "organisation_id", "circular_aims", "beyond_common_practice", "beyond_legal_duty"
                ),
            ),
            Prefetch(
                "risks",
                queryset=RiskEntry.objects.only(
                    "pk", "organisation_id", "current_engagement", "desired_engagement"
                ),
            ),
        )
        .order_by("name")
    )
    return [_standing(o) for o in organisations]


def snapshot_standings(analysis_round: AnalysisRound) -> list[cycle.Standing]:
    return [
        cycle.Standing(
            key=e.organisation_id if e.organisation_id is not None else e.organisation_name,
            name=e.organisation_name,
            frontrunner_class=e.frontrunner_class,
            sector=e.sector,
            relevance_role=e.relevance_role,
            circular=e.circular,
            innovative=e.innovative,
            in_collaboration=e.in_collaboration,
            current_engagement=e.current_engagement,
            desired_engagement=e.desired_engagement,
        )
        for e in RoundSnapshotEntry.objects.filter(round=analysis_round)
    ]


def standings(analysis_round: AnalysisRound) -> list[cycle.Standing]:
    """A completed round's snapshot; an open round's register as it stands now."""
    return live_standings() if analysis_round.is_open else snapshot_standings(analysis_round)


def comparison(analysis_round: AnalysisRound) -> tuple[AnalysisRound | None, cycle.Comparison | None]:
    previous = previous_round(analysis_round)
    if previous is None:
        return None, None
    return previous, cycle.compare(snapshot_standings(previous), standings(analysis_round))


def deliverable_counts() -> dict[int, dict[str, int]]:
    """What each phase has produced in the register so far, per phase (Bijlage 4): the sources and imports
    (0), the stakeholders identified (1), their categorisation and issue analyses (2), the Mendelow placement
    and relevance roles (3), the communication plan, risk register and placements (4)."""
    organisations = Organisation.objects.aggregate(
        total=Count("pk"),
        classified=Count("pk", filter=~Q(frontrunner_class="")),
        sector=Count("pk", filter=~Q(sector="")),
        relevance=Count("pk", filter=~Q(relevance_role="")),
    )
    return {
        0: {
            "sources": Source.objects.count(),
            "imports": ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED).count(),
        },
        1: {"organisations": organisations["total"], "people": Person.objects.count()},
        2: {
            "sector": organisations["sector"],
            "classified": organisations["classified"],
            "issue_analyses": IssueAnalysis.objects.count(),
        },
        3: {"mendelow": IssueAnalysis.objects.count(), "relevance": organisations["relevance"]},
        4: {
            "communication": CommunicationPlanEntry.objects.count(),
            "risks": RiskEntry.objects.count(),
            "placements": StrategyPlacement.objects.count(),
        },
    }


def placements(analysis_round: AnalysisRound) -> QuerySet[StrategyPlacement]:
    return StrategyPlacement.objects.filter(round=analysis_round).select_related(
        "organisation", "team", "decided_by"
    )


def criteria_table(items: list[cycle.Standing]) -> list[dict[str, Any]]:
    """Phase 4's six criteria per organisation, most criteria met first."""
    rows = []
    for standing in items:
        met = cycle.criteria_met(standing)
        rows.append(
            {"standing": standing, "met": [met[c] for c in cycle.CRITERIA], "count": sum(met.values())}
        )
    return sorted(rows, key=lambda r: (-r["count"], r["standing"].name))
