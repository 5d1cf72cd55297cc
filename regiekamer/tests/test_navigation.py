"""The navigation shows each page to whom the page lets in: it asks the page's view (permission_required),
so it keeps no copy of the access rules."""

import pytest

from accounts.roles import Role
from regiekamer.navigation import nav_sections

pytestmark = pytest.mark.django_db


def _urls(user) -> set[str]:
    return {item["url"] for section in nav_sections(user) for item in section["items"]}


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            Role.READER,
            {"/stakeholders/", "/dashboard/", "/roadmap/"},
            {"/stakeholders/mendelow/", "/intake/"},
        ),
        (
            Role.APPLICANT,
            {"/intake/", "/dashboard/figures/"},
            {"/dashboard/", "/stakeholders/", "/intake/hand-over/"},
        ),
        (
            Role.PROGRAMME_OFFICE,
            {"/intake/hand-over/", "/materials/releases/", "/stakeholders/import/"},
            {"/intake/"},
        ),
        (Role.TEAM_LEAD, {"/stakeholders/mendelow/", "/stakeholders/import/"}, {"/materials/releases/"}),
    ],
)
def test_each_role_sees_the_pages_it_may_open(user_for, role, shown, hidden):
    urls = _urls(user_for(role))
    assert shown <= urls
    assert not (hidden & urls)


def test_a_shown_page_opens_for_that_role(client, user_for):
    """Whatever the navigation offers a reader opens for the reader (no dead links)."""
    user = user_for(Role.READER)
    client.force_login(user)
    for url in _urls(user):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_see_no_navigation():
    from django.contrib.auth.models import AnonymousUser

    assert nav_sections(AnonymousUser()) == []
