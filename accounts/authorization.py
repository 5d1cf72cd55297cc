"""One authorization layer for every app: who may do what is a map from named actions to rules.

Each domain app has a pure ``permissions.py`` with ``PERMISSIONS``, a dict from an action name
(``"edit_project"``) to a :class:`Rule`. Registered actions are addressed as ``"<app>.<action>"``
(``"portfolio.edit_project"``).

* Services start with ``require(actor, "portfolio.edit_project", project)``; the actor is a typed
  ``User``: jobs, imports and the demo act as :func:`system_actor`, an explicit account that passes every
  rule. ``None`` is not an actor (TypeError), so no call path skips a check by leaving it out.
* Views use :func:`permission_required` and the API :func:`HasPermission`; both record the actions they
  check, which the generated role matrix reads (``regiekamer/tests/test_role_matrix.py``).
* A rule is a predicate ``(user, obj) -> Decision(allowed, reason)``. Rules built with :func:`has_role`
  look at roles only; rules built with :func:`object_rule` look at the object. Before the object is known (a
  list page, the first check of a view) a rule is evaluated against :data:`ANY`: object conditions then count
  as met, and the object check follows once the object is loaded. A service must pass the object for an
  action whose rule looks at one (``require`` refuses ``ANY`` for those).

The Hypha ``permissions_map`` pattern, with the reasons translated for the person who was refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .roles import Role

if TYPE_CHECKING:
    from .models import User


class _Any:
    """The object of a check made before the object is known: object conditions count as met."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()

Reason = str | Promise


class Decision(NamedTuple):
    """The answer to "may this user do this": allowed, and the reason to show when not."""

    allowed: bool
    reason: Reason = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)
SIGN_IN = _("Sign in first.")


class Rule:
    """A predicate over (user, obj) with the reason shown to whom it refuses. Combine with ``|`` and ``&``;
    ``rule.because(reason)`` replaces the reason; ``rule.on(getter)`` applies it to a related object."""

    def __init__(self, test: Callable[[User, Any], bool], *, reason: Reason, looks_at_object: bool = False):
        self._test = test
        self.reason = reason
        self.looks_at_object = looks_at_object

    def __call__(self, user: User, obj: Any = ANY) -> Decision:
        if self.looks_at_object and obj is ANY:
            return ALLOWED
        return ALLOWED if self._test(user, obj) else Decision(False, self.reason)

    def __or__(self, other: Rule) -> Rule:
        return _Either(self, other)

    def __and__(self, other: Rule) -> Rule:
        return _Both(self, other)

    def because(self, reason: Reason) -> Rule:
        """The same rule, refusing with `reason` (its role parts still refuse before the object is known)."""
        return _Because(self, reason)

    def on(self, related: Callable[[Any], Any]) -> Rule:
        """The same rule applied to an object reached from the checked one (a project's team)."""
        return _On(self, related) if self.looks_at_object else self


class _Pair(Rule):
    """Two rules combined; `stop_at` is the answer of the first that settles the question."""

    stop_at: bool

    def __init__(self, first: Rule, second: Rule):
        super().__init__(
            lambda user, obj: False,
            reason=second.reason,
            looks_at_object=first.looks_at_object or second.looks_at_object,
        )
        self.first, self.second = first, second

    def __call__(self, user: User, obj: Any = ANY) -> Decision:
        decision = self.first(user, obj)
        return decision if decision.allowed is self.stop_at else self.second(user, obj)


class _Either(_Pair):
    """One of two rules; a refusal carries the reason of the second (the wider one, by convention)."""

    stop_at = True


class _Both(_Pair):
    """Both rules; a refusal carries the reason of the part that refused."""

    stop_at = False


class _Because(Rule):
    def __init__(self, rule: Rule, reason: Reason):
        super().__init__(lambda user, obj: False, reason=reason, looks_at_object=rule.looks_at_object)
        self.rule = rule

    def __call__(self, user: User, obj: Any = ANY) -> Decision:
        decision = self.rule(user, obj)
        return decision if decision else Decision(False, self.reason)


class _On(Rule):
    def __init__(self, rule: Rule, related: Callable[[Any], Any]):
        super().__init__(lambda user, obj: False, reason=rule.reason, looks_at_object=True)
        self.rule, self.related = rule, related

    def __call__(self, user: User, obj: Any = ANY) -> Decision:
        return self.rule(user, ANY if obj is ANY else self.related(obj))


def roles_text(roles: Iterable[str]) -> str:
    """The roles' labels in the order of ``Role``, comma-separated, in the active language."""
    wanted = {str(role) for role in roles}
    return ", ".join(str(Role(value).label) for value in Role.values if value in wanted)


def has_role(*roles: str, reason: Reason | None = None) -> Rule:
    """The user holds one of `roles`."""
    wanted = frozenset(str(role) for role in roles)
    return Rule(
        lambda user, obj: bool(user.roles & wanted),
        reason=reason
        if reason is not None
        else format_lazy(_("This is for: {roles}."), roles=_LazyRoles(wanted)),
    )


class _LazyRoles:
    """Role labels rendered in the language active when the reason is shown."""

    def __init__(self, roles: frozenset[str]):
        self.roles = roles

    def __str__(self) -> str:
        return roles_text(self.roles)


def object_rule(reason: Reason) -> Callable[[Callable[[User, Any], bool]], Rule]:
    """Decorator: a predicate over (user, obj) becomes a Rule that looks at the object."""

    def decorate(test: Callable[[User, Any], bool]) -> Rule:
        return Rule(test, reason=reason, looks_at_object=True)

    return decorate


def user_rule(reason: Reason) -> Callable[[Callable[[User, Any], bool]], Rule]:
    """Decorator: a predicate over the user only (a relation stored elsewhere, e.g. "leads some team")."""

    def decorate(test: Callable[[User, Any], bool]) -> Rule:
        return Rule(test, reason=reason)

    return decorate


signed_in = Rule(lambda user, obj: True, reason=SIGN_IN)
nobody = Rule(lambda user, obj: False, reason=_("Nobody may do this."))


# --- the registry ---------------------------------------------------------------------------------------

_registry: dict[str, Rule] | None = None


def registry() -> dict[str, Rule]:
    """Every action of every domain app, as ``"<app>.<action>"`` -> Rule (read once from the apps)."""
    global _registry
    if _registry is None:
        rules: dict[str, Rule] = {}
        for app in settings.DOMAIN_APPS:
            if find_spec(f"{app}.permissions") is None:
                continue
            module = import_module(f"{app}.permissions")
            for name, rule in getattr(module, "PERMISSIONS", {}).items():
                if not isinstance(rule, Rule):
                    raise TypeError(f"{app}.permissions.PERMISSIONS[{name!r}] is not a Rule")
                rules[f"{app}.{name}"] = rule
        _registry = rules
    return _registry


def rule_for(action: str) -> Rule:
    try:
        return registry()[action]
    except KeyError:
        raise LookupError(f"unknown action {action!r}: add it to its app's permissions.PERMISSIONS") from None


def check(user: Any, action: str, obj: Any = ANY) -> Decision:
    """May `user` do `action` (to `obj`)? Anonymous and inactive users may do nothing; the system actor
    everything."""
    rule = rule_for(action)
    if user is None:
        raise TypeError(f"{action}: no actor given (jobs, imports and the demo use accounts.system_actor())")
    if getattr(user, "is_system", False):
        return ALLOWED
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Decision(False, SIGN_IN)
    return rule(user, obj)


class Permit(NamedTuple):
    """Proof that `actor` passed the check of `action`: returned by ``require``. A use case that crosses apps
    states its own rule once and hands its permit to the other apps' services (``granted_by=permit``), which
    then do not apply their own rule for that call."""

    actor: Any
    action: str


def require(actor: Any, action: str, obj: Any = ANY, *, granted_by: Permit | None = None) -> Permit:
    """Raise PermissionDenied with the rule's reason unless `actor` may do `action` to `obj`.

    Services call this first. An action whose rule looks at the object needs the object. With `granted_by`
    (the permit of the use case that called the service, for the same actor) the rule of `action` is not
    applied: the calling use case's rule was."""
    if granted_by is not None:
        if granted_by.actor is None or actor is None or getattr(granted_by.actor, "pk", None) != actor.pk:
            raise TypeError(f"{action}: a permit is only valid for the actor it was given to")
        rule_for(action)  # the action must exist all the same
        return Permit(actor, action)
    if obj is ANY and rule_for(action).looks_at_object:
        raise TypeError(f"{action} depends on the object: pass it to require()")
    decision = check(actor, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    return Permit(actor, action)


def can(user: Any, action: str, obj: Any = ANY) -> bool:
    """For templates and views: whether to offer `action` (False for anonymous users)."""
    if user is None:
        return False
    return check(user, action, obj).allowed


# --- views ------------------------------------------------------------------------------------------------

V = TypeVar("V", bound=Callable[..., Any])


def permission_required(action: str, **per_method: str) -> Callable[[V], V]:
    """View decorator: refuse with 403 (the rule's reason, in the site layout) unless the user may do `action`
    at all; a page that reads with one action and writes with another names the write per method
    (``POST="stakeholders.edit_engagement"``). A view that loads an object then calls
    ``require(request.user, action, obj)`` (or a service does). The actions are recorded on the view for the
    role matrix."""
    by_method = {method.upper(): name for method, name in per_method.items()}

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            decision = check(request.user, by_method.get(request.method, action), ANY)
            if not decision:
                raise PermissionDenied(decision.reason)
            return view(request, *args, **kwargs)

        wrapped.permission_action = action  # type: ignore[attr-defined]
        wrapped.permission_actions_by_method = by_method  # type: ignore[attr-defined]
        # Whether a GET of the page lets `user` in (the navigation asks: it keeps no rules of its own).
        wrapped.permits = lambda user: check(user, action, ANY).allowed  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def public(view: V) -> V:
    """View decorator: a page anyone reads, signed in or not (the public case library): no login required,
    no permission action. The role matrix expects every role and anonymous to be let in; the navigation shows
    it to everyone signed in. Use it only for pages that hold nothing but what the programme published."""
    from django.contrib.auth.decorators import login_not_required

    wrapped = login_not_required(view)
    wrapped.permission_action = None  # type: ignore[attr-defined]
    wrapped.permission_actions_by_method = {}  # type: ignore[attr-defined]
    wrapped.public = True  # type: ignore[attr-defined]
    return wrapped


# --- the API ------------------------------------------------------------------------------------------------


def HasPermission(default: str | None = None, **per_action: str) -> type:  # noqa: N802 - reads as a class
    """A DRF permission class: the viewset action (``list``, ``create``, a custom ``@action``) needs the named
    permission action; `default` for those not named. Object-level checks use the same rule with the object.

        permission_classes = [HasPermission("portfolio.view_project", create="portfolio.create_project")]
    """
    from rest_framework.permissions import BasePermission

    actions = dict(per_action)

    def action_for(view: Any) -> str:
        name = getattr(view, "action", None) or ""
        action = actions.get(name, default)
        if action is None:
            raise LookupError(f"{type(view).__name__}.{name}: no permission action declared")
        return action

    class _HasPermission(BasePermission):
        permission_actions = {"default": default, **actions}

        def has_permission(self, request: Any, view: Any) -> bool:
            decision = check(request.user, action_for(view), ANY)
            if not decision:
                self.message = str(decision.reason)
            return decision.allowed

        def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
            decision = check(request.user, action_for(view), obj)
            if not decision:
                self.message = str(decision.reason)
            return decision.allowed

    return _HasPermission


def system_actor() -> User:
    """The account jobs, imports, migrations and the demo act as: it passes every rule, cannot sign in, and
    appears in the audit trail as "Regiekamer (systeem)"."""
    from .models import User

    user, created = User.objects.get_or_create(
        username=User.SYSTEM_USERNAME,
        defaults={
            "first_name": "Regiekamer",
            "last_name": "(systeem)",
            "is_active": False,
            "is_system": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
