"""Session limits and the second-factor step, for every request that carries a session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .security import has_second_factor, is_staff_role

# Session keys: when the person logged in, when the session was last used (stored at most once a minute, so
# a busy page does not write the session on every request), whether they have an authenticator app.
LOGIN_TIME = "_rk_login_time"
LAST_ACTIVITY = "_rk_last_activity"
HAS_DEVICE = "_rk_has_second_factor"
ACTIVITY_RESOLUTION = 60


def session_started(request: HttpRequest, user: Any) -> None:
    """Mark a fresh login (the user_logged_in signal): the limits count from now."""
    now = timezone.now().timestamp()
    request.session[LOGIN_TIME] = now
    request.session[LAST_ACTIVITY] = now
    request.session[HAS_DEVICE] = has_second_factor(user)


class SessionLimitsMiddleware:
    """Ends a session 30 minutes after its last request (sliding) and 12 hours after the login, whichever
    comes first (settings.SESSION_IDLE_TIMEOUT, SESSION_ABSOLUTE_LIFETIME). The person then meets the login
    page with a message; an API request with the old session cookie is anonymous (403)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = timezone.now().timestamp()
        started = session.get(LOGIN_TIME)
        if started is None:  # a session from before these limits: they count from now
            session[LOGIN_TIME] = session[LAST_ACTIVITY] = now
            return
        last = session.get(LAST_ACTIVITY, started)
        idle = now - last > settings.SESSION_IDLE_TIMEOUT
        if idle or now - started > settings.SESSION_ABSOLUTE_LIFETIME:
            logout(request)
            if not request.path.startswith("/api/"):
                messages.info(
                    request,
                    _("Your session ended after 30 minutes without activity. Please log in again.")
                    if idle
                    else _("Your session ended 12 hours after you logged in. Please log in again."),
                )
            return
        if now - last >= ACTIVITY_RESOLUTION:
            session[LAST_ACTIVITY] = now


# Pages a person who still owes the second factor may open: the two steps themselves, logging out, the
# language switch, the health check.
EXEMPT_URL_NAMES = {"second-factor", "second-factor-setup", "logout", "set_language", "healthz"}


class SecondFactorMiddleware:
    """A session that needs the second factor (as security.second_factor_required says) and is not verified
    with a code yet reaches only the second-factor pages: a page sends the person to the code step (or to
    setting up an authenticator app, if they have none), the API answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        if HAS_DEVICE not in request.session:
            request.session[HAS_DEVICE] = has_second_factor(user)
        has_device = bool(request.session[HAS_DEVICE])
        if not (has_device or (settings.OTP_REQUIRED_FOR_STAFF and is_staff_role(user))):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Confirm your login with the code of your authenticator app first.")},
                status=403,
            )
        step = "accounts:second-factor" if has_device else "accounts:second-factor-setup"
        response = redirect(step)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
