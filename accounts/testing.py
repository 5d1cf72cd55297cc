"""Test helpers for the permission matrix: every page and endpoint is tested for every role (and anonymous).

@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_edit_page(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(url), allowed=allowed)
"""

import pytest

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
    user, _ = user_ensure(
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
