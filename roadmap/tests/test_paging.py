"""An indicator page lists its measured values a page at a time (issue 17), newest first."""

import pytest

from accounts.authorization import can
from accounts.roles import Role
from regiekamer import pagination
from roadmap import selectors

from .test_query_counts import _add_indicator, _add_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(user_for):
    from accounts.testing import make_user

    return {
        "owner": user_for(Role.PROJECT_LEAD),
        "reviewer": user_for(Role.STEERING_TEAM),
        "other": make_user(Role.TEAM_LEAD, username="paging-other"),
    }


@pytest.fixture
def scopes(catalogue):
    import datetime

    from catalogue.models import ProductCluster
    from programme.tests.factories import TeamFactory
    from roadmap.models import ReportingPeriod

    return {
        "team": TeamFactory(),
        "cluster": ProductCluster.objects.order_by("pk").first(),
        "period": ReportingPeriod.objects.create(
            label="2021", start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31), locked=True
        ),
    }


def test_indicator_page_shows_a_page_of_values(client, user_for, people, scopes, monkeypatch):
    monkeypatch.setattr(pagination, "HTML_PAGE_SIZE", 4)
    indicator = _add_indicator(1, people=people, scopes=scopes)
    _add_values(indicator, 4, people=people, scopes=scopes)  # 7 values in all, drafts included
    user = user_for(Role.STEERING_TEAM)
    client.force_login(user)
    url = indicator.get_absolute_url()

    first = client.get(url)
    newest = list(selectors.values_for(indicator, drafts=can(user, "roadmap.view_drafts")))
    assert len(newest) > 4
    assert list(first.context["values"]) == newest[:4]
    assert 'data-testid="pager"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert list(second.context["values"]) == newest[4:]


def _plan(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_values_are_read_a_page_at_a_time_through_the_index_of_their_order(people, scopes):
    """The API's list of every value and an indicator's page walk roadmap_value_order_idx and stop after the
    page: no sort of every value first (the API took 23 -> 94 ms from 10,000 to 100,000 values)."""
    from django.db import connection

    first, second = (_add_indicator(n, people=people, scopes=scopes) for n in (1, 2))
    for indicator in (second, first):
        _add_values(indicator, 4, people=people, scopes=scopes)
    every = list(selectors.value_list(drafts=True))
    assert [(v.indicator_id, v.date, v.pk) for v in every] == sorted(
        (v.indicator_id, v.date, v.pk) for v in every
    )
    assert len(every) > len(list(selectors.value_list(drafts=False)))  # drafts only for the programme roles
    if connection.vendor != "sqlite":
        return  # the plan below is SQLite's
    for queryset in (selectors.value_list(drafts=True), selectors.values_for(first, drafts=True)):
        plan = _plan(queryset[:50])
        assert "roadmap_value_order_idx" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
