"""Spreadsheet exports shared by the apps: a list as one sheet, safe against formula injection.

A text that begins with = + - or @ would be a live formula in Excel (a name typed as "=HYPERLINK(...)" in an
import, say): such cells are written as text. Dates stay dates, numbers stay numbers, with Dutch number and
date formats on the cells."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "dd-mm-yyyy"
NUMBER_FORMAT = "#,##0.##"


def cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    """One cell for a write-only sheet: text that could be a formula is kept as text."""
    if isinstance(value, str):
        written = WriteOnlyCell(sheet, value=value)
        if value.startswith(FORMULA_STARTS):
            written.data_type = "s"
        return written
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        written.number_format = DATE_FORMAT
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        written.number_format = NUMBER_FORMAT
    return written


def list_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook with one sheet: a header row, then one row per item (streamed, write-only)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(header) for header in headers])
    for row in rows:
        sheet.append([cell(sheet, "" if value is None else value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
