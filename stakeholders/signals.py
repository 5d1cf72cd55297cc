"""Signals other apps listen to, so that the register needs to know nothing about them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# Sent once per committed transaction that created, renamed or imported organisations, with the names that
# appeared (`names`) and the organisations concerned (`organisation_ids`). The portfolio app re-links the
# impact sheets whose actor texts name one of them, and no others.
register_changed = Signal()


def announce_register_changed(*, names: Iterable[str] = (), organisation_ids: Iterable[int] = ()) -> None:
    """Collect what changed and send register_changed once, after the current transaction commits (at once
    outside a transaction). Several changes in one transaction (an import, a hand-over with K new parties)
    make one signal carrying all of them."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _send_now(set(names), set(organisation_ids))
        return
    state = getattr(connection, "_register_changed", None)
    waiting = any(callback is _send for _savepoints, callback, _robust in connection.run_on_commit)
    if state is None or not state["pending"] or not waiting:
        # Nothing waits to be sent: what the connection collected before was sent or rolled back.
        state = {"names": set(), "ids": set(), "pending": True}
        connection._register_changed = state  # type: ignore[attr-defined]
        transaction.on_commit(_send)
    state["names"].update(name for name in names if name)
    state["ids"].update(organisation_ids)


def _send() -> None:
    connection = transaction.get_connection()
    state = getattr(connection, "_register_changed", None)
    connection._register_changed = None  # type: ignore[attr-defined]
    if state is not None:
        _send_now(state["names"], state["ids"])


def _send_now(names: set[str], ids: set[int]) -> None:
    from .models import Organisation

    if names or ids:
        register_changed.send(sender=Organisation, names=names, organisation_ids=ids)
