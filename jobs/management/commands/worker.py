"""`regiekamer worker`: run background jobs (django-tasks-db's worker with the jobs app's heartbeat and
reaper). `make run` starts one beside the web server; `make serve` and a real deployment run one or more
per host. Stop it with SIGINT or SIGTERM: it finishes the job it is running, then exits."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from jobs.worker import JobWorker


class Command(DbWorkerCommand):
    help = "Run background jobs: takes queued tasks from the database, keeps heartbeats, marks lost jobs."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)  # a reload would stop a running job half-way: off unless asked

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = JobWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        self.stdout.write(
            f"Job worker {worker.worker_id} on {worker.host} (pid {worker.pid}): heartbeat every "
            f"{settings.JOBS_HEARTBEAT_SECONDS:g} s, lost after {settings.JOBS_LOST_AFTER_SECONDS:g} s"
        )
        if reload and not batch:
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
