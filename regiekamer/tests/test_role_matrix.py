"""The role matrix, generated from the permission maps: every action and every page and endpoint, per role.

Each domain app declares its routes and expectations in `<app>/tests/matrix.py` (see accounts.testing). Three
kinds of test come out of them:

* per (action, role): the app's rule gives what `EXPECTED` states, on the world's own object and on a foreign
  one. The expectations are written by hand: they are the access rules as the programme agreed them.
* per (route, method, role): a real request as that role; the response grants or refuses exactly as the
  action the view declares says (so a view that forgets its check, or checks the wrong object, fails).
* completeness: every URL pattern has a route, every view declares its action, every action has an
  expectation. A new page, endpoint or action without a test cannot land.

The world is built once per module (in a transaction rolled back at the end); each test runs in a savepoint.
"""

from __future__ import annotations

import json
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.urls import URLPattern, URLResolver, resolve

from accounts.authorization import ANY, check, registry
from accounts.roles import Role
from accounts.testing import ANONYMOUS, Expect, Route, World, matrix_users

ROLES = [*Role.values, ANONYMOUS]
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _matrix_modules() -> dict[str, Any]:
    modules = {}
    for app in settings.DOMAIN_APPS:
        if find_spec(f"{app}.tests") is not None and find_spec(f"{app}.tests.matrix") is not None:
            modules[app] = import_module(f"{app}.tests.matrix")
    return modules


MODULES = _matrix_modules()


def _route_params() -> list:
    params = []
    for module in MODULES.values():
        for route in module.ROUTES:
            for method in route.methods:
                for role in ROLES:
                    params.append(pytest.param(route, method, role, id=f"{route.name}-{method}-{role}"))
    return params


def _expect_params() -> list:
    params = []
    for app, module in MODULES.items():
        for action, expect in module.EXPECTED.items():
            for role in ROLES:
                params.append(pytest.param(f"{app}.{action}", expect, role, id=f"{app}.{action}-{role}"))
    return params


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Every app's objects, built once for the module; rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomics = {alias: transaction.atomic(using=alias) for alias in connections}
        for atomic in atomics.values():
            atomic.__enter__()
        try:
            built = World()
            matrix_users(built)
            for module in MODULES.values():
                build = getattr(module, "build", None)
                if build is not None:
                    build(built)
            yield built
        finally:
            for alias, atomic in reversed(list(atomics.items())):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


def _user(world: World, role: str):
    if role == ANONYMOUS:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return world.user(role)


# --- per action ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "expect", "role"), _expect_params())
def test_rule(world, db, action: str, expect: Expect, role: str):
    obj = expect.obj(world) if expect.obj else ANY
    allowed = role in expect.allowed
    decision = check(_user(world, role), action, obj)
    assert decision.allowed == allowed, f"{action} as {role}: expected {'allowed' if allowed else 'refused'}"
    if not decision.allowed:
        assert str(decision.reason), f"{action} refuses {role} without a reason"
    if expect.foreign is not None:
        assert expect.foreign_obj is not None, f"{action}: a foreign expectation needs foreign_obj"
        foreign_allowed = role in expect.foreign
        foreign = check(_user(world, role), action, expect.foreign_obj(world))
        assert foreign.allowed == foreign_allowed, (
            f"{action} as {role} on a foreign object: expected {'allowed' if foreign_allowed else 'refused'}"
        )


# --- per route ----------------------------------------------------------------------------------------------


def declared_action(match, method: str) -> tuple[bool, str | None]:
    """(declared, action) of the view a URL resolves to: a view's permission_required marker, or the
    HasPermission class of a DRF view with the action its viewset method maps to."""
    func = match.func
    cls = getattr(func, "cls", None)
    if cls is not None:
        actions = getattr(func, "actions", None) or {}
        viewset_action = actions.get(method.lower())
        for permission in getattr(cls, "permission_classes", ()):
            mapping = getattr(permission, "permission_actions", None)
            if mapping is not None:
                action = mapping.get(viewset_action or "", mapping.get("default"))
                return action is not None, action
        return False, None
    if hasattr(func, "permission_action"):
        by_method = getattr(func, "permission_actions_by_method", {})
        return True, by_method.get(method.upper(), func.permission_action)
    return False, None


def _request(client, route: Route, world: World, method: str):
    url = route.url(world)
    data = route.data(world) if route.data else {}
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    return client.generic(method, url, _form_encode(data), content_type="application/x-www-form-urlencoded")


def _form_encode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def _granted(response) -> bool | None:
    """True: the request passed the access check; False: refused; None: neither (a defect of the route)."""
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    if "/accounts/login/" in location or response.status_code in (401, 403):
        return False
    if response.status_code == 404:
        return False
    if response.status_code in (405,):
        return None
    return True


@pytest.mark.matrix_requests
@pytest.mark.parametrize(("route", "method", "role"), _route_params())
def test_route(world, db, client, route: Route, method: str, role: str):
    url = route.url(world)
    match = resolve(url.split("?")[0])
    declared, action = declared_action(match, method)
    assert declared, f"{route.name} ({method}) declares no permission action"
    user = _user(world, role)
    if role != ANONYMOUS:
        client.force_login(user)
    if getattr(match.func, "authenticates_with_token", False):
        assert route.as_user is not None, (
            f"{route.name}: a token view's route names the token's user (as_user)"
        )
        user = route.as_user(world)
    if getattr(match.func, "public", False):  # a public page (accounts.authorization.public): everyone
        expected = True
    elif action is None:  # every signed-in user
        expected = role != ANONYMOUS
    else:
        obj = route.obj(world) if route.obj else ANY
        expected = check(user, action, obj).allowed
    response = _request(client, route, world, method)
    granted = _granted(response)
    assert granted is not None, f"{method} {url}: {response.status_code} (method not allowed on this route)"
    assert granted == expected, (
        f"{method} {url} as {role}: expected {'access' if expected else 'refusal'} ({action}), "
        f"got {response.status_code} {response.get('Location', '')}"
    )


# --- completeness -------------------------------------------------------------------------------------------


def _pattern_names(patterns, namespace: str) -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _pattern_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name != "api-root":
            names.add(f"{namespace}:{pattern.name}")
    return names


def _app_pattern_names(app: str) -> set[str]:
    names: set[str] = set()
    for module_name, namespace in (("urls", app), ("api", f"{app}-api")):
        if find_spec(f"{app}.{module_name}") is None:
            continue
        module = import_module(f"{app}.{module_name}")
        names |= _pattern_names(getattr(module, "urlpatterns", None) or [], namespace)
        # patterns mounted at the root (regiekamer.urls: `public_urlpatterns`, e.g. a GS1 Digital Link path)
        names |= _pattern_names(getattr(module, "public_urlpatterns", None) or [], f"{app}-public")
    return names


@pytest.mark.parametrize("app", settings.DOMAIN_APPS)
def test_every_url_of_the_app_has_a_route(app):
    names = _app_pattern_names(app)
    if not names:
        return
    assert app in MODULES, f"{app} has pages or endpoints but no tests/matrix.py"
    covered = {route.name for route in MODULES[app].ROUTES}
    assert names - covered == set(), f"{app}: URL patterns without a route in tests/matrix.py"
    assert covered - names == set(), f"{app}: routes in tests/matrix.py for patterns that do not exist"


@pytest.mark.parametrize("app", settings.DOMAIN_APPS)
def test_every_action_has_an_expectation(app):
    actions = {name.split(".", 1)[1] for name in registry() if name.split(".", 1)[0] == app}
    expected = set(MODULES[app].EXPECTED) if app in MODULES else set()
    assert actions - expected == set(), f"{app}: actions without an expectation in tests/matrix.py"
    assert expected - actions == set(), f"{app}: expectations for actions that do not exist"
