"""Bulk import of organisations, as use cases: store an uploaded file, plan and write it (all or nothing), and
review the name matches it left. Reading and planning are in importer.py; running an import in the background
with live progress is import_runner.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.concurrency import update_versioned

from .. import importer
from ..models import FuzzyMatch, ImportBatch, Organisation, OrganisationSource, Source
from ..signals import announce_register_changed

PHASE_CHECK, PHASE_SAVE = "check", "save"
PREVIEW_ROWS = 10  # the rows the upload reads and the mapping page shows; the rest is read by the job

Progress = Callable[[str, int, int], None]


def import_batch_start(*, file_name: str, data: bytes, source: Source, actor: User) -> ImportBatch:
    """Check an uploaded file (size, type, .xlsx limits, readable, has a header), store it under MEDIA_ROOT,
    guess the column mapping. Raises importer.ImportFileError with a clear message. Only the header and the
    preview rows are parsed here, in the web request; the whole file (and its row limit) is read by the
    dry run or the import, a background job. The file is read before any transaction opens (on SQLite an
    open transaction holds the write lock); only the batch row is written in one."""
    require(actor, "stakeholders.import_register")
    headers, _rows = importer.read_table(file_name=file_name, data=data, head=PREVIEW_ROWS)
    extension = file_name.lower().rsplit(".", 1)[-1]
    stored = default_storage.save(f"stakeholders/imports/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    with transaction.atomic():
        return ImportBatch.objects.create(
            source=source,
            file_name=file_name[:255],
            stored_file=stored,
            mapping=importer.guess_mapping(headers),
            created_by=actor,
        )


def import_batch_table(*, batch: ImportBatch, head: int | None = None) -> tuple[list[str], list[list[str]]]:
    """The stored file of a batch as its header and rows; with `head`, only the first `head` rows."""
    with default_storage.open(batch.stored_file, "rb") as handle:
        return importer.read_table(file_name=batch.file_name, data=handle.read(), head=head)


def import_batch_run(
    *,
    batch: ImportBatch,
    mapping: dict[str, str],
    dry_run: bool,
    actor: User,
    progress: Progress | None = None,
) -> importer.ImportPlan:
    """Plan the import with this mapping; a dry run stops there, otherwise write it (one transaction).
    A plan with row errors is never written: the batch records the errors and ImportRejected is raised.
    Reading and planning happen outside any transaction; only the write is one (importer.import_apply).

    `progress(phase, done, total)` reports the rows checked (phase "check") and then saved ("save"). The
    batch's final status and counts are written after the import transaction has committed."""
    permit = require(actor, "stakeholders.import_register")
    headers, rows = import_batch_table(batch=batch)
    batch.mapping = {k: v for k, v in mapping.items() if v}
    plan = importer.plan_import(
        headers=headers, rows=rows, mapping=batch.mapping, progress=_phase(progress, PHASE_CHECK)
    )
    batch.rows_total = plan.total
    batch.errors = importer.errors_as_dicts(plan.errors)
    batch.error_count, batch.failure, batch.dry_run = len(plan.errors), "", dry_run
    batch.rows_created, batch.rows_updated, batch.rows_review = (
        len(plan.creates),
        len(plan.updates),
        len(plan.reviews),
    )
    if dry_run or plan.errors:
        batch.status = ImportBatch.Status.DRY_RUN if dry_run else ImportBatch.Status.FAILED
        batch.save()
        if plan.errors and not dry_run:
            raise importer.ImportRejected(plan.errors)
        return plan
    try:
        importer.import_apply(
            plan=plan,
            source=batch.source,
            batch=batch,
            actor=actor,
            granted_by=permit,
            progress=_phase(progress, PHASE_SAVE),
        )
    except importer.ImportRejected as rejected:  # an organisation changed between the plan and the write
        batch.errors = importer.errors_as_dicts(rejected.errors)
        batch.error_count, batch.status = len(rejected.errors), ImportBatch.Status.FAILED
        batch.save()
        raise
    batch.status = ImportBatch.Status.IMPORTED
    batch.save()
    announce_register_changed(
        names=[str(row.values.get("name", "")) for row in plan.creates]
        + [str(row.values.get("name", "")) for row, _pk in plan.updates],
        organisation_ids=[pk for _row, pk in plan.updates],
    )
    return plan


def _phase(progress: Progress | None, phase: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    report = progress
    return lambda done, total: report(phase, done, total)


@transaction.atomic
def fuzzy_match_resolve(*, match: FuzzyMatch, merge: bool, actor: User) -> Organisation:
    """Review of a name match: merge the row into the existing organisation (blank fields filled in, codes
    and source added; the change is in its history, so it can be undone) or create it as new."""
    require(actor, "stakeholders.import_register", match)
    match = FuzzyMatch.objects.select_for_update().get(pk=match.pk)
    if match.status != FuzzyMatch.Status.PENDING:
        raise ValidationError(_("This match has already been resolved."))
    values = {k: v for k, v in match.row.items() if k in importer.UPDATABLE}
    if merge:
        organisation = match.candidate
        changed = [
            k
            for k, v in values.items()
            if k != "name" and v not in (None, "") and getattr(organisation, k) in (None, "")
        ]
        for name in changed:
            setattr(organisation, name, values[name])
        if changed:
            update_versioned(organisation, expected_version=organisation.version, fields=changed)
        match.status = FuzzyMatch.Status.MERGED
    else:
        organisation = Organisation(**values)
        organisation.full_clean()
        organisation.save()
        match.status = FuzzyMatch.Status.CREATED
        announce_register_changed(names=[organisation.name], organisation_ids=[organisation.pk])
    organisation.sbi_codes.add(*match.row.get("sbi_ids", []))
    OrganisationSource.objects.get_or_create(
        organisation=organisation,
        source=match.batch.source,
        defaults={"batch": match.batch, "reference": match.row.get("reference", "")},
    )
    match.resolved_by, match.result = actor, organisation
    match.save()
    return organisation
