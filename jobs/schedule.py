"""Periodic jobs: django-tasks has no schedule of its own (a task may be enqueued to run after a moment, never
every so often), so the worker loop (jobs.worker.JobWorker.run) calls `run_due()`, and an app registers what
must run every so often in its AppConfig.ready():

    register_periodic("rhythm.tick", every=timedelta(minutes=15), start=start_tick)

`start()` starts the job the usual way (jobs.services.start with a dedupe key). A kind is due when no job of
it was queued within `every`: the job records are the schedule, so several workers and restarts need no
state of their own. Two workers may both find a kind due at the same moment; the dedupe key refuses the
second start while the first is queued or running, and a periodic job must be idempotent anyway (it may run
twice)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import JobRun

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60.0  # how often a worker looks whether a periodic job is due


@dataclass(frozen=True)
class Periodic:
    kind: str
    every: timedelta
    start: Callable[[], object]


_PERIODIC: dict[str, Periodic] = {}
_last_check = 0.0


def register_periodic(kind: str, *, every: timedelta, start: Callable[[], object]) -> None:
    _PERIODIC[kind] = Periodic(kind=kind, every=every, start=start)


def periodic() -> dict[str, Periodic]:
    return dict(_PERIODIC)


def run_due() -> list[str]:
    """Start every periodic job that is due; the kinds started."""
    started = []
    now = timezone.now()
    for item in _PERIODIC.values():
        if JobRun.objects.filter(kind=item.kind, created_at__gte=now - item.every).exists():
            continue
        try:
            item.start()
        except ValidationError:  # JobAlreadyRunning: another worker started it a moment ago
            continue
        except Exception:  # a periodic job that cannot start must not stop the worker
            logger.exception("Periodic job %s could not be started", item.kind)
            continue
        started.append(item.kind)
    return started


def run_due_now_and_then() -> None:
    """`run_due()` at most every CHECK_EVERY_SECONDS in this process (the worker loop turns every second)."""
    global _last_check
    if not getattr(settings, "JOBS_PERIODIC", True):  # switched off (a test scenario counting its own jobs)
        return
    if time.monotonic() - _last_check < CHECK_EVERY_SECONDS:
        return
    _last_check = time.monotonic()
    try:
        run_due()
    except Exception:  # the database may be locked for a moment; the next turn tries again
        logger.warning("Periodic jobs not checked", exc_info=True)
