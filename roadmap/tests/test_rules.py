import datetime
import io
import random
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import demo as accounts_demo
from accounts.roles import Role
from catalogue.models import ProductCluster
from programme.tests.factories import TeamFactory
from roadmap import demo, progress, selectors, services
from roadmap.models import (
    ChangeStrategy,
    EffectGoal,
    Indicator,
    IndicatorDay,
    MeasuredValue,
    RoadmapRow,
    SteeringPrinciple,
    Target,
)

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 6, 1)


@pytest.fixture
def indicator(user_for):
    return IndicatorFactory(owner=user_for(Role.PROJECT_LEAD), reviewer=user_for(Role.STEERING_TEAM))


def enter(indicator, user, **kw):
    args = {
        "value": D(-100),
        "unit": indicator.unit,
        "date": datetime.date(2024, 1, 31),
        "source": "Impactsheet",
        "today": TODAY,
    }
    args.update(kw)
    return services.measured_value_enter(indicator=indicator, actor=user, **args)


def test_value_is_draft_until_reviewer_approves_and_only_approved_counts(indicator, user_for):
    owner, reviewer = user_for(Role.PROJECT_LEAD), user_for(Role.STEERING_TEAM)
    value = enter(indicator, owner)
    assert value.status == MeasuredValue.Status.DRAFT
    assert selectors.indicator_progress(indicator, as_of=TODAY).current is None
    services.measured_value_review(measured_value=value, actor=reviewer, approve=True)
    assert selectors.indicator_progress(indicator, as_of=TODAY).current == D(-100)
    rejected = enter(indicator, owner, value=D(-999), date=datetime.date(2024, 2, 28))
    services.measured_value_review(measured_value=rejected, actor=reviewer, approve=False)
    assert selectors.indicator_progress(indicator, as_of=TODAY).current == D(-100)


def test_only_owner_enters_and_only_reviewer_approves(indicator, user_for):
    with pytest.raises(PermissionDenied):
        enter(indicator, user_for(Role.READER))
    value = enter(indicator, user_for(Role.PROJECT_LEAD))
    with pytest.raises(PermissionDenied):
        services.measured_value_review(measured_value=value, actor=user_for(Role.PROJECT_LEAD), approve=True)
    with pytest.raises(PermissionDenied):
        services.measured_value_review(measured_value=value, actor=user_for(Role.READER), approve=True)


def test_office_may_not_approve_its_own_value(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    indicator = IndicatorFactory(owner=office, reviewer=None)
    value = enter(indicator, office)
    with pytest.raises(PermissionDenied):
        services.measured_value_review(measured_value=value, actor=office, approve=True)


def test_wrong_unit_and_future_date_are_refused(indicator, user_for):
    owner = user_for(Role.PROJECT_LEAD)
    with pytest.raises(ValidationError) as excinfo:
        enter(indicator, owner, unit="Mt CO₂/jr")
    assert "unit" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        enter(indicator, owner, date=TODAY + datetime.timedelta(days=1))
    assert "date" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        enter(indicator, owner, source="")
    assert "source" in excinfo.value.message_dict


def test_locked_period_refuses_entry_and_approval(indicator, user_for):
    office, owner = user_for(Role.PROGRAMME_OFFICE), user_for(Role.PROJECT_LEAD)
    period = services.reporting_period_create(
        actor=office, label="2024-Q1", start=datetime.date(2024, 1, 1), end=datetime.date(2024, 3, 31)
    )
    draft = enter(indicator, owner)
    assert draft.period == period
    services.reporting_period_lock(period=period, actor=office)
    with pytest.raises(ValidationError):
        enter(indicator, owner, date=datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError):
        services.measured_value_review(measured_value=draft, actor=user_for(Role.STEERING_TEAM), approve=True)
    enter(indicator, owner, date=datetime.date(2024, 4, 1))  # the next period is open
    with pytest.raises(PermissionDenied):
        services.reporting_period_lock(period=period, actor=owner)


def test_approved_value_cannot_be_changed(indicator, user_for):
    owner = user_for(Role.PROJECT_LEAD)
    value = enter(indicator, owner)
    services.measured_value_update(
        measured_value=value,
        expected_version=value.version,
        actor=owner,
        value=D(-120),
        unit=indicator.unit,
        date=value.date,
        source="x",
        today=TODAY,
    )
    assert value.value == D(-120)
    services.measured_value_review(measured_value=value, actor=user_for(Role.STEERING_TEAM), approve=True)
    with pytest.raises(ValidationError):
        services.measured_value_update(
            measured_value=value,
            expected_version=value.version,
            actor=owner,
            value=D(-1),
            unit=indicator.unit,
            date=value.date,
            source="x",
            today=TODAY,
        )


def test_target_change_requires_reason_and_keeps_it(indicator, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    target = services.target_create(
        indicator=indicator, actor=office, value=D(-2313), by_date=datetime.date(2023, 12, 31)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.target_update(
            target=target,
            expected_version=target.version,
            actor=office,
            value=D(-2000),
            by_date=target.by_date,
            reason=" ",
        )
    assert "reason" in excinfo.value.message_dict
    services.target_update(
        target=target,
        expected_version=target.version,
        actor=office,
        value=D(-2000),
        by_date=target.by_date,
        reason="Herijking 2021",
    )
    assert target.history.first().history_change_reason == "Herijking 2021"
    services.indicator_baseline_update(
        indicator=indicator,
        expected_version=indicator.version,
        actor=office,
        baseline=D(5),
        baseline_date=datetime.date(2019, 1, 1),
        reason="Nulmeting",
    )
    assert indicator.history.first().history_change_reason == "Nulmeting"
    with pytest.raises(PermissionDenied):
        services.target_update(
            target=target,
            expected_version=target.version,
            actor=user_for(Role.TEAM_LEAD),
            value=D(1),
            by_date=target.by_date,
            reason="x",
        )


def test_target_scope_must_exist(indicator, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    with pytest.raises(ValidationError) as excinfo:
        services.target_create(indicator=indicator, actor=office, value=D(1), by_date=TODAY, scope="cluster")
    assert "cluster" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.target_create(indicator=indicator, actor=office, value=D(1), by_date=TODAY, scope="region")
    team = TeamFactory()
    target = services.target_create(
        indicator=indicator, actor=office, value=D(1), by_date=TODAY, scope="team", team=team
    )
    assert target.scope_label == team.name


def test_demo_goal_system():
    out = io.StringIO()
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)
    demo.load(stdout=out)
    assert ChangeStrategy.objects.count() == 18
    cell = ChangeStrategy.objects.get(pillar__code="realisatie", horizon__code="0-2y")
    assert (cell.title, cell.aim) == (
        "Ketensamenwerking",
        "We organiseren ketensamenwerking voor re-use, repair of recycle.",
    )
    assert RoadmapRow.objects.count() == 8
    assert EffectGoal.objects.count() == 1 + 7 * 3
    row = RoadmapRow.objects.get(horizon__code="0-3m")
    assert row.granularity_text == "LISA; vestigingen"
    assert row.effect_goals.get(dimension__code="E").text == "Nieuwe orders/omzet (PMI)"
    assert SteeringPrinciple.objects.count() == 10
    assert list(SteeringPrinciple.objects.get(number=6).horizons.values_list("code", flat=True)) == ["0-5y"]
    co2 = Target.objects.get(indicator__code="co2-impact")
    assert co2.value == D(-2313)
    assert Target.objects.get(indicator__code="value-added-impact").value == D(3157)
    assert Indicator.objects.filter(code__startswith="supply-risk-").count() == 5
    website = Indicator.objects.get(code="website-users")
    assert selectors.indicator_progress(website, as_of=datetime.date(2020, 7, 1)).current == D(706)


def test_targets_come_from_the_catalogue_figures(catalogue):
    """With the catalogue loaded, the stated targets are read from the §1.2.1 Totaal row in the database."""
    out = io.StringIO()
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)
    co2 = Target.objects.get(indicator__code="co2-impact")
    assert co2.value == D(-2313)
    # the 13 product-group rows add up to -2314 (rounding in the source table); the note says so
    assert co2.description == "Werkwijze UPCM §1.2.1, Totaal: -2313; som van de 13 productgroepen: -2314."
    assert Target.objects.get(indicator__code="value-added-impact").value == D(3157)
    assert Indicator.objects.get(code="supply-risk-sb").raw_material.symbol == "Sb"


@pytest.mark.parametrize(
    ("across", "over_time"),
    [("sum", "sum"), ("sum", "latest"), ("average", "cumulative"), ("count", "sum"), ("average", "sum")],
)
def test_daily_points_count_exactly_as_the_values_they_reduce(user_for, across, over_time):
    """The review service sums approved values up per scope and day as it approves them; progress computed
    from those days equals progress computed by the pure rule from every value, in entry order, and the
    days equal what a rebuild from the values gives."""
    rng = random.Random(f"{across}-{over_time}")
    indicator = IndicatorFactory(
        across_aggregation=across,
        time_aggregation=over_time,
        direction=Indicator.Direction.HIGHER,
        owner=user_for(Role.PROJECT_LEAD),
        reviewer=user_for(Role.STEERING_TEAM),
    )
    Target.objects.create(indicator=indicator, value=D(500), by_date=datetime.date(2025, 1, 1))
    team = TeamFactory()
    cluster = ProductCluster.objects.create(code="bench-c", name="Cluster")
    owner, reviewer = indicator.owner, indicator.reviewer
    for i in range(120):
        status = rng.choice(["approved", "approved", "draft"])
        value = enter(
            indicator,
            owner,
            value=D(rng.randint(-50, 100)),
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 9)),
            team=team if i % 3 == 1 else None,
            cluster=cluster if i % 3 == 2 else None,
        )
        if status == "approved":
            services.measured_value_review(measured_value=value, actor=reviewer, approve=True)
    raw = [
        progress.Point(v.date, v.value, selectors.scope_key(v.team_id, v.cluster_id))
        for v in MeasuredValue.objects.filter(indicator=indicator, status="approved").order_by("pk")
        if v.date <= TODAY
    ]
    assert len(raw) > 60
    points = selectors.daily_points([indicator], as_of=TODAY)[indicator.pk]
    assert len(points) < len(raw)  # some days hold several values of one scope
    assert sum(p.count for p in points) == len(raw)
    expected = progress.compute_progress(
        raw,
        across_method=across,
        time_method=over_time,
        direction=indicator.direction,
        baseline=indicator.baseline,
        target=D(500),
        by_date=datetime.date(2025, 1, 1),
        start_date=None,
        tolerance_pct=indicator.tolerance_pct,
        as_of=TODAY,
    )
    assert selectors.progress_by_indicator([indicator], as_of=TODAY)[indicator.pk] == expected
    in_cluster = [p for p in raw if p.scope == f"cluster:{cluster.pk}"]
    assert progress.aggregate(
        selectors.daily_points([indicator], as_of=TODAY, cluster=cluster)[indicator.pk],
        across_method=across,
        time_method=over_time,
    ) == progress.aggregate(in_cluster, across_method=across, time_method=over_time)
    kept = list(IndicatorDay.objects.order_by("scope", "date").values_list(*DAY_FIELDS))
    services.indicator_days_rebuild()
    assert kept == list(IndicatorDay.objects.order_by("scope", "date").values_list(*DAY_FIELDS))


DAY_FIELDS = ("indicator_id", "scope", "date", "total", "count", "last_value", "last_entry")
