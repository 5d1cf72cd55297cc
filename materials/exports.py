"""Exports of a scan (XLSX, PDF, plain text for the command line) and the bill-of-materials template. The
workbooks are made through regiekamer.xlsx: a product or material name that starts like a
formula is written as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from materials import bom, risk
from materials.models import StageAssessment
from materials.selectors import ScanProfile
from materials.selectors_release import ReleaseFigures, scan_release_figures
from materials.texts import ACTIONS, BANDS, RISK_TYPES, figure, indicator_label, threshold_text
from regiekamer import pdf, xlsx

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def _first_sheet(workbook: Workbook) -> Worksheet:
    """The sheet a new workbook opens with."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new workbook opens with a worksheet")
    return sheet


def bom_template() -> bytes:
    """An .xlsx with the bill-of-materials columns, an example product and an instruction sheet."""
    from openpyxl.styles import Font

    workbook = xlsx.new_workbook()
    sheet = _first_sheet(workbook)
    sheet.title = "BOM"
    # In the reader's language; the parser accepts the English and the Dutch headers and material names.
    headers = {
        "product": _("Product"),
        "component": _("Component"),
        "part_of": _("Part of"),
        "quantity": _("Quantity"),
        "mass_kg": _("Mass per unit (kg)"),
        "material": _("Material"),
        "fraction": _("Mass fraction"),
    }
    sheet.append([headers[column] for column in bom.COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    motor, housing, controller = _("E-bike motor"), _("Housing"), _("Controller")
    sheet.append([motor, housing, "", 1, 2.0, _("Copper"), 0.9])
    sheet.append([motor, housing, "", 1, 2.0, _("Antimony"), 0.1])
    sheet.append([motor, controller, "", 1, 0, "", ""])
    sheet.append([motor, _("Chip"), controller, 2, 0.01, _("Gallium"), 1])
    for column, width in zip("ABCDEFG", (24, 24, 20, 10, 18, 28, 14), strict=True):
        sheet.column_dimensions[column].width = width
    help_sheet = workbook.create_sheet(_("Instructions"))
    for line in (
        _(
            "One row per material of a component. Repeat product and component on every row of that "
            "component."
        ),
        _(
            "'Part of' names the parent component within the same product; leave it empty for a component "
            "directly in the product. Quantities multiply down the tree."
        ),
        _(
            "'Mass per unit (kg)' is the component's own mass without its sub-components; 0 for a pure "
            "assembly."
        ),
        _("The mass fractions of a component sum to 1 (± 0.01). Materials by name, Dutch name or symbol."),
    ):
        help_sheet.append([line])
    return xlsx.workbook_bytes(workbook)


def _actions(item: risk.MaterialRisk) -> str:
    return "; ".join(str(ACTIONS[action]) for action in item.actions)


def _yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


# Number formats of the cells (Excel writes them with "," for thousands and "." for decimals and shows them in
# the reader's notation: 1.234,5 in a Dutch Excel).
KG_FORMAT = "#,##0.0###"
VALUE_FORMAT = "#,##0.0###"


PERCENT_FORMAT = "0%"


def _eu_cells(figures: ReleaseFigures) -> list:
    """Economic importance, import reliance at extraction and at processing (fractions, shown as percentages),
    and per missing figure why, naming the figure and the stage."""
    by_stage = {stage.stage: stage for stage in figures.import_reliance}
    reasons = []
    if figures.economic_importance is None:
        note = figures.economic_importance_note
        if figures.economic_importance_file_note:
            note = f"{note} ({figures.economic_importance_file_note})"
        reasons.append(f"{_('Economic importance')}: {note}")
    stages = []
    for key in (StageAssessment.Stage.EXTRACTION, StageAssessment.Stage.PROCESSING):
        stage = by_stage.get(str(key.label))
        stages.append(None if stage is None else stage.value)
        if stage is not None and stage.value is None:
            reasons.append(f"{_('Import reliance')} ({stage.stage}): {stage.note}")
        elif stage is None and figures.import_reliance:
            reasons.append(
                f"{_('Import reliance')} ({key.label}): {_('the source does not assess this stage')}"
            )
    if not figures.import_reliance:
        reasons.append(f"{_('Import reliance')}: {figures.import_reliance_note}")
    return [figures.economic_importance, *stages, "; ".join(reasons)]


def scan_xlsx(profile: ScanProfile) -> bytes:
    from openpyxl.styles import Font

    workbook = xlsx.new_workbook()
    summary = _first_sheet(workbook)
    summary.title = _("Materials")
    header = [_("Material"), _("kg"), _("EU critical"), _("Strategic"), _("Risk"), _("Worst indicator")]
    header += [indicator_label(code) for code in risk.INDICATORS]
    header += [_("Perspective for action"), _("R-strategies")]
    # The EU figures of the release per material (selectors_release): economic importance and import reliance
    # per stage as numbers, and in words why a figure is missing.
    header += [
        _("Economic importance"),
        _("Import reliance, extraction"),
        _("Import reliance, processing"),
        _("Why there is no data"),
    ]
    summary.append(header)
    eu_figures = scan_release_figures(profile.release, [item.code for item in profile.materials])
    eu_start = len(header) - 3
    for item in profile.materials:
        worst = item.worst
        line = [
            item.material,
            round(item.kg, 6),
            _yes_no(item.critical),
            _yes_no(item.strategic),
            str(BANDS[item.band]),
            indicator_label(worst.indicator) if worst else "",
        ]
        line += [None if band.value is None else band.value for band in item.indicators]
        line += [_actions(item), ", ".join(item.r_strategies)]
        line += _eu_cells(eu_figures[item.code])
        summary.append(line)
        row = summary.max_row
        summary.cell(row, 2).number_format = KG_FORMAT
        for column in range(7, 7 + len(risk.INDICATORS)):
            summary.cell(row, column).number_format = VALUE_FORMAT
        summary.cell(row, eu_start).number_format = VALUE_FORMAT
        for column in (eu_start + 1, eu_start + 2):
            summary.cell(row, column).number_format = PERCENT_FORMAT
    products = workbook.create_sheet(_("Products"))
    products.append(
        [_("Product"), _("kg"), _("kg critical"), _("Risk"), _("Worst material"), _("Worst indicator")]
        + [indicator_label(code) for code in risk.INDICATORS]
    )
    for product in profile.products:
        product_worst = product.worst
        products.append(
            [
                product.product,
                round(product.kg, 6),
                round(product.critical_kg, 6),
                str(BANDS[product.band]),
                product_worst[0].material if product_worst else "",
                indicator_label(product_worst[1].indicator) if product_worst else "",
            ]
            + [str(BANDS[product.indicator_band(code)[0]]) for code in risk.INDICATORS]
        )
        for column in (2, 3):
            products.cell(products.max_row, column).number_format = KG_FORMAT
    thresholds = workbook.create_sheet(_("Thresholds"))
    thresholds.append([_("Indicator"), _("Bands")])
    for code, limit in profile.thresholds.items():
        thresholds.append([indicator_label(code), threshold_text(limit)])
    if profile.release:
        thresholds.append([])
        thresholds.append([_("Material data"), profile.release.label])
        if profile.release.is_sample:
            thresholds.append(["", str(_("illustrative sample, not the TNO data set"))])
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return xlsx.workbook_bytes(workbook)


def scan_pdf(context: dict, *, request=None) -> bytes:
    """Render materials/scan_pdf.html (the context of views.profile_context) as a PDF."""
    html = render_to_string("materials/scan_pdf.html", context, request=request)
    return pdf.html_to_pdf(html)


def scan_text(profile: ScanProfile) -> str:
    """The profile as plain text (the `regiekamer scan` command)."""
    label = {
        "sample": _("illustrative sample"),
        "data": _("Material data"),
        "risk": _("risk"),
        "worst": _("worst"),
        "perspective": _("Perspective for action"),
        "strategies": _("R-strategies"),
        "critical": _("critical"),
    }
    lines = [profile.title, "=" * len(profile.title)]
    if profile.release:
        sample = f" ({label['sample']})" if profile.release.is_sample else ""
        lines.append(f"{label['data']}: {profile.release.label}{sample}")
    else:
        lines.append(_("No material data loaded: indicators are unknown."))
    lines.append("")
    lines.append(_("Materials"))
    for item in profile.materials:
        flags = []
        if item.critical:
            flags.append(_("EU critical"))
        if item.strategic:
            flags.append(_("strategic"))
        worst = item.worst
        worst_text = f"{indicator_label(worst.indicator)} = {figure(worst.value, 4)}" if worst else "-"
        lines.append(
            f"  {item.material:<28} {figure(item.kg, 4):>12} kg  {label['risk']} {BANDS[item.band]:<8} "
            f"{label['worst']}: {worst_text}  {', '.join(str(flag) for flag in flags)}".rstrip()
        )
        for band in item.indicators:
            value = "-" if band.value is None else figure(band.value, 4)
            lines.append(f"      {indicator_label(band.indicator):<58} {value:>8}  {BANDS[band.band]}")
        if item.actions:
            lines.append(f"      {label['perspective']}: {_actions(item)}")
            lines.append(f"      {label['strategies']}: {', '.join(item.r_strategies)}")
    lines.append("")
    lines.append(_("Products"))
    for product in profile.products:
        product_worst = product.worst
        worst_text = (
            (
                f"{product_worst[0].material} / {indicator_label(product_worst[1].indicator)} "
                f"({RISK_TYPES[product_worst[1].risk_type]})"
            )
            if product_worst
            else "-"
        )
        lines.append(
            f"  {product.product}: {figure(product.kg, 4)} kg, "
            f"{label['critical']} {figure(product.critical_kg, 4)} kg, "
            f"{label['risk']} {BANDS[product.band]}, {label['worst']}: {worst_text}"
        )
    lines.append("")
    lines.append(_("Thresholds"))
    for code, limit in profile.thresholds.items():
        lines.append(f"  {indicator_label(code)}: {threshold_text(limit)}")
    return "\n".join(lines) + "\n"
