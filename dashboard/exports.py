"""XLSX/CSV renderers for the dashboard app (openpyxl; the CSV uses ';' like Dutch Excel does)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import figures
from .selectors import FigureTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figure_header(labels: dict[str, str]) -> list[str]:
    return [
        _("Label"),
        *[labels[c] for c in figures.VALUE_COLUMNS],
        _("UPCM impact on value added (%)"),
        _("UPCM impact on CO₂ (%)"),
    ]


def _figure_values(row: dict) -> list:
    return [
        row["label"],
        *[row[c] for c in figures.VALUE_COLUMNS],
        row["value_added_impact_pct"],
        row["co2_impact_pct"],
    ]


def figures_csv(table: FigureTable, labels: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_figure_header(labels))
    for row in table.rows:
        writer.writerow(_figure_values(row))
    if table.total:
        writer.writerow([_("Total (as printed)"), *_figure_values(table.total)[1:]])
    return buffer.getvalue()


def _status_label(status: str) -> str:
    return {
        figures.OK: _("equal"),
        figures.ROUNDING: _("rounding difference"),
        figures.MISMATCH: _("real mismatch"),
    }[status]


def figures_xlsx(tables: list[FigureTable], labels: dict[str, str]) -> bytes:
    """One sheet per table (rows, then the printed total) and one sheet with the consistency check."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.breakdown_label[:31])
        sheet.append([f"{table.dataset_title} ({table.dataset_year}), {table.source_section}"])
        sheet.append(_figure_header(labels))
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            sheet.append(_figure_values(row))
        if table.total:
            sheet.append([_("Total (as printed)"), *_figure_values(table.total)[1:]])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        sheet.column_dimensions["A"].width = 40
    check_sheet = workbook.create_sheet(title=_("Consistency check")[:31])
    check_sheet.append(
        [
            _("Table"),
            _("Column"),
            _("Rows counted"),
            _("Column sum"),
            _("Stated total"),
            _("Difference"),
            _("Result"),
        ]
    )
    for cell in check_sheet[1]:
        cell.font = bold
    for table in tables:
        for column in table.check.columns:
            check_sheet.append(
                [
                    table.breakdown_label,
                    labels[column.column],
                    column.rows_counted,
                    column.column_sum,
                    column.stated_total,
                    column.difference,
                    _status_label(column.status),
                ]
            )
        for problem in table.check.problems:
            check_sheet.append([table.breakdown_label, "", "", "", "", "", problem])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
