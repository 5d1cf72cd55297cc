"""Spreadsheet exports shared by the apps: every XLSX the application writes is made here, safe against
formula injection (issue 15, finding 5).

A text that begins with = + - @ (or a tab, carriage return or line feed, which Excel skips before them)
would be a live formula in Excel or LibreOffice: a name typed as "=HYPERLINK(...)" in an import, a project
title, a formula in an uploaded sheet. Every such cell is written as text (data type 's') with Excel's
quote prefix, so it stays text when someone edits it. Numbers, negative ones included, stay numbers, dates
stay dates. A formula the export itself means to write (a sum over its own cells) is written with
`put_formula`, and only those cells are formulas.

How an export uses it: `new_workbook()`, fill the sheets (openpyxl as usual; `cell()` for write-only sheets),
`put_formula` for its own formulas, and `workbook_bytes(workbook)` to save — which makes every other cell that
starts like a formula text. `list_workbook` writes a list as one sheet in one call.
regiekamer/tests/test_xlsx.py checks that no other module creates or saves a workbook."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
NUMBER_FORMAT = "#,##0.##"

# The cells of each sheet that hold a formula the export wrote on purpose (put_formula).
_formulas: WeakKeyDictionary[Worksheet, set[str]] = WeakKeyDictionary()


def starts_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(written: Cell) -> Cell:
    """Keep a cell whose text starts like a formula as text, also after an edit in Excel."""
    written.data_type = "s"
    written.quotePrefix = True
    return written


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook for an export; save it with workbook_bytes."""
    return Workbook(write_only=write_only)


def put_formula(sheet: Worksheet, coordinate: str, formula: str) -> None:
    """Write a formula the export means (e.g. '=SUM(C5:C7)'): the one way a cell becomes a formula."""
    sheet[coordinate] = formula
    _formulas.setdefault(sheet, set()).add(coordinate)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx, after every cell that starts like a formula (and was not put with put_formula) has been
    made text. Write-only sheets cannot be read back: their cells must come from cell()."""
    for sheet in workbook.worksheets:
        if isinstance(sheet, Worksheet):
            meant = _formulas.get(sheet, set())
            for written in sheet._cells.values():
                if (
                    isinstance(written, Cell)
                    and starts_like_formula(written.value)
                    and written.coordinate not in meant
                ):
                    as_text(written)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    """One cell for a write-only sheet: text that could be a formula is kept as text, dates and numbers get
    the Dutch formats."""
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            as_text(written)
    elif isinstance(value, datetime.datetime):
        if value.tzinfo is not None:  # Excel has no time zones: the local time, as the pages show it
            written.value = timezone.localtime(value).replace(tzinfo=None)
        written.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        written.number_format = DATE_FORMAT
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        written.number_format = NUMBER_FORMAT
    return written


def append(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append a row to a write-only sheet, every value through cell() (None: an empty cell)."""
    sheet.append([cell(sheet, value) for value in values])


def list_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, caption: str | None = None
) -> bytes:
    """A workbook with one sheet: a header row, then one row per item (streamed, write-only). With a
    `caption` (the filters of the list, "" for none), the title and the caption come first, then an empty
    row, so the header is row 3."""
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    if caption is not None:
        heading = cell(sheet, title)
        heading.font = Font(bold=True, size=14)
        sheet.append([heading, cell(sheet, caption)])
        sheet.append([])
    append(sheet, [str(header) for header in headers])
    for row in rows:
        append(sheet, ["" if value is None else value for value in row])
    return workbook_bytes(workbook)
