"""Running an import in the background, with live progress (to move onto a job system later).

The web page starts a dry run or an import and returns at once; the work runs in a thread of the web process
and reports its progress to Django's cache, keyed by batch. The progress cannot live in the database: the
import writes in one transaction, whose rows no other request sees until it commits (and on SQLite a second
writer would wait for it). The batch row itself is written before the work starts (RUNNING) and after it
ends (its final status), outside the import transaction.

Locally the cache is per process (LocMemCache): enough for runserver and the tests. The production profile
uses a file cache shared by the worker processes of the host; on several hosts CACHES must point at Redis or
Memcached. Without a shared cache the page still shows that the import runs, and its result once it has
ended (both from the batch row). A worker stopped mid-import (a restart) cannot mark its batch; a batch
RUNNING for longer than IMPORT_STALE_AFTER counts as interrupted and may be started again.

The work acts as the user who started it (recorded in the audit trail), or as the system actor when a
command starts it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User

from .. import importer
from ..models import ImportBatch
from .imports import Progress, import_batch_run, import_batch_table

IMPORT_STALE_AFTER = timedelta(minutes=30)
PROGRESS_TIMEOUT = 24 * 3600  # seconds a progress figure is kept in the cache

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


def _progress_key(batch_id: int) -> str:
    return f"stakeholders:import-progress:{batch_id}"


def import_batch_progress(*, batch: ImportBatch) -> ImportProgress | None:
    """The last progress a running import of this batch reported (None before its first report)."""
    value = cache.get(_progress_key(batch.pk))
    return ImportProgress(**value) if value else None


def import_batch_is_stale(*, batch: ImportBatch) -> bool:
    """RUNNING for so long that its worker must have been stopped (a restart): it may be started again."""
    return (
        batch.status == ImportBatch.Status.RUNNING
        and batch.started_at is not None
        and batch.started_at < timezone.now() - IMPORT_STALE_AFTER
    )


def import_batch_begin(*, batch: ImportBatch, mapping: dict[str, str], dry_run: bool, actor: User) -> None:
    """Mark the batch RUNNING with this mapping, before its work starts. A wrong mapping raises
    importer.ImportFileError at once; a batch that is running or already imported raises ImportNotStarted
    (a second click does nothing)."""
    require(actor, "stakeholders.import_register", batch)
    startable = not (batch.status == ImportBatch.Status.IMPORTED) and (
        batch.status != ImportBatch.Status.RUNNING or import_batch_is_stale(batch=batch)
    )
    if not startable:  # read first: a second click while the import holds SQLite's write lock must not wait
        raise ImportNotStarted(_("This file is already being imported, or has been imported."))
    headers, _rows = import_batch_table(batch=batch)
    mapping = {k: v for k, v in mapping.items() if v}
    importer.check_mapping(headers, mapping)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == ImportBatch.Status.IMPORTED or (
            locked.status == ImportBatch.Status.RUNNING and not import_batch_is_stale(batch=locked)
        ):
            raise ImportNotStarted(_("This file is already being imported, or has been imported."))
        locked.status, locked.mapping, locked.dry_run = ImportBatch.Status.RUNNING, mapping, dry_run
        locked.started_at, locked.failure, locked.errors, locked.error_count = timezone.now(), "", [], 0
        locked.save()
    cache.delete(_progress_key(batch.pk))
    batch.refresh_from_db()


def import_batch_work(*, batch_id: int, dry_run: bool, actor: User, progress: Progress | None = None) -> None:
    """The work of a started batch: plan and, unless a dry run, write (import_batch_run, which requires its
    action for `actor`). Reports its progress to the cache (and to `progress(phase, done, total)` when
    given). Always ends the batch as DRY_RUN, IMPORTED or FAILED, never leaves it RUNNING: an unexpected
    error (a refusal too) is recorded as the failure."""
    key = _progress_key(batch_id)

    def report(phase: str, done: int, total: int) -> None:
        cache.set(key, {"phase": phase, "done": done, "total": total}, PROGRESS_TIMEOUT)
        if progress:
            progress(phase, done, total)

    failure, batch = "", None
    try:
        batch = ImportBatch.objects.select_related("source").get(pk=batch_id)
        _audit_as(batch, actor)
        import_batch_run(batch=batch, mapping=batch.mapping, dry_run=dry_run, actor=actor, progress=report)
    except importer.ImportRejected:
        pass  # recorded by import_batch_run: FAILED with the row errors, nothing saved
    except Exception as exc:
        logger.exception("Stakeholder import of batch %s failed", batch_id)
        error = f"{type(exc).__name__}: {exc}"
        if batch is not None and batch.status == ImportBatch.Status.IMPORTED:
            # import_batch_run sets IMPORTED only once the import transaction has committed
            failure = _("The organisations were imported, but recording the result failed: %(error)s")
        else:
            failure = _("The import stopped on an unexpected error; nothing was saved: %(error)s")
        failure %= {"error": error}
    finally:
        _import_batch_end(batch_id=batch_id, failure=failure, actor=actor)


def _audit_as(batch: ImportBatch, actor: User) -> None:
    """No request in a background thread: name the importer in the batch's audit trail
    (django-simple-history reads `_history_user` from the instance)."""
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


def _import_batch_thread(**kwargs: Any) -> None:
    try:
        import_batch_work(**kwargs)
    finally:
        connections.close_all()  # the thread's own connections; the web process's pool is not involved


def import_batch_execute(
    *,
    batch: ImportBatch,
    mapping: dict[str, str],
    dry_run: bool,
    actor: User,
    background: bool | None = None,
) -> threading.Thread | None:
    """Start a dry run or the import of an uploaded file. In the background (the default; the setting
    STAKEHOLDERS_IMPORT_IN_BACKGROUND = False runs it in the caller instead) the thread is returned; the
    caller does not wait for it. Raises ImportNotStarted or importer.ImportFileError before anything runs."""
    import_batch_begin(batch=batch, mapping=mapping, dry_run=dry_run, actor=actor)
    if background is None:
        background = getattr(settings, "STAKEHOLDERS_IMPORT_IN_BACKGROUND", True)
    kwargs: dict[str, Any] = {"batch_id": batch.pk, "dry_run": dry_run, "actor": actor}
    if not background:
        import_batch_work(**kwargs)
        batch.refresh_from_db()
        return None
    thread = threading.Thread(
        target=_import_batch_thread, kwargs=kwargs, name=f"stakeholder-import-{batch.pk}", daemon=True
    )
    thread.start()
    return thread
