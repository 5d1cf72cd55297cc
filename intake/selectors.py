"""Read queries on applications, scoped to what the person may see, and the inputs of the pure check and quota
modules."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Field, Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.authorization import can
from accounts.models import User
from regiekamer.texts import gettext_noop, translate_all

from . import checks, duties, formatting, quota, workflow
from .models import Advice, Application, CriterionAssessment, Decision, Party, Status, StatusEvent

# Plan of action parts (seed 2 §3) -> the fields that must be filled in before submission.
PLAN_PARTS: dict[int, tuple[str, ...]] = {
    1: ("transition_phase", "transition_phase_description", "circular_gains", "bottlenecks"),
    2: (
        "contributions_description",
        "governance_model",
        "disagreement_procedure",
        "branches_and_small_companies",
    ),
    3: ("shared_goal", "long_term_goals", "goal_themes", "lap_cmp_exceedance"),
    5: (
        "intended_effects",
        "barriers_resolved",
        "raw_material_savings_tonnes",
        "raw_material_savings_calculation",
        "environmental_effects",
        "supply_security_effects",
        "lasting_effects",
        "risks",
    ),
    6: ("chain_direction_needed",),
    7: ("planning",),
    8: ("cost_benefit_distribution",),
    9: (
        "knowledge_sharing_between_parties",
        "knowledge_sharing_cross_sector",
        "knowledge_sharing_outside",
        "leerkring_participation",
    ),
}
FREE_TEXT_FIELDS = ("chain_direction_needed", "intended_effects", "cost_benefit_distribution", "planning")
SUPPORTED_STATUSES = tuple(sorted(workflow.SUPPORTED))
PENDING_STATUSES = (Status.SUBMITTED, Status.IN_ASSESSMENT, Status.ADVISED)


def visible_applications(user: User | AnonymousUser) -> QuerySet[Application]:
    """Applicants: their own consortia's applications. Assessors: every submitted application (drafts stay
    with the consortium). Anyone else: none (intake.permissions.sees_application is the same rule)."""
    return Application.objects.visible_to(user).select_related(
        "consortium", "product_group", "transition_agenda", "portfolio_project"
    )


def application_list(user: User | AnonymousUser, *, status: str = "") -> QuerySet[Application]:
    qs = visible_applications(user).annotate(party_count=Count("parties", distinct=True))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def application_detail(user: User | AnonymousUser, pk: int) -> Application:
    """The application with everything its page shows; DoesNotExist if the person may not see it."""
    return (
        visible_applications(user)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.prefetch_related("signatories")),
            "action_lines",
            "r_strategies",
            "consortium__members",
            Prefetch("events", queryset=StatusEvent.objects.select_related("actor")),
            Prefetch(
                "advices",
                queryset=Advice.objects.select_related("recorded_by", "transition_agenda", "superseded_by"),
            ),
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by", "superseded_by")),
            Prefetch(
                "criterion_assessments", queryset=CriterionAssessment.objects.select_related("assessor")
            ),
        )
        .get(pk=pk)
    )


def _value_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def application_check_data(application: Application) -> checks.ApplicationData:
    parties = application.parties.annotate(signatory_count=Count("signatories"))
    meta = Application._meta
    plan_parts = {
        number: tuple(
            (str(cast(Field, meta.get_field(name)).verbose_name), _value_text(getattr(application, name)))
            for name in names
        )
        for number, names in PLAN_PARTS.items()
    }
    action_lines = tuple(
        (line.title, tuple(line.chain_direction_roles)) for line in application.action_lines.all()
    )
    texts = tuple(getattr(application, name) for name in FREE_TEXT_FIELDS) + tuple(
        f"{line.title}\n{line.description}" for line in application.action_lines.all()
    )
    return checks.ApplicationData(
        parties=tuple(
            checks.PartyData(
                name=p.name,
                chain_role=p.chain_role,
                country=p.country,
                contribution_hours=p.contribution_hours,
                contribution_eur=p.contribution_eur,
                organisation_type=p.organisation_type,
                signatories=p.signatory_count,
            )
            for p in parties
        ),
        role_arguments=dict(application.role_arguments or {}),
        market_share_percent=application.market_share_percent,
        market_share_argument=application.market_share_argument,
        centre_of_gravity_in_nl=application.centre_of_gravity_in_nl,
        planned_start=application.planned_start,
        planned_end=application.planned_end,
        excluded_support_requested=tuple(application.excluded_support_requested or ()),
        free_texts=texts,
        has_ambition_document=bool(application.ambition_document),
        plan_parts=plan_parts,
        action_lines=action_lines,
        leerkring_participation=application.leerkring_participation,
        accepts_periodic_consultation=application.accepts_periodic_consultation,
    )


def application_check_results(application: Application) -> list[checks.CheckResult]:
    return checks.run_checks(application_check_data(application))


CHECK_TITLES = {
    "signed_ambition": gettext_noop("Signed ambition"),
    "chain_roles": gettext_noop("Chain roles"),
    "market_share": gettext_noop("Market share"),
    "foreign_parties": gettext_noop("Foreign parties"),
    "contributions": gettext_noop("Contribution of every party"),
    "plan_complete": gettext_noop("Plan of action complete"),
    "planning": gettext_noop("Planning 3-4 years"),
    "excluded_support": gettext_noop("Nothing excluded asked"),
    "conditions": gettext_noop("Conditions (Leerkring, consultation)"),
}


def application_checks_shown(application: Application) -> list[dict[str, Any]]:
    """The checks, translated, for pages and the API."""
    return [
        {
            "code": r.code,
            "title": _(CHECK_TITLES[r.code]),
            "status": r.status,
            "message": formatting.shown(r.message),
            "items": list(r.items),
        }
        for r in application_check_results(application)
    ]


def steps_done_by(user: User | AnonymousUser, application: Application) -> frozenset[str]:
    """The assessment steps (intake.duties) `user` has performed on `application`: criteria assessed, an
    advice or a decision (a rejection included) recorded — and duties.APPLIED when they are a member of the
    consortium that applied. Reads the prefetched records when the page has them."""
    if user.pk is None:
        return frozenset()
    done = set()
    if any(member.pk == user.pk for member in application.consortium.members.all()):
        done.add(duties.APPLIED)
    if any(item.assessor_id == user.pk for item in application.criterion_assessments.all()):
        done.add(duties.CRITERIA)
    if any(advice.recorded_by_id == user.pk for advice in application.advices.all()):
        done.add(duties.ADVICE)
    if any(decision.recorded_by_id == user.pk for decision in application.decisions.all()):
        done.add(duties.DECISION)
    return frozenset(done)


def criteria_rows(application: Application) -> list[checks.CriterionRow]:
    latest: dict[int, tuple[bool, str]] = {}
    for item in application.criterion_assessments.order_by("criterion", "at", "id"):
        latest[item.criterion] = (item.met, item.reason)
    return checks.criteria_checklist(latest)


def criteria_assessed_by(application: Application) -> list[tuple[User, dt.datetime]]:
    """Who recorded the verdicts that count now, each with the moment of their latest one (for the page: the
    verdicts are one person's step, intake.duties). Reads the prefetched records when the page has them."""
    latest: dict[int, CriterionAssessment] = {}
    for item in sorted(application.criterion_assessments.all(), key=lambda item: (item.at, item.id)):
        latest[item.criterion] = item
    people: dict[int, tuple[User, dt.datetime]] = {}
    for item in latest.values():
        if item.assessor_id not in people or people[item.assessor_id][1] < item.at:
            people[item.assessor_id] = (item.assessor, item.at)
    return sorted(people.values(), key=lambda pair: pair[1])


def quota_for(application: Application, decided_on: dt.date) -> quota.QuotaState:
    """The quota state for approving `application` on `decided_on`, from the approved applications so far."""
    supported = []
    current = (
        Decision.objects.filter(
            superseded_by__isnull=True, approved=True, application__status__in=SUPPORTED_STATUSES
        )
        .exclude(application=application)
        .values_list("application__transition_agenda__code", "decided_on")
    )
    for agenda, day in current:
        supported.append(quota.Supported(agenda=agenda or "", decided_on=day))
    pending = [
        moment
        for moment in Application.objects.filter(status__in=PENDING_STATUSES)
        .exclude(pk=application.pk)
        .values_list("submitted_at", flat=True)
        if moment is not None
    ]
    agenda = application.transition_agenda.code if application.transition_agenda else ""
    return quota.quota_state(
        supported=supported,
        agenda=agenda,
        decision_date=decided_on,
        submitted_at=application.submitted_at,
        pending_submitted_at=pending,
    )


def quota_shown(state: quota.QuotaState) -> dict[str, Any]:
    return {"state": state, "breaches": translate_all(state.breach_messages)}


def events_for(user: User | AnonymousUser, application: Application) -> list[StatusEvent]:
    """Every step, newest last; the internal note is blanked for people who may not see the assessment."""
    events = list(application.events.all())
    if not can(user, "intake.view_assessment", application):
        for event in events:
            event.internal_note = ""
    return events


def is_decision_stage(application: Application) -> bool:
    return application.status in workflow.DECIDABLE


def current_advice(application: Application) -> Advice | None:
    return application.advices.filter(superseded_by__isnull=True).order_by("-recorded_at", "-id").first()


def current_decision(application: Application) -> Decision | None:
    return application.decisions.filter(superseded_by__isnull=True).order_by("-recorded_at", "-id").first()


def handover_list() -> QuerySet[Application]:
    """Approved applications (and later steps), with or without their portfolio project, for the programme
    office who takes them into the portfolio."""
    return (
        Application.objects.filter(status__in=SUPPORTED_STATUSES)
        .select_related("consortium", "product_group", "transition_agenda", "portfolio_project")
        .order_by("portfolio_project", "-submitted_at", "-id")
    )
