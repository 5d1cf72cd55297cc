"""Signals other apps listen to, so that the register needs to know nothing about them."""

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction that created, renamed or imported organisations has committed. The portfolio app
# re-links impact-sheet actors to the register on it.
register_changed = Signal()


def announce_register_changed() -> None:
    """Send register_changed after the current transaction commits (at once outside a transaction)."""
    from .models import Organisation

    transaction.on_commit(lambda: register_changed.send(sender=Organisation))
