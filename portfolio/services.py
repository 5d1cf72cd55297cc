"""Every write of the portfolio. Permissions and the Leidraad gate rules are checked here, so the pages, the
API, the demo loader and the tests share one set of rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import SbiCode
from catalogue.services import sbi_resolve
from programme.models import Decision, Person, SteeringMeeting, Team
from programme.services import decision_record
from regiekamer.concurrency import update_versioned

from . import selectors
from .models import (
    Artefact,
    CriterionCheck,
    PhaseTransition,
    Project,
    ProjectNumberSequence,
    TransitionProposal,
)
from .uploads import validate_upload
from .workflow import MissingItem, leidraad

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


# --- numbering ---


def _next_number(year: int) -> tuple[int, str]:
    """Hand out the next sequence of `year`. UPDATE ... SET last = last + 1 takes a row lock (PostgreSQL) or
    the database write lock (SQLite, IMMEDIATE transactions), so two creations never get the same number."""
    ProjectNumberSequence.objects.get_or_create(year=year)
    ProjectNumberSequence.objects.filter(year=year).update(last=F("last") + 1)
    sequence = ProjectNumberSequence.objects.values_list("last", flat=True).get(year=year)
    return sequence, f"{year % 100:02d}-{sequence:03d}"


def _reserve_number(year: int, sequence: int) -> str:
    """Use a given number (demo data from the sources, e.g. 20-004) and keep the counter past it."""
    ProjectNumberSequence.objects.get_or_create(year=year)
    ProjectNumberSequence.objects.filter(year=year, last__lt=sequence).update(last=sequence)
    return f"{year % 100:02d}-{sequence:03d}"


def _resolve_sbi(codes: Iterable) -> list[SbiCode]:
    """SbiCode rows for codes or rows; a code that is not SBI 2008 is refused, naming it."""
    resolved = []
    for code in codes:
        if isinstance(code, SbiCode):
            resolved.append(code)
            continue
        try:
            resolved.append(sbi_resolve(code))
        except (ValueError, LookupError) as error:
            raise ValidationError({"sbi_codes": f"{code}: {error}"}) from error
    return resolved


def _clean_text(value: str) -> str:
    return (value or "").strip()


def _validate_dates(start_date, due_date) -> None:
    if start_date and due_date and due_date < start_date:
        raise ValidationError({"due_date": _("The due date lies before the start date.")})


@transaction.atomic
def project_create(
    *,
    actor,
    title: str,
    team: Team,
    lead_user=None,
    lead_person: Person | None = None,
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    result_description: str = "",
    resources: str = "",
    quality_criteria: str = "",
    description: str = "",
    actors: str = "",
    intended_effect: str = "",
    trekker: str = "",
    clusters: Iterable = (),
    sbi_codes: Iterable = (),
    horizons: Iterable = (),
    kia_themes: Iterable = (),
    supraregional_themes: Iterable = (),
    year: int | None = None,
    sequence: int | None = None,
    source_section: str = "",
) -> Project:
    """Start a project in the initiation phase with the next number of the year (or a given one)."""
    if not selectors.user_can_create(actor):
        raise PermissionDenied(_("Only project leads, team leads and the programme office start projects."))
    title = _clean_text(title)
    if not title:
        raise ValidationError({"title": _("A project needs a title.")})
    _validate_dates(start_date, due_date)
    if lead_user is None and lead_person is None and actor.has_role("project_lead"):
        lead_user = actor  # a project lead who starts a project leads it
    year = year or timezone.localdate().year
    if sequence is None:
        sequence, number = _next_number(year)
    else:
        number = _reserve_number(year, sequence)
    try:
        with transaction.atomic():
            project = Project.objects.create(
                number=number,
                year=year,
                sequence=sequence,
                title=title,
                team=team,
                lead_user=lead_user,
                lead_person=lead_person,
                start_date=start_date,
                due_date=due_date,
                result_description=_clean_text(result_description),
                resources=_clean_text(resources),
                quality_criteria=_clean_text(quality_criteria),
                description=_clean_text(description),
                actors=_clean_text(actors),
                intended_effect=_clean_text(intended_effect),
                trekker=trekker,
                phase=leidraad().initial_state,
                status=leidraad().initial_status,
                source_section=source_section,
                created_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"number": _("Project number %(number)s is already taken.") % {"number": number}}
        ) from error
    project.clusters.set(list(clusters))
    project.sbi_codes.set(_resolve_sbi(sbi_codes))
    project.horizons.set(list(horizons))
    project.kia_themes.set(list(kia_themes))
    project.supraregional_themes.set(list(supraregional_themes))
    return project


PROJECT_EDIT_FIELDS = [
    "title",
    "lead_user",
    "lead_person",
    "start_date",
    "due_date",
    "result_description",
    "resources",
    "quality_criteria",
    "description",
    "actors",
    "intended_effect",
]


@transaction.atomic
def project_update(
    *,
    actor,
    project: Project,
    expected_version: int,
    clusters: Iterable | None = None,
    sbi_codes: Iterable | None = None,
    horizons: Iterable | None = None,
    kia_themes: Iterable | None = None,
    supraregional_themes: Iterable | None = None,
    **values,
) -> Project:
    """The project lead (or the programme office) edits the project; a stale version raises EditConflict."""
    if not selectors.user_can_edit(actor, project):
        raise PermissionDenied(_("Only the project lead or the programme office edits this project."))
    unknown = set(values) - set(PROJECT_EDIT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for name, value in values.items():
        setattr(project, name, _clean_text(value) if isinstance(value, str) else value)
    if not project.title:
        raise ValidationError({"title": _("A project needs a title.")})
    _validate_dates(project.start_date, project.due_date)
    update_versioned(project, expected_version=expected_version, fields=list(values))
    if clusters is not None:
        project.clusters.set(list(clusters))
    if sbi_codes is not None:
        project.sbi_codes.set(_resolve_sbi(sbi_codes))
    if horizons is not None:
        project.horizons.set(list(horizons))
    if kia_themes is not None:
        project.kia_themes.set(list(kia_themes))
    if supraregional_themes is not None:
        project.supraregional_themes.set(list(supraregional_themes))
    return project


# --- checklist ---


@transaction.atomic
def criterion_confirm(
    *,
    actor,
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
    if not selectors.user_can_confirm(actor, project):
        raise PermissionDenied(
            _("Only the team lead of %(team)s (the sponsor) confirms criteria.") % {"team": project.team}
        )
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
    evidence_link = _clean_text(evidence_link)
    defaults = {
        "phase": current,
        "holds": holds,
        "confirmed_by": actor,
        "confirmed_at": timezone.now(),
        "note": _clean_text(note),
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


# --- artefacts ---


@transaction.atomic
def artefact_add(
    *,
    actor,
    project: Project,
    type: str,
    title: str,
    dated: datetime.date,  # noqa: A002
    file: UploadedFile | None = None,
    link: str = "",
    parts: Iterable[str] = (),
    signed: bool = False,
) -> Artefact:
    """The project lead adds a Leidraad artefact: a document or a link (at least one)."""
    if not selectors.user_can_edit(actor, project):
        raise PermissionDenied(_("Only the project lead or the programme office adds artefacts."))
    artefact_type = leidraad().artefact_types.get(type)
    if artefact_type is None:
        raise ValidationError({"type": _("Unknown artefact type %(type)s.") % {"type": type}})
    title = _clean_text(title) or artefact_type.name
    link = _clean_text(link)
    if file is None and not link:
        raise ValidationError({"file": _("Upload a document or give a link.")})
    if file is not None:
        validate_upload(file, field="file")
    parts = list(parts)
    known = [part.code for part in artefact_type.parts]
    unknown = [part for part in parts if part not in known]
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
        parts=[p for p in known if p in parts],
        signed=signed,
        phase=project.phase,
        added_by=actor,
    )


# --- transitions ---


def _missing_as_data(missing: list[MissingItem]) -> list[dict]:
    return [
        {"kind": item.kind, "code": item.code, "label": item.label, "detail": item.detail} for item in missing
    ]


@transaction.atomic
def transition_propose(*, actor, project: Project, target: str, note: str = "") -> TransitionProposal:
    """The project lead proposes a move to the team's steering meeting. A move the Leidraad does not allow
    (a skipped phase) is refused; otherwise the proposal records what is still missing."""
    if not selectors.user_can_propose(actor, project):
        raise PermissionDenied(_("Only the project lead proposes a transition."))
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
        note=_clean_text(note),
        missing=_missing_as_data(missing),
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
    if decision.subject_object_id != project.pk or decision.subject_content_type.model_class() is not Project:
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


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def transition_apply(*, actor, project: Project, decision: Decision | None) -> PhaseTransition:
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
    if not selectors.user_can_decide(actor, project):
        raise PermissionDenied(
            _("Only members of the steering meeting of %(team)s decide.") % {"team": project.team}
        )
    locked = _lock(project)
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
def status_apply(*, actor, project: Project, decision: Decision | None) -> PhaseTransition:
    """Pause, stop (with a reason) or reopen the project by a decision of its team's steering meeting."""
    if decision is None:
        raise ValidationError(
            {"decision": _("Pausing, stopping or reopening takes a decision of the team's steering meeting.")}
        )
    if not selectors.user_can_decide(actor, project):
        raise PermissionDenied(
            _("Only members of the steering meeting of %(team)s decide.") % {"team": project.team}
        )
    locked = _lock(project)
    _check_decision(project=locked, decision=decision, kinds=set(STATUS_DECISION_KINDS.values()))
    action = leidraad().status_action(decision.kind)
    reason = _clean_text(decision.reasoning) or _clean_text((decision.payload or {}).get("reason", ""))
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
    *, actor, project: Project, meeting: SteeringMeeting, action: str, text: str = "", reasoning: str = ""
) -> PhaseTransition:
    """Record the steering meeting's decision (programme.services.decision_record) and apply it,
    in one transaction: a decision the gate refuses is not recorded either. `action` is a target phase or one
    of pause/stop/reopen."""
    workflow = leidraad()
    if action in STATUS_DECISION_KINDS:
        kind, payload = STATUS_DECISION_KINDS[action], {"action": action}
        default_text = _("%(project)s: %(action)s") % {"project": project.number, "action": action}
    elif action in workflow.state_codes():
        kind, payload = Decision.Kind.PHASE_TRANSITION, {"target": action, "from": project.phase}
        default_text = _("%(project)s moves to phase %(phase)s.") % {
            "project": project.number,
            "phase": workflow.state(action).name,
        }
    else:
        raise ValidationError({"action": _("Unknown decision %(action)s.") % {"action": action}})
    if not selectors.user_can_decide(actor, project):
        raise PermissionDenied(
            _("Only members of the steering meeting of %(team)s decide.") % {"team": project.team}
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
        text=_clean_text(text) or default_text,
        actor=actor,
        subject=project,
        payload=payload,
        reasoning=_clean_text(reasoning),
    )
    if kind == Decision.Kind.PHASE_TRANSITION:
        return transition_apply(actor=actor, project=project, decision=decision)
    return status_apply(actor=actor, project=project, decision=decision)


# --- impact sheets and progress reports (issue 5) ---


def _resolve_raw_materials(names: Iterable) -> list:
    """RawMaterial rows for symbols, codes or the aliases the sources use ("PGM's", "C(natural)"). The impact
    sheet names critical raw materials (§4.4): a material of the catalogue that is not on the EU list (steel,
    plastics; they are there for bills of materials) is refused like an unknown one."""
    from catalogue.models import RawMaterial

    materials = list(RawMaterial.objects.filter(is_critical=True))
    index: dict[str, RawMaterial] = {}
    for material in materials:
        keys = [material.code, material.symbol, material.name, material.name_nl]
        keys += [alias.strip() for alias in material.aliases.split(",")]
        for key in keys:
            if key:
                index.setdefault(key.lower(), material)
    resolved, unknown = [], []
    for name in names:
        if not isinstance(name, str):
            resolved.append(name)
            continue
        material = index.get(name.strip().lower())
        (resolved if material else unknown).append(material or name)
    if unknown:
        raise ValidationError(
            {
                "raw_materials": _("Not a critical raw material of the catalogue: %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    return resolved


IMPACT_FIELDS = [
    "goals",
    "results",
    "milestones",
    "activities",
    "cluster",
    "modules",
    "size_figures",
    "co2_r0_r2",
    "co2_r3_r7",
    "co2_r8_r9",
    "effect_contributions",
    "supply_risk_change",
    "added_value_meur",
    "added_value_base_year",
    "innovation_functions",
    "performance",
    "stakeholders",
    "target_groups",
    "change_agents",
]


@transaction.atomic
def impact_sheet_save(
    *,
    actor,
    project: Project,
    status_date: datetime.date,
    sbi_codes: Iterable = (),
    raw_materials: Iterable = (),
    based_on_version: int | None = None,
    **values,
):
    """Save a new version of the project's impact sheet (earlier versions are kept). Lead or office.
    `based_on_version` is the version the editor started from (0: none yet); when another version was saved
    meanwhile, EditConflict refuses the save instead of silently replacing that version."""
    from regiekamer.concurrency import EditConflict

    from .models import ImpactSheet

    if not selectors.user_can_edit(actor, project):
        raise PermissionDenied(_("Only the project lead or the programme office edits the impact sheet."))
    unknown = set(values) - set(IMPACT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    _lock(project)  # version numbers per project are handed out one at a time
    last = ImpactSheet.objects.filter(project=project).order_by("-version_number").first()
    current = last.version_number if last else 0
    if based_on_version is not None and based_on_version != current:
        raise EditConflict(last, expected_version=based_on_version, current_version=current)
    sheet = ImpactSheet.objects.create(
        project=project,
        status_date=status_date,
        created_by=actor,
        version_number=(last.version_number + 1) if last else 1,
        **values,
    )
    sheet.sbi_codes.set(_resolve_sbi(sbi_codes))
    sheet.raw_materials.set(_resolve_raw_materials(raw_materials))
    impact_sheet_link_actors(sheet)
    return sheet


ACTOR_FIELDS = ("stakeholders", "target_groups", "change_agents")


def impact_sheet_link_actors(sheet) -> list[int]:
    """Link the sheet to the organisations of the stakeholder register its actor texts name (an item equal to
    an organisation's name, ignoring case; see portfolio.actors). Every save of a sheet calls this, so each
    new version recomputes its links; run it again when the register has grown. Writes only on change (the
    history records it). Returns the linked pks."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from stakeholders.models import Organisation

    from . import actors

    texts = [getattr(sheet, field) for field in ACTOR_FIELDS]
    items = {actors.normalise(item) for text in texts for item in actors.actor_items(text)}
    candidates = (
        Organisation.objects.filter(reduce(or_, (Q(name__iexact=item) for item in items))).order_by("pk")
        if items
        else Organisation.objects.none()
    )
    pks = actors.matched_organisations(texts, actors.name_index(candidates.values_list("pk", "name")))
    if set(pks) != set(sheet.actor_organisations.values_list("pk", flat=True)):
        sheet.actor_organisations.set(pks)
    return pks


def impact_sheets_relink(*, names: Iterable[str] = (), organisation_ids: Iterable[int] = ()) -> int:
    """The register changed (organisations created, renamed or imported): re-link only the current impact
    sheets whose actor texts name one of `names`, or that are linked to one of `organisation_ids` today (a
    rename may drop a link). One read of the current sheets' actor texts; the others are left alone.
    Returns how many sheets were re-linked."""
    from . import actors
    from .models import ImpactSheet as ImpactSheetModel

    keys = {actors.normalise(name) for name in names if name}
    ids = set(organisation_ids)
    linked = set(
        ImpactSheetModel.actor_organisations.through.objects.filter(organisation_id__in=ids).values_list(
            "impactsheet_id", flat=True
        )
        if ids
        else ()
    )
    relinked = 0
    for sheet in selectors.current_impact_sheets().only("pk", *ACTOR_FIELDS):
        items = {
            actors.normalise(item)
            for field in ACTOR_FIELDS
            for item in actors.actor_items(getattr(sheet, field))
        }
        if sheet.pk in linked or items & keys:
            impact_sheet_link_actors(sheet)
            relinked += 1
    return relinked


def impact_sheets_link_actors() -> int:
    """Re-link the current impact sheet of every project to the register (the demo's link step, after the
    demo register was loaded). Returns how many sheets are linked to at least one organisation."""
    linked = 0
    for sheet in selectors.current_impact_sheets():
        linked += bool(impact_sheet_link_actors(sheet))
    return linked


@transaction.atomic
def project_collaboration_join(
    *,
    project: Project,
    organisation,
    role: str = "",
    reason: str = "",
    actor,
    granted_by=None,
):
    """The organisation takes part in the project (stakeholders categorisation 5): a member of the register's
    collaboration named after the project, which the project links to. This use case's rule
    (portfolio.join_collaboration) applies, unless a use case that owns the call (the intake hand-over)
    passes its permit."""
    from accounts.authorization import require
    from stakeholders import services as stakeholder_services
    from stakeholders.models import Collaboration

    permit = require(actor, "portfolio.join_collaboration", granted_by=granted_by)
    member = stakeholder_services.collaboration_join(
        organisation=organisation,
        name=str(project),
        kind=Collaboration.Kind.PROJECT,
        role=role,
        reason=reason,
        actor=actor,
        granted_by=permit,
    )
    project.collaborations.add(member.collaboration)
    return member


def _as_month(value) -> datetime.date | None:
    """A milestone month as the first day of its month; ISO text ('2021-02' or '2021-02-15') or a date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value).strip()
    return datetime.date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)


def _as_amount(value):
    """A money amount as Decimal, or None when empty; ValueError when not a number."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(value) from error
    if not amount.is_finite():
        raise ValueError(value)
    return amount


def _report_rows(rows, *, field: str, label: str, errors: dict) -> list[dict]:
    """Risk or issue rows {text, owner, status}: a row needs its text; rows without any value are left out."""
    cleaned = []
    for index, row in enumerate(rows or []):
        values = {key: _clean_text(str(row.get(key) or "")) for key in ("text", "owner", "status")}
        if not any(values.values()):
            continue
        if not values["text"]:
            errors.setdefault(field, []).append(
                ValidationError(
                    _("%(kind)s, line %(line)s: describe it; an owner or status alone is not enough."),
                    code="row",
                    params={"kind": label, "line": index + 1, "row": index, "column": "text"},
                )
            )
            continue
        values["status"] = values["status"] or "open"
        cleaned.append(values)
    return cleaned


def _report_funding(funding, errors: dict) -> list[dict]:
    """Grant lines {funder, amount}: both needed, amount ≥ 0, a funder once (ignoring case)."""
    cleaned, seen = [], {}
    for index, line in enumerate(funding or []):
        funder = _clean_text(str(line.get("funder") or ""))
        problem, column, amount = None, "funder", None
        try:
            amount = _as_amount(line.get("amount"))
        except ValueError:
            problem, column = _("the amount is not a number"), "amount"
        if problem is None and not funder:
            problem = _("every grant line names its funder")
        elif problem is None and amount is None:
            problem, column = _("the amount granted by %(funder)s is missing") % {"funder": funder}, "amount"
        elif problem is None and amount < 0:
            problem, column = _("an amount cannot be negative"), "amount"
        elif problem is None and funder.casefold() in seen:
            problem = _("%(funder)s is already on line %(other)s; one line per funder") % {
                "funder": funder,
                "other": seen[funder.casefold()] + 1,
            }
        if problem:
            errors.setdefault("funding", []).append(
                ValidationError(
                    _("Grant line %(line)s: %(problem)s."),
                    code="row",
                    params={"line": index + 1, "problem": problem, "row": index, "column": column},
                )
            )
            continue
        seen[funder.casefold()] = index
        cleaned.append({"funder": funder, "amount": str(amount)})
    return cleaned


def _report_milestones(milestones, start, end, errors: dict) -> dict:
    """{code: {planned, actual}} as ISO dates of the first of the month, each inside the timeline (a month
    outside it would not show on the Gantt row)."""
    from .reporting import MILESTONES

    labels = dict(MILESTONES)
    unknown = sorted(set(milestones or {}) - set(labels))
    if unknown:
        errors.setdefault("milestones", []).append(
            ValidationError(_("Unknown milestone(s): %(codes)s") % {"codes": ", ".join(unknown)})
        )
        return {}
    cleaned = {}
    for code, entry in (milestones or {}).items():
        months = {}
        for kind, kind_label in (("planned", _("planned")), ("actual", _("actual"))):
            params = {"milestone": labels[code], "kind": kind_label, "code": code, "column": kind}
            try:
                month = _as_month((entry or {}).get(kind))
            except ValueError:
                errors.setdefault("milestones", []).append(
                    ValidationError(_("%(milestone)s, %(kind)s: not a month."), code="month", params=params)
                )
                continue
            if month is None:
                continue
            if start and end and start <= end and not start.replace(day=1) <= month <= end.replace(day=1):
                params.update(
                    month=month.strftime("%m-%Y"), start=start.strftime("%m-%Y"), end=end.strftime("%m-%Y")
                )
                errors.setdefault("milestones", []).append(
                    ValidationError(
                        _(
                            "%(milestone)s, %(kind)s: %(month)s lies outside the timeline "
                            "(%(start)s to %(end)s)."
                        ),
                        code="month",
                        params=params,
                    )
                )
                continue
            months[kind] = month.isoformat()
        if months:
            cleaned[code] = months
    return cleaned


@transaction.atomic
def progress_report_create(
    *,
    actor,
    project: Project,
    report_date: datetime.date,
    finance_date: datetime.date,
    budget_needed,
    spent,
    funding: list[dict],
    timeline_start: datetime.date,
    timeline_end: datetime.date,
    milestones: dict | None = None,
    percent_ready: int = 0,
    done: list | None = None,
    completed: list | None = None,
    risks: list | None = None,
    issues: list | None = None,
    dependencies: Iterable[Project] = (),
    other_dependencies: list | None = None,
):
    """Add a periodic progress report; earlier reports are kept, never overwritten. The current phase is taken
    from the phase gates. Every problem is collected and refused at once, keyed by the argument it concerns;
    a problem on a line (grant, risk, issue) or a milestone carries `row`/`code` and `column` in its
    params, so a form can put it next to the input."""
    from .models import ProgressReport

    if not selectors.user_can_edit(actor, project):
        raise PermissionDenied(_("Only the project lead or the programme office writes progress reports."))
    errors: dict[str, list] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    if percent_ready is None or not 0 <= percent_ready <= 100:
        refuse("percent_ready", _("The % ready lies between 0 and 100."))
    if timeline_start and timeline_end and timeline_end < timeline_start:
        refuse("timeline_end", _("The timeline ends before it starts."))
    amounts = {}
    for field, value in (("budget_needed", budget_needed), ("spent", spent)):
        try:
            amounts[field] = _as_amount(value)
        except ValueError:
            refuse(field, _("Not a number."))
            continue
        if amounts[field] is None:
            refuse(field, _("Fill in an amount (0 if none)."))
        elif amounts[field] < 0:
            refuse(field, _("An amount cannot be negative."))
    funding = _report_funding(funding, errors)
    milestones = _report_milestones(milestones, timeline_start, timeline_end, errors)
    risks = _report_rows(risks, field="risks", label=_("Risks"), errors=errors)
    issues = _report_rows(issues, field="issues", label=_("Issues"), errors=errors)
    dependencies = list(dependencies)
    if any(other.pk == project.pk for other in dependencies):
        refuse("dependencies", _("A project does not depend on itself."))
    if errors:
        raise ValidationError(errors)

    def lines(values) -> list[str]:
        return [text for text in (_clean_text(str(value)) for value in values or []) if text]

    report = ProgressReport.objects.create(
        project=project,
        report_date=report_date,
        finance_date=finance_date,
        budget_needed=amounts["budget_needed"],
        spent=amounts["spent"],
        funding=funding,
        timeline_start=timeline_start,
        timeline_end=timeline_end,
        milestones=milestones,
        percent_ready=percent_ready,
        done=lines(done),
        completed=lines(completed),
        risks=risks,
        issues=issues,
        other_dependencies=lines(other_dependencies),
        phase_at_report=Project.objects.values_list("phase", flat=True).get(pk=project.pk),
        created_by=actor,
    )
    report.dependencies.set(dependencies)
    return report


def _unresolved(content: bytes, key: str, values, resolve, message) -> list:
    """A problem (with its cell) for every value of an uploaded sheet's `key` rows that `resolve` refuses."""
    from . import impact_xlsx

    problems = []
    for value in values:
        try:
            with transaction.atomic():  # resolving may write (an SBI code missing from the catalogue)
                resolve([value])
        except ValidationError:
            problems.append(impact_xlsx.Problem(impact_xlsx.cell_of(content, key, value), message(value)))
    return problems


class ImportRejected(ValidationError):
    """An uploaded impact sheet was refused whole; `problems` name sheet, cell and reason."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


def impact_sheet_data(sheet) -> dict:
    """A saved sheet in the form impact_sheet_save takes (codes for cluster, SBI and materials)."""
    data = {field: getattr(sheet, field) for field in IMPACT_FIELDS if field != "cluster"}
    data["status_date"] = sheet.status_date
    data["cluster"] = sheet.cluster.code if sheet.cluster else ""
    data["sbi_codes"] = [s.display_code for s in sheet.sbi_codes.order_by("code")]
    data["raw_materials"] = [m.symbol or m.code for m in sheet.raw_materials.order_by("code")]
    return data


@transaction.atomic
def impact_sheet_import(*, actor, project: Project, content: bytes):
    """Read a filled template and save it as the next version; any problem refuses the whole file."""
    from catalogue.models import ProductCluster

    from . import impact_xlsx

    if not selectors.user_can_edit(actor, project):
        raise PermissionDenied(_("Only the project lead or the programme office edits the impact sheet."))
    data, number, problems = impact_xlsx.parse(content)
    if problems:
        raise ImportRejected(problems)
    if number != project.number:
        raise ImportRejected(
            [
                impact_xlsx.Problem(
                    "C2",
                    _("the sheet is for project %(sheet)s, not %(project)s")
                    % {"sheet": number, "project": project.number},
                )
            ]
        )
    cluster_code = data.pop("cluster")
    data["cluster"] = None
    if cluster_code:
        data["cluster"] = (
            ProductCluster.objects.filter(code=cluster_code).first()
            or ProductCluster.objects.filter(name__iexact=cluster_code).first()
        )
        if data["cluster"] is None:
            problems.append(
                impact_xlsx.Problem(
                    impact_xlsx.cell_of(content, "cluster", cluster_code),
                    _("unknown product cluster '%(code)s'") % {"code": cluster_code},
                )
            )
    problems += _unresolved(
        content,
        "sbi",
        data["sbi_codes"],
        _resolve_sbi,
        lambda code: _("unknown SBI code '%(code)s'") % {"code": code},
    )
    problems += _unresolved(
        content,
        "material",
        data["raw_materials"],
        _resolve_raw_materials,
        lambda name: _("'%(name)s' is not a critical raw material of the catalogue") % {"name": name},
    )
    if problems:
        raise ImportRejected(problems)
    return impact_sheet_save(actor=actor, project=project, **data)
