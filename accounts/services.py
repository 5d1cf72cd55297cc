"""Writes to accounts: setting up an account with its roles, and a person's API token."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from rest_framework.authtoken.models import Token

from .authorization import require
from .models import User
from .roles import Role

# Apps whose data the role may edit in the Django admin (all model permissions of those apps).
ROLE_ADMIN_APPS: dict[str, list[str]] = {
    Role.PROGRAMME_OFFICE: ["catalogue"],
}


def _role_groups_ensure() -> dict[str, Group]:
    """One group per role, with the admin permissions of ROLE_ADMIN_APPS; idempotent (user_ensure's part)."""
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    for role, app_labels in ROLE_ADMIN_APPS.items():
        models = [m for label in app_labels for m in apps.get_app_config(label).get_models()]
        perms = Permission.objects.filter(
            content_type__app_label__in=app_labels,
            content_type__model__in=[m._meta.model_name for m in models],
        )
        groups[role].permissions.add(*perms)
    return groups


@transaction.atomic
def user_ensure(
    *,
    actor: User,
    username: str,
    password: str,
    roles: list[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
) -> tuple[User, bool]:
    """Create the user if missing (with `password`); its roles become exactly `roles`."""
    require(actor, "accounts.manage_users")
    groups = _role_groups_ensure()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email, "is_staff": is_staff},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.set([groups[role] for role in roles])
    return user, created


def api_token_ensure(*, actor: User) -> Token:
    """The API token of `actor`, created on first use (the profile page shows it)."""
    require(actor, "accounts.view_profile")
    token, _created = Token.objects.get_or_create(user=actor)
    return token
