"""The reporting periods and the indicator-settings list ask the database the same number of questions on a
few and on many periods or indicators (issue 13 item 8): more periods locked by different people, more
indicators with programme, team and cluster targets and their measured values add rows, not queries."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from roadmap import services
from roadmap.models import Indicator

from . import test_query_counts as counts

pytestmark = pytest.mark.django_db
# The indicators of the roadmap page counts, grown the same way (owners, reviewers, targets and values).
people = counts.people
scopes = counts.scopes


def _captured(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _assert_same(small: list[str], grown: list[str]) -> None:
    added = Counter(q[:160] for q in grown) - Counter(q[:160] for q in small)
    assert len(grown) == len(small), f"{len(small)} -> {len(grown)} queries; added: {dict(added)}"


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.READER])
def test_period_list_does_not_grow_with_the_periods(client, user_for, role):
    office = user_for(Role.PROGRAMME_OFFICE)
    lockers = [office, make_user(Role.PROGRAMME_OFFICE, username="periods-second-office")]

    def add(year: int) -> None:
        period = services.reporting_period_create(
            actor=office, label=str(year), start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
        )
        if year % 3:  # locked by one of two people, or still open
            services.reporting_period_lock(period=period, actor=lockers[year % 2])

    add(2001)
    client.force_login(user_for(role))
    url = reverse("roadmap:period-list")
    _captured(client, url)  # warm the session and the caches
    small = _captured(client, url)
    for year in range(2002, 2016):
        add(year)
    _assert_same(small, _captured(client, url))


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.READER])
def test_indicator_settings_list_does_not_grow_with_the_indicators(client, user_for, people, scopes, role):
    for n in range(2):
        counts._add_indicator(n, people=people, scopes=scopes)
    client.force_login(user_for(role))
    url = reverse("roadmap:indicator-settings-list")
    _captured(client, url)
    small = _captured(client, url)
    for n in range(2, 16):
        counts._add_indicator(n, people=people, scopes=scopes)
    assert Indicator.objects.count() == 16
    _assert_same(small, _captured(client, url))
