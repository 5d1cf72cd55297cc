"""The roadmap app in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the
access rules as agreed (§4.4: the goal system is public to the programme; the owner enters values, the owner's
reviewer approves them, the programme office keeps targets, baselines, periods and the raw-data
availability)."""

import datetime
from decimal import Decimal

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World, make_user
from catalogue.models import Horizon, Pillar
from programme.models import Team
from roadmap import services
from roadmap.models import (
    ChangeStrategy,
    EffectGoal,
    Means,
    MeasuredValue,
    ReportingPeriod,
    RoadmapRow,
    SteeringPrinciple,
    Target,
)

from .factories import IndicatorFactory

EVERYONE = set(Role.values)
OFFICE = {Role.PROGRAMME_OFFICE}


def build(world: World) -> None:
    # The world's indicator: the project lead owns it, the steering-team member reviews its values.
    world.indicator = IndicatorFactory(
        code="matrix-co2", owner=world.users[Role.PROJECT_LEAD], reviewer=world.users[Role.STEERING_TEAM]
    )
    # A foreign indicator: no owner, no reviewer (the programme office stands in for the reviewer).
    world.foreign_indicator = IndicatorFactory(code="matrix-foreign", owner=None, reviewer=None)
    world.target = Target.objects.create(
        indicator=world.indicator, value=Decimal(-2313), by_date=datetime.date(2023, 12, 31)
    )
    world.draft_value = MeasuredValue.objects.create(
        indicator=world.indicator,
        value=Decimal(-5),
        unit=world.indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="Impactsheet",
        entered_by=world.users[Role.PROJECT_LEAD],
    )
    world.approved_value = MeasuredValue.objects.create(
        indicator=world.indicator,
        value=Decimal(-3),
        unit=world.indicator.unit,
        date=datetime.date(2023, 1, 1),
        source="Impactsheet",
        status=MeasuredValue.Status.APPROVED,
        entered_by=world.users[Role.PROJECT_LEAD],
        reviewed_by=world.users[Role.STEERING_TEAM],
    )
    services.indicator_days_rebuild()  # approved without the review service, which keeps the days
    entrant = make_user(Role.PROJECT_LEAD, username="matrix-roadmap-entrant")
    world.foreign_draft = MeasuredValue.objects.create(
        indicator=world.foreign_indicator,
        value=Decimal(1),
        unit=world.foreign_indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="Monitor",
        entered_by=entrant,
    )
    world.period = ReportingPeriod.objects.create(
        label="matrix-2030", start=datetime.date(2030, 1, 1), end=datetime.date(2030, 12, 31)
    )
    horizon = Horizon.objects.order_by("-months").first()
    pillar = Pillar.objects.order_by("order").first()
    world.change_strategy = ChangeStrategy.objects.create(
        pillar=pillar, horizon=horizon, title="Cel", aim="Doel", source_section="§3.1.2"
    )
    world.roadmap_row = RoadmapRow.objects.create(
        horizon=horizon, activities="Activiteiten", performance_goals="Doelen", source_section="Bijlage 7"
    )
    world.effect_goal = EffectGoal.objects.create(row=world.roadmap_row, text="Effect", source_section="§4.4")
    world.principle = SteeringPrinciple.objects.create(number=1, text="Principe", source_section="Bijlage 2")
    team = Team.objects.create(code="matrix-roadmap-team", name="Matrix Team", level=Team.Level.OPERATIONAL)
    world.means = Means.objects.create(
        horizon=horizon, team=team, kind=Means.Kind.KNOWLEDGE, description="Kennis", source="§4.2"
    )


def _indicator(world):
    return {"code": world.indicator.code}


def _target(world):
    return {"pk": world.target.pk}


def _draft(world):
    return {"pk": world.draft_value.pk}


def _period(world):
    return {"pk": world.period.pk}


def _means(world):
    return {"pk": world.means.pk}


def _means_form(world):
    return {
        "horizon": world.means.horizon_id,
        "team": world.means.team_id,
        "kind": "money",
        "description": "Investeringsmiddelen",
        "amount": "250000",
        "source": "KBO-besluit",
        "version": world.means.version,
    }


def _value_form(world):
    unit = world.indicator.unit
    return {"mv-value": "-7", "mv-unit": unit, "mv-date": "2024-01-31", "mv-source": "Monitor"}


def _period_form(world):
    return {"label": "matrix-2031", "start": "2031-01-01", "end": "2031-12-31"}


ROUTES = [
    Route("roadmap:roadmap"),
    Route(
        "roadmap:effect-goal-availability",
        kwargs=lambda w: {"pk": w.effect_goal.pk},
        methods=("POST",),
        data=lambda w: {
            f"g{w.effect_goal.pk}-data_availability": "partial",
            f"g{w.effect_goal.pk}-availability_source": "CBS Monitor",
            f"g{w.effect_goal.pk}-availability_date": "2020-10-15",
        },
    ),
    Route("roadmap:data-availability"),
    Route("roadmap:effect-goal-history", kwargs=lambda w: {"pk": w.effect_goal.pk}),
    Route("roadmap:means-list"),
    Route("roadmap:means-create", methods=("POST",), data=_means_form),
    Route("roadmap:means-edit", kwargs=_means, methods=("GET", "POST"), data=_means_form),
    Route(
        "roadmap:means-delete", kwargs=_means, methods=("POST",), data=lambda w: {"version": w.means.version}
    ),
    Route("roadmap:means-history", kwargs=_means),
    Route("roadmap:indicator-settings-list"),
    Route(
        "roadmap:indicator-settings",
        kwargs=_indicator,
        methods=("GET", "POST"),
        data=lambda w: {
            "target_value": "-2000",
            "target_by_date": "2023-12-31",
            "baseline": "0",
            "measurement_start": "2019-01-01",
            "measurement_end": "2023-12-31",
            "reason": "Herijking",
            "version": w.indicator.version,
        },
    ),
    Route("roadmap:roadmap-export"),
    Route("roadmap:indicator-list-export"),
    Route("roadmap:indicator-list-export-csv"),
    Route("roadmap:indicator-list"),
    Route("roadmap:indicator-detail", kwargs=_indicator),
    Route(
        "roadmap:value-create",
        kwargs=_indicator,
        obj=lambda w: w.indicator,
        methods=("POST",),
        data=_value_form,
    ),
    Route(
        "roadmap:target-create",
        kwargs=_indicator,
        methods=("GET", "POST"),
        data=lambda w: {"value": "5", "by_date": "2025-01-01", "scope": "programme"},
    ),
    Route(
        "roadmap:baseline-edit",
        kwargs=_indicator,
        methods=("GET", "POST"),
        data=lambda w: {"baseline": "1", "reason": "Nulmeting", "version": w.indicator.version},
    ),
    Route("roadmap:indicator-export", kwargs=_indicator),
    Route("roadmap:indicator-history", kwargs=_indicator),
    Route(
        "roadmap:target-edit",
        kwargs=_target,
        methods=("GET", "POST"),
        data=lambda w: {
            "value": "-2000",
            "by_date": "2023-12-31",
            "reason": "Herijking",
            "version": w.target.version,
        },
    ),
    Route("roadmap:target-history", kwargs=_target),
    Route(
        "roadmap:value-review",
        kwargs=_draft,
        obj=lambda w: w.draft_value,
        methods=("POST",),
        data=lambda w: {"decision": "approve"},
    ),
    Route("roadmap:value-history", kwargs=_draft, obj=lambda w: w.draft_value),
    Route("roadmap:period-list"),
    Route("roadmap:period-create", methods=("POST",), data=_period_form),
    Route("roadmap:period-lock", kwargs=_period, methods=("POST",)),
    # API
    Route("roadmap-api:means-list"),
    Route("roadmap-api:means-detail", kwargs=_means),
    Route("roadmap-api:change-strategy-list"),
    Route("roadmap-api:change-strategy-detail", kwargs=lambda w: {"pk": w.change_strategy.pk}),
    Route("roadmap-api:roadmap-row-list"),
    Route("roadmap-api:roadmap-row-detail", kwargs=lambda w: {"pk": w.roadmap_row.pk}),
    Route("roadmap-api:principle-list"),
    Route("roadmap-api:principle-detail", kwargs=lambda w: {"pk": w.principle.pk}),
    Route("roadmap-api:indicator-list"),
    Route("roadmap-api:indicator-detail", kwargs=_indicator),
    Route(
        "roadmap-api:target-list",
        methods=("GET", "POST"),
        data=lambda w: {"indicator": w.indicator.code, "value": "1", "by_date": "2025-01-01"},
    ),
    Route(
        "roadmap-api:target-detail",
        kwargs=_target,
        methods=("GET", "PATCH"),
        data=lambda w: {"value": "-2000", "reason": "Herijking", "version": w.target.version},
    ),
    Route("roadmap-api:value-list"),
    Route(
        "roadmap-api:value-list",
        obj=lambda w: w.indicator,
        methods=("POST",),
        data=lambda w: {
            "indicator": w.indicator.code,
            "value": "-7",
            "unit": w.indicator.unit,
            "date": "2024-01-31",
            "source": "Monitor",
        },
    ),
    Route("roadmap-api:value-detail", kwargs=_draft, obj=lambda w: w.draft_value),
    Route(
        "roadmap-api:value-review",
        kwargs=_draft,
        obj=lambda w: w.draft_value,
        methods=("POST",),
        data=lambda w: {"decision": "approve"},
    ),
    Route("roadmap-api:period-list", methods=("GET", "POST"), data=_period_form),
    Route("roadmap-api:period-detail", kwargs=_period),
    Route("roadmap-api:period-lock", kwargs=_period, methods=("POST",)),
]

EXPECTED = {
    "view_roadmap": Expect(EVERYONE),
    "view_drafts": Expect(PROGRAMME_ROLES),
    "view_value": Expect(
        PROGRAMME_ROLES,
        obj=lambda w: w.draft_value,
        foreign=EVERYONE,
        foreign_obj=lambda w: w.approved_value,
    ),
    "enter_values": Expect(
        {Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD},
        obj=lambda w: w.indicator,
        foreign=OFFICE,
        foreign_obj=lambda w: w.foreign_indicator,
    ),
    # The reviewer of the world's indicator; the office only where an indicator has no reviewer. Nobody
    # reviews a value they entered (the project lead entered the world's draft).
    "review_value": Expect(
        {Role.STEERING_TEAM},
        obj=lambda w: w.draft_value,
        foreign=OFFICE,
        foreign_obj=lambda w: w.foreign_draft,
    ),
    "edit_targets": Expect(OFFICE),
    "edit_baseline": Expect(OFFICE),
    "manage_periods": Expect(OFFICE),
    "set_data_availability": Expect(OFFICE),
    "manage_means": Expect(OFFICE),
}
