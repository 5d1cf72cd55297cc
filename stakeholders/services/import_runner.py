"""Running an import in the background, with live progress: a job of the jobs app ("stakeholders.import").

The web page starts a dry run or an import and returns at once: `import_batch_execute` marks the batch
RUNNING and queues the job in one transaction; a worker (`regiekamer worker`) runs it, reporting its progress
to the job's record (jobs.runtime: the worker's heartbeat thread writes it on its own connection, outside the
import transaction). The batch's page reads the progress from that record, so it survives a restart of the
web server and is the same whichever web process serves the poll. The batch row itself is written before
the work starts (RUNNING) and after it ends (its final status), outside the import transaction.

A worker stopped mid-import cannot mark its batch: the reaper marks its job lost within two heartbeats, and a
RUNNING batch without a queued or running job counts as interrupted (stale) and may be started again, from
the batch's page or the job's. Starting a batch that is running is refused (also by the job's dedupe key).

The work acts as the user who started it (recorded in the audit trail), or as the system actor when a
command starts it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from jobs import services as jobs_services
from jobs.models import JobRun
from jobs.runtime import JobCancelled, JobContext, JobError
from regiekamer.texts import Message, gettext_noop

from .. import importer
from ..models import ImportBatch
from .imports import PHASE_SAVE, Progress, import_batch_run, import_batch_table

IMPORT_JOB = "stakeholders.import"
# The step a job's page and the batch's page show, per phase of the import.
STEP_CHECK = gettext_noop("Checking the rows")
STEP_SAVE = gettext_noop("Saving the rows")

logger = logging.getLogger(__name__)


class ImportNotStarted(Exception):
    """A second start of a batch that is already running (or was imported): nothing is done."""


@dataclass(frozen=True)
class ImportProgress:
    phase: str  # PHASE_CHECK or PHASE_SAVE
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


def _dedupe_key(batch_id: int) -> str:
    return f"{IMPORT_JOB}:{batch_id}"


def import_batch_job(*, batch: ImportBatch) -> JobRun | None:
    """The latest job that ran (or runs) this batch."""
    return JobRun.objects.filter(dedupe_key=_dedupe_key(batch.pk)).order_by("-created_at", "-pk").first()


def import_batch_progress(*, batch: ImportBatch) -> ImportProgress | None:
    """The last progress the running import of this batch reported (None before its first report)."""
    job = import_batch_job(batch=batch)
    if job is None or not job.is_active or job.progress_total is None:
        return None
    phase = "save" if (job.step or {}).get("template") == STEP_SAVE else "check"
    return ImportProgress(phase=phase, done=job.progress_done, total=job.progress_total)


def import_batch_is_stale(*, batch: ImportBatch) -> bool:
    """RUNNING without a job that is queued or running: its worker was stopped (the job is lost), or it was
    cancelled. It may be started again."""
    if batch.status != ImportBatch.Status.RUNNING:
        return False
    jobs_services.reap_if_due()  # a worker killed while no other runs: its job is lost all the same
    return jobs_services.active_job(dedupe_key=_dedupe_key(batch.pk)) is None


def _startable(batch: ImportBatch) -> bool:
    return batch.status != ImportBatch.Status.IMPORTED and (
        batch.status != ImportBatch.Status.RUNNING or import_batch_is_stale(batch=batch)
    )


def import_batch_execute(
    *, batch: ImportBatch, mapping: dict[str, str], dry_run: bool, actor: User
) -> JobRun:
    """Start a dry run or the import of an uploaded file as a background job: the batch is marked RUNNING
    with this mapping and the job queued, in one transaction. A wrong mapping raises importer.ImportFileError
    at once; a batch that is running or already imported raises ImportNotStarted (a second click does
    nothing)."""
    permit = require(actor, "stakeholders.import_register", batch)
    # read first: a second click while the import holds SQLite's write lock must not wait
    if not _startable(batch):
        raise ImportNotStarted(_("This file is already being imported, or has been imported."))
    headers, _rows = import_batch_table(batch=batch, head=0)  # the header, read outside the transaction
    mapping = {k: v for k, v in mapping.items() if v}
    importer.check_mapping(headers, mapping)
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if not _startable(locked):
                raise ImportNotStarted(_("This file is already being imported, or has been imported."))
            _audit_as(locked, actor)
            locked.status, locked.mapping, locked.dry_run = ImportBatch.Status.RUNNING, mapping, dry_run
            locked.started_at = timezone.now()
            locked.failure, locked.errors, locked.error_count = "", [], 0
            locked.save()
            job = jobs_services.start(
                actor=actor,
                kind=IMPORT_JOB,
                params={"batch_id": batch.pk, "dry_run": dry_run},
                view_action="stakeholders.import_register",
                dedupe_key=_dedupe_key(batch.pk),
                link=reverse("stakeholders:import-batch", args=[batch.pk]),
                granted_by=permit,
            )
    except jobs_services.JobAlreadyRunning:
        raise ImportNotStarted(_("This file is already being imported, or has been imported.")) from None
    batch.refresh_from_db()
    return job


def run_import_job(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """The job "stakeholders.import": plan and, unless a dry run, write the batch; its progress per row.
    Idempotent: a batch that was imported is not imported again (a restart of a job lost after the commit)."""
    batch_id, dry_run = int(params["batch_id"]), bool(params["dry_run"])
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status == ImportBatch.Status.IMPORTED:
        context.message(Message(gettext_noop("This file had already been imported; nothing was done.")))
        return _summary(batch)
    if batch.status != ImportBatch.Status.RUNNING:  # started again from the job's page
        with transaction.atomic():
            _audit_as(batch, context.actor)
            batch.status, batch.dry_run = ImportBatch.Status.RUNNING, dry_run
            batch.failure, batch.errors, batch.error_count = "", [], 0
            batch.save()

    def report(phase: str, done: int, total: int) -> None:
        context.progress(done, total, step=Message(STEP_SAVE if phase == PHASE_SAVE else STEP_CHECK))

    context.set_link(reverse("stakeholders:import-batch", args=[batch_id]))
    import_batch_work(batch_id=batch_id, dry_run=dry_run, actor=context.actor, progress=report)
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.FAILED:
        if batch.failure:
            raise JobError(batch.failure)
        raise JobError(
            Message(
                gettext_noop(
                    "Rows with errors: %(n)s; nothing was imported. The errors are listed on the import page."
                ),
                n=batch.error_count,
            )
        )
    return _summary(batch)


def _summary(batch: ImportBatch) -> dict[str, Any]:
    return {
        "batch": batch.pk,
        "status": batch.status,
        "rows": batch.rows_total,
        "created": batch.rows_created,
        "updated": batch.rows_updated,
        "review": batch.rows_review,
        "errors": batch.error_count,
    }


def import_batch_work(*, batch_id: int, dry_run: bool, actor: User, progress: Progress | None = None) -> None:
    """The work of a started batch: plan and, unless a dry run, write (import_batch_run, which requires its
    action for `actor`), reporting `progress(phase, done, total)`. Always ends the batch as DRY_RUN, IMPORTED
    or FAILED, never leaves it RUNNING: an unexpected error (a refusal too) is recorded as the failure, in
    words for the person who started it (the details go to the log). A cancelled job (JobCancelled from
    `progress`) ends the batch FAILED as cancelled and is raised on."""
    failure, batch = "", None
    try:
        batch = ImportBatch.objects.select_related("source").get(pk=batch_id)
        _audit_as(batch, actor)
        import_batch_run(batch=batch, mapping=batch.mapping, dry_run=dry_run, actor=actor, progress=progress)
    except importer.ImportRejected:
        pass  # recorded by import_batch_run: FAILED with the row errors, nothing saved
    except importer.ImportFileError as refused:  # the whole file is read here: e.g. too many rows
        failure = str(refused)
    except JobCancelled as stopped:
        failure = (
            _("The import was cancelled; nothing was saved.")
            if str(stopped) == "cancelled"
            else _("The import was interrupted; nothing was saved.")
        )
        raise
    except Exception:
        logger.exception("Stakeholder import of batch %s failed", batch_id)
        if batch is not None and batch.status == ImportBatch.Status.IMPORTED:
            # import_batch_run sets IMPORTED only once the import transaction has committed
            failure = _("The organisations were imported, but recording the result failed.")
        else:
            failure = _(
                "The import stopped on an unexpected error; nothing was saved. Another change to the "
                "register at the same moment (an organisation with one of the file's KvK numbers) is a "
                "likely cause: try again."
            )
    finally:
        _import_batch_end(batch_id=batch_id, failure=failure, actor=actor)


def _audit_as(batch: ImportBatch, actor: User) -> None:
    """No request in a worker: name the importer in the batch's audit trail (django-simple-history reads
    `_history_user` from the instance)."""
    batch._history_user = actor  # type: ignore[attr-defined]  # simple-history's per-instance user


def _import_batch_end(*, batch_id: int, failure: str, actor: User) -> None:
    """A batch still RUNNING when its work ends has failed (the error, or an interruption). Part of the work
    whose start was required."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status != ImportBatch.Status.RUNNING:
            return
        _audit_as(batch, actor)
        batch.status = ImportBatch.Status.FAILED
        batch.failure = failure or _("The import was interrupted.")
        batch.save()
