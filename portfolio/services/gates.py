"""The Leidraad phase gates (Bijlage 6): the sponsor confirms criteria, the project lead adds artefacts and
proposes a move, the team's steering meeting decides, and a decision is applied only when the gate holds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from programme.models import Decision, SteeringMeeting
from programme.services import decision_record
from regiekamer.concurrency import update_versioned
from regiekamer.links import validate_link

from .. import selectors
from ..models import Artefact, CriterionCheck, PhaseTransition, Project, TransitionProposal
from ..uploads import validate_upload
from ..workflow import MissingItem, leidraad
from .projects import clean_text, lock

STATUS_DECISION_KINDS = {
    "pause": Decision.Kind.PAUSE,
    "stop": Decision.Kind.STOP,
    "reopen": Decision.Kind.REOPEN,
}


class GateNotMet(ValidationError):
    """A transition was refused; `missing` lists what is still missing (criteria, fields, artefacts ...)."""

    def __init__(self, *, project: Project, target: str, missing: list[MissingItem]):
        self.project = project
        self.target = target
        self.missing = missing
        super().__init__(
            _("%(project)s cannot move to %(phase)s yet. Missing: %(items)s")
            % {
                "project": project.number,
                "phase": leidraad().state(target).name,
                "items": "; ".join(selectors.describe_missing(item) for item in missing),
            }
        )


def missing_as_data(missing: Iterable[MissingItem]) -> list[dict[str, str]]:
    """Missing items as plain data (stored on a proposal, answered by the API)."""
    return [
        {"kind": item.kind, "code": item.code, "label": item.label, "detail": item.detail} for item in missing
    ]


# --- checklist ---


@transaction.atomic
def criterion_confirm(
    *,
    actor: User,
    project: Project,
    criterion: str,
    holds: bool = True,
    evidence_file: UploadedFile | None = None,
    evidence_link: str = "",
    note: str = "",
) -> CriterionCheck:
    """The sponsor (team lead) confirms that a criterion of the current phase holds (or withdraws it).

    Each criterion is its own row, written under a row lock: two people confirming at the same time both keep
    their confirmation, and confirming one criterion never touches another."""
    require(actor, "portfolio.confirm_criterion", project)
    current = Project.objects.values_list("phase", flat=True).get(pk=project.pk)
    codes = [c.code for c in leidraad().state(current).criteria]
    if criterion not in codes:
        raise ValidationError(
            {
                "criterion": _("%(criterion)s is not a criterion of the current phase (%(phase)s).")
                % {"criterion": criterion, "phase": leidraad().state(current).name}
            }
        )
    if evidence_file is not None:
        validate_upload(evidence_file, field="evidence_file")
    evidence_link = clean_text(evidence_link)
    _check_link(evidence_link, field="evidence_link")
    defaults: dict[str, Any] = {
        "phase": current,
        "holds": holds,
        "confirmed_by": actor,
        "confirmed_at": timezone.now(),
        "note": clean_text(note),
    }
    if evidence_file is not None:
        defaults["evidence_file"] = evidence_file
    if evidence_link:
        defaults["evidence_link"] = evidence_link
    try:
        with transaction.atomic():
            check, created = CriterionCheck.objects.select_for_update().get_or_create(
                project=project, criterion=criterion, defaults=defaults
            )
    except IntegrityError:  # someone created the row between our SELECT and INSERT: update theirs
        check, created = (
            CriterionCheck.objects.select_for_update().get(project=project, criterion=criterion),
            False,
        )
    if created:
        return check
    for name, value in defaults.items():
        setattr(check, name, value)
    check.save()
    return check


def _check_link(link: str, *, field: str) -> None:
    """A link another person will click: a web address (http, https) or a path in Regiekamer, never a
    javascript:, data: or vbscript: URL (regiekamer.links)."""
    try:
        validate_link(link)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


# --- artefacts ---


@transaction.atomic
def artefact_add(
    *,
    actor: User,
    project: Project,
    type: str,  # noqa: A002
    title: str,
    dated: datetime.date,
    file: UploadedFile | None = None,
    link: str = "",
    parts: Iterable[str] = (),
    signed: bool = False,
) -> Artefact:
    """The project lead adds a Leidraad artefact: a document or a link (at least one)."""
    require(actor, "portfolio.add_artefact", project)
    artefact_type = leidraad().artefact_types.get(type)
    if artefact_type is None:
        raise ValidationError({"type": _("Unknown artefact type %(type)s.") % {"type": type}})
    title = clean_text(title) or artefact_type.name
    link = clean_text(link)
    if file is None and not link:
        raise ValidationError({"file": _("Upload a document or give a link.")})
    _check_link(link, field="link")
    if file is not None:
        validate_upload(file, field="file")
    chosen = list(parts)
    known = [part.code for part in artefact_type.parts]
    unknown = [part for part in chosen if part not in known]
    if unknown:
        raise ValidationError(
            {
                "parts": _("%(type)s has no part(s) %(parts)s.")
                % {"type": artefact_type.name, "parts": ", ".join(unknown)}
            }
        )
    if dated > timezone.localdate():
        raise ValidationError({"dated": _("The date of an artefact cannot lie in the future.")})
    return Artefact.objects.create(
        project=project,
        type=type,
        title=title,
        dated=dated,
        file=file or "",
        link=link,
        parts=[p for p in known if p in chosen],
        signed=signed,
        phase=project.phase,
        added_by=actor,
    )


# --- transitions ---


@transaction.atomic
def transition_propose(*, actor: User, project: Project, target: str, note: str = "") -> TransitionProposal:
    """The project lead proposes a move to the team's steering meeting. A move the Leidraad does not allow
    (a skipped phase) is refused; otherwise the proposal records what is still missing."""
    require(actor, "portfolio.propose_transition", project)
    workflow = leidraad()
    if target not in workflow.state_codes():
        raise ValidationError({"target": _("Unknown phase %(phase)s.") % {"phase": target}})
    missing = selectors.project_missing_items(project, target)
    blocking = [item for item in missing if item.kind in ("transition", "status")]
    if blocking:
        raise GateNotMet(project=project, target=target, missing=blocking)
    TransitionProposal.objects.filter(project=project, status=TransitionProposal.Status.OPEN).update(
        status=TransitionProposal.Status.WITHDRAWN
    )
    return TransitionProposal.objects.create(
        project=project,
        from_phase=project.phase,
        target=target,
        note=clean_text(note),
        missing=missing_as_data(missing),
        proposed_by=actor,
    )


def _check_decision(*, project: Project, decision: Decision, kinds: set[str]) -> None:
    if decision.kind not in kinds:
        raise ValidationError(
            {"decision": _("Decision %(decision)s is not a decision of that kind.") % {"decision": decision}}
        )
    if decision.meeting.team_id != project.team_id:
        raise ValidationError(
            {
                "decision": _(
                    "Decision %(decision)s was taken by the steering meeting of %(other)s; "
                    "only the steering meeting of %(team)s decides on %(project)s."
                )
                % {
                    "decision": decision,
                    "other": decision.meeting.team,
                    "team": project.team,
                    "project": project.number,
                }
            }
        )
    subject_type = decision.subject_content_type
    if (
        decision.subject_object_id != project.pk
        or subject_type is None
        or subject_type.model_class() is not Project
    ):
        raise ValidationError(
            {
                "decision": _("Decision %(decision)s is not about %(project)s.")
                % {"decision": decision, "project": project.number}
            }
        )
    if decision.superseded_by.exists():
        raise ValidationError(
            {"decision": _("Decision %(decision)s has been superseded.") % {"decision": decision}}
        )
    if PhaseTransition.objects.filter(decision=decision).exists():
        raise ValidationError(
            {"decision": _("Decision %(decision)s has already been applied.") % {"decision": decision}}
        )


@transaction.atomic
def transition_apply(*, actor: User, project: Project, decision: Decision | None) -> PhaseTransition:
    """Move the project to the phase a phase_transition decision of its own team's steering meeting approves,
    if the Leidraad gate holds; otherwise refuse and list what is missing."""
    if decision is None:
        raise ValidationError(
            {
                "decision": _(
                    "A transition takes effect only through a decision of the team's steering meeting."
                )
            }
        )
    require(actor, "portfolio.decide", project)
    locked = lock(project)
    _check_decision(project=locked, decision=decision, kinds={Decision.Kind.PHASE_TRANSITION})
    target = (decision.payload or {}).get("target", "")
    if target not in leidraad().state_codes():
        raise ValidationError({"decision": _("The decision does not name the phase to move to.")})
    locked = selectors.project_detail(locked.number)
    missing = selectors.project_missing_items(locked, target)
    if missing:
        raise GateNotMet(project=locked, target=target, missing=missing)
    transition = PhaseTransition.objects.create(
        project=locked,
        kind=PhaseTransition.Kind.PHASE,
        from_phase=locked.phase,
        to_phase=target,
        from_status=locked.status,
        to_status=locked.status,
        decision=decision,
        applied_by=actor,
        reason=decision.reasoning,
    )
    TransitionProposal.objects.filter(
        project=locked, status=TransitionProposal.Status.OPEN, target=target
    ).update(status=TransitionProposal.Status.DECIDED)
    TransitionProposal.objects.filter(project=locked, status=TransitionProposal.Status.OPEN).update(
        status=TransitionProposal.Status.WITHDRAWN
    )
    locked.phase = target
    update_versioned(locked, expected_version=locked.version, fields=["phase"])
    project.phase, project.version = locked.phase, locked.version
    return transition


@transaction.atomic
def status_apply(*, actor: User, project: Project, decision: Decision | None) -> PhaseTransition:
    """Pause, stop (with a reason) or reopen the project by a decision of its team's steering meeting."""
    if decision is None:
        raise ValidationError(
            {"decision": _("Pausing, stopping or reopening takes a decision of the team's steering meeting.")}
        )
    require(actor, "portfolio.decide", project)
    locked = lock(project)
    _check_decision(project=locked, decision=decision, kinds=set(STATUS_DECISION_KINDS.values()))
    action = leidraad().status_action(decision.kind)
    reason = clean_text(decision.reasoning) or clean_text((decision.payload or {}).get("reason", ""))
    missing = leidraad().status_missing_items(
        status=locked.status, action=action.code, has_reason=bool(reason)
    )
    if missing:
        texts = [
            _("Cannot %(action)s a project that is %(status)s.")
            % {"action": action.code, "status": item.label}
            if item.kind == "status"
            else selectors.describe_missing(item)
            for item in missing
        ]
        raise ValidationError({"decision": "; ".join(texts)})
    transition = PhaseTransition.objects.create(
        project=locked,
        kind=action.code,
        from_phase=locked.phase,
        to_phase=locked.phase,
        from_status=locked.status,
        to_status=action.target,
        reason=reason,
        decision=decision,
        applied_by=actor,
    )
    locked.status = action.target
    locked.status_reason = reason
    update_versioned(locked, expected_version=locked.version, fields=["status", "status_reason"])
    project.status, project.status_reason, project.version = (
        locked.status,
        locked.status_reason,
        locked.version,
    )
    return transition


@transaction.atomic
def project_decide(
    *,
    actor: User,
    project: Project,
    meeting: SteeringMeeting,
    action: str,
    text: str = "",
    reasoning: str = "",
    submission_token: str = "",
) -> PhaseTransition:
    """Record the steering meeting's decision (programme.services.decision_record) and apply it,
    in one transaction: a decision the gate refuses is not recorded either. `action` is a target phase or one
    of pause/stop/reopen. The decision text is composed from the project and the action, so it cannot say
    something else than what is applied; `text` is the person's note, added to it. Moving a project back to
    an earlier phase needs its reasoning. The same submit twice (`submission_token`) is recorded and applied
    once."""
    require(actor, "portfolio.decide", project)
    workflow = leidraad()
    payload: dict[str, Any]
    if action in STATUS_DECISION_KINDS:
        kind, payload = STATUS_DECISION_KINDS[action], {"action": action}
        default_text = {
            "pause": _("%(project)s is paused."),
            "stop": _("%(project)s is stopped."),
            "reopen": _("%(project)s is reopened."),
        }[action] % {"project": project.number}
    elif action in workflow.state_codes():
        kind, payload = Decision.Kind.PHASE_TRANSITION, {"target": action, "from": project.phase}
        default_text = _("%(project)s moves to phase %(phase)s.") % {
            "project": project.number,
            "phase": workflow.state(action).name,
        }
    else:
        raise ValidationError({"action": _("Unknown decision %(action)s.") % {"action": action}})
    if (
        kind == Decision.Kind.PHASE_TRANSITION
        and workflow.state_codes().index(action) < workflow.state_codes().index(project.phase)
        and not clean_text(reasoning)
    ):
        raise ValidationError(
            {
                "reasoning": _("Moving %(project)s back to an earlier phase needs its reasoning.")
                % {"project": project.number}
            }
        )
    if meeting.team_id != project.team_id:
        raise ValidationError(
            {
                "meeting": _("Only the steering meeting of %(team)s decides on %(project)s.")
                % {"team": project.team, "project": project.number}
            }
        )
    decision = decision_record(
        meeting=meeting,
        kind=kind,
        text=_compose(default_text, clean_text(text)),
        actor=actor,
        subject=project,
        payload=payload,
        reasoning=clean_text(reasoning),
        submission_token=submission_token,
    )
    if kind == Decision.Kind.PHASE_TRANSITION:
        return transition_apply(actor=actor, project=project, decision=decision)
    return status_apply(actor=actor, project=project, decision=decision)


@transaction.atomic
def project_decide_at_new_meeting(
    *,
    actor: User,
    project: Project,
    action: str,
    text: str = "",
    reasoning: str = "",
    submission_token: str = "",
) -> PhaseTransition:
    """The team's steering meeting decides in a meeting not planned before: the meeting is created for today
    (programme.services.meeting_create: the team's standing members attend) and the decision is recorded and
    applied there (project_decide). One transaction: a decision the gate refuses leaves no meeting behind."""
    from programme.services import meeting_create

    require(actor, "portfolio.decide", project)
    meeting = meeting_create(team=project.team, date=timezone.localdate(), actor=actor)
    return project_decide(
        actor=actor,
        project=project,
        meeting=meeting,
        action=action,
        text=text,
        reasoning=reasoning,
        submission_token=submission_token,
    )


def _compose(decision_text: str, note: str) -> str:
    """The decision text, with the person's note after it (a note that repeats the text adds nothing)."""
    return decision_text if not note or note == decision_text else f"{decision_text} {note}"
