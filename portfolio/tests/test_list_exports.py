"""Filtered list exports (jobs.exports) seen through the portfolio: the file holds what the filter shows, CSV
as Dutch Excel reads it, and a list over the inline limit becomes a job whose output is the same file."""

import csv
import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import login_as
from jobs import exports
from jobs.models import JobRun
from jobs.testing import run_queued_jobs

from . import factories

FORMULA = '=HYPERLINK("http://example.org")'


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def two_teams(user_for, team):
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    factories.project(user_for, team_obj=team, title=FORMULA, start_date=datetime.date(2021, 3, 1))
    factories.project(user_for, team_obj=other, title="Kennisplein")
    return team, other


def test_the_csv_holds_only_what_the_filter_shows_and_keeps_formulas_as_text(client, user_for, two_teams):
    team, _other = two_teams
    login_as(client, user_for, Role.READER)
    rows = _csv(client.get(reverse("portfolio:export-csv"), {"team": team.code}).content)
    assert rows[0][:3] == ["Number", "Title", "Team"]
    assert [(row[1], row[2]) for row in rows[1:]] == [("'" + FORMULA, "Team Realisatie")]
    assert rows[1][8] == "01-03-2021"  # the start date, as Dutch Excel reads it


def test_a_teams_own_export_is_fixed_to_its_team_in_both_formats(client, user_for, two_teams):
    _team, other = two_teams
    login_as(client, user_for, Role.READER)
    rows = _csv(client.get(reverse("portfolio:team-export-csv", args=[other.code])).content)
    assert [row[1] for row in rows[1:]] == ["Kennisplein"]
    sheet = load_workbook(io.BytesIO(client.get(reverse("portfolio:team-export", args=[other.code])).content))
    values = list(sheet.active.iter_rows(values_only=True))
    assert values[0][1] == "team=verbreding"  # the filter, above the table
    assert [row[1] for row in values[3:]] == ["Kennisplein"]


def test_decimal_numbers_in_the_csv_use_the_decimal_comma():
    table = exports.Table(headers=["n"], count=2, rows=[[1234.5], [7]], filename="t")
    from django.utils import translation

    with translation.override("nl"):
        assert _csv(exports.csv_bytes(table))[1:] == [["1234,5"], ["7"]]


@override_settings(EXPORT_INLINE_ROWS=1)
def test_a_list_over_the_limit_becomes_a_job_whose_output_is_the_filtered_file(client, user_for, two_teams):
    team, other = two_teams
    factories.project(user_for, team_obj=team, title="Zink")
    reader = login_as(client, user_for, Role.READER)
    response = client.get(reverse("portfolio:export-csv"), {"team": team.code})
    job = JobRun.objects.get(kind=exports.JOB_KIND)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.started_by == reader and job.view_action == "portfolio.view_portfolio"

    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobRun.Status.DONE
    assert (job.progress_done, job.progress_total) == (2, 2)
    with default_storage.open(job.output_file) as output:
        rows = _csv(output.read())
    assert sorted(row[1] for row in rows[1:]) == sorted(["'" + FORMULA, "Zink"])
    assert job.output_name.startswith("portfolio-") and job.output_name.endswith(".csv")
    download = client.get(reverse("jobs:output", args=[job.pk]))
    assert download.status_code == 200


@override_settings(EXPORT_INLINE_ROWS=0)
def test_the_job_checks_the_right_again_when_it_runs(client, user_for, two_teams):
    reader = login_as(client, user_for, Role.READER)
    client.get(reverse("portfolio:export"))
    reader.is_active = False  # the account was closed before the worker came to the job
    reader.save()
    run_queued_jobs()
    job = JobRun.objects.get(kind=exports.JOB_KIND)
    assert job.status == JobRun.Status.FAILED and not job.output_file
