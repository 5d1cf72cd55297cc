"""Every write of the stakeholder analysis: register, categorisation trail, engagement. Imports:
importer.py."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
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
def organisation_create(*, name: str, actor, source: Source | None = None, **fields) -> Organisation:
    _require_editor(actor)
    sbi_codes = fields.pop("sbi_codes", None)
    organisation = Organisation(name=name, **fields)
    organisation.full_clean()
    organisation.save()
    if sbi_codes is not None:
        organisation.sbi_codes.set(sbi_codes)
    source = source or Source.objects.get(code="handmatig")
    OrganisationSource.objects.get_or_create(organisation=organisation, source=source)
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
    project=None,
    role: str = "",
    reason: str = "",
    actor,
) -> CollaborationMember:
    """Categorisation 5: the organisation takes part in a project or chain (created when new). A portfolio
    project links the collaboration to it; its name is then the project's number and title."""
    _require_editor(actor)
    name = (name or "").strip() or (str(project) if project is not None else "")
    if not name:
        raise ValidationError({"name": _("Name the project or chain, or choose a portfolio project.")})
    defaults = {"kind": Collaboration.Kind.PROJECT if project is not None else kind, "project": project}
    collaboration, created = Collaboration.objects.get_or_create(name=name, defaults=defaults)
    if not created and project is not None and collaboration.project_id is None:
        collaboration.project = project
        update_versioned(collaboration, expected_version=collaboration.version, fields=["project"])
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
    A plan with row errors is never written: the batch records the errors and ImportRejected is raised."""
    _require_editor(actor)
    headers, rows = import_batch_table(batch=batch)
    batch.mapping = {k: v for k, v in mapping.items() if v}
    plan = importer.plan_import(headers=headers, rows=rows, mapping=batch.mapping, progress=progress)
    batch.rows_total = plan.total
    batch.errors = importer.errors_as_dicts(plan.errors)
    if dry_run or plan.errors:
        batch.status = ImportBatch.Status.DRY_RUN if dry_run else ImportBatch.Status.FAILED
        batch.rows_created, batch.rows_updated, batch.rows_review = (
            len(plan.creates),
            len(plan.updates),
            len(plan.reviews),
        )
        batch.save()
        if plan.errors and not dry_run:
            raise importer.ImportRejected(plan.errors)
        return plan
    importer.import_apply(plan=plan, source=batch.source, batch=batch, actor=actor, progress=progress)
    return plan


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
