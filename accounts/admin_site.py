"""Django's admin site with the second factor: staff who owe a code (security.second_factor_required) are
not let in until the session is verified, and the admin's own login form is the site's login page (lockout,
second factor and single sign-on in one place). Installed through ``accounts.admin_config.AdminConfig``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .security import second_factor_required


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        if not super().has_permission(request):
            return False
        return not second_factor_required(user) or bool(user.is_verified())

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
