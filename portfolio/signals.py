"""Receivers that keep portfolio.kept's summaries: every save or delete of a progress report or an impact
sheet, whoever makes it (a service, the admin, a test factory), recomputes its project's latest report or
current sheet in the same transaction. They hold no rule: portfolio.kept does."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# A progress report and its grant lines have been written (post_save comes before the lines): for what sums
# them, the dashboard's kept budget.
report_written = Signal()


def keep_latest_report(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from .kept import latest_report_keep

    latest_report_keep(instance.project_id)


def keep_current_sheet(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from .kept import current_sheet_keep

    current_sheet_keep(instance.project_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import ImpactSheet, ProgressReport

    post_save.connect(keep_latest_report, sender=ProgressReport, dispatch_uid="portfolio-latest-report")
    post_delete.connect(keep_latest_report, sender=ProgressReport, dispatch_uid="portfolio-latest-report-del")
    post_save.connect(keep_current_sheet, sender=ImpactSheet, dispatch_uid="portfolio-current-sheet")
    post_delete.connect(keep_current_sheet, sender=ImpactSheet, dispatch_uid="portfolio-current-sheet-del")
