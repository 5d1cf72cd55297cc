"""The stakeholder analysis as a cycle (§3.2.2, Bijlage 4): start a round, move its five phases on in order,
record phase 4's placements, and complete the round with a snapshot of the classification it was based on."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from programme.models import Team
from regiekamer.concurrency import StateConflict, update_versioned

from .. import cycle, cycle_horizons, cycle_selectors
from ..models import AnalysisRound, Organisation, RoundPhase, RoundSnapshotEntry, StrategyPlacement


def _require_open(analysis_round: AnalysisRound) -> None:
    if not analysis_round.is_open:
        raise StateConflict(
            _("Round %(number)s is completed; start a new round to analyse again.")
            % {"number": analysis_round.number}
        )


@transaction.atomic
def round_start(*, actor: User, title: str) -> AnalysisRound:
    """Start the next round, its five phases not started; one round runs at a time."""
    require(actor, "stakeholders.manage_cycle")
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the round a title.")})
    running = AnalysisRound.objects.select_for_update().filter(status=AnalysisRound.Status.OPEN).first()
    if running is not None:
        raise StateConflict(
            _("Round %(number)s is still in progress; complete it before starting the next.")
            % {"number": running.number}
        )
    number = (AnalysisRound.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    analysis_round = AnalysisRound.objects.create(number=number, title=title, started_by=actor)
    for phase in cycle.PHASES:
        RoundPhase.objects.create(round=analysis_round, phase=phase)
    return analysis_round


@transaction.atomic
def phase_update(
    *, phase: RoundPhase, expected_version: int, actor: User, status: str, notes: str = ""
) -> RoundPhase:
    """Set a phase's status and notes. A phase is done only after the phases before it; when it is done, who
    did it, when, and the counts of what it produced are kept."""
    require(actor, "stakeholders.manage_cycle")
    _require_open(phase.round)
    if status not in RoundPhase.Status.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    if status == RoundPhase.Status.DONE:
        statuses = dict(phase.round.phases.values_list("phase", "status"))
        blockers = cycle.phase_blockers(statuses, phase.phase)
        if blockers:
            raise ValidationError(
                {
                    "status": _("Phase %(phases)s must be done first.")
                    % {"phases": ", ".join(str(p) for p in blockers)}
                }
            )
        if phase.status != RoundPhase.Status.DONE:
            phase.done_by, phase.done_at = actor, timezone.now()
            phase.deliverables = {
                str(k): v for k, v in cycle_selectors.deliverable_counts()[phase.phase].items()
            }
            if phase.phase == 1:  # identifying the stakeholders per horizon (§3.2.2)
                phase.deliverables.update(cycle_horizons.stakeholders_per_horizon())
    else:
        phase.done_by, phase.done_at, phase.deliverables = None, None, {}
    phase.status, phase.notes = status, notes.strip()
    update_versioned(
        phase,
        expected_version=expected_version,
        fields=["status", "notes", "done_by", "done_at", "deliverables"],
    )
    return phase


@transaction.atomic
def placement_record(
    *,
    analysis_round: AnalysisRound,
    organisation: Organisation,
    place: str,
    reason: str,
    actor: User,
    team: Team | None = None,
) -> StrategyPlacement:
    """Phase 4: a stakeholder relevant enough to get a place in the UPCM network (a project, a team or a
    steering meeting), with the reason; a team or steering meeting names the team."""
    require(actor, "stakeholders.manage_cycle")
    _require_open(analysis_round)
    errors: dict[str, str] = {}
    if place not in StrategyPlacement.Place.values:
        errors["place"] = _("Unknown place %(place)s.") % {"place": place}
    elif place in (StrategyPlacement.Place.TEAM, StrategyPlacement.Place.STEERING_MEETING) and team is None:
        errors["team"] = _("Name the team (or the team whose steering meeting) the stakeholder joins.")
    if not reason.strip():
        errors["reason"] = _("Give the reason, from the six criteria of phase 4.")
    if StrategyPlacement.objects.filter(round=analysis_round, organisation=organisation).exists():
        errors["organisation"] = _("%(organisation)s already has a place in this round.") % {
            "organisation": organisation
        }
    if errors:
        raise ValidationError(errors)
    return StrategyPlacement.objects.create(
        round=analysis_round,
        organisation=organisation,
        place=place,
        team=team,
        reason=reason.strip(),
        decided_by=actor,
    )


@transaction.atomic
def round_complete(*, analysis_round: AnalysisRound, expected_version: int, actor: User) -> AnalysisRound:
    """Complete a round once its five phases are done, keeping a snapshot of how every organisation stood:
    the next round is compared with it."""
    require(actor, "stakeholders.manage_cycle")
    _require_open(analysis_round)
    statuses = dict(analysis_round.phases.values_list("phase", "status"))
    open_phases = [p for p in cycle.PHASES if statuses.get(p) != RoundPhase.Status.DONE]
    if open_phases:
        raise ValidationError(
            _("Phase %(phases)s is not done yet.") % {"phases": ", ".join(str(p) for p in open_phases)}
        )
    RoundSnapshotEntry.objects.bulk_create(
        RoundSnapshotEntry(
            round=analysis_round,
            organisation_id=cast(int, standing.key),  # live standings are keyed by the organisation's id
            organisation_name=standing.name,
            frontrunner_class=standing.frontrunner_class,
            sector=standing.sector,
            relevance_role=standing.relevance_role,
            circular=standing.circular,
            innovative=standing.innovative,
            in_collaboration=standing.in_collaboration,
            current_engagement=standing.current_engagement,
            desired_engagement=standing.desired_engagement,
        )
        for standing in cycle_selectors.live_standings()
    )
    analysis_round.status = AnalysisRound.Status.COMPLETED
    analysis_round.completed_at, analysis_round.completed_by = timezone.now(), actor
    update_versioned(
        analysis_round, expected_version=expected_version, fields=["status", "completed_at", "completed_by"]
    )
    return analysis_round
