"""The kept coverage counts (categorisation 7): each organisation's contribution (CoverageMark) and their sum
per source (CoverageCount), moved in the transaction that changes an organisation, its sources or its
innovations.

Single saves reach coverage_refresh through stakeholders.signals (a save by a service, a form, the admin or a
test factory alike); the bulk import calls it for each batch it writes. coverage_rebuild recomputes everything
from the register (the migration that added the counts, and after a bulk load that passes the importer by)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import transaction

from regiekamer.summaries import add_to_row

from .. import classify, selectors
from ..models import CoverageCount, CoverageMark, Organisation, Source

CHUNK = 2000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _record(mark: CoverageMark) -> classify.CoverageRecord:
    return classify.CoverageRecord(
        key=mark.organisation_id, sources=frozenset(mark.sources), qualifies=mark.qualifies
    )


def coverage_refresh(organisation_ids: Iterable[int], *, deleting: bool = False) -> None:
    """Counts these organisations again: the difference between what each adds now and what its mark says
    it added moves the counts, and the mark is brought up to date. `deleting`: the organisations are about to
    be deleted, so they add nothing any more."""
    ids = sorted(set(organisation_ids))
    with transaction.atomic():
        for chunk in _chunks(ids):
            _refresh(chunk, deleting=deleting)


def _refresh(ids: list[int], *, deleting: bool) -> None:
    # Two transactions counting one organisation again must not both start from the same mark: the first
    # locks the organisation (in key order, as every refresh does) and the second reads what it wrote.
    list(Organisation.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    old = {
        mark.organisation_id: _record(mark) for mark in CoverageMark.objects.filter(organisation_id__in=ids)
    }
    new = {} if deleting else selectors.coverage_records(ids)
    deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for records, sign in ((new, 1), (old, -1)):
        for record in records.values():
            contribution = classify.coverage_contribution(record, reference=Source.SLIMME_TOOL)
            for key, counts in contribution.items():
                for index, count in enumerate(counts):
                    deltas[key][index] += sign * count
    for key, (found, qualifying, covered) in sorted(deltas.items()):
        if found or qualifying or covered:
            add_to_row(
                CoverageCount, {"key": key}, {"found": found, "qualifying": qualifying, "covered": covered}
            )
    changed = [
        CoverageMark(organisation_id=pk, qualifies=record.qualifies, sources=sorted(record.sources))
        for pk, record in new.items()
        if old.get(pk) != record
    ]
    CoverageMark.objects.bulk_create(
        changed, update_conflicts=True, unique_fields=["organisation"], update_fields=["qualifies", "sources"]
    )
    gone = [pk for pk in old if pk not in new]
    if gone:
        CoverageMark.objects.filter(organisation_id__in=gone).delete()


def coverage_rebuild() -> int:
    """Every mark and count recomputed from the register. Returns the number of organisations counted."""
    with transaction.atomic():
        CoverageMark.objects.all().delete()
        CoverageCount.objects.all().delete()
        ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        for chunk in _chunks(ids):
            _refresh(chunk, deleting=False)
    return len(ids)
