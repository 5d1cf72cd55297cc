"""The audit trail as people read it: every app's history page and history panel come from here.

`history_entries` is the selector (django-simple-history records, newest first, each with the fields it
changed from what to what, who, when and the reason); `render_history` the page; ``regiekamer/_history.html``
the panel a detail page includes.

Who made a change is personal data of the people who work on the programme: `actor_label` shows the name to
a viewer the registered rule allows (accounts registers its `accounts.view_audit_names` action in its
AppConfig.ready()), the viewer's own changes as theirs, and "name not shown" otherwise."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

HIDDEN_FIELDS = frozenset({"version"})

# Whether a viewer may read who made the changes in an audit trail (None: no rule registered, names shown).
_actor_names_rule: Callable[[Any], bool] | None = None


def register_actor_names_rule(rule: Callable[[Any], bool]) -> None:
    """The extension point for the rule that decides who reads the names in audit trails (accounts)."""
    global _actor_names_rule
    _actor_names_rule = rule


def actor_label(viewer: Any, actor: Any) -> str:
    """Who made a change, as `viewer` may read it: the system (no user, or the system actor), the name (for
    a viewer the rule allows, and for the viewer's own changes), or that the name is not shown."""
    if actor is None:
        return _("system (loader or command line)")
    viewer_pk = getattr(viewer, "pk", None)
    own = viewer_pk is not None and viewer_pk == getattr(actor, "pk", None)
    # The system actor ("Regiekamer (systeem)": loaders, jobs, the demo) is no person: always named.
    if own or getattr(actor, "is_system", False) or _actor_names_rule is None:
        return str(actor)
    if viewer is not None and _actor_names_rule(viewer):
        return str(actor)
    return _("name not shown")


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    date: datetime
    user: Any
    kind: str
    changes: list[Change]
    reason: str
    version: int | None
    record: Any = field(repr=False)


@dataclass(frozen=True)
class History:
    entries: list[Entry]
    more: bool

    @property
    def has_reasons(self) -> bool:
        """Whether a Reason column is worth its width (narrow panels leave it out when no change gave one)."""
        return any(entry.reason for entry in self.entries)


def kind_label(history_type: str) -> str:
    return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}.get(history_type, history_type)


def display(value: Any, model_field: models.Field | None = None) -> str:
    """A stored value as a person reads it: choices by label (also in a list of codes), yes/no, dates and
    numbers in the person's notation, related records by name, a mapping's keys by their labels, nothing as
    empty."""
    if value is None or value == "" or value == []:
        return ""
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT"
        )
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, list | tuple):
        return ", ".join(_list_item(item, model_field) for item in value)
    if isinstance(value, dict):  # its keys by the labels the model gives them (`DICT_LABELS`)
        model = model_field.model if model_field is not None else None
        labels = getattr(model, "DICT_LABELS", {}).get(getattr(model_field, "name", ""), {})
        return "; ".join(f"{labels.get(key, key)}: {display(item)}" for key, item in value.items())
    return str(value)


def _list_item(item: Any, model_field: models.Field | None) -> str:
    """One element of a list value: a code by its label when the model names the choices of its list field
    (`LIST_CHOICES`), a many-to-many row ({"project": 1, "collaboration": 4}) by the related record's name."""
    if isinstance(item, dict) and model_field is not None and model_field.related_model is not None:
        related = model_field.related_model
        key = related._meta.model_name
        pk = item.get(key)
        found = related._default_manager.filter(pk=pk).first() if pk is not None else None
        return str(found) if found is not None else _("deleted record")
    if model_field is not None:
        choices = getattr(model_field.model, "LIST_CHOICES", {}).get(model_field.name)
        if choices is not None:
            return str(dict(choices).get(item, item))
    return display(item)


def _changes(record: Any, previous: Any, m2m: _ManyToMany) -> list[Change]:
    if previous is None or record.history_type != "~":
        return []
    model = record.instance_type
    changes = []
    for delta in record.diff_against(previous, excluded_fields=m2m.names).changes:
        if delta.field in HIDDEN_FIELDS:
            continue
        try:
            model_field = model._meta.get_field(delta.field)
        except Exception:  # noqa: BLE001 - a history-only field has no model field
            model_field = None
        label = str(model_field.verbose_name) if model_field is not None else delta.field
        changes.append(
            Change(label=label, old=display(delta.old, model_field), new=display(delta.new, model_field))
        )
    return changes + m2m.changes(record, previous)


class _ManyToMany:
    """The many-to-many trail of a page of history records, read in bulk: per field one query for the rows
    of every record and one for the related records they name (simple-history's `diff_against` reads both
    per record). Rows compare as simple-history compares them: the through fields, ordered by the related
    record."""

    def __init__(self, history_model: type[models.Model], records: Sequence[Any]) -> None:
        self.fields = list(getattr(history_model, "_history_m2m_fields", []))
        self.names = [m2m_field.name for m2m_field in self.fields]
        self.rows: dict[str, dict[int, list[dict[str, Any]]]] = {}
        self.labels: dict[str, dict[Any, str]] = {}
        ids = [record.pk for record in records]
        for m2m_field in self.fields:
            through = history_model.__dict__[m2m_field.name].model
            related = get_m2m_reverse_field_name(m2m_field)
            columns = [
                column.name
                for column in through._meta.fields
                if column.editable and column.name not in ("id", "m2m_history_id", "history")
            ]
            per_record: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for row in (
                through.objects.filter(history_id__in=ids).order_by(related).values("history_id", *columns)
            ):
                per_record[row.pop("history_id")].append(row)
            self.rows[m2m_field.name] = per_record
            pks = {row.get(related) for rows in per_record.values() for row in rows} - {None}
            self.labels[m2m_field.name] = {
                pk: str(item) for pk, item in m2m_field.related_model._default_manager.in_bulk(pks).items()
            }

    def changes(self, record: Any, previous: Any) -> list[Change]:
        changes = []
        for m2m_field in self.fields:
            old = self.rows[m2m_field.name].get(previous.pk, [])
            new = self.rows[m2m_field.name].get(record.pk, [])
            if old != new:
                changes.append(
                    Change(
                        label=str(m2m_field.verbose_name),
                        old=self._display(m2m_field, old),
                        new=self._display(m2m_field, new),
                    )
                )
        return changes

    def _display(self, m2m_field: models.ManyToManyField[Any, Any], rows: list[dict[str, Any]]) -> str:
        related = get_m2m_reverse_field_name(m2m_field)
        labels = self.labels[m2m_field.name]
        return ", ".join(labels.get(row.get(related), _("deleted record")) for row in rows)


def history_entries(obj: models.Model, *, limit: int | None = None) -> History:
    """The record's audit trail, newest first; with `limit`, the latest `limit` entries and whether more
    exist."""
    manager = obj.history  # type: ignore[attr-defined]
    records = manager.select_related("history_user").order_by("-history_date", "-history_id")
    rows = list(records[: limit + 1] if limit is not None else records)
    shown = rows[:limit] if limit is not None else rows
    m2m = _ManyToMany(manager.model, rows)
    entries = [
        Entry(
            date=record.history_date,
            user=record.history_user,
            kind=kind_label(record.history_type),
            changes=_changes(record, rows[index + 1] if index + 1 < len(rows) else None, m2m),
            reason=record.history_change_reason or "",
            version=getattr(record, "version", None),
            record=record,
        )
        for index, record in enumerate(shown)
    ]
    return History(entries=entries, more=limit is not None and len(rows) > limit)


def render_history(
    request: HttpRequest,
    obj: models.Model,
    *,
    back_url: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "regiekamer/history.html",
) -> HttpResponse:
    """The history page of `obj`. An app with more to show passes `extra` context and its own `template`,
    which extends regiekamer/history.html and fills the ``history_extra`` block."""
    context = {"object": obj, "history": history_entries(obj), "back_url": back_url, **(extra or {})}
    return render(request, template, context)
