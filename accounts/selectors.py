"""Reads of accounts: a person's API tokens, the failed-login log and the current lockouts."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User

FAILED_LOGINS_SHOWN = 200


def api_tokens(user: User) -> QuerySet[ApiToken]:
    """The person's unexpired API tokens, newest first."""
    now = timezone.now()
    return ApiToken.objects.filter(user=user, expiry__gt=now).order_by("-created")


def failed_logins(*, username: str = "") -> QuerySet[AccessFailureLog]:
    """The latest failed logins (django-axes' AccessFailureLog), newest first; of one username if given."""
    rows = AccessFailureLog.objects.order_by("-attempt_time")
    if username:
        rows = rows.filter(username=username)
    return rows[:FAILED_LOGINS_SHOWN]


def current_lockouts() -> list[dict[str, Any]]:
    """Accounts and addresses locked out now: at least AXES_FAILURE_LIMIT failures within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time")
    by_username: dict[str, dict[str, Any]] = {}
    for attempt in attempts:
        entry = by_username.setdefault(
            attempt.username or "",
            {
                "username": attempt.username or "",
                "failures": 0,
                "addresses": set(),
                "last": attempt.attempt_time,
            },
        )
        entry["failures"] += attempt.failures_since_start
        entry["addresses"].add(attempt.ip_address)
    return [
        {
            **entry,
            "addresses": sorted(a for a in entry["addresses"] if a),
            "until": entry["last"] + settings.AXES_COOLOFF_TIME,
        }
        for entry in by_username.values()
        if entry["failures"] >= settings.AXES_FAILURE_LIMIT
    ]
