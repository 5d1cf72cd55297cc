"""The authentication backends of accounts: django-axes' lockout check in front of Django's own."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses every login of a locked-out account or address before a password is checked (django-axes:
    the lockout page follows, accounts/locked_out.html).

    A login outside a request (the test client's ``login()``, a management command) has no address to count
    and passes on to the next backend; every login through the site and the admin comes with its request."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
