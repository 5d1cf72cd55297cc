"""Starting, cancelling, restarting and reaping background jobs; the run itself is in jobs.runtime.

    permit = require(actor, "portfolio.export_reports")
    job = jobs.services.start(actor=actor, kind="portfolio.impact_sheets", params={"team": "realisatie"},
                              view_action="portfolio.export_reports", granted_by=permit)

Every status change is saved (the audit trail shows who started, cancelled or restarted a job, and when the
reaper marked it lost); heartbeats and progress are plain updates."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.authorization import Permit, require, system_actor
from accounts.models import User
from regiekamer.texts import Message, gettext_noop

from .models import JobRun, WorkerBeat, message_json
from .registry import get_kind

logger = logging.getLogger(__name__)


class JobAlreadyRunning(ValidationError):
    """A job with the same deduplication key is queued or running: the second start is refused."""

    def __init__(self, job: JobRun):
        self.job = job
        super().__init__(
            _("This job is already queued or running (started %(when)s); wait for it to end.")
            % {"when": date_format(timezone.localtime(job.created_at), "SHORT_DATETIME_FORMAT")},
            code="job_running",
        )


def lost_after() -> timedelta:
    return timedelta(seconds=settings.JOBS_LOST_AFTER_SECONDS)


def active_job(*, dedupe_key: str) -> JobRun | None:
    if not dedupe_key:
        return None
    return JobRun.objects.filter(dedupe_key=dedupe_key, status__in=JobRun.ACTIVE).first()


def start(
    *,
    actor: User,
    kind: str,
    params: dict[str, Any],
    view_action: str,
    granted_by: Permit,
    dedupe_key: str = "",
    link: str = "",
    restarted_from: JobRun | None = None,
) -> JobRun:
    """Queue a job of `kind` with `params` (JSON) for `actor`, who passed the starting use case's rule
    (`granted_by`). A job with the same `dedupe_key` still queued or running refuses the start
    (JobAlreadyRunning). The record and its task are written in one transaction: both or neither."""
    require(actor, "jobs.start_job", granted_by=granted_by)
    get_kind(kind)  # an unknown kind fails here, not in the worker
    from .runtime import run_job

    existing = active_job(dedupe_key=dedupe_key)
    if existing is not None:
        raise JobAlreadyRunning(existing)
    try:
        with transaction.atomic():
            job = JobRun(
                kind=kind,
                params=params,
                started_by=actor,
                view_action=view_action,
                dedupe_key=dedupe_key,
                link=link,
                restarted_from=restarted_from,
            )
            job._history_user = actor  # type: ignore[attr-defined]  # simple-history's per-instance user
            job.save()
            result = run_job.enqueue(job.pk)
            JobRun.objects.filter(pk=job.pk).update(task_id=str(result.id))
            job.task_id = str(result.id)
    except IntegrityError:
        # Two starts at the same moment: the database's unique condition let one through.
        existing = active_job(dedupe_key=dedupe_key)
        if existing is None:
            raise
        raise JobAlreadyRunning(existing) from None
    job.refresh_from_db()
    return job


def cancel(*, actor: User, job: JobRun) -> JobRun:
    """A queued job is cancelled at once (its task, when a worker takes it, does nothing); a running one is
    asked to stop and stops at its next check (everything of the unit it was writing is rolled back)."""
    require(actor, "jobs.cancel_job", job)
    with transaction.atomic():
        locked = JobRun.objects.select_for_update().get(pk=job.pk)
        locked._history_user = actor  # type: ignore[attr-defined]
        if locked.status == JobRun.Status.QUEUED:
            locked.status, locked.finished_at = JobRun.Status.CANCELLED, timezone.now()
            locked.messages = [
                *locked.messages,
                message_json(Message(gettext_noop("Cancelled before it started."))),
            ]
            locked.save()
        elif locked.status == JobRun.Status.RUNNING and not locked.cancel_requested:
            locked.cancel_requested = True
            locked.save()
        elif locked.status not in JobRun.ACTIVE:
            raise ValidationError(_("This job has already ended."), code="job_ended")
    job.refresh_from_db()
    return job


def restart(*, actor: User, job: JobRun) -> JobRun:
    """Start a lost, failed or cancelled job again, with the same parameters, as a new run."""
    permit = require(actor, "jobs.restart_job", job)
    if job.status not in (JobRun.Status.LOST, JobRun.Status.FAILED, JobRun.Status.CANCELLED):
        raise ValidationError(
            _("Only a lost, failed or cancelled job can be started again."), code="job_restart"
        )
    return start(
        actor=actor,
        kind=job.kind,
        params=job.params,
        view_action=job.view_action,
        dedupe_key=job.dedupe_key,
        link=job.link,
        restarted_from=job,
        granted_by=Permit(actor, permit.action),
    )


def reap_lost(*, now: datetime | None = None) -> list[int]:
    """Mark every running job whose worker has not reported for JOBS_LOST_AFTER_SECONDS as lost (its owner
    sees it and may start it again). Returns the ids marked. Run by every worker, every heartbeat."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    threshold = now - lost_after()
    stale = list(
        JobRun.objects.filter(status=JobRun.Status.RUNNING, heartbeat_at__lt=threshold).values_list(
            "pk", flat=True
        )
    )
    marked = []
    actor = system_actor() if stale else None
    for pk in stale:
        with transaction.atomic():
            job = JobRun.objects.select_for_update().get(pk=pk)
            # Read again under the lock: a heartbeat may have arrived since.
            if (
                job.status != JobRun.Status.RUNNING
                or job.heartbeat_at is None
                or job.heartbeat_at >= threshold
            ):
                continue
            job._history_user = actor  # type: ignore[attr-defined]
            job.status, job.finished_at = JobRun.Status.LOST, now
            job.error = message_json(
                Message(
                    gettext_noop(
                        "The worker running this job stopped reporting (a restart or a crash). What the job "
                        "was writing when it stopped was not saved; start it again."
                    )
                )
            )
            job.save()
            if job.task_id:
                DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                    status="FAILED",
                    finished_at=now,
                    exception_class_path="jobs.runtime.JobLost",
                    traceback="",
                )
            marked.append(pk)
            logger.warning("Job %s (%s) lost: worker %s stopped reporting", pk, job.kind, job.worker_id)
    # Beats of workers gone for an hour (killed, so they could not remove their own).
    WorkerBeat.objects.filter(beat_at__lt=now - timedelta(hours=1)).delete()
    return marked


def reap_if_due() -> None:
    """Run the reaper when some running job's heartbeat is overdue: pages that show jobs call it, so a job
    whose only worker was killed is shown lost even while no worker runs to reap it."""
    threshold = timezone.now() - lost_after()
    if JobRun.objects.filter(status=JobRun.Status.RUNNING, heartbeat_at__lt=threshold).exists():
        reap_lost()


def worker_beat(*, worker_id: str, host: str, pid: int, started_at: datetime) -> None:
    """Record that worker `worker_id` is alive now."""
    now = timezone.now()
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerBeat.objects.create(worker_id=worker_id, host=host, pid=pid, started_at=started_at, beat_at=now)


def worker_gone(*, worker_id: str) -> None:
    """A worker that stops cleanly removes its beat."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def worker_alive() -> bool:
    """Whether some worker reported within JOBS_LOST_AFTER_SECONDS."""
    return WorkerBeat.objects.filter(beat_at__gte=timezone.now() - lost_after()).exists()


def worker_alive_check() -> None:
    """The /healthz check "jobs": some worker reported within JOBS_LOST_AFTER_SECONDS."""
    if not worker_alive():
        raise RuntimeError("no job worker has reported recently")
