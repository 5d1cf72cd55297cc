"""Small pure helpers of the authentication layer: the client's address and who needs a second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .roles import Role


def client_address(request: HttpRequest) -> str:
    """The address a request came from, as the lockout and the failed-login log count it: REMOTE_ADDR, or
    behind `TRUSTED_PROXY_COUNT` reverse proxies the entry they appended to X-Forwarded-For (a client can
    put anything in front of those, never after them)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-count] if len(forwarded) >= count else remote


def is_staff_role(user: Any) -> bool:
    """The programme office and Django's staff and superusers: those asked for a second factor."""
    return bool(
        user.is_authenticated and (user.is_staff or user.is_superuser or user.has_role(Role.PROGRAMME_OFFICE))
    )


def has_second_factor(user: Any) -> bool:
    """Whether the person has set up an authenticator app (a confirmed TOTP device)."""
    from django_otp import user_has_device

    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


def second_factor_required(user: Any) -> bool:
    """A session of `user` must be verified with a code: staff when OTP_REQUIRED_FOR_STAFF is on (the
    production default), and everyone who has set up an authenticator app."""
    if not user.is_authenticated:
        return False
    if settings.OTP_REQUIRED_FOR_STAFF and is_staff_role(user):
        return True
    return has_second_factor(user)
