"""Report batches (issue 16, part 3): the programme office prints every current impact sheet or latest
progress report of a selection as PDFs in a ZIP, through a background job run by the worker; the ZIP is
served to the programme office only; the command line follows the same job."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from jobs.models import JobRun
from jobs.testing import run_queued_jobs
from portfolio.models import ImpactSheet
from portfolio.services import batches

from . import factories

pytestmark = pytest.mark.django_db


def sheet(project, user, version=1):
    return ImpactSheet.objects.create(
        project=project, version_number=version, status_date=datetime.date(2020, 10, 15), created_by=user
    )


def report(project, user):
    return factories.progress_report(project, user, datetime.date(2020, 8, 1))


@pytest.fixture
def portfolio(user_for, team):
    """Team Realisatie: two projects with an impact sheet (one in two versions), one without; another team:
    one project with a sheet and a progress report."""
    office = user_for(Role.PROGRAMME_OFFICE)
    first = factories.project(user_for, team_obj=team, title="Eerste")
    second = factories.project(user_for, team_obj=team, title="Tweede")
    factories.project(user_for, team_obj=team, title="Zonder blad")
    sheet(first, office)
    sheet(second, office)
    sheet(second, office, version=2)
    other_team = factories.team(user_for, code="activering", name="Team Activering", with_users=False)
    other = factories.project(user_for, team_obj=other_team, title="Elders")
    sheet(other, office)
    report(other, office)
    return {"realisatie": [first, second], "other": other}


def zip_names(job) -> list[str]:
    from django.core.files.storage import default_storage

    with default_storage.open(job.output_file, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
        assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())
        return sorted(archive.namelist())


def test_the_office_prints_a_teams_impact_sheets_as_a_zip_through_the_worker(client, user_for, portfolio):
    office = login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.post(
        reverse("portfolio:report-batches"), {"kind": "portfolio.impact_sheets", "team": "realisatie"}
    )
    job = JobRun.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.started_by) == ("queued", office)
    assert job.params == {"team": "realisatie", "cluster": ""}

    assert run_queued_jobs() == 1

    job.refresh_from_db()
    first, second = portfolio["realisatie"]
    assert (job.status, job.progress_done, job.progress_total, job.result["files"]) == ("done", 2, 2, 2)
    assert zip_names(job) == [f"impactsheet-{first.number}.pdf", f"impactsheet-{second.number}.pdf"]
    assert job.output_name.startswith("impactsheets-realisatie-") and job.output_name.endswith(".zip")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-testid="job-output"' in page and "2 PDF files in the ZIP file." in page
    download = client.get(reverse("jobs:output", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROGRAMME_OFFICE])
def test_only_the_office_gets_the_zip(client, user_for, portfolio, role):
    job = batches.report_batch_start(actor=user_for(Role.PROGRAMME_OFFICE), kind=batches.PROGRESS_REPORTS)
    run_queued_jobs()
    login_as(client, user_for, role)
    assert client.get(reverse("jobs:output", args=[job.pk])).status_code in (403, 404)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("portfolio:report-batches")).status_code == 403


def test_progress_reports_of_the_whole_portfolio(user_for, portfolio):
    job = batches.report_batch_start(actor=user_for(Role.PROGRAMME_OFFICE), kind=batches.PROGRESS_REPORTS)
    run_queued_jobs()
    job.refresh_from_db()
    assert zip_names(job) == [f"voortgangsrapportage-{portfolio['other'].number}.pdf"]
    assert job.output_name.startswith("voortgangsrapportages-alle-")


def test_a_selection_without_documents_and_a_second_start_are_refused(user_for, portfolio, team):
    office = user_for(Role.PROGRAMME_OFFICE)
    with pytest.raises(Exception, match="No project of this selection"):
        batches.report_batch_start(actor=office, kind=batches.PROGRESS_REPORTS, team="realisatie")
    with pytest.raises(Exception, match="There is no team"):
        batches.report_batch_start(actor=office, kind=batches.IMPACT_SHEETS, team="nergens")
    batches.report_batch_start(actor=office, kind=batches.IMPACT_SHEETS, team="realisatie")
    with pytest.raises(Exception, match="already queued or running"):
        batches.report_batch_start(actor=office, kind=batches.IMPACT_SHEETS, team="realisatie")
    assert JobRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_runs_the_batch_and_prints_its_progress(user_for, portfolio, tmp_path, capsys):
    """No worker is running: `regiekamer reports` runs the job itself (the worker's code, with its heartbeat
    thread) and prints its progress, then copies the ZIP."""
    target = tmp_path / "bladen.zip"
    call_command("reports", "impact-sheets", "--team", "realisatie", "--output", str(target))
    out = capsys.readouterr().out
    job = JobRun.objects.get()
    assert job.status == "done" and job.started_by.is_system
    assert f"Taak {job.pk} (Impactsheets als pdf) in de wachtrij gezet." in out
    assert "Klaar · 2/2 (100 %)" in out and f"ZIP-bestand: {target}" in out
    assert len(zipfile.ZipFile(target).namelist()) == 2
