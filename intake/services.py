"""Every write on applications: drafts, parties, the ambition upload, submission, assessment, advice,
decision, and the steps after approval. Permissions are enforced here, so the views, the API and the demo
share them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from regiekamer.concurrency import update_versioned

from . import checks, workflow
from .models import (
    ActionLine,
    Advice,
    Application,
    ChainDirectionRole,
    ChainRole,
    Consortium,
    CriterionAssessment,
    Decision,
    ExcludedSupport,
    GoalTheme,
    OrganisationType,
    Party,
    Signatory,
    Status,
    StatusEvent,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB
PDF_MAGIC = b"%PDF-"

APPLICATION_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "product_group",
        "transition_agenda",
        "market_share_percent",
        "market_share_argument",
        "role_arguments",
        "centre_of_gravity_in_nl",
        "centre_of_gravity_explanation",
        "branches_and_small_companies",
        "transition_phase",
        "transition_phase_description",
        "circular_gains",
        "bottlenecks",
        "analysis_tool",
        "contributions_description",
        "governance_model",
        "disagreement_procedure",
        "shared_goal",
        "long_term_goals",
        "goal_themes",
        "lap_cmp_sector_plan",
        "lap_cmp_exceedance",
        "intended_effects",
        "barriers_resolved",
        "raw_material_savings_tonnes",
        "raw_material_savings_calculation",
        "co2_savings_tonnes",
        "environmental_effects",
        "supply_security_effects",
        "lasting_effects",
        "risks",
        "chain_direction_needed",
        "excluded_support_requested",
        "planned_start",
        "planned_end",
        "planning",
        "cost_benefit_distribution",
        "requested_budget_eur",
        "knowledge_sharing_between_parties",
        "knowledge_sharing_cross_sector",
        "knowledge_sharing_outside",
        "leerkring_participation",
        "accepts_periodic_consultation",
        "r_strategies",
    }
)


# --- permission helpers -------------------------------------------------------------------------------------


def is_member(user, consortium: Consortium) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.has_role(Role.APPLICANT)
        and consortium.members.filter(pk=user.pk).exists()
    )


def is_assessor(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.ASSESSOR))


def _require_member(user, application: Application) -> None:
    if not is_member(user, application.consortium):
        raise PermissionDenied(_("Only members of the consortium may change this application."))


def _require_assessor(user) -> None:
    if not is_assessor(user):
        raise PermissionDenied(_("Only assessors may do this."))


def _require_draft(application: Application) -> None:
    if application.status != Status.DRAFT:
        raise ValidationError(_("The application has been submitted and can no longer be changed."))


def _locked(application: Application) -> Application:
    """The application row, locked for the rest of the transaction (ordered single-row lock)."""
    return Application.objects.select_for_update().get(pk=application.pk)


# --- consortium and drafts ----------------------------------------------------------------------------------


@transaction.atomic
def consortium_create(*, name: str, members=()) -> Consortium:
    consortium = Consortium.objects.create(name=name)
    consortium.members.set(members)
    return consortium


@transaction.atomic
def application_create(
    *, consortium: Consortium, actor, title: str, product_group, transition_agenda=None
) -> Application:
    """A new draft for `consortium`; the transition agenda defaults to the product group's only agenda."""
    if not is_member(actor, consortium):
        raise PermissionDenied(_("Only members of the consortium may apply for it."))
    if transition_agenda is None:
        agendas = list(product_group.agendas.all())
        transition_agenda = agendas[0] if len(agendas) == 1 else None
    elif not product_group.agendas.filter(pk=transition_agenda.pk).exists():
        raise ValidationError(
            {"transition_agenda": _("The product group does not belong to this transition agenda.")}
        )
    application = Application.objects.create(
        consortium=consortium,
        title=title,
        product_group=product_group,
        transition_agenda=transition_agenda,
        created_by=actor,
    )
    StatusEvent.objects.create(application=application, from_status="", to_status=Status.DRAFT, actor=actor)
    return application


def _clean_choice_list(values, choices, field: str) -> list[str]:
    allowed = {value for value, _label in choices}
    values = list(dict.fromkeys(values or []))
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Unknown value(s): %(values)s.") % {"values": ", ".join(map(str, unknown))}}
        )
    return values


@transaction.atomic
def application_update(*, application: Application, actor, expected_version: int, data: dict) -> Application:
    """Save draft fields. `data` maps field names (APPLICATION_EDITABLE_FIELDS) to values."""
    _require_member(actor, application)
    _require_draft(application)
    unknown = set(data) - APPLICATION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "goal_themes" in data:
        data["goal_themes"] = _clean_choice_list(data["goal_themes"], GoalTheme.choices, "goal_themes")
    if "excluded_support_requested" in data:
        data["excluded_support_requested"] = _clean_choice_list(
            data["excluded_support_requested"], ExcludedSupport.choices, "excluded_support_requested"
        )
    if "role_arguments" in data:
        allowed = set(checks.REQUIRED_CHAIN_ROLES)
        data["role_arguments"] = {
            role: text.strip()
            for role, text in (data["role_arguments"] or {}).items()
            if role in allowed and text and text.strip()
        }
    product_group = data.get("product_group", application.product_group)
    agenda = data.get("transition_agenda", application.transition_agenda)
    if agenda is not None and not product_group.agendas.filter(pk=agenda.pk).exists():
        raise ValidationError(
            {"transition_agenda": _("The product group does not belong to this transition agenda.")}
        )
    r_strategies = data.pop("r_strategies", None)
    for name, value in data.items():
        setattr(application, name, value)
    application.full_clean(exclude=["ambition_document", "created_by", "consortium"])
    update_versioned(application, expected_version=expected_version, fields=sorted(data))
    if r_strategies is not None:
        application.r_strategies.set(r_strategies)
    return application


@transaction.atomic
def application_upload_ambition(*, application: Application, actor, upload) -> Application:
    """Store the signed ambition document: PDF only (checked by content, not by name), at most 10 MB. The file
    is stored under a random name and only ever served as an attachment through a permission-checked view."""
    _require_member(actor, application)
    _require_draft(application)
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "ambition_document": _(
                    "The file is %(size)s bytes; at most %(max)s bytes (10 MB) are accepted."
                )
                % {"size": upload.size, "max": MAX_UPLOAD_BYTES}
            }
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if not name.lower().endswith(".pdf") or head != PDF_MAGIC:
        raise ValidationError(
            {"ambition_document": _("Only PDF files are accepted (the file must be a PDF and end in .pdf).")}
        )
    if _pdf_has_active_content(upload):
        raise ValidationError(
            {
                "ambition_document": _(
                    "The PDF contains scripts, launch actions or embedded files; upload a plain (printed or "
                    "flattened) PDF of the signed ambition."
                )
            }
        )
    application = _locked(application)
    old = application.ambition_document.name if application.ambition_document else ""
    application.ambition_document.save("ambition.pdf", upload, save=False)
    application.ambition_document_name = name
    application.ambition_document_size = upload.size
    application.version += 1
    application.save(
        update_fields=["ambition_document", "ambition_document_name", "ambition_document_size", "version"]
    )
    if old:
        storage = application.ambition_document.storage
        transaction.on_commit(lambda: storage.delete(old))
    return application


# PDF name objects that make a document do something when opened (scripts, launching programs, carrying
# other files); a signed ambition document needs none of them.
_ACTIVE_PDF_CONTENT = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|OpenAction|AA|RichMedia|XFA)(?![A-Za-z])"
)


def _pdf_has_active_content(upload) -> bool:
    upload.seek(0)
    found = False
    tail = b""
    for chunk in upload.chunks():
        if _ACTIVE_PDF_CONTENT.search(tail + chunk):
            found = True
            break
        tail = chunk[-32:]
    upload.seek(0)
    return found


PARTY_FIELDS = (
    "name",
    "organisation_type",
    "chain_role",
    "responsibility",
    "chain_function",
    "contribution_hours",
    "contribution_eur",
    "country",
)


def _clean_party(values: dict) -> dict:
    values = dict(values)
    values["country"] = (values.get("country") or "NL").strip().upper()
    if len(values["country"]) != 2 or not values["country"].isalpha():
        raise ValidationError({"country": _("Give the country as a two-letter ISO code, e.g. NL, BE, DE.")})
    if values.get("chain_role") not in ChainRole.values:
        raise ValidationError({"chain_role": _("Unknown chain role.")})
    if values.get("organisation_type") not in OrganisationType.values:
        raise ValidationError({"organisation_type": _("Unknown type of organisation.")})
    for money in ("contribution_hours", "contribution_eur"):
        values[money] = Decimal(values.get(money) or 0)
        if values[money] < 0:
            raise ValidationError({money: _("A contribution cannot be negative.")})
    return values


@transaction.atomic
def party_create(*, application: Application, actor, **values) -> Party:
    _require_member(actor, application)
    _require_draft(application)
    values = _clean_party({key: values.get(key) for key in PARTY_FIELDS})
    if application.parties.filter(name__iexact=values["name"]).exists():
        raise ValidationError({"name": _("A party with this name is already in the consortium.")})
    return Party.objects.create(application=application, **{k: v for k, v in values.items() if v is not None})


@transaction.atomic
def party_update(*, party: Party, actor, expected_version: int, **values) -> Party:
    _require_member(actor, party.application)
    _require_draft(party.application)
    values = _clean_party({key: values.get(key, getattr(party, key)) for key in PARTY_FIELDS})
    if party.application.parties.filter(name__iexact=values["name"]).exclude(pk=party.pk).exists():
        raise ValidationError({"name": _("A party with this name is already in the consortium.")})
    for key, value in values.items():
        setattr(party, key, value)
    update_versioned(party, expected_version=expected_version, fields=list(PARTY_FIELDS))
    return party


@transaction.atomic
def party_delete(*, party: Party, actor) -> None:
    _require_member(actor, party.application)
    _require_draft(party.application)
    party.delete()


@transaction.atomic
def signatory_create(
    *, party: Party, actor, name: str, position: str = "", signed_on: dt.date | None = None
) -> Signatory:
    _require_member(actor, party.application)
    _require_draft(party.application)
    if not name.strip():
        raise ValidationError({"name": _("Give the name of the signatory.")})
    return Signatory.objects.create(party=party, name=name.strip(), position=position, signed_on=signed_on)


@transaction.atomic
def signatory_delete(*, signatory: Signatory, actor) -> None:
    _require_member(actor, signatory.party.application)
    _require_draft(signatory.party.application)
    signatory.delete()


@transaction.atomic
def action_line_create(
    *, application: Application, actor, title: str, description: str = "", chain_direction_roles=()
) -> ActionLine:
    _require_member(actor, application)
    _require_draft(application)
    roles = _clean_choice_list(chain_direction_roles, ChainDirectionRole.choices, "chain_direction_roles")
    order = application.action_lines.count() + 1
    return ActionLine.objects.create(
        application=application,
        order=order,
        title=title,
        description=description,
        chain_direction_roles=roles,
    )


@transaction.atomic
def action_line_delete(*, action_line: ActionLine, actor) -> None:
    _require_member(actor, action_line.application)
    _require_draft(action_line.application)
    action_line.delete()


# --- workflow -----------------------------------------------------------------------------------------------


def _move(
    application: Application,
    *,
    to_status: str,
    actor,
    reason_for_applicant: str = "",
    internal_note: str = "",
) -> Application:
    """Move the (locked) application to `to_status` and record the step. Callers hold the lock."""
    if not workflow.can_move(application.status, to_status):
        raise ValidationError(
            _("An application with status “%(from)s” cannot become “%(to)s”.")
            % {"from": application.get_status_display(), "to": Status(to_status).label}
        )
    StatusEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=internal_note,
    )
    application.status = to_status
    application.version += 1
    fields = ["status", "version"]
    if to_status == Status.SUBMITTED:
        application.submitted_at = timezone.now()
        fields.append("submitted_at")
    application.save(update_fields=fields)
    return application


@transaction.atomic
def application_submit(*, application: Application, actor) -> Application:
    """Submit a draft; every automatic check must pass (warnings are allowed)."""
    from .selectors import application_check_results

    _require_member(actor, application)
    application = _locked(application)
    _require_draft(application)
    results = application_check_results(application)
    failed = [result for result in results if not result.passed]
    if failed:
        raise ValidationError([_(result.message) % result.params for result in failed])
    return _move(application, to_status=Status.SUBMITTED, actor=actor)


@transaction.atomic
def application_start_assessment(*, application: Application, actor, internal_note: str = "") -> Application:
    _require_assessor(actor)
    return _move(
        _locked(application), to_status=Status.IN_ASSESSMENT, actor=actor, internal_note=internal_note
    )


@transaction.atomic
def criterion_assess(
    *, application: Application, actor, criterion: int, met: bool, reason: str
) -> CriterionAssessment:
    """Record the verdict on one of the seven criteria; the newest per criterion counts."""
    _require_assessor(actor)
    application = _locked(application)
    if application.status not in workflow.UNDER_ASSESSMENT:
        raise ValidationError(_("Criteria are assessed while the application is in assessment."))
    if criterion not in {c.number for c in checks.CRITERIA}:
        raise ValidationError({"criterion": _("There are seven criteria, numbered 1 to 7.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the verdict.")})
    return CriterionAssessment.objects.create(
        application=application, criterion=criterion, met=met, reason=reason.strip(), assessor=actor
    )


def current_advice(application: Application) -> Advice | None:
    return application.advices.filter(superseded_by__isnull=True).order_by("-recorded_at", "-id").first()


def current_decision(application: Application) -> Decision | None:
    return application.decisions.filter(superseded_by__isnull=True).order_by("-recorded_at", "-id").first()


@transaction.atomic
def advice_record(
    *,
    application: Application,
    actor,
    positive: bool,
    text: str,
    advised_on: dt.date,
    reason_for_applicant: str = "",
) -> Advice:
    """Record the Transitieagenda's advice; a later advice supersedes the earlier one."""
    _require_assessor(actor)
    application = _locked(application)
    if application.status not in workflow.UNDER_ASSESSMENT:
        raise ValidationError(_("An advice is recorded while the application is in assessment."))
    if application.transition_agenda is None:
        raise ValidationError({"transition_agenda": _("Choose the transition agenda that advises first.")})
    if not text.strip():
        raise ValidationError({"text": _("Give the text of the advice.")})
    previous = current_advice(application)
    advice = Advice.objects.create(
        application=application,
        transition_agenda=application.transition_agenda,
        positive=positive,
        text=text.strip(),
        advised_on=advised_on,
        recorded_by=actor,
        supersedes=previous,
    )
    _move(
        application,
        to_status=Status.ADVISED,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=_("Positive advice") if positive else _("Negative advice"),
    )
    return advice


def decision_quota(application: Application, decided_on: dt.date):
    """The quota state for approving `application` on `decided_on` (quota.quota_state over the database)."""
    from .selectors import quota_for

    return quota_for(application, decided_on)


@transaction.atomic
def decision_record(
    *,
    application: Application,
    actor,
    approved: bool,
    decided_on: dt.date,
    reasoning: str,
    reasoning_for_applicant: str = "",
    quota_override: bool = False,
    quota_override_reason: str = "",
) -> Decision:
    """Record the Stuurgroep's decision. An approval needs a positive advice (Bijlage 2), all seven criteria
    met, and the quota rule kept, unless the steering group overrides the quota with a recorded reason. A
    decision is never changed: a new one supersedes it (until the tender is prepared)."""
    _require_assessor(actor)
    application = _locked(application)
    previous = current_decision(application)
    if application.status not in workflow.DECIDABLE or (
        application.status != Status.ADVISED and previous is None
    ):
        raise ValidationError(_("A decision is recorded after the transition agenda's advice."))
    if not reasoning.strip():
        raise ValidationError({"reasoning": _("Give the reasoning of the decision.")})
    breaches: list[str] = []
    if approved:
        advice = current_advice(application)
        if advice is None or not advice.positive:
            raise ValidationError(_("An approval needs a positive advice of the transition agenda."))
        from .selectors import criteria_rows

        if not checks.criteria_all_met(criteria_rows(application)):
            raise ValidationError(_("An approval needs all seven criteria assessed as met, with reasons."))
        state = decision_quota(application, decided_on)
        breaches = list(state.breaches)
        if breaches and not (quota_override and quota_override_reason.strip()):
            from .quota import BREACH_MESSAGES

            raise ValidationError(
                [_(BREACH_MESSAGES[code]) % state.params for code in breaches]
                + [_("The steering group can override the quota rule with a recorded reason.")]
            )
    if not breaches:
        quota_override, quota_override_reason = False, ""
    decision = Decision.objects.create(
        application=application,
        approved=approved,
        decided_on=decided_on,
        reasoning=reasoning.strip(),
        reasoning_for_applicant=reasoning_for_applicant.strip(),
        quota_override=quota_override,
        quota_override_reason=quota_override_reason.strip(),
        quota_breaches=breaches,
        recorded_by=actor,
        supersedes=previous,
    )
    target = Status.APPROVED if approved else Status.REJECTED
    if application.status != target:
        if application.status == Status.REJECTED:
            # superseding a rejection: the step is recorded without passing through the workflow's final state
            StatusEvent.objects.create(
                application=application,
                from_status=application.status,
                to_status=target,
                actor=actor,
                reason_for_applicant=decision.reasoning_for_applicant,
            )
            application.status = target
            application.version += 1
            application.save(update_fields=["status", "version"])
        else:
            _move(
                application,
                to_status=target,
                actor=actor,
                reason_for_applicant=decision.reasoning_for_applicant,
            )
    return decision


@transaction.atomic
def application_advance(
    *,
    application: Application,
    actor,
    to_status: str,
    reason_for_applicant: str = "",
    internal_note: str = "",
) -> Application:
    """The steps after approval: tender prepared → running → closed."""
    _require_assessor(actor)
    if to_status not in {Status.TENDER_PREPARED, Status.RUNNING, Status.CLOSED}:
        raise ValidationError(_("Use the advice and decision steps for this status."))
    return _move(
        _locked(application),
        to_status=to_status,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=internal_note,
    )


@transaction.atomic
def application_reject(
    *, application: Application, actor, reason: str, internal_note: str = ""
) -> Application:
    """Reject at any point (assessors), with the reason the applicant sees."""
    _require_assessor(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    return _move(
        _locked(application),
        to_status=Status.REJECTED,
        actor=actor,
        reason_for_applicant=reason.strip(),
        internal_note=internal_note,
    )


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str) -> Application:
    """Withdraw at any point: by the consortium, or by an assessor on its behalf."""
    if not (is_member(actor, application.consortium) or is_assessor(actor)):
        raise PermissionDenied(_("Only the consortium or an assessor may withdraw the application."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    return _move(
        _locked(application), to_status=Status.WITHDRAWN, actor=actor, reason_for_applicant=reason.strip()
    )


# --- hand-over to the portfolio ---

# Party type and chain role -> the stakeholder register's organisation type and chain position (only where
# the register has a matching term; the rest stays blank for the programme office to categorise).
_ORGANISATION_TYPES = {
    "mkb": "company",
    "groot": "company",
    "branche": "organisation",
    "overheid": "government",
    "kennisinstelling": "knowledge_institute",
    "maatschappelijk": "foundation",
    "overig": "organisation",
}
_CHAIN_POSITIONS = {"producent": "producer", "importeur": "distributor", "retailer": "retail"}


def _register_parties(*, application: Application, project, actor) -> None:
    """Every consortium party in the stakeholder register (an organisation of the same name is reused), as a
    member of the project's collaboration with its chain role (stakeholders categorisation 5)."""
    from portfolio import services as portfolio_services
    from stakeholders import services as stakeholder_services
    from stakeholders.models import Organisation

    for party in application.parties.all():
        organisation = Organisation.objects.filter(name__iexact=party.name).order_by("pk").first()
        if organisation is None:
            organisation = stakeholder_services.organisation_create(
                name=party.name,
                actor=actor,
                org_type=_ORGANISATION_TYPES.get(party.organisation_type, "organisation"),
                chain_position=_CHAIN_POSITIONS.get(party.chain_role, ""),
            )
        portfolio_services.project_collaboration_join(
            organisation=organisation,
            project=project,
            role=party.get_chain_role_display()[:100],
            reason=_("Consortium party of chain-breakthrough application %(pk)s") % {"pk": application.pk},
            actor=actor,
        )


HANDOVER_STATUSES = frozenset({Status.APPROVED, Status.TENDER_PREPARED, Status.RUNNING, Status.CLOSED})


@transaction.atomic
def application_hand_over(*, application: Application, actor, team):
    """An approved application becomes a project in the portfolio of `team` (issue 8 point 6), created by the
    portfolio's own service (so its permission rule applies: programme office, team leads, project leads).
    The application keeps the project (`portfolio_project`); the project reaches it as
    `intake_application`."""
    from portfolio import services as portfolio_services

    application = _locked(application)
    if application.status not in HANDOVER_STATUSES:
        raise ValidationError(_("Only an approved application becomes a portfolio project."))
    if application.portfolio_project_id:
        raise ValidationError(
            _("This application is already project %(number)s in the portfolio.")
            % {"number": application.portfolio_project.number}
        )
    parties = ", ".join(
        f"{party.name} ({party.get_chain_role_display()})" for party in application.parties.all()
    )
    project = portfolio_services.project_create(
        actor=actor,
        title=application.title,
        team=team,
        start_date=application.planned_start,
        due_date=application.planned_end,
        description=application.chain_direction_needed,
        actors=parties,
        intended_effect=application.intended_effects,
        result_description=application.shared_goal,
        trekker=application.consortium.name,
        source_section=_("Chain-breakthrough application %(pk)s (Instruction chain-breakthrough projects)")
        % {"pk": application.pk},
    )
    _register_parties(application=application, project=project, actor=actor)
    application.portfolio_project = project
    application.version += 1
    application.save(update_fields=["portfolio_project", "version"])
    StatusEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        actor=actor,
        reason_for_applicant=_("Taken into the programme portfolio as project %(number)s.")
        % {"number": project.number},
    )
    return project
