"""What an impact sheet and a progress report show, and their PDFs: one place for the page, the PDF view and
the report batches (portfolio/jobs.py), so a sheet printed in a batch is the sheet printed from its page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import selectors
from .models import ImpactSheet, ProgressReport, Project


def impact_sheet_context(project: Project, sheet: ImpactSheet | None) -> dict[str, Any]:
    """The impact sheet's figures and texts as its page and its PDF show them (the CO₂ total computed from
    the bands)."""
    from catalogue.models import EffectDimension, Horizon, InnovationFunction

    from .reporting import SUPPLY_RISK_SCALE, band_rows, innovation_rows, performance_rows

    dimensions = dict(EffectDimension.objects.values_list("code", "name"))
    horizons = {h.code: h.label for h in Horizon.objects.all()}
    return {
        "project": project,
        "sheet": sheet,
        "effects": [
            (
                dimensions.get(e.get("dimension"), e.get("dimension")),
                horizons.get(e.get("horizon"), e.get("horizon")),
                e.get("description", ""),
            )
            for e in (sheet.effect_contributions if sheet else [])
        ],
        "supply_risk": dict(SUPPLY_RISK_SCALE).get(sheet.supply_risk_change, "—") if sheet else "",
        "performance": performance_rows(sheet.performance, horizons) if sheet else [],
        "innovation": innovation_rows(
            sheet.innovation_functions,
            list(InnovationFunction.objects.order_by("code").values_list("code", "name_nl")),
        )
        if sheet
        else [],
        "bands": band_rows(sheet.co2_bands()) if sheet else [],
        "co2": sheet.co2_check if sheet else None,
        "actors": actor_segments(sheet),
    }


def actor_segments(sheet: ImpactSheet | None) -> list[tuple[str, str, list]]:
    """The three actor texts cut in pieces; names of linked register organisations carry their pks."""
    from . import actors

    if sheet is None:
        return []
    linked = actors.name_index(sheet.actor_organisations.values_list("pk", "name"))
    return [
        (field, label, actors.segments(getattr(sheet, field), linked))
        for field, label in (
            ("stakeholders", _("Stakeholders")),
            ("target_groups", _("Target groups")),
            ("change_agents", _("Change agents")),
        )
    ]


def progress_report_context(project: Project, report: ProgressReport | None) -> dict[str, Any]:
    """The progress report as its page and PDF show it: timeline, phase from the gates, finance computed."""
    from .reporting import month_range, timeline_rows

    months = month_range(report.timeline_start, report.timeline_end) if report else []
    return {
        "project": project,
        "report": report,
        "months": months,
        "rows": timeline_rows(report.milestones, months) if report else [],
        "finance": report.finance if report else None,
    }


def impact_sheet_pdf(project: Project) -> bytes | None:
    """The project's current impact sheet as PDF (None when it has none)."""
    from regiekamer.pdf import html_to_pdf

    sheet = selectors.impact_sheet_for(project)
    if sheet is None:
        return None
    return html_to_pdf(
        render_to_string("portfolio/impact_sheet_pdf.html", impact_sheet_context(project, sheet))
    )


def progress_report_pdf(project: Project) -> bytes | None:
    """The project's latest progress report as PDF (None when it has none)."""
    from regiekamer.pdf import html_to_pdf

    report = selectors.progress_report_for(project)
    if report is None:
        return None
    return html_to_pdf(
        render_to_string("portfolio/progress_report_pdf.html", progress_report_context(project, report))
    )
