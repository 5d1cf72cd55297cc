"""Load the reference catalogue from `catalogue/data/*.csv` (see `data/README.md`).

One generic loader reads every list the way its declaration in `registry.py` says (`CatalogueList.source`:
the files, the natural key, the cells; see `sources.py`); no list has code of its own here.

`catalogue_load()` is idempotent: entries are matched on their natural key (a code, a rank, a name) and only
written when a value differs, so a second load changes nothing and adds no history rows. The whole load is one
transaction: the first malformed row (a missing column or cell, a bad number, an unknown reference, a value
the model refuses) raises `CatalogueLoadError` naming the file, the row and the field, and nothing is saved.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first entry row 2. Entries that are in
the catalogue but not in the files (for instance SBI codes added by `sbi_resolve`) are left alone.

A load that finds nothing to change is cheap (the tests load the catalogue for every test that needs it):
each model's entries are read in one query, references are looked up in memory, parsed files and validated
values are remembered for the life of the process (keyed by the file's content and the values themselves), and
nothing is written."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from accounts.authorization import require, system_actor
from accounts.models import User

from .registry import LISTS, CatalogueList
from .sources import CatalogueLoadError, Cell, Row

__all__ = ["DATA_DIR", "CatalogueLoadError", "catalogue_load"]

DATA_DIR = Path(__file__).resolve().parent / "data"

Key = tuple[Any, ...]


@dataclass
class _ParsedFile:
    """A CSV file as read before: its bytes, header and cells, and its rows once they were found sound."""

    data: bytes
    header: list[str]
    lines: list[list[str]]
    rows: list[Row] | None = None


# Files parsed before, by path; entries validated before, by model and values. Both only save work: a file
# whose bytes differ is parsed again, values never seen are validated.
_PARSED: dict[Path, _ParsedFile] = {}
_VALID: set[tuple[Any, ...]] = set()
_CACHE_LIMIT = 10_000
# django-simple-history builds a manager class on every access to `Model.history`; one per model will do.
_HISTORY_MANAGERS: dict[type[models.Model], Any] = {}


class _Loader:
    """Reads the files of one load and writes entries only where they differ."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        # Per model: every entry (stored, and created in this load), read in one query on first use; the same
        # instances indexed by natural key and by the attributes references name them by.
        self._entries: dict[type[models.Model], list[models.Model]] = {}
        self._stored: dict[type[models.Model], int] = {}
        self._occupied: set[type[models.Model]] | None = None
        self._by_key: dict[tuple[type[models.Model], tuple[str, ...]], dict[Key, models.Model]] = {}
        self._indexes: dict[tuple[type[models.Model], str], tuple[int, dict[Any, models.Model]]] = {}
        self._changes: dict[type[models.Model], int] = {}
        # Per many-to-many field: the linked primary keys per entry (one query, on first use).
        self._links: dict[tuple[type[models.Model], str], dict[Any, set[Any]]] = {}
        # New entries wait here and are inserted in bulk, with their history rows, by `flush()`.
        self._pending: dict[type[models.Model], list[tuple[models.Model, dict[str, list[Any]]]]] = {}
        self._actor: User | None = None
        # Per model and natural key: the row each entry was read from, across every list of the model (the
        # critical raw materials and the common materials share one model: a material is in one list only).
        self._seen: dict[tuple[type[models.Model], tuple[str, ...]], dict[Key, Row]] = {}

    # --- the loader as a Lookup for the cells ---------------------------------------------------------
    def entries(self, model: type[models.Model]) -> list[models.Model]:
        if model not in self._entries:
            if self._occupied is None:
                self._occupied = _occupied(list(dict.fromkeys(entry.model for entry in LISTS)))
            stored = list(model._default_manager.order_by()) if model in self._occupied else []
            self._entries[model] = stored
            self._stored[model] = len(stored)
        return self._entries[model]

    def index(self, model: type[models.Model], by: str) -> dict[Any, models.Model]:
        changes = self._changes.get(model, 0)
        cached = self._indexes.get((model, by))
        if cached is None or cached[0] != changes:
            index = {getattr(entry, by): entry for entry in self.entries(model) if getattr(entry, by)}
            cached = self._indexes[(model, by)] = (changes, index)
        return cached[1]

    # --- reading ------------------------------------------------------------------------------------------
    def read(self, file: str, columns: list[str]) -> list[Row]:
        path = self.data_dir / file
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CatalogueLoadError(
                file=file, row=0, field="", message=f"the file is missing from {self.data_dir}"
            ) from None
        parsed = _PARSED.get(path)
        if parsed is None or parsed.data != data:
            lines = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
            if not lines:
                raise CatalogueLoadError(
                    file=file, row=1, field="", message="the file is empty (no header row)"
                )
            parsed = _ParsedFile(data, [name.strip() for name in lines[0]], lines[1:])
            if len(_PARSED) > _CACHE_LIMIT:
                _PARSED.clear()
            _PARSED[path] = parsed
        for column in columns:
            if column not in parsed.header:
                raise CatalogueLoadError(file=file, row=1, field=column, message="the column is missing")
        if parsed.rows is None:
            parsed.rows = self._rows(file, parsed.header, parsed.lines)
        return parsed.rows

    @staticmethod
    def _rows(file: str, header: list[str], lines: list[list[str]]) -> list[Row]:
        rows: list[Row] = []
        for offset, cells in enumerate(lines):
            number = offset + 2
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(cells) < len(header):
                raise CatalogueLoadError(
                    file=file,
                    row=number,
                    field=header[len(cells)],
                    message="the cell is missing (the row is too short)",
                )
            if len(cells) > len(header):
                raise CatalogueLoadError(
                    file=file,
                    row=number,
                    field=f"column {len(header) + 1}",
                    message=f"the row has {len(cells)} cells, the header {len(header)}",
                )
            rows.append(Row(file, number, len(rows) + 1, dict(zip(header, cells, strict=True))))
        return rows

    # --- one list -----------------------------------------------------------------------------------------
    def load(self, entry: CatalogueList) -> int:
        """Read every file of `entry` as its source declares and write what differs; the number of rows."""
        source, model = entry.source, entry.model
        key_fields = set(source.key)
        planned: list[tuple[Row, list[Cell], dict[str, Any], dict[str, str]]] = []
        seen = self._seen.setdefault((model, source.key), {})
        for file in source.files:
            cells = source.cells_of(file)
            columns = {name: column for cell in cells for name, column in cell.fields.items() if column}
            key_cells = [cell for cell in cells if key_fields & set(cell.fields)]
            other_cells = [cell for cell in cells if not key_fields & set(cell.fields)]
            for row in self.read(file.name, source.columns_of(file)):
                values: dict[str, Any] = {}
                for cell in key_cells:
                    values.update(cell.read(row, values, self))
                key = _stored(tuple(values[name] for name in source.key))
                if key in seen:
                    first = seen[key]
                    column = next((columns[name] for name in source.key if name in columns), source.key[0])
                    if first.file == row.file:
                        raise row.error(column, f"duplicate of row {first.number}")
                    raise row.error(column, f"is already listed in {first.file}, row {first.number}")
                seen[key] = row
                planned.append((row, other_cells, values, columns))
        if source.levels:
            planned.sort(key=lambda item: item[2][source.levels])
        level: Any = None
        for row, rest, values, columns in planned:
            if source.levels and values[source.levels] != level:
                self.flush()  # the level before is stored: its entries are the parents of this one
                level = values[source.levels]
            for cell in rest:
                values.update(cell.read(row, values, self))
            self.upsert(row, model, source.key, {**source.defaults, **values}, columns)
        self.flush()  # later lists refer to this one
        return len(planned)

    def upsert(
        self,
        row: Row,
        model: type[models.Model],
        key_fields: tuple[str, ...],
        values: dict[str, Any],
        columns: dict[str, str],
    ) -> None:
        """Create or update the entry with natural key `key_fields`; save only the fields that differ."""
        meta = model._meta
        m2m = {name: values.pop(name) for name in list(values) if meta.get_field(name).many_to_many}
        key = {name: values.pop(name) for name in key_fields}
        existing = self._existing(model, key_fields)
        stored_key = _stored(tuple(key.values()))
        entry = existing.get(stored_key)
        created = entry is None
        if entry is None:
            entry = model(**key)
        changed = []
        for name, value in values.items():
            field = meta.get_field(name)
            current = getattr(entry, field.attname)  # type: ignore[union-attr]
            new = value.pk if (field.is_relation and value is not None) else value
            if created or current != new:
                setattr(entry, name, value)
                changed.append(name)
        if changed:
            self._validate(row, entry, columns)
            self._changes[model] = self._changes.get(model, 0) + 1
            if created:
                self._pending.setdefault(model, []).append((entry, m2m))
                existing[stored_key] = entry
                self.entries(model).append(entry)
                for (other_model, other_key), index in self._by_key.items():
                    if other_model is model and other_key != key_fields:
                        index[_key_of(entry, other_key)] = entry
                return
            entry._history_user = self.actor()  # type: ignore[attr-defined]  # read by simple_history
            entry.save(update_fields=changed)
        for name, targets in m2m.items():
            linked = self._linked(model, name)
            wanted = {target.pk for target in targets}
            if linked.get(entry.pk, set()) != wanted:
                self.actor()
                getattr(entry, name).set(targets)
                linked[entry.pk] = wanted

    def _existing(self, model: type[models.Model], key_fields: tuple[str, ...]) -> dict[Key, models.Model]:
        if (model, key_fields) not in self._by_key:
            self._by_key[(model, key_fields)] = {_key_of(e, key_fields): e for e in self.entries(model)}
        return self._by_key[(model, key_fields)]

    def _linked(self, model: type[models.Model], name: str) -> dict[Any, set[Any]]:
        if (model, name) not in self._links:
            links: dict[Any, set[Any]] = {}
            self.entries(model)
            if self._stored[model]:  # nothing stored, nothing linked: no query
                field: Any = model._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
                for source_pk, target_pk in through.objects.values_list(source, target):
                    links.setdefault(source_pk, set()).add(target_pk)
            self._links[(model, name)] = links
        return self._links[(model, name)]

    @staticmethod
    def _validate(row: Row, entry: models.Model, columns: dict[str, str]) -> None:
        """The model's own checks on the entry's values (references and uniqueness aside: the load makes
        those); values that passed before in this process are not checked again."""
        meta = entry._meta
        plain = [field for field in meta.concrete_fields if not field.is_relation]
        signature = (type(entry), *(getattr(entry, field.attname) for field in plain))
        if signature in _VALID:
            return
        relation_fields = [field.name for field in meta.concrete_fields if field.is_relation]
        try:
            entry.full_clean(exclude=relation_fields, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise row.error(columns.get(name, name), " ".join(str(msg) for msg in messages)) from None
        if len(_VALID) > _CACHE_LIMIT:
            _VALID.clear()
        _VALID.add(signature)

    def actor(self) -> User:
        """The system actor, on the first write of the load (a load that changes nothing needs none)."""
        if self._actor is None:
            actor = system_actor()
            require(actor, "catalogue.load")
            self._actor = actor
        return self._actor

    def flush(self) -> None:
        """Insert the new entries (one INSERT per model and one for their history), then their links."""
        if not self._pending:
            return
        actor = self.actor()
        for model, items in self._pending.items():
            _create_with_history([entry for entry, _links in items], model, actor)
            for name in {name for _entry, links in items for name in links}:
                field: Any = model._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
                through.objects.bulk_create(
                    [
                        through(**{source: entry.pk, target: linked.pk})
                        for entry, links in items
                        for linked in links.get(name, ())
                    ]
                )
                cache = self._linked(model, name)
                for entry, links in items:
                    cache[entry.pk] = {linked.pk for linked in links.get(name, ())}
        self._pending.clear()


def _create_with_history(entries: list[models.Model], model: type[models.Model], actor: User) -> None:
    """simple_history's bulk_create_with_history, with the history manager kept per model."""
    if not connection.features.can_return_rows_from_bulk_insert:  # the new keys must be read back
        bulk_create_with_history(entries, model, default_user=actor)
        return
    with transaction.atomic(savepoint=False):
        created = model._default_manager.bulk_create(entries)
        manager = _HISTORY_MANAGERS.get(model)
        if manager is None:
            manager = _HISTORY_MANAGERS[model] = get_history_manager_for_model(model)
        manager.bulk_history_create(created, default_user=actor)


def _occupied(candidates: list[type[models.Model]]) -> set[type[models.Model]]:
    """Which of the models hold any entry, in one query (an empty catalogue, as every test starts with, then
    needs no query per list)."""
    quote = connection.ops.quote_name
    # Table names of our own models, quoted: nothing from outside goes into the statement.
    probes = ", ".join(
        f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model in candidates
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}")
        found = cursor.fetchone()
    return {model for model, holds in zip(candidates, found, strict=True) if holds}


def _stored(key: Key) -> Key:
    """A natural key as stored: referenced entries by primary key."""
    return tuple(value.pk if isinstance(value, models.Model) else value for value in key)


def _key_of(entry: models.Model, key_fields: tuple[str, ...]) -> Key:
    meta = entry._meta
    return tuple(getattr(entry, meta.get_field(name).attname) for name in key_fields)  # type: ignore[union-attr]


@transaction.atomic
def catalogue_load(*, data_dir: Path | str | None = None) -> dict[str, int]:
    """Load every reference list from `data_dir` (default: catalogue/data) in registry order, which puts each
    list after the lists it refers to. Returns the number of entries read per list name.

    The load is an import from the repository's files: it acts as the system actor (``catalogue.load``),
    which is fetched on the first write, so a load that changes nothing touches no account."""
    loader = _Loader(Path(data_dir) if data_dir is not None else DATA_DIR)
    return {entry.name: loader.load(entry) for entry in LISTS}
