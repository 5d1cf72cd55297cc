"""Reads of background jobs: the overview and one's own list (one query each, paginated by the view)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import exports
from .models import JobRun
from .registry import kind_label


def jobs_overview(*, status: str = "") -> QuerySet[JobRun]:
    """Every job, newest first, optionally of one status, with who started it."""
    qs = JobRun.objects.select_related("started_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def jobs_of(*, user: User) -> QuerySet[JobRun]:
    """The jobs `user` started, newest first."""
    return JobRun.objects.filter(started_by=user).select_related("started_by").order_by("-created_at", "-pk")


def overview_status(query: QueryDict) -> str:
    """The overview's status filter (?status=), ignored when it names no status."""
    status = query.get("status", "")
    return status if status in JobRun.Status.values else ""


def jobs_table(user: User, query: QueryDict) -> exports.Table:
    """The overview as its filter shows it, for the list export."""
    jobs = jobs_overview(status=overview_status(query))
    rows = (
        (
            job.created_at,
            kind_label(job.kind),
            job.get_status_display(),
            job.started_by.get_full_name() or job.started_by.username,
            job.progress_done,
            job.progress_total,
            job.finished_at,
        )
        for job in jobs.iterator(chunk_size=2000)
    )
    headers = [
        _("Queued at"),
        _("Kind"),
        _("Status"),
        _("Started by"),
        _("Done"),
        _("Total"),
        _("Finished at"),
    ]
    return exports.Table(headers=headers, count=jobs.count(), rows=rows, filename="achtergrondtaken")
