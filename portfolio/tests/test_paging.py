"""The portfolio list is paged on the server (issue 17): one page of rows, the filters and sort kept in the
pager's links, the phase counts over every matching project counted by the database."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from regiekamer import pagination

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_a_page(monkeypatch):
    monkeypatch.setattr(pagination, "HTML_PAGE_SIZE", 5)


def _numbers(response) -> list[str]:
    return [project.number for project in response.context["projects"]]


def test_the_list_shows_one_page_and_counts_every_project(client, user_for, team, five_a_page):
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    projects = [
        factories.project(
            user_for,
            team_obj=team if index < 7 else other,
            title=f"Project {chr(ord('A') + (index * 5) % 9)}{index}",
            due_date=datetime.date(2030, 1, 1 + index),
        )
        for index in range(9)
    ]
    login_as(client, user_for, Role.READER)

    first = client.get(reverse("portfolio:list"), {"team": team.code, "sort": "title"})

    mine = sorted((p for p in projects if p.team_id == team.pk), key=lambda p: p.title)
    assert _numbers(first) == [p.number for p in mine[:5]]
    assert first.context["page"].paginator.count == 7
    assert dict((state.code, n) for state, n in first.context["phase_counts"])["initiation"] == 7
    content = first.content.decode()
    assert 'data-testid="pager"' in content
    assert "team=teamcode&amp;sort=title&amp;page=2".replace("teamcode", team.code) in content

    second = client.get(reverse("portfolio:list"), {"team": team.code, "sort": "title", "page": 2})
    assert _numbers(second) == [p.number for p in mine[5:]]
    assert dict((state.code, n) for state, n in second.context["phase_counts"])["initiation"] == 7

    latest_due = client.get(reverse("portfolio:list"), {"sort": "-due_date"})
    assert _numbers(latest_due) == [p.number for p in projects[::-1][:5]]
    # A page past the end shows the last one, not an error.
    assert _numbers(client.get(reverse("portfolio:list"), {"page": 99})) == [p.number for p in projects[5:]]


def test_one_page_fits_without_a_pager(client, user_for, project, five_a_page):
    login_as(client, user_for, Role.READER)
    content = client.get(reverse("portfolio:list")).content.decode()
    assert 'data-testid="pager"' not in content
    assert 'data-testid="portfolio-count"' in content


def test_the_cluster_filter_lists_and_counts_a_project_once_and_only_it_needs_distinct(
    client, user_for, team
):
    """A project in two clusters is one row and one count under the filter of one of them; the list without
    a filter over a many-valued relation is not DISTINCT (that made the database sort the whole portfolio to
    count it and to cut a page)."""
    from catalogue.models import ProductCluster

    metals = ProductCluster.objects.create(code="metalen", name="Metalen")
    other = ProductCluster.objects.create(code="kunststoffen", name="Kunststoffen")
    both = factories.project(user_for, team_obj=team, title="In twee clusters")
    both.clusters.set([metals, other])
    factories.project(user_for, team_obj=team, title="Zonder cluster")
    login_as(client, user_for, Role.READER)

    filtered = client.get(reverse("portfolio:list"), {"cluster": "metalen"})
    unfiltered = client.get(reverse("portfolio:list"), {"team": team.code})

    assert _numbers(filtered) == [both.number]
    assert filtered.context["page"].paginator.count == 1
    assert sum(n for _state, n in filtered.context["phase_counts"]) == 1
    assert unfiltered.context["page"].paginator.count == 2
    assert sum(n for _state, n in unfiltered.context["phase_counts"]) == 2
    assert not unfiltered.context["page"].paginator.object_list.query.distinct
