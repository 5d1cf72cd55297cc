"""Every write of the stakeholder analysis: register, categorisation trail, engagement. Imports:
importer.py."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import PROGRAMME_ROLES, Role
from regiekamer.concurrency import update_versioned

from . import classify, importer
from .models import (
    CategorisationDecision,
    Collaboration,
    CollaborationMember,
    CommunicationPlanEntry,
    CoverageCheck,
    FrontrunnerChoice,
    FuzzyMatch,
    ImportBatch,
    Innovation,
    IssueAnalysis,
    Organisation,
    OrganisationSource,
    PeopleExportLog,
    Person,
    RelevanceRole,
    RiskEntry,
    SectorChoice,
    Source,
    TeamRelevance,
)
from .signals import announce_register_changed

EDITOR_ROLES = frozenset({Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD})


def sources_ensure() -> None:
    """The seven sources of Bijlage 4 exist (idempotent; the data migration creates them too, but a test
    database flushed by a browser test loses migration data)."""
    from regiekamer.models import upsert

    from .reference import MANUAL_SECTION, SECTION, SOURCES

    for code, name, order in SOURCES:
        section = MANUAL_SECTION if code == "handmatig" else SECTION
        defaults = {"name": name, "order": order, "source_section": section}
        upsert(Source, lookup={"code": code}, defaults=defaults)


def can_edit(user) -> bool:
    """Who maintains the register and categorises: programme office, Regieteam, team leads."""
    return bool(user and user.is_authenticated and user.roles & EDITOR_ROLES)


def can_see_people(user) -> bool:
    """Personal data: only programme roles see person records."""
    return bool(user and user.is_authenticated and user.roles & PROGRAMME_ROLES)


def _require_editor(actor) -> None:
    if actor is not None and not can_edit(actor):
        raise PermissionDenied(
            _("Only the programme office, the Regieteam and team leads change the register.")
        )


def _record(
    *,
    organisation: Organisation,
    step: int,
    outcome: str,
    reason: str,
    actor,
    innovation: Innovation | None = None,
) -> CategorisationDecision:
    return CategorisationDecision.objects.create(
        organisation=organisation,
        innovation=innovation,
        step=step,
        outcome=outcome[:300],
        reason=reason,
        decided_by=actor,
    )


@transaction.atomic
def organisation_create(
    *, name: str, actor, source: Source | None = None, granted_by=None, **fields
) -> Organisation:
    if granted_by is None:
        _require_editor(actor)
    sbi_codes = fields.pop("sbi_codes", None)
    organisation = Organisation(name=name, **fields)
    organisation.full_clean()
    organisation.save()
    if sbi_codes is not None:
        organisation.sbi_codes.set(sbi_codes)
    source = source or Source.objects.get(code="handmatig")
    OrganisationSource.objects.get_or_create(organisation=organisation, source=source)
    announce_register_changed(names=[organisation.name], organisation_ids=[organisation.pk])
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, expected_version: int, actor, **fields
) -> Organisation:
    _require_editor(actor)
    sbi_codes = fields.pop("sbi_codes", None)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean(exclude=["kvk_number"] if "kvk_number" not in fields else None)
    update_versioned(organisation, expected_version=expected_version, fields=list(fields))
    if sbi_codes is not None:
        organisation.sbi_codes.set(sbi_codes)
    if "name" in fields:
        announce_register_changed(names=[organisation.name], organisation_ids=[organisation.pk])
    return organisation


def sector_propose(*, organisation: Organisation) -> str | None:
    """Categorisation 1 proposal from the SBI codes and the innovations' 'in manufacturing' judgement."""
    flags = [code.in_manufacturing_scope for code in organisation.sbi_codes.all()]
    judgements = [
        i.in_manufacturing for i in organisation.innovations.all() if i.in_manufacturing is not None
    ]
    innovation = True if any(judgements) else (False if judgements else None)
    proposal = classify.sector_proposal(sbi_in_scope=flags, innovation_in_manufacturing=innovation)
    return proposal.value if proposal else None


@transaction.atomic
def sector_confirm(
    *, organisation: Organisation, sector: str, reason: str, actor, expected_version: int
) -> Organisation:
    """Categorisation 1: record the sector (a proposal confirmed, or a different choice with its reason)."""
    _require_editor(actor)
    sector = SectorChoice(sector)
    proposal = sector_propose(organisation=organisation)
    if proposal and proposal != sector and not reason.strip():
        raise ValidationError(
            {"reason": _("The choice differs from the proposal from the SBI codes; say why.")}
        )
    organisation.sector, organisation.sector_confirmed = sector, True
    update_versioned(organisation, expected_version=expected_version, fields=["sector", "sector_confirmed"])
    note = reason or _("Proposal from the SBI codes confirmed.")
    _record(organisation=organisation, step=1, outcome=str(sector.label), reason=note, actor=actor)
    frontrunner_recompute(organisation=organisation, actor=actor)
    return organisation


INNOVATION_FIELDS_CIRCULARITY = (
    "circular_aims",
    "material_saving_kg",
    "waste_reduction_kg",
    "adverse_side_effects",
    "is_waste_processing",
    "lansink_step",
    "energy_investment_only",
    "in_manufacturing",
    "transition_agenda",
)
INNOVATION_FIELDS_INNOVATION = (
    "reference_technique",
    "beyond_common_practice",
    "beyond_legal_duty",
    "circular_design",
    "as_a_service",
    "innovation_subsidy",
    "other_dutch_adopters",
)


@transaction.atomic
def innovation_create(*, organisation: Organisation, title: str, actor, description: str = "") -> Innovation:
    _require_editor(actor)
    innovation = Innovation.objects.create(organisation=organisation, title=title, description=description)
    return innovation


@transaction.atomic
def innovation_categorise(
    *,
    innovation: Innovation,
    expected_version: int,
    actor,
    reason: str,
    values: dict,
    critical_raw_materials=None,
    value_retention_forms=None,
) -> Innovation:
    """Categorisations 2 (circularity) and 3 (innovation) of one innovation; records both steps and
    recomputes categorisation 6 for the organisation."""
    _require_editor(actor)
    unknown = set(values) - set(INNOVATION_FIELDS_CIRCULARITY) - set(INNOVATION_FIELDS_INNOVATION)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    aims = values.get("circular_aims", innovation.circular_aims)
    bad = set(aims) - set(Innovation.CircularAim.values)
    if bad:
        raise ValidationError({"circular_aims": _("Unknown circular aim: %(aim)s") % {"aim": ", ".join(bad)}})
    for name, value in values.items():
        setattr(innovation, name, value)
    innovation.full_clean()
    update_versioned(innovation, expected_version=expected_version, fields=list(values))
    if critical_raw_materials is not None:
        innovation.critical_raw_materials.set(critical_raw_materials)
    if value_retention_forms is not None:
        innovation.value_retention_forms.set(value_retention_forms)
    organisation = innovation.organisation
    circ = [str(Innovation.CircularAim(a).label) for a in innovation.circular_aims] or [_("no circular aim")]
    _record(
        organisation=organisation,
        innovation=innovation,
        step=2,
        outcome="; ".join(circ),
        reason=reason,
        actor=actor,
    )
    innovative = bool(innovation.beyond_common_practice and innovation.beyond_legal_duty)
    outcome = _("innovative (beyond common practice and legal duty)") if innovative else _("not innovative")
    _record(
        organisation=organisation, innovation=innovation, step=3, outcome=outcome, reason=reason, actor=actor
    )
    frontrunner_recompute(organisation=organisation, actor=actor)
    return innovation


REASON_TEXT = {
    classify.Reason.NOT_A_COMPANY: gettext_noop("Only companies are classified."),
    classify.Reason.SECTOR_UNKNOWN: gettext_noop("The sector (categorisation 1) has not been decided yet."),
    classify.Reason.OTHER_AGENDA: gettext_noop(
        "The stakeholder and the innovation fall under another transition agenda."
    ),
    classify.Reason.NOT_CIRCULAR: gettext_noop("The investment has no circular elements."),
    classify.Reason.LOW_GRADE: gettext_noop(
        "Low-grade application: waste used as fuel, or mainly an energy investment."
    ),
    classify.Reason.NOT_INNOVATIVE: gettext_noop(
        "The environmental investment is common practice in the branch."
    ),
    classify.Reason.NOT_BEYOND_LEGAL: gettext_noop(
        "The investment does not go beyond what is legally required."
    ),
    classify.Reason.SUBSIDY: gettext_noop("Received an innovation subsidy (%(subsidy)s)."),
    classify.Reason.FEW_ADOPTERS: gettext_noop(
        "In scope, circular and innovative; %(adopters)s other Dutch companies "
        "apply the innovation (at most 2)."
    ),
    classify.Reason.MANY_ADOPTERS: gettext_noop(
        "In scope, circular and innovative, but %(adopters)s other Dutch companies "
        "already apply the innovation (not among the first three)."
    ),
    classify.Reason.ADOPTERS_UNKNOWN: gettext_noop(
        "In scope, circular and innovative; how many other Dutch companies apply "
        "the innovation is not known yet."
    ),
}


def reason_text(reason: classify.Reason, **params) -> str:
    text = _(REASON_TEXT[reason])
    return text % params if params else text


def _frontrunner_input(
    organisation: Organisation, innovation: Innovation | None
) -> classify.FrontrunnerInput:
    sector = classify.Sector(organisation.sector) if organisation.sector else None
    if innovation is None:
        return classify.FrontrunnerInput(
            is_company=organisation.org_type == "company",
            sector=sector,
            circular=False,
            low_grade=False,
            beyond_common_practice=None,
            beyond_legal_duty=None,
            innovation_subsidy=False,
            other_dutch_adopters=None,
        )
    return classify.FrontrunnerInput(
        is_company=organisation.org_type == "company",
        sector=sector,
        circular=innovation.is_circular,
        low_grade=innovation.is_low_grade,
        beyond_common_practice=innovation.beyond_common_practice,
        beyond_legal_duty=innovation.beyond_legal_duty,
        innovation_subsidy=bool(innovation.innovation_subsidy),
        other_dutch_adopters=innovation.other_dutch_adopters,
    )


def frontrunner_evaluate(
    *, organisation: Organisation
) -> tuple[classify.FrontrunnerResult, Innovation | None]:
    """Categorisation 6 for an organisation: the best outcome over its innovations, and that innovation."""
    innovations = list(organisation.innovations.select_related("lansink_step"))
    if not innovations:
        return classify.frontrunner_classify(_frontrunner_input(organisation, None)), None
    pairs = [(classify.frontrunner_classify(_frontrunner_input(organisation, i)), i) for i in innovations]
    best = classify.frontrunner_best(r for r, _i in pairs)
    return best, next(i for r, i in pairs if r is best)


def _describe(result: classify.FrontrunnerResult, innovation: Innovation | None) -> str:
    params = {}
    if result.reason == classify.Reason.SUBSIDY:
        params = {"subsidy": innovation.innovation_subsidy}
    elif result.reason in (classify.Reason.FEW_ADOPTERS, classify.Reason.MANY_ADOPTERS):
        params = {"adopters": innovation.other_dutch_adopters}
    text = reason_text(result.reason, **params)
    if innovation is not None and result.reason != classify.Reason.NOT_A_COMPANY:
        text = f"{innovation.title}: {text}"
    return text


@transaction.atomic
def frontrunner_recompute(*, organisation: Organisation, actor=None) -> Organisation:
    """Apply categorisation 6 unless a person set the class by hand; records a decision when it changes."""
    organisation.refresh_from_db()
    if organisation.frontrunner_overridden:
        return organisation
    result, innovation = frontrunner_evaluate(organisation=organisation)
    category = result.category.value if result.category else ""
    reason = _describe(result, innovation)
    if (category, reason) == (organisation.frontrunner_class, organisation.frontrunner_reason):
        return organisation
    organisation.frontrunner_class, organisation.frontrunner_reason = category, reason
    update_versioned(
        organisation,
        expected_version=organisation.version,
        fields=["frontrunner_class", "frontrunner_reason"],
    )
    label = str(FrontrunnerChoice(category).label) if category else _("not classified")
    _record(
        organisation=organisation,
        step=6,
        outcome=label,
        reason=_("Computed: %(reason)s") % {"reason": reason},
        actor=actor,
    )
    return organisation


@transaction.atomic
def frontrunner_override(
    *, organisation: Organisation, category: str, reason: str, actor, expected_version: int
) -> Organisation:
    """Set categorisation 6 by hand; the reason is required. An empty category returns to the computed
    class."""
    _require_editor(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for setting the class by hand.")})
    if category:
        label = str(FrontrunnerChoice(category).label)
        organisation.frontrunner_class, organisation.frontrunner_reason = category, reason
        organisation.frontrunner_overridden = True
        update_versioned(
            organisation,
            expected_version=expected_version,
            fields=["frontrunner_class", "frontrunner_reason", "frontrunner_overridden"],
        )
        _record(
            organisation=organisation,
            step=6,
            outcome=_("%(label)s (set by hand)") % {"label": label},
            reason=reason,
            actor=actor,
        )
        return organisation
    organisation.frontrunner_overridden = False
    update_versioned(organisation, expected_version=expected_version, fields=["frontrunner_overridden"])
    _record(
        organisation=organisation, step=6, outcome=_("back to the computed class"), reason=reason, actor=actor
    )
    return frontrunner_recompute(organisation=organisation, actor=actor)


@transaction.atomic
def relevance_set(
    *, organisation: Organisation, role: str, reason: str, actor, expected_version: int
) -> Organisation:
    """Categorisation 4: gebruikers / uitvoerders / leveranciers / beslissers."""
    _require_editor(actor)
    role_choice = RelevanceRole(role)
    organisation.relevance_role = role_choice
    update_versioned(organisation, expected_version=expected_version, fields=["relevance_role"])
    _record(organisation=organisation, step=4, outcome=str(role_choice.label), reason=reason, actor=actor)
    return organisation


@transaction.atomic
def collaboration_join(
    *,
    organisation: Organisation,
    name: str,
    kind: str = Collaboration.Kind.PROJECT,
    role: str = "",
    reason: str = "",
    actor,
    granted_by=None,
) -> CollaborationMember:
    """Categorisation 5: the organisation takes part in a project or chain, named in free text (created when
    new). A portfolio project links itself to its collaboration
    (portfolio.services.project_collaboration_join)."""
    if granted_by is None:
        _require_editor(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the project or chain.")})
    collaboration, _created = Collaboration.objects.get_or_create(name=name, defaults={"kind": kind})
    member, _created = CollaborationMember.objects.update_or_create(
        collaboration=collaboration, organisation=organisation, defaults={"role": role}
    )
    _record(organisation=organisation, step=5, outcome=name, reason=reason or role, actor=actor)
    return member


@transaction.atomic
def team_relevance_set(
    *,
    organisation: Organisation,
    team=None,
    pillar=None,
    horizon=None,
    projects_only: bool = False,
    note: str = "",
    actor,
) -> TeamRelevance:
    """Relevance per team (and its pillar) and per decision horizon, or 'only for projects'."""
    _require_editor(actor)
    if team is None and pillar is None and horizon is None and not projects_only:
        raise ValidationError(_("Choose a team, a pillar, a horizon, or 'only for projects'."))
    if team is not None and pillar is None:
        pillar = team.pillar
    relevance, _created = TeamRelevance.objects.update_or_create(
        organisation=organisation,
        team=team,
        pillar=pillar,
        horizon=horizon,
        defaults={"projects_only": projects_only, "note": note},
    )
    return relevance


@transaction.atomic
def person_create(*, organisation: Organisation, name: str, actor, **fields) -> Person:
    _require_editor(actor)
    person = Person(organisation=organisation, name=name, **fields)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def issue_analysis_save(
    *,
    organisation: Organisation,
    actor,
    analysis: IssueAnalysis | None = None,
    expected_version: int | None = None,
    **fields,
) -> IssueAnalysis:
    """Fase 2/3: create or edit an issue analysis (influence and interest place it in the Mendelow matrix)."""
    _require_editor(actor)
    if analysis is None:
        analysis = IssueAnalysis(organisation=organisation, **fields)
        analysis.full_clean()
        analysis.save()
        return analysis
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.full_clean()
    update_versioned(analysis, expected_version=expected_version, fields=list(fields))
    return analysis


@transaction.atomic
def mendelow_place(
    *, analysis: IssueAnalysis, influence: str, interest: str, actor, expected_version: int
) -> IssueAnalysis:
    """Move a stakeholder in the Mendelow matrix."""
    return issue_analysis_save(
        organisation=analysis.organisation,
        analysis=analysis,
        actor=actor,
        expected_version=expected_version,
        influence=influence,
        interest=interest,
    )


@transaction.atomic
def communication_entry_create(
    *, analysis: IssueAnalysis, communicator: str, channel: str, frequency: str, purpose: str = "", actor
) -> CommunicationPlanEntry:
    _require_editor(actor)
    entry = CommunicationPlanEntry(
        analysis=analysis, communicator=communicator, channel=channel, frequency=frequency, purpose=purpose
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def risk_save(
    *,
    organisation: Organisation,
    actor,
    risk: RiskEntry | None = None,
    expected_version: int | None = None,
    **fields,
) -> RiskEntry:
    """The stakeholder risk register: current vs desired engagement, priority, actions, action holder."""
    _require_editor(actor)
    if risk is None:
        risk = RiskEntry(organisation=organisation, **fields)
        risk.full_clean()
        risk.save()
        return risk
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.full_clean()
    update_versioned(risk, expected_version=expected_version, fields=list(fields))
    return risk


@transaction.atomic
def coverage_check_record(*, organisation: Organisation, outcome: str, reason: str, actor):
    """Categorisation 7: a person's verdict on an organisation another source found and the slimme tool did
    not (a real miss of the tool, or not relevant after all), with the reason, in the categorisation trail."""
    _require_editor(actor)
    check = CoverageCheck(outcome)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    if organisation.source_links.filter(source__code=Source.SLIMME_TOOL).exists():
        raise ValidationError(_("The slimme tool has found this organisation: it is not a miss."))
    return _record(organisation=organisation, step=7, outcome=str(check.label), reason=reason, actor=actor)


# --- Bulk import -----


@transaction.atomic
def import_batch_start(*, file_name: str, data: bytes, source: Source, actor) -> ImportBatch:
    """Check an uploaded file (size, type, readable, has a header), store it under MEDIA_ROOT, guess the
    column mapping. Raises importer.ImportFileError with a clear message."""
    _require_editor(actor)
    headers, _rows = importer.read_table(file_name=file_name, data=data)
    extension = file_name.lower().rsplit(".", 1)[-1]
    stored = default_storage.save(f"stakeholders/imports/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    return ImportBatch.objects.create(
        source=source,
        file_name=file_name[:255],
        stored_file=stored,
        mapping=importer.guess_mapping(headers),
        created_by=actor,
    )


def import_batch_table(*, batch: ImportBatch) -> tuple[list[str], list[list[str]]]:
    with default_storage.open(batch.stored_file, "rb") as handle:
        return importer.read_table(file_name=batch.file_name, data=handle.read())


def import_batch_run(
    *, batch: ImportBatch, mapping: dict[str, str], dry_run: bool, actor, progress=None
) -> importer.ImportPlan:
    """Plan the import with this mapping; a dry run stops there, otherwise write it (one transaction).
    A plan with row errors is never written: the batch records the errors and ImportRejected is raised.

    `progress(phase, done, total)` reports the rows checked (phase "check") and then saved ("save"). The
    batch's final status and counts are written after the import transaction has committed."""
    _require_editor(actor)
    headers, rows = import_batch_table(batch=batch)
    batch.mapping = {k: v for k, v in mapping.items() if v}
    plan = importer.plan_import(
        headers=headers, rows=rows, mapping=batch.mapping, progress=_phase(progress, PHASE_CHECK)
    )
    batch.rows_total = plan.total
    batch.errors = importer.errors_as_dicts(plan.errors)
    batch.error_count, batch.failure, batch.dry_run = len(plan.errors), "", dry_run
    batch.rows_created, batch.rows_updated, batch.rows_review = (
        len(plan.creates),
        len(plan.updates),
        len(plan.reviews),
    )
    if dry_run or plan.errors:
        batch.status = ImportBatch.Status.DRY_RUN if dry_run else ImportBatch.Status.FAILED
        batch.save()
        if plan.errors and not dry_run:
            raise importer.ImportRejected(plan.errors)
        return plan
    importer.import_apply(
        plan=plan, source=batch.source, batch=batch, actor=actor, progress=_phase(progress, PHASE_SAVE)
    )
    batch.status = ImportBatch.Status.IMPORTED
    batch.save()
    announce_register_changed(
        names=[row.values.get("name", "") for row in plan.creates]
        + [row.values.get("name", "") for row, _pk in plan.updates],
        organisation_ids=[pk for _row, pk in plan.updates],
    )
    return plan


def _phase(progress, phase: str):
    return (lambda done, total: progress(phase, done, total)) if progress else None


# --- Running an import in the background, with live progress -----
#
# The web page starts a dry run or an import and returns at once; the work runs in a thread of the web process
# and reports its progress to Django's cache, keyed by batch. The progress cannot live in the database: the
# import writes in one transaction, whose rows no other request sees until it commits (and on SQLite a second
# writer would wait for it). The batch row itself is written before the work starts (RUNNING) and after it
# ends (its final status), outside the import transaction.
#
# Locally the cache is per process (LocMemCache): enough for runserver and the tests. The production profile
# uses a file cache shared by the worker processes of the host; on several hosts CACHES must point at Redis or
# Memcached. Without a shared cache the page still shows that the import runs, and its result once it has
# ended (both from the batch row). A worker stopped mid-import (a restart) cannot mark its batch; a batch
# RUNNING for longer than IMPORT_STALE_AFTER counts as interrupted and may be started again.

PHASE_CHECK, PHASE_SAVE = "check", "save"
IMPORT_STALE_AFTER = timedelta(minutes=30)
PROGRESS_TIMEOUT = 24 * 3600  # seconds a progress figure is kept in the cache

logger = logging.getLogger(__name__)


class ImportNotStarted(Exception):
    """A second start of a batch that is already running (or was imported): nothing is done."""


@dataclass(frozen=True)
class ImportProgress:
    phase: str  # PHASE_CHECK or PHASE_SAVE
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


def _progress_key(batch_id: int) -> str:
    return f"stakeholders:import-progress:{batch_id}"


def import_batch_progress(*, batch: ImportBatch) -> ImportProgress | None:
    """The last progress a running import of this batch reported (None before its first report)."""
    value = cache.get(_progress_key(batch.pk))
    return ImportProgress(**value) if value else None


def import_batch_is_stale(*, batch: ImportBatch) -> bool:
    """RUNNING for so long that its worker must have been stopped (a restart): it may be started again."""
    return (
        batch.status == ImportBatch.Status.RUNNING
        and batch.started_at is not None
        and batch.started_at < timezone.now() - IMPORT_STALE_AFTER
    )


def import_batch_begin(*, batch: ImportBatch, mapping: dict[str, str], dry_run: bool, actor) -> None:
    """Mark the batch RUNNING with this mapping, before its work starts. A wrong mapping raises
    importer.ImportFileError at once; a batch that is running or already imported raises ImportNotStarted
    (a second click does nothing)."""
    _require_editor(actor)
    startable = not (batch.status == ImportBatch.Status.IMPORTED) and (
        batch.status != ImportBatch.Status.RUNNING or import_batch_is_stale(batch=batch)
    )
    if not startable:  # read first: a second click while the import holds SQLite's write lock must not wait
        raise ImportNotStarted(_("This file is already being imported, or has been imported."))
    headers, _rows = import_batch_table(batch=batch)
    mapping = {k: v for k, v in mapping.items() if v}
    importer.check_mapping(headers, mapping)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == ImportBatch.Status.IMPORTED or (
            locked.status == ImportBatch.Status.RUNNING and not import_batch_is_stale(batch=locked)
        ):
            raise ImportNotStarted(_("This file is already being imported, or has been imported."))
        locked.status, locked.mapping, locked.dry_run = ImportBatch.Status.RUNNING, mapping, dry_run
        locked.started_at, locked.failure, locked.errors, locked.error_count = timezone.now(), "", [], 0
        locked.save()
    cache.delete(_progress_key(batch.pk))
    batch.refresh_from_db()


def import_batch_work(*, batch_id: int, dry_run: bool, actor, progress=None) -> None:
    """The work of a started batch: plan and, unless a dry run, write (import_batch_run). Reports its
    progress to the cache (and to `progress(phase, done, total)` when given). Always ends the batch as
    DRY_RUN, IMPORTED or FAILED, never leaves it RUNNING: an unexpected error is recorded as the failure."""
    key = _progress_key(batch_id)

    def report(phase: str, done: int, total: int) -> None:
        cache.set(key, {"phase": phase, "done": done, "total": total}, PROGRESS_TIMEOUT)
        if progress:
            progress(phase, done, total)

    failure, batch = "", None
    try:
        batch = ImportBatch.objects.select_related("source").get(pk=batch_id)
        batch._history_user = actor  # no request in a background thread: name the importer in the audit trail
        import_batch_run(batch=batch, mapping=batch.mapping, dry_run=dry_run, actor=actor, progress=report)
    except importer.ImportRejected:
        pass  # recorded by import_batch_run: FAILED with the row errors, nothing saved
    except Exception as exc:
        logger.exception("Stakeholder import of batch %s failed", batch_id)
        error = f"{type(exc).__name__}: {exc}"
        if batch is not None and batch.status == ImportBatch.Status.IMPORTED:
            # import_batch_run sets IMPORTED only once the import transaction has committed
            failure = _("The organisations were imported, but recording the result failed: %(error)s")
        else:
            failure = _("The import stopped on an unexpected error; nothing was saved: %(error)s")
        failure %= {"error": error}
    finally:
        _import_batch_end(batch_id=batch_id, failure=failure, actor=actor)


def _import_batch_end(*, batch_id: int, failure: str, actor) -> None:
    """A batch still RUNNING when its work ends has failed (the error, or an interruption)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status != ImportBatch.Status.RUNNING:
            return
        batch._history_user = actor
        batch.status = ImportBatch.Status.FAILED
        batch.failure = failure or _("The import was interrupted.")
        batch.save()


def _import_batch_thread(**kwargs) -> None:
    try:
        import_batch_work(**kwargs)
    finally:
        connections.close_all()  # the thread's own connections; the web process's pool is not involved


def import_batch_execute(
    *, batch: ImportBatch, mapping: dict[str, str], dry_run: bool, actor, background: bool | None = None
) -> threading.Thread | None:
    """Start a dry run or the import of an uploaded file. In the background (the default; the setting
    STAKEHOLDERS_IMPORT_IN_BACKGROUND = False runs it in the caller instead) the thread is returned; the
    caller does not wait for it. Raises ImportNotStarted or importer.ImportFileError before anything runs."""
    import_batch_begin(batch=batch, mapping=mapping, dry_run=dry_run, actor=actor)
    if background is None:
        background = getattr(settings, "STAKEHOLDERS_IMPORT_IN_BACKGROUND", True)
    kwargs = {"batch_id": batch.pk, "dry_run": dry_run, "actor": actor}
    if not background:
        import_batch_work(**kwargs)
        batch.refresh_from_db()
        return None
    thread = threading.Thread(
        target=_import_batch_thread, kwargs=kwargs, name=f"stakeholder-import-{batch.pk}", daemon=True
    )
    thread.start()
    return thread


@transaction.atomic
def fuzzy_match_resolve(*, match: FuzzyMatch, merge: bool, actor) -> Organisation:
    """Review of a name match: merge the row into the existing organisation (blank fields filled in, codes
    and source added; the change is in its history, so it can be undone) or create it as new."""
    _require_editor(actor)
    match = FuzzyMatch.objects.select_for_update().get(pk=match.pk)
    if match.status != FuzzyMatch.Status.PENDING:
        raise ValidationError(_("This match has already been resolved."))
    values = {k: v for k, v in match.row.items() if k in importer.UPDATABLE}
    if merge:
        organisation = match.candidate
        changed = [
            k
            for k, v in values.items()
            if k != "name" and v not in (None, "") and getattr(organisation, k) in (None, "")
        ]
        for name in changed:
            setattr(organisation, name, values[name])
        if changed:
            update_versioned(organisation, expected_version=organisation.version, fields=changed)
        match.status = FuzzyMatch.Status.MERGED
    else:
        organisation = Organisation(**values)
        organisation.full_clean()
        organisation.save()
        match.status = FuzzyMatch.Status.CREATED
        announce_register_changed(names=[organisation.name], organisation_ids=[organisation.pk])
    organisation.sbi_codes.add(*match.row.get("sbi_ids", []))
    OrganisationSource.objects.get_or_create(
        organisation=organisation,
        source=match.batch.source,
        defaults={"batch": match.batch, "reference": match.row.get("reference", "")},
    )
    match.resolved_by, match.result = actor, organisation
    match.save()
    return organisation


def people_export_log(*, actor, query: str, rows: int) -> PeopleExportLog:
    """Every export of person records is logged (personal data)."""
    return PeopleExportLog.objects.create(user=actor, query=query[:500], rows=rows)
