"""A job worker for browser journeys: `regiekamer worker`'s loop (jobs.worker.JobWorker, with its heartbeat
thread) in a thread of the test process, on the live server's database, while the journey runs."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def running_worker() -> Iterator[None]:
    from jobs.worker import JobWorker

    worker = JobWorker(interval=0.2, worker_id="e2e-worker")

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="e2e-job-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        worker.running = False
        thread.join(timeout=60)
