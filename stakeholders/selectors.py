"""Read queries of the stakeholder analysis (no N+1: related rows are joined or prefetched)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from . import classify
from .models import (
    CategorisationDecision,
    Collaboration,
    CollaborationMember,
    FuzzyMatch,
    ImportBatch,
    IssueAnalysis,
    Organisation,
    OrganisationSource,
    PeopleExportLog,
    Person,
    RiskEntry,
    Source,
)

FILTER_KEYS = (
    "q",
    "sbi",
    "province",
    "cluster",
    "frontrunner_class",
    "source",
    "pillar",
    "horizon",
    "team",
    "org_type",
    "sector",
)


def organisation_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Organisation]:
    """The register, filtered by SBI (code or prefix, e.g. '29' takes 29.1 and 2910), province (code),
    product cluster (code), class, source (code), team relevance (pillar code / horizon code), type,
    sector."""
    filters = {k: v for k, v in (filters or {}).items() if k in FILTER_KEYS and v not in (None, "")}
    qs = Organisation.objects.select_related("province")
    if q := filters.get("q"):
        qs = qs.filter(Q(name__icontains=q) | Q(kvk_number=q.strip()))
    if sbi := filters.get("sbi"):
        qs = qs.filter(sbi_codes__code__startswith=str(sbi).replace(".", ""))
    if province := filters.get("province"):
        qs = qs.filter(province__code=province)
    if cluster := filters.get("cluster"):
        qs = qs.filter(sbi_codes__cluster__code=cluster)
    if (klass := filters.get("frontrunner_class")) is not None:
        qs = qs.filter(frontrunner_class="" if klass == "none" else klass)
    if source := filters.get("source"):
        qs = qs.filter(source_links__source__code=source)
    if team := filters.get("team"):
        qs = qs.filter(team_relevance__team__code=team)
    if pillar := filters.get("pillar"):
        qs = qs.filter(team_relevance__pillar__code=pillar)
    if horizon := filters.get("horizon"):
        qs = qs.filter(team_relevance__horizon__code=horizon)
    if org_type := filters.get("org_type"):
        qs = qs.filter(org_type=org_type)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if any(k in filters for k in ("sbi", "cluster", "source", "pillar", "horizon", "team")):
        qs = qs.distinct()
    return qs.prefetch_related(
        "sbi_codes", Prefetch("source_links", queryset=OrganisationSource.objects.select_related("source"))
    )


def organisations_per_province(qs: QuerySet[Organisation]) -> list[dict[str, Any]]:
    """Counts per province of a (filtered) register, for the bar chart; organisations without a province
    last."""
    ids = qs.order_by().values("pk")
    rows = (
        Organisation.objects.filter(pk__in=ids)
        .values("province__name")
        .annotate(n=Count("pk"))
        .order_by("province__name")
    )
    unknown = gettext("unknown")
    ordered = sorted(rows, key=lambda r: (r["province__name"] is None, r["province__name"] or ""))
    return [{"province": r["province__name"] or unknown, "count": r["n"]} for r in ordered]


def organisation_detail(*, pk: int) -> Organisation:
    return (
        Organisation.objects.select_related("province")
        .prefetch_related(
            "sbi_codes__cluster",
            "innovations__lansink_step",
            "innovations__critical_raw_materials",
            "innovations__value_retention_forms",
            "team_relevance__pillar",
            "team_relevance__team",
            "team_relevance__horizon",
            Prefetch("source_links", queryset=OrganisationSource.objects.select_related("source")),
        )
        .get(pk=pk)
    )


def decision_trail(*, organisation: Organisation) -> QuerySet[CategorisationDecision]:
    return organisation.decisions.select_related("decided_by", "innovation")


def collaboration_partners(*, organisation: Organisation) -> list[dict[str, Any]]:
    """The network around an organisation: per collaboration, the other members."""
    memberships = (
        CollaborationMember.objects.filter(collaboration__memberships__organisation=organisation)
        .select_related("collaboration", "organisation")
        .order_by("collaboration__name", "organisation__name")
    )
    groups: dict[int, dict[str, Any]] = {}
    for m in memberships:
        group = groups.setdefault(m.collaboration_id, {"collaboration": m.collaboration, "members": []})
        group["members"].append(m)
    return list(groups.values())


def network_edges() -> dict[str, list[dict[str, Any]]]:
    """Nodes and links of the collaboration network (organisations linked by a shared project or chain), in
    one query. Each link carries the names of its two organisations, so the page lists it without looking
    them up among the nodes."""
    members = CollaborationMember.objects.select_related("collaboration", "organisation").order_by("pk")
    nodes: dict[int, dict[str, Any]] = {}
    by_collab: dict[int, tuple[str, list[int]]] = {}
    for m in members:
        nodes[m.organisation_id] = {"id": m.organisation_id, "name": m.organisation.name}
        by_collab.setdefault(m.collaboration_id, (m.collaboration.name, []))[1].append(m.organisation_id)
    links = []
    for label, ids in by_collab.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                links.append(
                    {
                        "source": a,
                        "target": b,
                        "label": label,
                        "source_name": nodes[a]["name"],
                        "target_name": nodes[b]["name"],
                    }
                )
    return {"nodes": list(nodes.values()), "links": links}


def people_list() -> QuerySet[Person]:
    return Person.objects.select_related("organisation")


def people_exports(*, limit: int) -> list[PeopleExportLog]:
    """The latest exports of person records, with who made them."""
    return list(PeopleExportLog.objects.select_related("user")[:limit])


def import_batches(*, limit: int) -> list[ImportBatch]:
    """The latest uploaded files, with their source and who uploaded them."""
    return list(ImportBatch.objects.select_related("source", "created_by")[:limit])


def issue_analyses() -> QuerySet[IssueAnalysis]:
    return IssueAnalysis.objects.select_related("organisation", "person").prefetch_related("communication")


def mendelow_grid() -> list[dict[str, Any]]:
    """The matrix as rows (influence G, M, K from the top) of cells (interest K, M, G from the left), each
    cell
    with its quadrant and the analyses placed in it."""
    cells: dict[tuple[str, str], list[IssueAnalysis]] = {}
    for analysis in issue_analyses():
        cells.setdefault((analysis.influence, analysis.interest), []).append(analysis)
    grid = []
    for influence in ("G", "M", "K"):
        row = []
        for interest in ("K", "M", "G"):
            quadrant = classify.mendelow_quadrant(influence=influence, interest=interest).value
            row.append(
                {
                    "influence": influence,
                    "interest": interest,
                    "quadrant": quadrant,
                    "items": cells.get((influence, interest), []),
                }
            )
        grid.append({"influence": influence, "cells": row})
    return grid


def risk_register() -> QuerySet[RiskEntry]:
    return RiskEntry.objects.select_related("organisation", "person")


def pending_matches() -> QuerySet[FuzzyMatch]:
    return FuzzyMatch.objects.filter(status=FuzzyMatch.Status.PENDING).select_related(
        "candidate__province", "batch__source"
    )


def qualifies(organisation: Organisation) -> bool:
    """In scope, circular and innovative (the condition of categorisation 7), from the current categorisation:
    the computed class says so (koploper or volger), or an innovation is circular and innovative."""
    if organisation.sector not in classify.IN_SCOPE_SECTORS:
        return False
    if organisation.frontrunner_class in (classify.Frontrunner.FRONTRUNNER, classify.Frontrunner.FOLLOWER):
        return True
    return any(
        i.is_circular and i.beyond_common_practice and i.beyond_legal_duty
        for i in organisation.innovations.all()
    )


def coverage_report() -> tuple[classify.CoverageReport, dict[int, Organisation], dict[str, Source]]:
    """Categorisation 7 over the whole register: per other source, the share the slimme tool also found."""
    sources = {s.code: s for s in Source.objects.all()}
    organisations = (
        Organisation.objects.filter(source_links__isnull=False)
        .distinct()
        .select_related("province")
        .prefetch_related(
            "innovations",
            Prefetch("source_links", queryset=OrganisationSource.objects.select_related("source")),
        )
    )
    by_id, records = {}, []
    for organisation in organisations:
        by_id[organisation.pk] = organisation
        codes = frozenset(link.source.code for link in organisation.source_links.all())
        records.append(classify.CoverageRecord(organisation.pk, codes, qualifies(organisation)))
    report = classify.coverage_compute(records, reference=Source.SLIMME_TOOL, sources=list(sources))
    return report, by_id, sources


def coverage_checks(*, organisation_ids: Iterable[int]) -> dict[int, CategorisationDecision]:
    """The latest categorisation-7 verdict per organisation (one query)."""
    latest: dict[int, CategorisationDecision] = {}
    decisions = (
        CategorisationDecision.objects.filter(
            step=CategorisationDecision.Step.VERIFICATION, organisation_id__in=list(organisation_ids)
        )
        .select_related("decided_by")
        .order_by("organisation_id", "-decided_at", "-pk")
    )
    for decision in decisions:
        latest.setdefault(decision.organisation_id, decision)
    return latest


# --- published for the dashboard ---


def collaborations() -> QuerySet[Collaboration]:
    """The collaborations of the register (categorisation 5)."""
    return Collaboration.objects.all()


def collaboration_members() -> QuerySet[CollaborationMember]:
    """Who takes part in which collaboration."""
    return CollaborationMember.objects.all()
