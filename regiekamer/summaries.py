"""Kept summaries: rows that hold a sum of other rows (measured values per day, coverage counts per source),
moved in the transaction that changes what they sum, so a page reads the sum instead of the rows."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F


def add_to_row(
    model: type[models.Model],
    key: dict[str, Any],
    counts: dict[str, Any],
    *,
    also: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
) -> None:
    """Adds `counts` ({field: amount}) to the row of `model` with `key`, in one atomic UPDATE (`field =
    field + amount`, with the further update expressions `also`), or creates the row with `counts` (and
    `initial`).
    Two writers racing to create one row: the loser of the insert (a unique constraint on `key`) updates the
    winner's row. Runs in the caller's transaction."""
    for attempt in (1, 2):
        updated = model._default_manager.filter(**key).update(
            **{name: F(name) + amount for name, amount in counts.items()}, **(also or {})
        )
        if updated:
            return
        try:
            with transaction.atomic():
                model._default_manager.create(**key, **counts, **(initial or {}))
            return
        except IntegrityError:
            if attempt == 2:
                raise
