"""XLSX exports of the roadmap and of an indicator's history (openpyxl, through regiekamer.xlsx: a text that
starts like a formula is written as text)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.authorization import can, require
from jobs import exports
from regiekamer import xlsx

from . import selectors
from .models import Indicator
from .progress import Progress

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")  # one object for every cell: openpyxl registers it once
MAX_WIDTH = 60


def _sheet(workbook, title: str, header: list[str], rows) -> None:
    """One sheet of a write-only workbook: a bold header, then the rows, every cell through regiekamer.xlsx
    (text that starts like a formula stays text; Dutch number and date formats), wrapped and aligned to the
    top; each column as wide as its longest text (at most MAX_WIDTH), in write-only mode."""
    rows = [list(row) for row in rows]
    sheet = workbook.create_sheet(title=title[:31])
    widths = [len(str(label)) for label in header]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value if value is not None else "")))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    sheet.append([_styled(xlsx.cell(sheet, str(label)), font=BOLD) for label in header])
    for row in rows:
        sheet.append([_styled(xlsx.cell(sheet, value)) for value in row])


def _styled(cell, *, font: Font | None = None):
    cell.alignment = WRAP
    if font is not None:
        cell.font = font
    return cell


def _bytes(workbook) -> bytes:
    return xlsx.workbook_bytes(workbook)


def roadmap_workbook(*, matrix, rows, principles, indicators, progress_by_id) -> bytes:
    horizons, pillars, cells = matrix
    workbook = xlsx.new_workbook(write_only=True)
    _sheet(
        workbook,
        _("Change strategies"),
        [_("Horizon"), *[str(p) for p in pillars]],
        [
            [
                h.label,
                *[
                    f"{cells[(h.pk, p.pk)].title}: {cells[(h.pk, p.pk)].aim}" if (h.pk, p.pk) in cells else ""
                    for p in pillars
                ],
            ]
            for h in horizons
        ],
    )
    _sheet(
        workbook,
        "Roadmap 2.0",
        [
            _("Horizon"),
            _("Granularity"),
            _("Activities"),
            _("(Draft) performance goals"),
            _("Effect dimension"),
            _("(Draft) desired effect goal"),
            _("Raw data"),
            _("Source"),
        ],
        [
            [
                row.horizon.label,
                row.granularity_text,
                row.activities,
                row.performance_goals,
                str(goal.dimension or ""),
                goal.text,
                goal.get_data_availability_display(),
                row.source_section,
            ]
            for row in rows
            for goal in row.effect_goals.all()
        ],
    )
    _sheet(
        workbook,
        _("Steering principles"),
        [_("Number"), _("Principle"), _("Horizons"), _("Source")],
        [
            [p.number, p.text, ", ".join(h.label for h in p.horizons.all()), p.source_section]
            for p in principles
        ],
    )
    indicator_rows = []
    for indicator in indicators:
        result = progress_by_id[indicator.pk]
        targets = "; ".join(
            f"{t.value if t.value is not None else '—'} ({t.scope_label}, {t.by_date})"
            for t in indicator.targets.all()
        )
        indicator_rows.append(
            [
                indicator.code,
                indicator.name,
                indicator.get_kind_display(),
                indicator.horizon.label,
                str(indicator.dimension or ""),
                indicator.unit,
                indicator.get_direction_display(),
                indicator.get_across_aggregation_display(),
                indicator.get_time_aggregation_display(),
                indicator.source,
                str(indicator.owner or ""),
                targets,
                result.current,
                result.pct_of_target,
                result.status,
                indicator.source_section,
            ]
        )
    _sheet(
        workbook,
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("Kind"),
            _("Horizon"),
            _("Effect dimension"),
            _("Unit"),
            _("Direction"),
            _("Across projects/teams"),
            _("Over time"),
            _("Data source"),
            _("Owner"),
            _("Targets"),
            _("Current value"),
            _("% of target"),
            _("Status"),
            _("Source"),
        ],
        indicator_rows,
    )
    return _bytes(workbook)


INDICATOR_JOB = "roadmap.indicator_export"


@dataclass(frozen=True)
class IndicatorExport:
    """Either the workbook (few values) or the job that writes it."""

    content: bytes = b""
    filename: str = ""
    job: Any = None


def indicator_export(*, actor: Any, indicator: Indicator) -> IndicatorExport:
    """An indicator's values, targets and progress as a workbook for `actor` (drafts only for who may see
    them): written now up to EXPORT_INLINE_ROWS values, else queued as a job (progress, download when done)
    that writes the same workbook, as every long export does (jobs.exports)."""
    permit = require(actor, "roadmap.view_roadmap")
    drafts = can(actor, "roadmap.view_drafts")
    if selectors.values_for(indicator, drafts=drafts).count() <= settings.EXPORT_INLINE_ROWS:
        return IndicatorExport(content=_indicator_bytes(indicator, drafts), filename=_filename(indicator))
    from jobs import services as jobs

    return IndicatorExport(
        job=jobs.start(
            actor=actor,
            kind=INDICATOR_JOB,
            params={"indicator": indicator.code},
            view_action="roadmap.view_roadmap",
            dedupe_key=f"{INDICATOR_JOB}:{actor.pk}:{indicator.code}:{drafts}",
            granted_by=permit,
            link=indicator.get_absolute_url(),
        )
    )


def run_indicator_export(context: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The job: the same workbook for the same person, whose right is checked again, with progress."""
    if not can(context.actor, "roadmap.view_roadmap"):
        raise PermissionDenied("roadmap.view_roadmap")
    indicator = Indicator.objects.get(code=params["indicator"])
    drafts = can(context.actor, "roadmap.view_drafts")
    return exports.write_output(
        context,
        rows=selectors.values_for(indicator, drafts=drafts).count(),
        name=_filename(indicator),
        write=lambda on_value: _indicator_bytes(indicator, drafts, on_value=on_value),
    )


def _filename(indicator: Indicator) -> str:
    return f"indicator-{indicator.code}.xlsx"


def _indicator_bytes(
    indicator: Indicator, drafts: bool, *, on_value: Callable[[int], None] | None = None
) -> bytes:
    values = selectors.values_for(indicator, drafts=drafts).iterator(chunk_size=2000)
    return indicator_workbook(
        indicator=indicator,
        values=exports.counted(values, on_value),
        targets=list(indicator.targets.all()),
        result=selectors.indicator_progress(indicator),
    )


def indicator_workbook(*, indicator, values, targets, result) -> bytes:
    workbook = xlsx.new_workbook(write_only=True)
    _sheet(
        workbook,
        _("Measured values"),
        [
            _("Date"),
            _("Value"),
            _("Unit"),
            _("Status"),
            _("Team"),
            _("Product cluster"),
            _("Source"),
            _("Entered by"),
            _("Entered at"),
            _("Reviewed by"),
            _("Reviewed at"),
            _("Note"),
        ],
        [
            [
                v.date,
                v.value,
                v.unit,
                v.get_status_display(),
                str(v.team or ""),
                str(v.cluster or ""),
                v.source,
                str(v.entered_by),
                v.entered_at,  # local time, as the pages show it (regiekamer.xlsx.cell)
                str(v.reviewed_by or ""),
                v.reviewed_at,
                v.note,
            ]
            for v in values
        ],
    )
    _sheet(
        workbook,
        _("Targets"),
        [_("Value"), _("By date"), _("Scope"), _("Description")],
        [[t.value, t.by_date, t.scope_label, t.description] for t in targets],
    )
    _sheet(workbook, _("Progress"), [_("Date"), _("Aggregated value")], result.series)
    return _bytes(workbook)


def progress_label(result: Progress) -> str:
    """An indicator's status in words: on the pages (roadmap/_progress.html) and in the export."""
    if result.status:
        return {"ok": _("on track"), "warn": _("behind")}.get(result.status, _("off track"))
    return _("no numeric target") if result.current is not None else _("no approved values")


def indicator_table(user: Any, query: QueryDict) -> exports.Table:
    """The indicator list as its page shows it: every indicator with its current value and progress."""
    indicators = list(selectors.indicator_list().prefetch_related("targets__cluster", "targets__team"))
    progress = selectors.progress_by_indicator(indicators)
    headers = [
        _("Indicator"),
        _("Kind"),
        _("Horizon"),
        _("Dimension"),
        _("Unit"),
        _("Owner"),
        _("Current"),
        _("% of target"),
        _("Status"),
    ]
    rows = (
        [
            indicator.name,
            indicator.get_kind_display(),
            indicator.horizon.label,
            str(indicator.dimension) if indicator.dimension else "",
            indicator.unit,
            str(indicator.owner) if indicator.owner else "",
            progress[indicator.pk].current,
            progress[indicator.pk].pct_of_target,
            progress_label(progress[indicator.pk]),
        ]
        for indicator in indicators
    )
    return exports.Table(headers=headers, count=len(indicators), rows=rows, filename="indicatoren")


INDICATORS = exports.ListExport(
    name="roadmap.indicators",
    title=gettext_lazy("Indicators"),
    action="roadmap.view_roadmap",
    build=indicator_table,
)
