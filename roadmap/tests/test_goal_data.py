"""Goal data (issue 18 item 1): raw-data availability with its source and date, means per horizon and team
with the parties that mobilise them and their money totals, and an indicator's target, baseline and
measurement period set from one page with a reason. Expected figures are computed by hand in each test."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from programme.models import Team, ZichtlijnEntry
from programme.reference import ensure_horizons
from regiekamer.concurrency import EditConflict
from roadmap import means, services
from roadmap.models import EffectGoal, Indicator, Means, RoadmapRow, Target

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 1)


@pytest.fixture
def horizon():
    return ensure_horizons()["0-5y"]


@pytest.fixture
def goal(horizon):
    row = RoadmapRow.objects.create(
        horizon=horizon, activities="A", performance_goals="P", source_section="§4.4"
    )
    return EffectGoal.objects.create(row=row, text="Grondstoffenproductiviteit", source_section="§4.4")


@pytest.fixture
def team():
    return Team.objects.create(code="realisatie-t", name="Team Realisatie T", level=Team.Level.OPERATIONAL)


@pytest.fixture
def parties(team):
    course_setter = ZichtlijnEntry.objects.create(
        team=team, kind=ZichtlijnEntry.Kind.COURSE_SETTER, text="FME"
    )
    key_player = ZichtlijnEntry.objects.create(
        team=team, kind=ZichtlijnEntry.Kind.KEY_PLAYER, text="Financiers"
    )
    resource = ZichtlijnEntry.objects.create(team=team, kind=ZichtlijnEntry.Kind.RESOURCE, text="Middelen")
    return course_setter, key_player, resource


# --- raw-data availability ---


def test_availability_with_source_and_date_is_kept_with_its_history(goal, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    services.effect_goal_availability_set(
        goal=goal,
        availability="partial",
        source="CBS Materiaalmonitor",
        date=datetime.date(2020, 10, 15),
        actor=office,
        today=TODAY,
    )
    goal.refresh_from_db()
    assert (goal.data_availability, goal.availability_source, goal.availability_date) == (
        "partial",
        "CBS Materiaalmonitor",
        datetime.date(2020, 10, 15),
    )
    last = goal.history.first()
    assert last.data_availability == "partial" and last.history_user == office


@pytest.mark.parametrize(
    ("source", "date", "field"),
    [
        ("", datetime.date(2020, 1, 1), "availability_source"),
        ("   ", datetime.date(2020, 1, 1), "availability_source"),
        ("CBS", None, "availability_date"),
        ("CBS", datetime.date(2024, 6, 2), "availability_date"),  # the day after TODAY
    ],
)
def test_availability_without_source_or_date_is_refused_naming_the_field(goal, user_for, source, date, field):
    with pytest.raises(ValidationError) as error:
        services.effect_goal_availability_set(
            goal=goal,
            availability="available",
            source=source,
            date=date,
            actor=user_for(Role.PROGRAMME_OFFICE),
            today=TODAY,
        )
    assert list(error.value.message_dict) == [field]
    goal.refresh_from_db()
    assert goal.data_availability == "unknown"


def test_back_to_not_assessed_clears_source_and_date(goal, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    services.effect_goal_availability_set(
        goal=goal, availability="available", source="CBS", date=datetime.date(2020, 1, 1), actor=office
    )
    services.effect_goal_availability_set(goal=goal, availability="unknown", source="CBS", actor=office)
    goal.refresh_from_db()
    assert (goal.data_availability, goal.availability_source, goal.availability_date) == ("unknown", "", None)


def test_availability_screen_refuses_without_source_and_shows_it_on_roadmap_and_dashboard(
    client, user_for, goal
):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    url = reverse("roadmap:effect-goal-availability", args=[goal.pk])
    prefix = f"g{goal.pk}"
    refused = client.post(
        url, {f"{prefix}-data_availability": "available", f"{prefix}-availability_date": "2020-10-15"}
    )
    assert refused.status_code == 400
    assert "Name the source that says how far the raw data is available." in refused.content.decode()
    saved = client.post(
        url,
        {
            f"{prefix}-data_availability": "available",
            f"{prefix}-availability_source": "CBS Materiaalmonitor",
            f"{prefix}-availability_date": "2020-10-15",
        },
    )
    assert saved.status_code == 302
    client.force_login(user_for(Role.READER))
    for page in (reverse("roadmap:roadmap"), reverse("dashboard:dashboard")):
        html = client.get(page).content.decode()
        assert f'data-testid="availability-{goal.pk}"' in html
        assert "CBS Materiaalmonitor, 10/15/2020" in html  # English date format in the English test language


# --- means ---


def test_money_total_counts_money_only_and_unknown_amounts_apart():
    items = [
        means.Item(kind="money", amount=D("250000.00"), horizon=1, team=1),
        means.Item(kind="money", amount=D("125000.50"), horizon=1, team=2),
        means.Item(kind="money", amount=None, horizon=2, team=1),
        means.Item(kind="knowledge", amount=None, horizon=1, team=1),
    ]
    total = means.money_total(items)
    # 250,000.00 + 125,000.50 = 375,000.50; one money item has no amount; knowledge does not count.
    assert (total.total, total.items, total.without_amount) == (D("375000.50"), 3, 1)
    by_team = means.money_by(items, key="team")
    assert by_team[1].total == D("250000.00") and by_team[1].without_amount == 1
    assert by_team[2].total == D("125000.50")
    by_horizon = means.money_by(items, key="horizon")
    assert by_horizon[2].any and by_horizon[2].total == D("0")


def test_means_are_recorded_with_the_parties_that_mobilise_them(user_for, horizon, team, parties):
    course_setter, key_player, _resource = parties
    item = services.means_create(
        actor=user_for(Role.PROGRAMME_OFFICE),
        horizon=horizon,
        team=team,
        kind="money",
        description="Investeringsfonds circulaire ketens",
        amount=D("250000"),
        source="KBO Realisatie, besluit 3",
        mobilised_by=[course_setter, key_player],
    )
    assert set(item.mobilised_by.all()) == {course_setter, key_player}
    audited = item.history.first()  # the audit trail keeps who mobilises them too
    assert {row.zichtlijnentry_id for row in audited.mobilised_by.all()} == {course_setter.pk, key_player.pk}


def test_the_api_lists_means_with_their_parties_filtered_by_kind(client, user_for, horizon, team, parties):
    course_setter, _key_player, _resource = parties
    office = user_for(Role.PROGRAMME_OFFICE)
    services.means_create(
        actor=office,
        horizon=horizon,
        team=team,
        kind="money",
        description="Fonds",
        amount=D("250000.50"),
        source="KBO",
        mobilised_by=[course_setter],
    )
    services.means_create(
        actor=office, horizon=horizon, team=team, kind="knowledge", description="Lectoraat", source="KBO"
    )
    client.force_login(user_for(Role.READER))
    data = client.get("/api/roadmap/means/", {"kind": "money"}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [(r["description"], r["amount"], r["team"], r["mobilised_by"]) for r in rows] == [
        ("Fonds", "250000.50", team.code, [str(course_setter)])
    ]


@pytest.mark.parametrize(
    ("kind", "amount", "field"),
    [
        ("knowledge", D("10"), "amount"),  # only money has an amount
        ("money", D("-1"), "amount"),
        ("gold", None, "kind"),
    ],
)
def test_means_with_a_bad_amount_or_kind_are_refused(user_for, horizon, team, kind, amount, field):
    with pytest.raises(ValidationError) as error:
        services.means_create(
            actor=user_for(Role.PROGRAMME_OFFICE),
            horizon=horizon,
            team=team,
            kind=kind,
            description="Middelen",
            amount=amount,
            source="KBO",
        )
    assert field in error.value.message_dict
    assert not Means.objects.exists()


def test_means_mobilised_by_another_teams_party_or_a_resource_line_are_refused(
    user_for, horizon, team, parties
):
    other = Team.objects.create(code="other-t", name="Ander team", level=Team.Level.OPERATIONAL)
    foreign = ZichtlijnEntry.objects.create(
        team=other, kind=ZichtlijnEntry.Kind.COURSE_SETTER, text="Provincies"
    )
    for party in (foreign, parties[2]):
        with pytest.raises(ValidationError) as error:
            services.means_create(
                actor=user_for(Role.PROGRAMME_OFFICE),
                horizon=horizon,
                team=team,
                kind="people",
                description="Projectleiders",
                source="KBO",
                mobilised_by=[party],
            )
        assert list(error.value.message_dict) == ["mobilised_by"]


def test_means_page_totals_money_in_dutch_and_team_page_shows_them(client, user_for, horizon, team, parties):
    office = user_for(Role.PROGRAMME_OFFICE)
    for amount in (D("250000"), D("125000.50"), None):
        services.means_create(
            actor=office,
            horizon=horizon,
            team=team,
            kind="money",
            description="Geld",
            amount=amount,
            source="KBO",
        )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("roadmap:means-list")).content.decode()
    # 250.000,00 + 125.000,50 = 375.000,50 in Dutch notation, the unknown amount counted apart.
    assert "€&nbsp;375.000,50" in page and "1 regel zonder bedrag" in page
    team_page = client.get(team.get_absolute_url()).content.decode()
    assert 'data-testid="team-money"' in team_page and "€&nbsp;375.000,50" in team_page
    lane = client.get(reverse("roadmap:roadmap")).content.decode()
    assert "€&nbsp;375.000,50" in lane


def test_means_page_queries_do_not_grow_with_the_number_of_means(client, user_for, horizon, team, parties):
    office = user_for(Role.PROGRAMME_OFFICE)
    client.force_login(office)

    def add(n):
        for i in range(n):
            services.means_create(
                actor=office,
                horizon=horizon,
                team=team,
                kind="money",
                description=f"Geld {i}",
                amount=D(i),
                source="KBO",
                mobilised_by=[parties[0]],
            )

    add(1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("roadmap:means-list"))
    add(5)
    with CaptureQueriesContext(connection) as grown:
        client.get(reverse("roadmap:means-list"))
    assert len(small) == len(grown)


def test_means_change_is_audited_and_a_stale_version_refused(user_for, horizon, team, parties):
    office = user_for(Role.PROGRAMME_OFFICE)
    item = services.means_create(
        actor=office, horizon=horizon, team=team, kind="knowledge", description="Kennis", source="§4.2"
    )
    services.means_update(
        item=item,
        expected_version=1,
        actor=office,
        horizon=horizon,
        team=team,
        kind="knowledge",
        description="Kennis over retourlogistiek",
        source="§4.2",
        mobilised_by=[parties[0]],
    )
    # (the change of parties adds a record of its own: the first three rows are create, update, parties)
    assert [h.description for h in item.history.order_by("history_date", "history_id")] == [
        "Kennis",
        "Kennis over retourlogistiek",
        "Kennis over retourlogistiek",
    ]
    with pytest.raises(EditConflict):
        services.means_delete(item=item, expected_version=1, actor=office)
    pk = item.pk
    services.means_delete(item=item, expected_version=2, actor=office)
    assert not Means.objects.exists() and Means.history.filter(id=pk).first().history_type == "-"


# --- target, baseline and measurement period ---


@pytest.fixture
def indicator():
    return IndicatorFactory(code="waardebehoud", baseline=D("0"))


def test_settings_create_a_target_where_none_was_with_the_reason(indicator, user_for):
    services.indicator_goal_settings_update(
        indicator=indicator,
        expected_version=indicator.version,
        actor=user_for(Role.PROGRAMME_OFFICE),
        reason="KBO 12-2020: doel vastgesteld",
        target_value=D("40"),
        target_by_date=datetime.date(2023, 12, 31),
        baseline=D("5"),
        baseline_date=datetime.date(2019, 1, 1),
        measurement_start=datetime.date(2019, 1, 1),
        measurement_end=datetime.date(2023, 12, 31),
        measurement_frequency="quarter",
    )
    target = Target.objects.get(indicator=indicator, scope=Target.Scope.PROGRAMME)
    assert (target.value, target.by_date) == (D("40"), datetime.date(2023, 12, 31))
    assert target.history.first().history_change_reason == "KBO 12-2020: doel vastgesteld"
    indicator.refresh_from_db()
    assert (indicator.baseline, indicator.measurement_frequency) == (D("5"), "quarter")
    assert indicator.measurement_end == datetime.date(2023, 12, 31)
    reasons = {h.history_change_reason for h in indicator.history.all()[:2]}
    assert reasons == {"KBO 12-2020: doel vastgesteld"}


def test_settings_change_an_existing_target_through_the_target_change_path(indicator, user_for):
    target = Target.objects.create(indicator=indicator, value=D("10"), by_date=datetime.date(2023, 12, 31))
    services.indicator_goal_settings_update(
        indicator=indicator,
        expected_version=indicator.version,
        actor=user_for(Role.PROGRAMME_OFFICE),
        reason="Herijking",
        target_value=D("12"),
        target_by_date=datetime.date(2023, 12, 31),
        baseline=D("0"),
        baseline_date=None,
        measurement_start=None,
        measurement_end=None,
        measurement_frequency="",
    )
    target.refresh_from_db()
    assert (target.value, target.version) == (D("12"), 2)
    assert target.history.first().history_change_reason == "Herijking"
    assert Indicator.objects.get(pk=indicator.pk).version == 1  # nothing of the indicator itself changed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "  "}, "reason"),
        (
            {"measurement_start": datetime.date(2023, 1, 1), "measurement_end": datetime.date(2022, 12, 31)},
            "measurement_end",
        ),
        ({"target_value": D("3"), "target_by_date": None}, "target_by_date"),
        ({"measurement_frequency": "decade"}, "measurement_frequency"),
    ],
)
def test_settings_refused_naming_the_field(indicator, user_for, changes, field):
    arguments = {
        "reason": "Herijking",
        "target_value": None,
        "target_by_date": None,
        "baseline": D("1"),
        "baseline_date": None,
        "measurement_start": None,
        "measurement_end": None,
        "measurement_frequency": "",
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.indicator_goal_settings_update(
            indicator=indicator,
            expected_version=indicator.version,
            actor=user_for(Role.PROGRAMME_OFFICE),
            **arguments,
        )
    assert field in error.value.message_dict
    indicator.refresh_from_db()
    assert indicator.baseline == D("0") and not indicator.targets.exists()


def test_settings_page_refuses_a_change_without_a_reason(client, user_for, indicator):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    response = client.post(
        reverse("roadmap:indicator-settings", args=[indicator.code]),
        {"target_value": "40", "target_by_date": "2023-12-31", "baseline": "0", "version": indicator.version},
    )
    assert response.status_code == 400
    assert not indicator.targets.exists()
    assert (
        'id="id_reason"' in response.content.decode()
        and "This field is required." in response.content.decode()
    )
