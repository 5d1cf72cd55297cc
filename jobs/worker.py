"""The worker process: django-tasks-db's worker loop, with the jobs app's heartbeat and reaper.

`regiekamer worker` (jobs/management/commands/worker.py) runs `JobWorker.run()`. `run_once()` is one turn of
the loop (reap lost jobs, take one task, run it): tests call it in-process, on the test's database, with the
same code the command runs."""

from __future__ import annotations

import logging
import os
import socket
import time

from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import schedule, services
from .runtime import Heartbeat, in_worker

logger = logging.getLogger(__name__)


class JobWorker(Worker):
    """django_tasks_db's Worker (claiming a task under a lock, so no task runs twice; signals for a graceful
    stop) whose loop also keeps the jobs' heartbeat and reaps lost jobs."""

    def __init__(
        self,
        *,
        queue_names: list[str] | None = None,
        interval: float = 1.0,
        batch: bool = False,
        backend_name: str = "default",
        startup_delay: bool = False,
        max_tasks: int | None = None,
        worker_id: str | None = None,
        excluded_queue_names: list[str] | None = None,
        heartbeat_thread: bool = True,
    ):
        super().__init__(
            queue_names=queue_names or ["default"],
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=excluded_queue_names or [],
        )
        self.heartbeat: Heartbeat | None = None
        self.heartbeat_thread = heartbeat_thread
        self.host, self.pid = socket.gethostname()[:200], os.getpid()
        self.started_at = timezone.now()

    def _ready_tasks(self):  # type: ignore[no-untyped-def]
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def run_once(self, *, task_id: str | None = None) -> bool:
        """Reap lost jobs (when no heartbeat thread does), take the next ready task (or task `task_id`) and
        run it. True when a task ran, False when none was ready (or the database was locked)."""
        if self.heartbeat is None:
            services.reap_lost()
        tasks = self._ready_tasks()
        if task_id is not None:
            tasks = tasks.filter(id=task_id)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # RUNNING under the lock: no other worker takes it
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise
            return False
        if task_result is None:
            return False
        with in_worker(self.worker_id, self.heartbeat):
            self.run_task(task_result)
        return True

    def run(self) -> None:
        logger.info("Starting job worker %s (%s:%s)", self.worker_id, self.host, self.pid)
        if self.heartbeat_thread:
            self.heartbeat = Heartbeat(worker_id=self.worker_id, host=self.host, pid=self.pid)
            self.heartbeat.start()
        try:
            while self.running:
                close_old_connections()
                if self.heartbeat is None:
                    services.worker_beat(
                        worker_id=self.worker_id, host=self.host, pid=self.pid, started_at=self.started_at
                    )
                schedule.run_due_now_and_then()  # periodic jobs (jobs.schedule)
                ran = self.run_once()
                close_old_connections()
                if self.batch and not ran:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.running and not ran:
                    time.sleep(self.interval)
        finally:
            self.stop()

    def run_task_now(self, task_id: str) -> bool:
        """Run one queued task in this process, with the heartbeat thread (a command that does its job itself
        when no worker is running). False when the task was not ready (a worker took it first)."""
        self.heartbeat = Heartbeat(worker_id=self.worker_id, host=self.host, pid=self.pid)
        self.heartbeat.start()
        try:
            return self.run_once(task_id=task_id)
        finally:
            self.stop()

    def stop(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()
            self.heartbeat = None
        try:
            services.worker_gone(worker_id=self.worker_id)
        except Exception:  # noqa: BLE001 - a worker on its way out must not fail on its farewell
            logger.info("Worker %s could not remove its beat", self.worker_id, exc_info=True)


def run_queued_jobs(*, limit: int = 100) -> int:
    """Run every ready task in this process, on this database connection, without a heartbeat thread (tests,
    and `regiekamer reports ... --wait` style commands). Returns how many ran."""
    worker = JobWorker(batch=True, heartbeat_thread=False, worker_id="in-process")
    count = 0
    while count < limit and worker.run_once():
        count += 1
    return count
