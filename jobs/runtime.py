"""Running a job: the one django-tasks task (`run_job`), the context a job reports through, and the heartbeat.

A worker (jobs.worker, `regiekamer worker`) takes `run_job(job_id)` from the django-tasks-db queue. The task
claims the job record (QUEUED -> RUNNING; a job that is no longer queued is not run: cancelled before it
started, or already taken), runs its kind's runner with a JobContext, and records how it ended: DONE with
its result and output, FAILED with a message for its owner (never a traceback: that goes to the log),
CANCELLED. A job the reaper marked LOST in the meantime keeps that status.

Progress and heartbeats. Inside a worker, a heartbeat thread with its own database connection writes the
job's progress (at most every JOBS_PROGRESS_SECONDS) and its heartbeat (every JOBS_HEARTBEAT_SECONDS), so
progress reported inside a job's write transaction is visible at once on PostgreSQL (on SQLite the thread
waits for the write lock, so progress shown during a write appears when the write commits). The thread
also learns that the job was cancelled or marked lost (its update finds no running job), and the job stops
at its next `check_cancelled()`. Without that thread (a test running the worker loop in-process, the
immediate backend) the context writes progress itself, on the caller's connection.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django_tasks import task

from regiekamer.texts import Message, gettext_noop

from .models import JobRun, message_json
from .registry import get_kind

logger = logging.getLogger(__name__)


class JobCancelled(Exception):
    """Raised inside a job by `check_cancelled()` when its owner cancelled it or the reaper marked it lost."""


class JobLost(Exception):
    """The reaper marked the job lost while it ran (its heartbeats did not arrive in time)."""


class JobError(Exception):
    """A job's own refusal, with a message for its owner (a regiekamer.texts.Message or translated text)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class _State:
    done: int = 0
    total: int | None = None
    step: dict[str, Any] | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    dirty: bool = False
    stop: str = ""  # "cancelled" or "lost" once the record says so


class JobContext:
    """What a job's runner is given: who started it, and how to report progress and stop when asked."""

    def __init__(self, job: JobRun, *, direct: bool):
        self.job_id = job.pk
        self.kind = job.kind
        self.actor = job.started_by
        self.params = job.params
        self._direct = direct
        self._lock = threading.Lock()
        self._state = _State(messages=list(job.messages))
        self.output: tuple[str, str] | None = None  # (storage path, file name)
        self.link = ""

    # --- for the runner -----------------------------------------------------------------------------------

    def progress(self, done: int, total: int | None = None, step: str | None = None) -> None:
        """`done` of `total` units; `step` names the step (a Message, or translated text). Stops the job
        (JobCancelled) when it was cancelled or lost."""
        with self._lock:
            self._state.done, self._state.total = done, total
            if step is not None:
                self._state.step = message_json(step)
            self._state.dirty = True
        if self._direct:
            self._write_direct()
        self.check_cancelled()

    def message(self, text: str) -> None:
        """A line for the job's page (a Message, or translated text)."""
        with self._lock:
            self._state.messages.append(message_json(text))
            self._state.dirty = True
        if self._direct:
            self._write_direct()

    def check_cancelled(self) -> None:
        """Raise JobCancelled when the job's owner cancelled it or the reaper marked it lost: call it between
        units of work (the unit being written is rolled back)."""
        if self._direct and not self._state.stop:
            row = JobRun.objects.filter(pk=self.job_id).values("status", "cancel_requested").first()
            if row is None or row["status"] != JobRun.Status.RUNNING:
                self._state.stop = "lost"
            elif row["cancel_requested"]:
                self._state.stop = "cancelled"
        if self._state.stop:
            raise JobCancelled(self._state.stop)

    def save_output(self, name: str, data: bytes) -> str:
        """Store the job's output file (served to those who may see the job's input). Kept only when the
        job ends DONE."""
        path = default_storage.save(f"jobs/{self.job_id}/{name}", ContentFile(data))
        self.output = (path, name)
        return path

    def set_link(self, url: str) -> None:
        """A page in Regiekamer that shows the job's result (an import batch)."""
        self.link = url

    # --- for the worker -----------------------------------------------------------------------------------

    def snapshot(self) -> tuple[_State, bool]:
        with self._lock:
            state = _State(
                done=self._state.done,
                total=self._state.total,
                step=self._state.step,
                messages=list(self._state.messages),
            )
            dirty, self._state.dirty = self._state.dirty, False
        return state, dirty

    def mark_dirty(self) -> None:
        """The last snapshot was not written (the database was busy): write it again at the next beat."""
        with self._lock:
            self._state.dirty = True

    def mark_stop(self, reason: str) -> None:
        self._state.stop = reason

    def _write_direct(self) -> None:
        state, dirty = self.snapshot()
        if not dirty:
            return
        if not _write_progress(self.job_id, state):
            self._state.stop = self._state.stop or _stop_reason(self.job_id)


def _write_progress(job_id: int, state: _State, *, now: datetime | None = None) -> int:
    """Progress and heartbeat of a running job that was not asked to stop; 0 when it is no longer so."""
    return JobRun.objects.filter(pk=job_id, status=JobRun.Status.RUNNING, cancel_requested=False).update(
        progress_done=state.done,
        progress_total=state.total,
        step=state.step,
        messages=state.messages,
        heartbeat_at=now or timezone.now(),
    )


def _stop_reason(job_id: int) -> str:
    """Why a job's update found no running job: "cancelled" (its owner asked) or "lost" (the reaper)."""
    row = JobRun.objects.filter(pk=job_id).values("status", "cancel_requested").first()
    if row is not None and row["status"] == JobRun.Status.RUNNING and row["cancel_requested"]:
        return "cancelled"
    return "lost"


def _heartbeat(job_id: int) -> int:
    return JobRun.objects.filter(pk=job_id, status=JobRun.Status.RUNNING, cancel_requested=False).update(
        heartbeat_at=timezone.now()
    )


# --- the heartbeat of a worker ------------------------------------------------------------------------------


class Heartbeat:
    """A worker's heartbeat thread: every tick it writes the current job's progress (when it changed) and
    looks for jobs past JOBS_LOST_AFTER_SECONDS (reaping them); every JOBS_HEARTBEAT_SECONDS it writes the
    job's heartbeat and the worker's own beat and runs the whole reaper. Its own
    database connection; a locked database (SQLite during a write) is retried at the next tick."""

    def __init__(self, *, worker_id: str, host: str, pid: int):
        self.worker_id, self.host, self.pid = worker_id, host, pid
        self.started_at = timezone.now()
        self.context: JobContext | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_beat = 0.0

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._loop, name=f"job-heartbeat-{self.worker_id}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def attach(self, context: JobContext) -> None:
        self.context = context

    def detach(self) -> None:
        self.context = None

    def _loop(self) -> None:
        from . import services

        tick = max(0.05, min(settings.JOBS_PROGRESS_SECONDS, settings.JOBS_HEARTBEAT_SECONDS))
        try:
            while not self._stop.is_set():
                try:
                    self.beat(services)
                except DatabaseError:
                    logger.info(
                        "Heartbeat of worker %s postponed (database busy)", self.worker_id, exc_info=True
                    )
                self._stop.wait(tick)
        finally:
            connection.close()  # this thread's own connection

    def beat(self, services: Any) -> None:
        now = time.monotonic()
        due = now - self._last_beat >= settings.JOBS_HEARTBEAT_SECONDS
        context = self.context
        if context is not None:
            state, dirty = context.snapshot()
            if dirty:
                try:
                    updated = _write_progress(context.job_id, state)
                except DatabaseError:
                    context.mark_dirty()
                    raise
            elif due:
                updated = _heartbeat(context.job_id)
            else:
                updated = 1
            if not updated:
                context.mark_stop(_stop_reason(context.job_id))
        if due:
            services.worker_beat(
                worker_id=self.worker_id, host=self.host, pid=self.pid, started_at=self.started_at
            )
            services.reap_lost()
            self._last_beat = now
        else:  # a read: a job whose heartbeat just passed the limit is marked lost within a tick, not a beat
            services.reap_if_due()


@dataclass
class _Current:
    worker_id: str = ""
    heartbeat: Heartbeat | None = None


_current = _Current()


@contextmanager
def in_worker(worker_id: str, heartbeat: Heartbeat | None) -> Iterator[None]:
    """Jobs run inside this block run as worker `worker_id`, with its heartbeat thread (if any)."""
    previous = (_current.worker_id, _current.heartbeat)
    _current.worker_id, _current.heartbeat = worker_id, heartbeat
    try:
        yield
    finally:
        _current.worker_id, _current.heartbeat = previous


# --- the task -----------------------------------------------------------------------------------------------


@task()
def run_job(job_id: int) -> str:
    """Run background job `job_id` (a jobs.models.JobRun); returns the status it ended with."""
    return execute(job_id)


def execute(job_id: int) -> str:
    job = _claim(job_id)
    if job is None:
        return "skipped"
    heartbeat = _current.heartbeat
    context = JobContext(job, direct=heartbeat is None)
    status, error, result = JobRun.Status.DONE, None, None
    if heartbeat is not None:
        heartbeat.attach(context)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            result = get_kind(job.kind).run(context, dict(job.params))
    except JobCancelled as stopped:
        status = JobRun.Status.CANCELLED if str(stopped) == "cancelled" else JobRun.Status.LOST
    except Exception as exc:
        status, error = JobRun.Status.FAILED, _error_message(exc, job_id)
    finally:
        if heartbeat is not None:
            heartbeat.detach()
    return _finish(job_id, context, status=status, error=error, result=result)


def _claim(job_id: int) -> JobRun | None:
    with transaction.atomic():
        job = JobRun.objects.select_for_update().select_related("started_by").filter(pk=job_id).first()
        if job is None or job.status != JobRun.Status.QUEUED:
            logger.info("Job %s is not queued (%s): not run", job_id, job.status if job else "gone")
            return None
        now = timezone.now()
        job._history_user = job.started_by  # type: ignore[attr-defined]
        job.status, job.started_at, job.heartbeat_at = JobRun.Status.RUNNING, now, now
        job.worker_id = _current.worker_id or "in-process"
        job.save()
    return job


def _finish(
    job_id: int, context: JobContext, *, status: str, error: dict[str, Any] | None, result: Any
) -> str:
    """Record how the job ended, unless the reaper marked it lost meanwhile (then its output is dropped)."""
    state, _dirty = context.snapshot()
    with transaction.atomic():
        job = JobRun.objects.select_for_update().select_related("started_by").get(pk=job_id)
        job._history_user = job.started_by  # type: ignore[attr-defined]
        if job.status != JobRun.Status.RUNNING:
            status = job.status  # lost (or ended by someone else): keep what they recorded
        else:
            if status == JobRun.Status.LOST:  # stopped because the record said so: it is no longer RUNNING
                status = JobRun.Status.CANCELLED if job.cancel_requested else JobRun.Status.LOST
            job.status, job.finished_at = status, timezone.now()
            job.progress_done, job.progress_total, job.step = state.done, state.total, state.step
            job.messages, job.error = state.messages, error
            if status == JobRun.Status.DONE:
                job.result = result if isinstance(result, dict) else {}
                if context.output:
                    job.output_file, job.output_name = context.output
            if status == JobRun.Status.CANCELLED:
                cancelled = Message(gettext_noop("Cancelled; nothing of the unit being written was saved."))
                job.messages = [*job.messages, message_json(cancelled)]
            if context.link:
                job.link = context.link
            job.save()
    if status != JobRun.Status.DONE and context.output:
        default_storage.delete(context.output[0])  # nothing half-written: no output of a job that did not end
    return str(status)


def _error_message(exc: Exception, job_id: int) -> dict[str, Any]:
    """What the owner reads about a failure: the services' own messages, never a repr or traceback."""
    if isinstance(exc, JobError):
        return message_json(exc.message)
    if isinstance(exc, ValidationError):
        return message_json(" ".join(str(m) for m in exc.messages))
    if isinstance(exc, PermissionDenied):
        return message_json(str(exc) or Message(gettext_noop("You may not do this.")))
    logger.exception("Job %s failed", job_id)
    return message_json(
        Message(
            gettext_noop(
                "The job stopped on an unexpected error; nothing of what it was writing was saved. The error "
                "is in the server log (job %(job)s)."
            ),
            job=job_id,
        )
    )
