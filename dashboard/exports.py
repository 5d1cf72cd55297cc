"""XLSX/CSV renderers for the dashboard app (openpyxl through regiekamer.xlsx, which writes a text that starts
like a formula as text; the CSV uses ';' like Dutch Excel does)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from regiekamer import xlsx

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
    workbook = xlsx.new_workbook()
    for default in workbook.worksheets:
        workbook.remove(default)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.breakdown_label[:31])
        sheet.append([f"{table.dataset_title} ({table.dataset_year}), {table.source_section}"])
        sheet.append(_figure_header(labels))
        for cell in sheet[2]:
            cell.font = bold
        for row in table.rows:
            _append(sheet, _figure_values(row))
        if table.total:
            _append(sheet, [_("Total (as printed)"), *_figure_values(table.total)[1:]])
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
            _append(
                check_sheet,
                [
                    table.breakdown_label,
                    labels[column.column],
                    column.rows_counted,
                    column.column_sum,
                    column.stated_total,
                    column.difference,
                    _status_label(column.status),
                ],
            )
        for problem in table.check.problems:
            check_sheet.append([table.breakdown_label, "", "", "", "", "", problem])
    return xlsx.workbook_bytes(workbook)


def _number(value):
    """Decimals as floats for Excel; None stays empty."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


# Excel number formats: Excel shows them with the reader's separators (3.157 and 2,5 in Dutch Excel).
WHOLE = "#,##0"
FRACTION = "#,##0.###"
EURO = '"€ "#,##0'
DATE = "dd-mm-yyyy"


def _append(sheet, values: list, *, money: bool = False) -> None:
    """Append a row; numbers get a grouped number format (whole euros with `money`), dates a date format."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        value = cell.value
        if isinstance(value, bool):
            continue
        if isinstance(value, datetime.date):
            cell.number_format = DATE
        elif isinstance(value, int | float | Decimal):
            if money:
                cell.number_format = EURO
            else:
                cell.number_format = WHOLE if float(value).is_integer() else FRACTION


def _target(row) -> object:
    if row.target is not None:
        return _number(row.target)
    if row.direction_only:
        return row.direction_symbol
    return _("no data")


def dashboard_xlsx(data: dict, cluster) -> bytes:
    """The dashboard: one sheet with the counts per pillar, one with the goals, one with the portfolio and
    the budget."""
    workbook = xlsx.new_workbook()
    bold = Font(bold=True)
    counts = workbook.worksheets[0]
    counts.title = _("Counts")[:31]
    counts.append(
        [_("UPCM 2019-2023 dashboard"), _("Product cluster"), cluster.name if cluster else _("All clusters")]
    )
    counts.append([_("Pillar"), _("Figure"), _("Value"), _("Out of"), _("Source")])
    for cell in counts[2]:
        cell.font = bold
    for pillar in data["pillars"]:
        for item in pillar["values"]:
            _append(
                counts,
                [
                    str(pillar["label"]),
                    str(item.metric.label),
                    item.value if item.available else _("no data source yet"),
                    item.denominator,
                    item.metric.source,
                ],
            )
    counts.column_dimensions["B"].width = 60

    goals = workbook.create_sheet(_("Goals")[:31])
    goals.append(
        [
            _("Kind"),
            _("Horizon"),
            _("Dimension"),
            _("Goal"),
            _("Unit"),
            _("Target"),
            _("Measured"),
            _("Contribution from impact sheets"),
            _("Contribution counted in"),
        ]
    )
    for cell in goals[1]:
        cell.font = bold
    for kind, label in (("performance", _("performance goal")), ("effect", _("effect goal"))):
        for row in data["goals"].get(kind, []):
            if not row.contribution_available:
                contribution, counted_in = _("no data source yet"), ""
            elif row.contribution_unit:
                contribution, counted_in = _number(row.contribution), _("projects")
            else:
                contribution, counted_in = _number(row.contribution), row.unit
            _append(
                goals,
                [
                    label,
                    row.horizon,
                    " ".join(part for part in (row.dimension, row.raw_material) if part),
                    row.name,
                    row.unit,
                    _target(row),
                    _number(row.measured) if row.measured is not None else _("no data"),
                    contribution,
                    counted_in,
                ],
            )
    goals.column_dimensions["D"].width = 45

    sheet = workbook.create_sheet(_("Portfolio")[:31])
    overview = data["portfolio"]
    sheet.append([_("Team"), *[label for _code, label in overview["phases"]], _("Total")])
    for cell in sheet[1]:
        cell.font = bold
    for row in overview["rows"]:
        _append(sheet, [row["team_obj"].name if row["team_obj"] else _("Total"), *row["cells"], row["total"]])
    budget = data["budget"]
    sheet.append([])
    sheet.append([_("Budget")])
    sheet[sheet.max_row][0].font = bold
    if budget["projects"]:
        _append(
            sheet,
            [_("Latest progress reports of"), budget["first_report"], budget["last_report"]],
        )
        _append(sheet, [_("Projects"), budget["projects"]])
        _append(sheet, [_("Total budget needed"), _number(budget["needed"])], money=True)
        for funder in budget["funders"]:
            _append(sheet, [f"{_('Granted by')} {funder['name']}", _number(funder["total"])], money=True)
        _append(sheet, [_("Total granted"), _number(budget["granted"])], money=True)
        _append(sheet, [_("Total spent"), _number(budget["spent"])], money=True)
        _append(sheet, [_("Current balance"), _number(budget["balance"])], money=True)
        _append(sheet, [_("Budget need"), _number(budget["need"])], money=True)
    else:
        sheet.append([_("No progress report with finances yet: no budget to show.")])
    overlaps = data["overlaps"]
    if overlaps:
        sheet.append([])
        sheet.append([_("Overlap: product group"), _("R-strategy band"), _("Number of projects")])
        for overlap in overlaps:
            _append(sheet, [overlap.product_group, overlap.band, overlap.project_count])
    sheet.column_dimensions["A"].width = 30
    return xlsx.workbook_bytes(workbook)
