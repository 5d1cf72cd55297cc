"""`regiekamer reports impact-sheets|progress-reports [--team CODE] [--cluster CODE] [--output FILE]`: a
report batch (every current impact sheet, or latest progress report, of the selection as PDFs in one ZIP) as a
background job, its progress on the command line. With a worker running (`regiekamer worker`) the worker
makes it and this command follows; without one the command runs the job itself. Either way the job is in
the overview (/jobs/) and its ZIP on its page."""

import shutil
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.authorization import system_actor
from jobs import services as jobs_services
from jobs.follow import follow, follow_while
from jobs.models import JobRun
from jobs.worker import JobWorker
from portfolio.services import batches

KINDS = {"impact-sheets": batches.IMPACT_SHEETS, "progress-reports": batches.PROGRESS_REPORTS}


class Command(BaseCommand):
    help = "Print every current impact sheet or progress report of a selection as PDFs in a ZIP (a job)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("documents", choices=sorted(KINDS), help="impact-sheets or progress-reports")
        parser.add_argument("--team", default="", help="a team's code (default: every team)")
        parser.add_argument("--cluster", default="", help="a product cluster's code (default: every cluster)")
        parser.add_argument("--output", default="", help="copy the ZIP file to this path when done")
        parser.add_argument("--queue-only", action="store_true", help="queue the job and return")

    def handle(
        self, *, documents: str, team: str, cluster: str, output: str, queue_only: bool, **options: Any
    ) -> None:
        translation.activate("nl")
        try:
            job = batches.report_batch_start(
                actor=system_actor(), kind=KINDS[documents], team=team, cluster=cluster
            )
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        self.stdout.write(_("Job %(id)s (%(kind)s) queued.") % {"id": job.pk, "kind": job.kind_label})
        if queue_only:
            return
        if jobs_services.worker_alive():
            job = follow(job.pk, self.stdout.write)
        else:
            self.stdout.write(_("No worker is running: this command runs the job itself."))
            worker = JobWorker(worker_id=f"reports-{job.pk}")
            job = follow_while(job.pk, self.stdout.write, lambda: worker.run_task_now(job.task_id))
        if job.status != JobRun.Status.DONE:
            raise CommandError(job.error_text or str(job.get_status_display()))
        for line in job.message_texts:
            self.stdout.write(line)
        if output:
            with default_storage.open(job.output_file, "rb") as source, open(Path(output), "wb") as target:
                shutil.copyfileobj(source, target)
            self.stdout.write(_("ZIP file: %(path)s") % {"path": output})
        else:
            self.stdout.write(_("ZIP file: %(path)s") % {"path": default_storage.path(job.output_file)})
