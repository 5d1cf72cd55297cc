"""The kept latest progress report and current impact sheet of each project (portfolio.kept) equal their
rebuild from every report and sheet after random writes through the services, and the querysets that read
them (latest_per_project, current) give what the anti-join over every row gives."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import Exists, OuterRef, Q

from accounts.roles import Role
from portfolio import services
from portfolio.kept import current_sheets_rebuild, latest_reports_rebuild
from portfolio.models import CurrentImpactSheet, ImpactSheet, LatestProgressReport, ProgressReport

from . import factories

pytestmark = pytest.mark.django_db


def _kept_reports() -> set[tuple[int, int]]:
    return set(LatestProgressReport.objects.values_list("project_id", "report_id"))


def _kept_sheets() -> set[tuple[int, int]]:
    return set(CurrentImpactSheet.objects.values_list("project_id", "sheet_id"))


def _latest_by_anti_join() -> set[int]:
    later = ProgressReport.objects.filter(project=OuterRef("project")).filter(
        Q(report_date__gt=OuterRef("report_date"))
        | Q(report_date=OuterRef("report_date"), pk__gt=OuterRef("pk"))
    )
    return set(ProgressReport.objects.filter(~Exists(later)).values_list("pk", flat=True))


def _current_by_anti_join() -> set[int]:
    newer = ImpactSheet.objects.filter(
        project=OuterRef("project"), version_number__gt=OuterRef("version_number")
    )
    return set(ImpactSheet.objects.filter(~Exists(newer)).values_list("pk", flat=True))


def test_kept_latest_report_and_current_sheet_equal_their_rebuild(user_for, team):
    rng = random.Random(17)  # noqa: S311 - test data
    lead = user_for(Role.PROJECT_LEAD)
    projects = [factories.project(user_for, team_obj=team, title=f"Project {i}") for i in range(5)]
    for _ in range(40):
        project = rng.choice(projects)
        if rng.random() < 0.5:
            date = datetime.date(2021, rng.randint(1, 4), 1)  # several on one date: the entry breaks the tie
            services.progress_report_create(
                actor=lead,
                project=project,
                report_date=date,
                finance_date=date,
                budget_needed=Decimal(rng.randint(1, 9) * 100),
                spent=Decimal(rng.randint(0, 9) * 10),
                funding=[{"funder": rng.choice(["RVO", "EU"]), "amount": rng.randint(1, 9)}],
                timeline_start=date,
                timeline_end=date,
            )
        else:
            services.impact_sheet_save(
                actor=lead,
                project=project,
                status_date=datetime.date(2021, 1, 1),
                added_value_meur=Decimal(rng.randint(1, 9)),
            )
        if rng.random() < 0.1:  # a report deleted (the admin): the project's latest is the one before it
            report = ProgressReport.objects.filter(project=project).order_by("?").first()
            if report is not None:
                report.delete()
        if rng.random() < 0.1:
            sheet = ImpactSheet.objects.filter(project=project).order_by("?").first()
            if sheet is not None:
                sheet.delete()
    kept_reports, kept_sheets = _kept_reports(), _kept_sheets()
    assert kept_reports and kept_sheets
    assert {report for _project, report in kept_reports} == _latest_by_anti_join()
    assert {sheet for _project, sheet in kept_sheets} == _current_by_anti_join()
    assert (
        set(ProgressReport.objects.latest_per_project().values_list("pk", flat=True))
        == _latest_by_anti_join()
    )
    assert set(ImpactSheet.objects.current().values_list("pk", flat=True)) == _current_by_anti_join()
    latest_reports_rebuild()
    current_sheets_rebuild()
    assert _kept_reports() == kept_reports
    assert _kept_sheets() == kept_sheets


def test_a_deleted_project_takes_its_kept_rows_along(user_for, team):
    project = factories.project(user_for, team_obj=team)
    factories.progress_report(project, user_for(Role.PROJECT_LEAD), datetime.date(2021, 1, 1))
    assert LatestProgressReport.objects.filter(project=project).exists()
    project.delete()
    assert not LatestProgressReport.objects.exists()
