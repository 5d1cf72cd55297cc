"""How a reference list is read from its CSV files: the vocabulary of the declarations in `registry.py`.

A list's :class:`Source` names its files, the model fields that identify an entry (its natural key) and its
cells. A cell reads columns of a row and gives values for model fields: :class:`Text`, :class:`Integer`,
:class:`Boolean`, :class:`Choice`, :class:`Slug`, :class:`Flag`, :class:`Ref` (an entry of a list loaded
before, by one of its attributes), :class:`Refs` (several, ``;``-separated, for a many-to-many field),
:class:`Fixed` and :class:`FixedRef` (a value the file stands for), :class:`Position` (the row's place in its
file) and the SBI tree's :class:`SbiNode` and :class:`SbiParent`. `catalogue.loader` reads the declarations;
nothing here touches the database (references are looked up through the loader's :class:`Lookup`).

Every cell error is a :class:`CatalogueLoadError` naming the file, the row (numbered as a spreadsheet shows
it: header row 1) and the column."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from django.utils.text import slugify

TRUE_WORDS = frozenset({"true", "1", "yes", "ja"})
FALSE_WORDS = frozenset({"false", "0", "no", "nee", ""})


class CatalogueLoadError(Exception):
    """A row of a catalogue file that cannot be loaded; says where (file, row, field) and what is wrong."""

    def __init__(self, *, file: str, row: int, field: str, message: str):
        self.file, self.row, self.field, self.message = file, row, field, message
        super().__init__(f"{file}, row {row}, field '{field}': {message}")


class Row:
    """One entry row of a CSV file, with typed accessors that raise CatalogueLoadError naming the cell.

    `number` is the spreadsheet row number; `position` the row's place among the entry rows of its file
    (1 for the first entry, blank lines not counted)."""

    def __init__(self, file: str, number: int, position: int, values: dict[str, str]):
        self.file, self.number, self.position, self.values = file, number, position, values

    def error(self, column: str, message: str) -> CatalogueLoadError:
        return CatalogueLoadError(file=self.file, row=self.number, field=column, message=message)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.values[column].strip()
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def integer(self, column: str, *, required: bool = True) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.error(column, f"'{value}' is not a whole number") from None

    def boolean(self, column: str) -> bool:
        value = self.text(column, required=False).lower()
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise self.error(column, f"'{value}' is not true or false")


class Lookup(Protocol):
    """What a cell may ask the loader: the entries of a model as they stand in this load."""

    def index(self, model: type[models.Model], by: str) -> Mapping[Any, models.Model]:
        """Entries of `model` by the value of attribute `by` (entries whose value is empty left out)."""
        ...

    def entries(self, model: type[models.Model]) -> list[models.Model]:
        """Every entry of `model`: stored, and written earlier in this load."""
        ...


class Cell(Protocol):
    """Reads columns of a row into values for model fields."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV columns the file must have."""
        ...

    @property
    def fields(self) -> dict[str, str]:
        """The model fields it gives, each with the column its value comes from ("" for none): the column
        an error about the field names."""
        ...

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        """The values of this cell's fields; `values` holds those read before it in the same row."""
        ...


@dataclass(frozen=True)
class _Column:
    column: str
    to: str = ""  # the model field; the column's name when empty

    @property
    def field_name(self) -> str:
        return self.to or self.column

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    @property
    def fields(self) -> dict[str, str]:
        return {self.field_name: self.column}


@dataclass(frozen=True)
class Text(_Column):
    required: bool = True

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.field_name: row.text(self.column, required=self.required)}


@dataclass(frozen=True)
class Integer(_Column):
    required: bool = True

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.field_name: row.integer(self.column, required=self.required)}


@dataclass(frozen=True)
class Boolean(_Column):
    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.field_name: row.boolean(self.column)}


@dataclass(frozen=True)
class Choice(_Column):
    """One of the values of a choices class (the stored value, e.g. "R0-R2")."""

    choices: type[models.Choices] = models.TextChoices

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        value = row.text(self.column, required=False)
        if value not in self.choices.values:
            allowed = ", ".join(repr(v) for v in self.choices.values)
            raise row.error(self.column, f"'{value}' is not one of {allowed}")
        return {self.field_name: value}


@dataclass(frozen=True)
class Slug(_Column):
    """The slug of another column's text (a material's code from its name)."""

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.field_name: slugify(row.text(self.column))}


@dataclass(frozen=True)
class Ref(_Column):
    """An entry of a list loaded before this one, named by its attribute `by` ("cluster" -> code).

    `what` names the list in an error; `where` narrows the candidates (SBI divisions only); `unless` names a
    field read before it in the row: when that is true, the reference is not read and stays empty."""

    model: type[models.Model] = models.Model
    by: str = "code"
    what: str = ""
    required: bool = False
    where: tuple[tuple[str, Any], ...] = ()
    unless: str = ""

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        if self.unless and values.get(self.unless):
            return {self.field_name: None}
        value = row.text(self.column, required=self.required)
        if not value:
            return {self.field_name: None}
        target = lookup.index(self.model, self.by).get(value)
        if target is None or any(getattr(target, name) != wanted for name, wanted in self.where):
            raise row.error(self.column, f"unknown {self.what} '{value}'")
        return {self.field_name: target}


@dataclass(frozen=True)
class Refs(_Column):
    """Entries of a list loaded before, `;`-separated, for a many-to-many field."""

    model: type[models.Model] = models.Model
    by: str = "code"
    what: str = ""

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        index = lookup.index(self.model, self.by)
        names = [name.strip() for name in row.text(self.column).split(";") if name.strip()]
        missing = [name for name in names if name not in index]
        if missing:
            raise row.error(self.column, f"unknown {self.what} {', '.join(repr(n) for n in missing)}")
        return {self.field_name: [index[name] for name in names]}


@dataclass(frozen=True)
class Fixed:
    """The same value for every row of a file (the breakdown a figures table stands for)."""

    to: str
    value: Any

    columns: tuple[str, ...] = ()

    @property
    def fields(self) -> dict[str, str]:
        return {self.to: ""}

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.to: self.value}


@dataclass(frozen=True)
class FixedRef:
    """The same entry of a list loaded before for every row (the dataset of the figures tables); `declared_in`
    is the file where it should have been."""

    to: str
    model: type[models.Model]
    by: str
    value: str
    declared_in: str

    columns: tuple[str, ...] = ()

    @property
    def fields(self) -> dict[str, str]:
        return {self.to: ""}

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        target = lookup.index(self.model, self.by).get(self.value)
        if target is None:
            raise CatalogueLoadError(
                file=self.declared_in,
                row=1,
                field=self.by,
                message=f"the {self.to} '{self.value}' of {row.file} is missing",
            )
        return {self.to: target}


@dataclass(frozen=True)
class Position:
    """The row's place among the entries of its file, from 1 (an order the file gives by its rows)."""

    to: str = "order"

    columns: tuple[str, ...] = ()

    @property
    def fields(self) -> dict[str, str]:
        return {self.to: ""}

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.to: row.position}


@dataclass(frozen=True)
class Flag:
    """True when another column's text equals `equals` (a stated-total row of a figures table)."""

    column: str
    to: str
    equals: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    @property
    def fields(self) -> dict[str, str]:
        return {self.to: self.column}

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        return {self.to: row.text(self.column) == self.equals}


@dataclass(frozen=True)
class SbiNode:
    """The code of an SBI 2008 node in any usual notation, stored as digits or a section letter, and its
    level (1 section ... 5 subclass)."""

    column: str = "code"

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    @property
    def fields(self) -> dict[str, str]:
        return {"code": self.column, "level": self.column}

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        from .services import sbi_normalize

        try:
            code, level = sbi_normalize(row.text(self.column))
        except ValueError as error:
            raise row.error(self.column, str(error)) from None
        return {"code": code, "level": level}


@dataclass(frozen=True)
class SbiParent:
    """The place of an SBI node (read by :class:`SbiNode` before it) in the tree: a section's range of
    divisions; a division's section (the section whose range holds it); for a group, class or subclass the
    node one digit shorter. The parent must be in the file or already in the catalogue: the loader writes
    the levels in order (``Source.levels``), so parents are stored before their children are read."""

    column: str = "code"
    first: str = "first_division"
    last: str = "last_division"

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.first, self.last)

    @property
    def fields(self) -> dict[str, str]:
        return {"parent": self.column, "first_division": self.first, "last_division": self.last}

    def read(self, row: Row, values: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
        from .models import SbiCode

        code, level = values["code"], values["level"]
        if level == SbiCode.Level.SECTION:
            first, last = row.integer(self.first), row.integer(self.last)
            assert first is not None and last is not None  # required, so never empty
            if last < first:
                raise row.error(self.last, f"{last:02d} comes before {self.first} {first:02d}")
            return {"parent": None, "first_division": first, "last_division": last}
        for column in (self.first, self.last):
            if row.text(column, required=False):
                raise row.error(column, "only a section (a letter) has a division range")
        parent: SbiCode | None
        if level == SbiCode.Level.DIVISION:
            parent = _section_for_division(lookup.entries(SbiCode), int(code))
            if parent is None:
                raise row.error(self.column, f"no section in the file covers division {code}")
        else:
            parent = lookup.index(SbiCode, "code").get(code[:-1])  # type: ignore[assignment]
            if parent is None:
                raise row.error(
                    self.column, f"its parent {code[:-1]} is neither in the file nor in the catalogue"
                )
        return {"parent": parent, "first_division": None, "last_division": None}


def _section_for_division(nodes: list[Any], division: int) -> Any:
    """As catalogue.services.sbi_section_for_division (the first section by code whose range holds
    `division`), over the entries in memory."""
    for node in sorted((node for node in nodes if node.level == 1), key=lambda node: node.code):
        if node.first_division is not None and node.last_division is not None:
            if node.first_division <= division <= node.last_division:
                return node
    return None


@dataclass(frozen=True)
class DataFile:
    """One CSV file of a list, with the cells that belong to this file only."""

    name: str
    cells: tuple[Cell, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a list comes from: its files (read in this order), the model fields of its natural key, the cells
    every file has, and defaults for fields no cell of a file gives.

    `levels` names a field by whose value the entries are written, each level stored before the next is
    read (a tree whose parents must exist before their children)."""

    files: tuple[DataFile, ...]
    key: tuple[str, ...]
    cells: tuple[Cell, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    levels: str = ""

    def cells_of(self, file: DataFile) -> tuple[Cell, ...]:
        return (*self.cells, *file.cells)

    def columns_of(self, file: DataFile) -> list[str]:
        return list(dict.fromkeys(column for cell in self.cells_of(file) for column in cell.columns))


def one_file(name: str, *, key: tuple[str, ...] | str, cells: tuple[Cell, ...]) -> Source:
    """The usual source: one file, a natural key, its cells."""
    return Source(files=(DataFile(name),), key=(key,) if isinstance(key, str) else key, cells=cells)


def texts(*columns: str, required: bool = True) -> tuple[Text, ...]:
    """Several text columns of the same name as their fields."""
    return tuple(Text(column, required=required) for column in columns)
