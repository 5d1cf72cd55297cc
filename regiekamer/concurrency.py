"""Concurrent edits never silently overwrite: a write names the version it read, and loses if it is stale."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record after it was read."""

    def __init__(self, instance: models.Model, *, expected_version: int, current_version: int) -> None:
        self.instance = instance
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            _(
                "%(object)s was changed by someone else (now version %(current)s, you edited version "
                "%(expected)s). Reload the page and apply your change again."
            )
            % {"object": instance, "current": current_version, "expected": expected_version}
        )


class StateConflict(ValidationError):
    """A write the record's current state no longer allows (a closed meeting, a step already taken): a form
    error in the UI like any ValidationError, a 409 Conflict in the API like a stale version."""


@transaction.atomic
def update_versioned(instance: Any, *, expected_version: int, fields: list[str]) -> None:
    """Save `fields` of `instance` only if the stored version still equals `expected_version`; bump it.

    The row is locked first (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction mode
    takes the write lock at BEGIN), so two writers racing on the same version cannot both win. The save goes
    through Model.save so the audit trail records it.
    """
    current = type(instance).objects.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
    if current != expected_version:
        raise EditConflict(instance, expected_version=expected_version, current_version=current)
    instance.version = expected_version + 1
    instance.save(update_fields=[*fields, "version"])
