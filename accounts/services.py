"""Writes to accounts: setting up an account with its roles, a person's API tokens and their second factor."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.settings import knox_settings

from .authorization import require
from .models import ApiToken, User
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


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new API token of `actor`, valid for settings.REST_KNOX TOKEN_TTL (30 days). Returns the stored token
    and the token itself: only its digest is kept, so this is the one moment it can be shown. At most
    TOKEN_LIMIT_PER_USER unexpired tokens per person."""
    require(actor, "accounts.manage_api_tokens")
    with transaction.atomic():
        ApiToken.objects.filter(user=actor, expiry__lt=timezone.now()).delete()
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit is not None and ApiToken.objects.filter(user=actor).count() >= limit:
            raise ValidationError(
                _("You have %(limit)d API tokens, the most allowed. Revoke one you no longer use first.")
                % {"limit": limit}
            )
        token, plain = ApiToken.objects.create(user=actor, name=name.strip()[:100])
    return token, plain


def api_token_revoke(*, actor: User, token_key: str) -> None:
    """Revoke one of `actor`'s own API tokens (named by the first characters the tokens page shows)."""
    require(actor, "accounts.manage_api_tokens")
    deleted, _rows = ApiToken.objects.filter(user=actor, token_key=token_key).delete()
    if not deleted:
        raise ValidationError(_("This API token does not exist or was revoked already."))


def api_tokens_revoke_all(*, actor: User) -> int:
    """Revoke every API token of `actor`; returns how many there were."""
    require(actor, "accounts.manage_api_tokens")
    deleted, _rows = ApiToken.objects.filter(user=actor).delete()
    return deleted


def second_factor_device(*, actor: User) -> TOTPDevice:
    """The authenticator app `actor` is setting up: an unconfirmed TOTP device with a new secret (the same
    one until it is confirmed, so reloading the page keeps the QR code the person already scanned)."""
    require(actor, "accounts.manage_second_factor")
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("Authenticator app"), confirmed=False)
    return device


def second_factor_confirm(*, actor: User, code: str) -> TOTPDevice:
    """Confirm the authenticator app being set up with a code it shows; earlier apps of `actor` are removed
    (one app per person). Raises ValidationError for a wrong code."""
    require(actor, "accounts.manage_second_factor")
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None or not device.verify_token(code.strip()):
        raise ValidationError({"otp_token": _("This code is not right. Enter the code your app shows now.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def second_factor_check(*, actor: User, code: str) -> TOTPDevice | None:
    """The confirmed authenticator app of `actor` that accepts `code` (django-otp throttles repeated
    failures per device), or None."""
    require(actor, "accounts.manage_second_factor")
    for device in TOTPDevice.objects.filter(user=actor, confirmed=True):
        if device.verify_token(code.strip()):
            return device
    return None


def lockout_lift(*, actor: User, username: str) -> int:
    """Lift the lockout of an account before its 15 minutes are over (the programme office, after checking
    who asks); the failures stay in the log. Returns how many counted attempts were cleared."""
    from axes.utils import reset

    require(actor, "accounts.unlock_logins")
    return int(reset(username=username))
