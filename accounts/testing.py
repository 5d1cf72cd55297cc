"""Test helpers for the permission matrix: every page and endpoint is tested for every role (and anonymous).

@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_edit_page(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(url), allowed=allowed)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from .authorization import system_actor
from .roles import Role
from .services import user_ensure

ANONYMOUS = "anonymous"


def role_matrix(*, allowed, include_anonymous: bool = True) -> list:
    """(role, allowed) pairs for every role, as pytest params with readable ids."""
    allowed = {str(role) for role in allowed}
    params = [
        pytest.param(role, role in allowed, id=f"{role}-{'allowed' if role in allowed else 'denied'}")
        for role in Role.values
    ]
    if include_anonymous:
        params.append(pytest.param(ANONYMOUS, False, id="anonymous-denied"))
    return params


def make_user(role: str, username: str | None = None):
    """The test user `username` (default ``test-<role>``) holding `role`, set up as the system actor."""
    user, _ = user_ensure(
        actor=system_actor(),
        username=username or f"test-{role}",
        password="pw",  # noqa: S106
        roles=[role],
        is_staff=role == Role.PROGRAMME_OFFICE,
    )
    return user


def login_as(client, user_for, role: str):
    """Log `client` in as the test user for `role`; anonymous stays logged out. Returns the user or None."""
    if role == ANONYMOUS:
        client.logout()
        return None
    user = user_for(role)
    client.force_login(user)
    return user


def assert_access(response, *, allowed: bool, ok_statuses=(200, 201, 204, 302)) -> None:
    """Allowed: a success status (a redirect that is not to the login page). Denied: 403/404/405, or the
    login redirect for anonymous page requests (401/403 for the API)."""
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    if allowed:
        assert response.status_code in ok_statuses, f"expected access, got {response.status_code} {location}"
        assert "/accounts/login/" not in location, f"expected access, was sent to {location}"
    else:
        denied = response.status_code in (401, 403, 404, 405) or "/accounts/login/" in location
        assert denied, f"expected denial, got {response.status_code} {location}"


# --- the generated role matrix ------------------------------------------------------------------------------
#
# Each domain app declares, in `<app>/tests/matrix.py`:
#   build(world)  adds the app's objects to the shared world (after the apps before it in DOMAIN_APPS);
#   ROUTES        one Route per URL pattern of its urls.py and api.py (a pattern without one fails the test);
#   EXPECTED      one Expect per action of its permissions.PERMISSIONS (an action without one fails the test).
# regiekamer/tests/test_role_matrix.py turns these into one test per (action, role) and per (route, method,
# role). In the world every role's test user holds the natural relations: the team lead leads `world.team`,
# the project lead leads `world.project`, the meeting member sits in the team's KBO, the applicant is a member
# of `world.consortium`; "foreign" objects belong to nobody of them.


class World:
    """The objects the role matrix works on: attributes set by each app's build(world)."""

    def __init__(self) -> None:
        self.users: dict[str, Any] = {}

    def __setattr__(self, name: str, value: Any) -> None:
        # Apps build into one namespace: a second app reusing a name would silently swap another app's object.
        if name in self.__dict__:
            raise AttributeError(f"world.{name} is already set by another app's build(); choose another name")
        super().__setattr__(name, value)

    def user(self, role: str):
        return None if role == ANONYMOUS else self.users[role]


@dataclass(frozen=True)
class Route:
    """A URL pattern, how to fill it from the world, and the object its permission check is about."""

    name: str
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    obj: Callable[[World], Any] | None = None
    methods: tuple[str, ...] = ("GET",)
    data: Callable[[World], dict] | None = None
    query: str = ""
    # For a view that authenticates with a token in its URL (a calendar feed): the user the token belongs to,
    # whose rights decide the answer whoever sends the request.
    as_user: Callable[[World], Any] | None = None

    def url(self, world: World) -> str:
        from django.urls import reverse

        return reverse(self.name, kwargs=self.kwargs(world)) + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class Expect:
    """Who may do an action: `allowed` on the world's own object (or with no object), `foreign` on an object
    none of the test users is related to (None: the rule does not look at the object)."""

    allowed: frozenset[str] | set[str]
    obj: Callable[[World], Any] | None = None
    foreign: frozenset[str] | set[str] | None = None
    foreign_obj: Callable[[World], Any] | None = None


def matrix_users(world: World) -> None:
    """One test user per role (the same accounts as the `user_for` fixture)."""
    for role in Role.values:
        world.users[role] = make_user(role)
