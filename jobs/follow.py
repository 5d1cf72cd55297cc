"""Following a job from a command line: its progress printed as it changes, until it ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import OperationalError, connection

from .models import JobRun


def progress_line(job: JobRun) -> str:
    """One line of a job's state: status, n of N (percent) and the step."""
    parts = [str(job.get_status_display())]
    if job.progress_total:
        parts.append(f"{job.progress_done}/{job.progress_total} ({job.percent} %)")
    if job.step_text:
        parts.append(job.step_text)
    return " · ".join(parts)


class Follower:
    """Writes a job's state line whenever it changes, never the same line twice in a row."""

    def __init__(self, job_id: int, write: Callable[[str], None]) -> None:
        self.job_id = job_id
        self.write = write
        self.last = ""
        self.lock = threading.Lock()

    def show(self, job: JobRun) -> None:
        line = progress_line(job)
        with self.lock:
            if line != self.last:
                self.write(line)
                self.last = line

    def follow(self, *, interval: float = 0.5, stop: threading.Event | None = None) -> None:
        """Show the job's state as it changes, until it has ended or `stop` is set."""
        while stop is None or not stop.is_set():
            try:
                job = JobRun.objects.get(pk=self.job_id)
            except (OperationalError, JobRun.DoesNotExist):  # a writer's lock (SQLite), or not committed yet:
                job = None  # read again at the next interval
            if job is not None:
                self.show(job)
                if not job.is_active:
                    return
            time.sleep(interval)


def follow(job_id: int, write: Callable[[str], None], *, interval: float = 0.5) -> JobRun:
    """Print the job's state whenever it changes, until it has ended; returns the job."""
    Follower(job_id, write).follow(interval=interval)
    return JobRun.objects.get(pk=job_id)


def follow_while(job_id: int, write: Callable[[str], None], run: Callable[[], object]) -> JobRun:
    """Run the job in this thread (`run`) while a thread of its own (its own database connection) prints its
    progress; the job's final state is printed here once it has run, whatever the printing thread saw."""
    follower = Follower(job_id, write)
    stop = threading.Event()

    def watch() -> None:
        try:
            follower.follow(stop=stop)
        finally:
            connection.close()

    thread = threading.Thread(target=watch, name=f"follow-job-{job_id}", daemon=True)
    thread.start()
    try:
        run()
    finally:
        stop.set()
        thread.join(timeout=5)
    job = JobRun.objects.get(pk=job_id)
    follower.show(job)
    return job
