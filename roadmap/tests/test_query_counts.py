"""The roadmap pages cost the same number of queries however many indicators and values there are: each page
is rendered on a small and on a grown data set and the counts compared (an N+1 makes them differ)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.roles import Role
from accounts.testing import make_user
from catalogue.models import ProductCluster
from programme.reference import ensure_horizons
from programme.tests.factories import TeamFactory
from roadmap import demo, services
from roadmap.models import Indicator, MeasuredValue, ReportingPeriod, Target

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db
HORIZONS = ["0-1m", "0-3m", "0-1y", "0-2y", "0-5y", "0-10y", "0-20y", "0-50y"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def people(user_for):
    """The owner, the reviewer and a second person who enters values (each with a distinct account)."""
    return {
        "owner": user_for(Role.PROJECT_LEAD),
        "reviewer": user_for(Role.STEERING_TEAM),
        "other": make_user(Role.TEAM_LEAD, username="counts-other"),
    }


@pytest.fixture
def scopes(catalogue):
    return {
        "team": TeamFactory(),
        "cluster": ProductCluster.objects.order_by("pk").first(),
        "period": ReportingPeriod.objects.create(
            label="2021", start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31), locked=True
        ),
    }


def _add_values(indicator: Indicator, count: int, *, people, scopes) -> None:
    """`count` values of every kind the page shows: approved, draft and rejected; per team, per cluster and
    for the programme; in a locked period or none; entered and reviewed by different people."""
    statuses = list(MeasuredValue.Status)
    for i in range(count):
        status = statuses[i % len(statuses)]
        MeasuredValue.objects.create(
            indicator=indicator,
            value=Decimal(i + 1),
            unit=indicator.unit,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i * 7),
            period=scopes["period"] if i % 2 else None,
            team=scopes["team"] if i % 3 == 1 else None,
            cluster=scopes["cluster"] if i % 3 == 2 else None,
            source=f"Bron {i}",
            status=status,
            entered_by=people["owner"] if i % 2 else people["other"],
            reviewed_by=None if status == MeasuredValue.Status.DRAFT else people["reviewer"],
        )
    services.indicator_days_rebuild()  # approved without the review service, which keeps the days


def _add_indicator(n: int, *, people, scopes) -> Indicator:
    """An indicator on its own horizon with a programme, a team and a cluster target and a few values."""
    horizons = ensure_horizons()
    indicator = IndicatorFactory(
        code=f"counts-{n}",
        horizon=horizons[HORIZONS[n % len(HORIZONS)]],
        owner=people["owner"] if n % 2 else people["other"],
        reviewer=people["reviewer"],
        baseline=Decimal(100),
        direction=Indicator.Direction.HIGHER,
    )
    Target.objects.create(indicator=indicator, value=Decimal(200), by_date=datetime.date(2025, 12, 31))
    Target.objects.create(
        indicator=indicator,
        value=Decimal(50),
        by_date=datetime.date(2025, 12, 31),
        scope=Target.Scope.TEAM,
        team=scopes["team"],
    )
    Target.objects.create(
        indicator=indicator,
        value=None,
        by_date=datetime.date(2030, 12, 31),
        scope=Target.Scope.CLUSTER,
        cluster=scopes["cluster"],
    )
    _add_values(indicator, 3, people=people, scopes=scopes)
    return indicator


@pytest.mark.parametrize("role", [Role.STEERING_TEAM, Role.PROGRAMME_OFFICE, Role.READER])
def test_indicator_page_does_not_grow_with_its_values(client, user_for, people, scopes, role):
    indicator = _add_indicator(1, people=people, scopes=scopes)
    client.force_login(user_for(role))
    url = indicator.get_absolute_url()
    _queries(client, url)  # warm the session and the content types
    small = _queries(client, url)
    _add_values(indicator, 18, people=people, scopes=scopes)
    assert indicator.values.count() == 21
    assert _queries(client, url) == small


@pytest.fixture
def goal_system():
    out = io.StringIO()
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)


@pytest.mark.parametrize("page", ["roadmap:roadmap", "roadmap:indicator-list"])
def test_list_pages_do_not_grow_with_the_indicators(client, user_for, goal_system, people, scopes, page):
    MeasuredValue.objects.all().delete()
    Indicator.objects.all().delete()  # the demo's lanes, strategies, rows and principles stay
    for n in range(2):
        _add_indicator(n, people=people, scopes=scopes)
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    url = reverse(page)
    _queries(client, url)
    small = _queries(client, url)
    for n in range(2, 20):
        _add_indicator(n, people=people, scopes=scopes)
    assert Indicator.objects.count() == 20
    assert _queries(client, url) == small
