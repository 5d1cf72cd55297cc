"""For tests of apps that start jobs: run what is queued with the real worker loop, in-process."""

from .worker import run_queued_jobs

__all__ = ["run_queued_jobs"]
