"""The kept summaries of the portfolio: each project's latest progress report and current impact sheet
(LatestProgressReport, CurrentImpactSheet). Written in the transaction that saves or deletes a report or a
sheet (ProgressReport.save, portfolio.signals), recomputable from the reports and sheets by the rebuilds
(their migration and bulk loads that pass the models by). The rule is one: the latest report is the one no
later one (report date, then entry) of the same project exists for; the current sheet the highest version."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q


def latest_report_keep(project_id: int) -> None:
    """Recomputes the latest progress report of one project (none left: no row)."""
    from .models import LatestProgressReport, ProgressReport

    report_id = (
        ProgressReport.objects.filter(project_id=project_id)
        .newest_first()
        .values_list("pk", flat=True)
        .first()
    )
    _keep(LatestProgressReport, project_id, "report_id", report_id)


def current_sheet_keep(project_id: int) -> None:
    """Recomputes the current impact sheet of one project (none left: no row)."""
    from .models import CurrentImpactSheet, ImpactSheet

    sheet_id = (
        ImpactSheet.objects.filter(project_id=project_id).newest_first().values_list("pk", flat=True).first()
    )
    _keep(CurrentImpactSheet, project_id, "sheet_id", sheet_id)


def _keep(model: Any, project_id: int, field: str, value: int | None) -> None:
    from .models import Project

    if value is None:
        model.objects.filter(project_id=project_id).delete()
        return
    if model.objects.filter(project_id=project_id).update(**{field: value}):
        return
    if Project.objects.filter(pk=project_id).exists():  # not while the project itself is being deleted
        model.objects.create(project_id=project_id, **{field: value})


def latest_reports_rebuild(*, reports: Any = None, kept: Any = None) -> int:
    """Every project's latest progress report recomputed (the models as arguments: the migration passes its
    own)."""
    from . import models

    reports = reports or models.ProgressReport
    kept = kept or models.LatestProgressReport
    later = reports.objects.filter(project=OuterRef("project")).filter(
        Q(report_date__gt=OuterRef("report_date"))
        | Q(report_date=OuterRef("report_date"), pk__gt=OuterRef("pk"))
    )
    rows = reports.objects.filter(~Exists(later)).order_by().values_list("project_id", "pk")
    kept.objects.all().delete()
    kept.objects.bulk_create([kept(project_id=p, report_id=r) for p, r in rows], batch_size=2000)
    return kept.objects.count()


def current_sheets_rebuild(*, sheets: Any = None, kept: Any = None) -> int:
    """Every project's current impact sheet recomputed (the models as arguments: the migration passes its
    own)."""
    from . import models

    sheets = sheets or models.ImpactSheet
    kept = kept or models.CurrentImpactSheet
    newer = sheets.objects.filter(project=OuterRef("project"), version_number__gt=OuterRef("version_number"))
    rows = sheets.objects.filter(~Exists(newer)).order_by().values_list("project_id", "pk")
    kept.objects.all().delete()
    kept.objects.bulk_create([kept(project_id=p, sheet_id=s) for p, s in rows], batch_size=2000)
    return kept.objects.count()
