"""Following a job from a command line: its progress printed as it changes, until it ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection

from .models import JobRun


def progress_line(job: JobRun) -> str:
    """One line of a job's state: status, n of N (percent) and the step."""
    parts = [str(job.get_status_display())]
    if job.progress_total:
        parts.append(f"{job.progress_done}/{job.progress_total} ({job.percent} %)")
    if job.step_text:
        parts.append(job.step_text)
    return " · ".join(parts)


def follow(
    job_id: int, write: Callable[[str], None], *, interval: float = 0.5, stop: threading.Event | None = None
) -> JobRun:
    """Print the job's state whenever it changes, until it has ended (or `stop` is set); returns the job."""
    last = ""
    while True:
        job = JobRun.objects.get(pk=job_id)
        line = progress_line(job)
        if line != last:
            write(line)
            last = line
        if not job.is_active or (stop is not None and stop.is_set()):
            return job
        time.sleep(interval)


def follow_in_thread(job_id: int, write: Callable[[str], None]) -> tuple[threading.Thread, threading.Event]:
    """follow() in a thread of its own (its own database connection), while this thread runs the job."""
    stop = threading.Event()

    def run() -> None:
        try:
            follow(job_id, write, stop=stop)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"follow-job-{job_id}", daemon=True)
    thread.start()
    return thread, stop
