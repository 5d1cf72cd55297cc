"""`regiekamer rhythm tick [--queue-only]`: the scheduled run of reminders and invitations
(rhythm.services.tick) as a background job, now. The worker (`regiekamer worker`) starts it by itself
every RHYTHM_TICK_MINUTES (jobs.schedule); this command is for a cron job on hosts without a worker, or to
run it by hand. With a worker running the worker does the job and this command follows it; without one the
command runs it itself. The run is safe to repeat: nothing is sent twice."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.authorization import system_actor
from jobs import services as jobs_services
from jobs.follow import follow
from jobs.models import JobRun
from jobs.worker import JobWorker
from rhythm import services


class Command(BaseCommand):
    help = "Send the reminders and invitations that are due (a background job, safe to run twice)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["tick"], help="tick: the scheduled run, now")
        parser.add_argument("--queue-only", action="store_true", help="queue the job and return")

    def handle(self, *, action: str, queue_only: bool, **options: Any) -> None:
        translation.activate("nl")
        try:
            job = services.tick_start(actor=system_actor())
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        self.stdout.write(_("Job %(id)s (%(kind)s) queued.") % {"id": job.pk, "kind": job.kind_label})
        if queue_only:
            return
        if jobs_services.worker_alive():
            job = follow(job.pk, self.stdout.write)
        else:
            JobWorker(worker_id=f"rhythm-{job.pk}").run_task_now(job.task_id)
            job = JobRun.objects.get(pk=job.pk)
        for text in job.message_texts:
            self.stdout.write(text)
        if job.status != JobRun.Status.DONE:
            raise CommandError(job.error_text or str(job.get_status_display()))
        self.stdout.write(
            _("%(reminders)s reminders and %(invitations)s invitations made, %(emails)s e-mails sent.")
            % {key: job.result.get(key, 0) for key in ("reminders", "invitations", "emails")}
        )
