"""Account pages: the signed-in person's profile, API tokens and second factor; the failed-login log."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts.authorization import can, permission_required
from regiekamer.forms import flash_errors, service_saved

from . import selectors, services
from .forms import ApiTokenForm, SecondFactorForm
from .middleware import HAS_DEVICE
from .models import User
from .security import has_second_factor, is_staff_role


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # permission_required has sent anonymous visitors away
    return user


@permission_required("accounts.view_profile")
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's roles, with the ways to their API tokens and second factor."""
    user = _actor(request)
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": selectors.api_tokens(user),
            "has_second_factor": has_second_factor(user),
            "second_factor_required": settings.OTP_REQUIRED_FOR_STAFF and is_staff_role(user),
            "can_see_failed_logins": can(user, "accounts.view_failed_logins"),
        },
    )


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page after too many failed logins (settings.AXES_LOCKOUT_CALLABLE), status 429."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


# --- API tokens -------------------------------------------------------------------------------------------


@never_cache
@permission_required("accounts.manage_api_tokens")
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens: a new one (shown once), and each one's name, date and expiry, revocable."""
    user = _actor(request)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        created = service_saved(form, lambda data: services.api_token_create(actor=user, name=data["name"]))
        if created is not None:
            _token, new_token = created
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "new_token": new_token, "tokens": selectors.api_tokens(user)},
    )


@never_cache
@permission_required("accounts.manage_api_tokens")
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    """Revoke one token (POST ``key``, the first characters the list shows) or all (``all``)."""
    user = _actor(request)
    if request.method != "POST":
        return redirect("accounts:api-tokens")
    if request.POST.get("all"):
        count = services.api_tokens_revoke_all(actor=user)
        messages.success(request, _("All your API tokens are revoked (%(count)d).") % {"count": count})
        return redirect("accounts:api-tokens")
    try:
        services.api_token_revoke(actor=user, token_key=request.POST.get("key", ""))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The API token is revoked: it no longer works."))
    return redirect("accounts:api-tokens")


# --- the second factor ------------------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _locked_out(request: HttpRequest, user: User) -> HttpResponse | None:
    """The lockout page (and the end of the half-finished login) while the account or address is locked."""
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    logout(request)
    return locked_out(request)


def _code_refused(request: HttpRequest, user: User, form: SecondFactorForm) -> HttpResponse | None:
    """A wrong code counts as a failed login (the log, the lockout); the lockout page once it locks."""
    form.add_error("otp_token", _("This code is not right. Enter the code your app shows now."))
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    return _locked_out(request, user)


@never_cache
@sensitive_post_parameters("otp_token")
@permission_required("accounts.manage_second_factor")
def second_factor(request: HttpRequest) -> HttpResponse:
    """After the password: the code of the person's authenticator app verifies the session."""
    user = _actor(request)
    locked = _locked_out(request, user)
    if locked is not None:
        return locked
    if not has_second_factor(user):
        return redirect(reverse("accounts:second-factor-setup") + "?" + request.GET.urlencode())
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_check(actor=user, code=form.cleaned_data["otp_token"])
        if device is not None:
            request.session.cycle_key()  # a new session id for the now fully signed-in session
            otp_login(request, device)
            return redirect(_next_url(request))
        refused = _code_refused(request, user, form)
        if refused is not None:
            return refused
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("otp_token")
@permission_required("accounts.manage_second_factor")
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code. A person who has
    one already confirms it first (replacing an app needs a verified session)."""
    user: Any = _actor(request)
    if has_second_factor(user) and not user.is_verified():
        return redirect(reverse("accounts:second-factor") + "?" + request.GET.urlencode())
    locked = _locked_out(request, user)
    if locked is not None:
        return locked
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_confirm(actor=user, code=form.cleaned_data["otp_token"])
        except ValidationError:
            refused = _code_refused(request, user, form)
            if refused is not None:
                return refused
        else:
            request.session.cycle_key()
            otp_login(request, device)
            request.session[HAS_DEVICE] = True
            messages.success(request, _("Your authenticator app is set up: logins now ask for its code."))
            return redirect(_next_url(request))
    device = services.second_factor_device(actor=user)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": qr.svg_data_uri(scale=5, border=2),
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "required": settings.OTP_REQUIRED_FOR_STAFF and is_staff_role(user),
        },
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- failed logins ----------------------------------------------------------------------------------------


@never_cache
@permission_required("accounts.view_failed_logins", POST="accounts.unlock_logins")
def failed_logins(request: HttpRequest) -> HttpResponse:
    """The failed logins (newest first, the latest 200) and the accounts locked out now; POST ``username``
    lifts that account's lockout."""
    user = _actor(request)
    if request.method == "POST":
        username = request.POST.get("username", "")
        services.lockout_lift(actor=user, username=username)
        messages.success(request, _("The lockout of %(username)s is lifted.") % {"username": username})
        return redirect("accounts:failed-logins")
    username = request.GET.get("username", "").strip()
    return render(
        request,
        "accounts/failed_logins.html",
        {
            "failures": selectors.failed_logins(username=username),
            "lockouts": selectors.current_lockouts(),
            "username": username,
            "limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )
