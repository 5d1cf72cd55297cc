"""Reads of background jobs: the overview and one's own list (one query each, paginated by the view)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User

from .models import JobRun


def jobs_overview(*, status: str = "") -> QuerySet[JobRun]:
    """Every job, newest first, optionally of one status, with who started it."""
    qs = JobRun.objects.select_related("started_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def jobs_of(*, user: User) -> QuerySet[JobRun]:
    """The jobs `user` started, newest first."""
    return JobRun.objects.filter(started_by=user).select_related("started_by").order_by("-created_at", "-pk")
