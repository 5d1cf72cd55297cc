"""A web import runs as a background job (jobs app) and reports its progress to the job's record, which the
batch's page reads: the reports (monotone, ending at the total), the final state, the polled status fragment
per role, failures (in words, never a repr), a second start, an interrupted (lost) run started again, and
the real worker with its heartbeat thread on a committed database."""

import datetime as dt
import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from jobs import runtime
from jobs import services as jobs_services
from jobs.models import JobRun
from jobs.testing import run_queued_jobs
from jobs.worker import JobWorker
from stakeholders import services
from stakeholders.models import FuzzyMatch, ImportBatch, Organisation

from .factories import OrganisationFactory, province, sbi, source

pytestmark = pytest.mark.django_db

EDIT = {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}
HEADER = "KvK-nummer;Naam;SBI;Provincie\n"


@pytest.fixture
def catalogue_rows():
    province("ZH", "Zuid-Holland")
    sbi("29")


def csv_file(new: int, *, extra: str = "") -> bytes:
    """`new` organisations with fresh KvK numbers 20000000, 20000001, ... and then the `extra` lines."""
    rows = "".join(f"{20_000_000 + i};Maakbedrijf {i};29;ZH\n" for i in range(new))
    return (HEADER + rows + extra).encode()


def upload(data: bytes, office) -> ImportBatch:
    return services.import_batch_start(
        file_name="lijst.csv", data=data, source=source("slimme-tool"), actor=office
    )


@pytest.fixture
def on_progress(monkeypatch):
    """on_progress(callback): callback(phase, done, total) after each progress report of a job has been
    written to its record (the phase read back from the step the job reported)."""
    callbacks = []
    original = runtime.JobContext.progress

    def progress(self, done, total=None, step=None):
        original(self, done, total, step)
        phase = "save" if getattr(step, "template", "") == services.import_runner.STEP_SAVE else "check"
        for callback in callbacks:
            callback(phase, done, total)

    monkeypatch.setattr(runtime.JobContext, "progress", progress)
    return callbacks.append


def test_progress_is_reported_in_order_and_ends_at_the_total(office, catalogue_rows, on_progress):
    # 2,498 new rows, one with the KvK number of an existing organisation (an update) and one without a
    # number whose name matches an organisation in the same province (up for review): 2,500 rows.
    OrganisationFactory(name="Bestaand", kvk_number="12345678", province=province("ZH"))
    OrganisationFactory(name="Arrosso B.V.", province=province("ZH"))
    batch = upload(csv_file(2498, extra="12345678;Bestaand;29;ZH\n;ARROSSO;29;ZH\n"), office)
    reports = []

    def observe(phase, done, total):
        # what the page would read at this moment is what was just reported
        progress = services.import_batch_progress(batch=batch)
        assert (progress.phase, progress.done, progress.total) == (phase, done, total)
        reports.append((phase, done, total))

    on_progress(observe)
    job = services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    assert batch.status == "running" and services.import_batch_progress(batch=batch) is None
    assert (job.status, job.kind, job.started_by) == ("queued", "stakeholders.import", office)
    assert run_queued_jobs() == 1
    # checking: at the start, every 1,000 rows, at the end; saving: after each batch of 2,000 new rows
    # (2,000 and 2,498), after the update (2,499), and the review row (2,500).
    assert reports == [
        ("check", 0, 2500),
        ("check", 1000, 2500),
        ("check", 2000, 2500),
        ("check", 2500, 2500),
        ("save", 2000, 2500),
        ("save", 2498, 2500),
        ("save", 2499, 2500),
        ("save", 2500, 2500),
    ]
    batch.refresh_from_db()
    assert (batch.status, batch.rows_total, batch.rows_created, batch.rows_updated, batch.rows_review) == (
        "imported",
        2500,
        2498,
        1,
        1,
    )
    assert Organisation.objects.count() == 2 + 2498 and FuzzyMatch.objects.get().batch == batch
    assert batch.history.first().history_user == office  # the end of the run names who started it
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.step_text) == (
        "done",
        2500,
        2500,
        "Saving the rows",
    )
    assert job.result == {
        "batch": batch.pk,
        "status": "imported",
        "rows": 2500,
        "created": 2498,
        "updated": 1,
        "review": 1,
        "errors": 0,
    }
    assert job.link == reverse("stakeholders:import-batch", args=[batch.pk])


def test_dry_run_reports_only_the_check(office, catalogue_rows, on_progress):
    batch = upload(csv_file(3), office)
    reports = []
    on_progress(lambda *r: reports.append(r))
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=True, actor=office)
    run_queued_jobs()
    assert reports == [("check", 0, 3), ("check", 3, 3)]
    batch.refresh_from_db()
    assert (batch.status, batch.dry_run, batch.rows_created) == ("dry_run", True, 3)
    assert not Organisation.objects.exists()


def test_the_polled_fragment_shows_the_progress_from_the_job_record(
    client, office, catalogue_rows, on_progress
):
    batch = upload(csv_file(2500), office)
    client.force_login(office)
    url = reverse("stakeholders:import-progress", args=[batch.pk])
    seen = {}

    def poll(phase, done, total):
        if (phase, done) == ("save", 2000):  # inside import_apply's transaction, 2,000 rows written
            response = client.get(url, headers={"HX-Request": "true"})
            seen["html"] = response.content.decode()
            seen["refresh"] = response.get("HX-Refresh")

    on_progress(poll)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    run_queued_jobs()
    html = seen["html"]
    assert 'value="2000" max="2500"' in html
    assert "2.000 van 2.500 rijen (80 %)" in html  # Dutch UI: 2000 / 2500 = 80 %
    assert 'hx-trigger="every 1s"' in html and seen["refresh"] is None  # still running: keep polling
    # Once ended, a poll reloads the page (which shows the result) and the fragment stops polling.
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()
    assert 'value="2500" max="2500"' in response.content.decode()


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EDIT))
def test_progress_fragment_and_batch_page_per_role(client, user_for, role, allowed, office, catalogue_rows):
    batch = upload(csv_file(1), office)
    login_as(client, user_for, role)
    assert_access(client.get(reverse("stakeholders:import-progress", args=[batch.pk])), allowed=allowed)
    assert_access(client.get(reverse("stakeholders:import-batch", args=[batch.pk])), allowed=allowed)
    response = client.post(
        reverse("stakeholders:import-batch", args=[batch.pk]),
        {"kvk_number": "KvK-nummer", "name": "Naam", "action": "import"},
    )
    assert_access(response, allowed=allowed)
    assert JobRun.objects.count() == (1 if allowed else 0)
    run_queued_jobs()
    assert Organisation.objects.count() == (1 if allowed else 0)


def test_an_error_while_writing_ends_as_failed_with_a_message_and_nothing_saved(
    office, catalogue_rows, on_progress
):
    """Another user registers one of the file's KvK numbers after the check, before the write: the bulk
    insert violates the unique number, the import transaction is rolled back, batch and job end FAILED with a
    message in words (no exception name, no repr)."""
    batch = upload(csv_file(5), office)

    def meanwhile(phase, done, total):
        if (phase, done) == ("check", total):
            OrganisationFactory(name="Intussen", kvk_number="20000003")

    on_progress(meanwhile)
    job = services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    run_queued_jobs()
    batch.refresh_from_db()
    job.refresh_from_db()
    # written by the worker in the site's language (Dutch), in words
    assert batch.status == "failed" and batch.failure.startswith("De import is gestopt door een onverwachte")
    assert "er is niets opgeslagen" in batch.failure and "Error" not in batch.failure
    assert (job.status, job.error_text) == ("failed", batch.failure)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Intussen"]


def test_a_missing_file_ends_as_failed_and_the_page_shows_it(client, office, catalogue_rows):
    batch = upload(csv_file(2), office)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    default_storage.delete(batch.stored_file)
    run_queued_jobs()
    batch.refresh_from_db()
    assert batch.status == "failed" and "onverwachte fout" in batch.failure
    client.force_login(office)
    html = client.get(reverse("stakeholders:import-progress", args=[batch.pk])).content.decode()
    assert 'data-testid="import-failure"' in html and "FileNotFoundError" not in html
    assert "hx-trigger" not in html


def test_row_errors_end_as_failed_with_the_errors(office, catalogue_rows):
    batch = upload(csv_file(2, extra="1234;Kapot;29;ZH\n"), office)
    job = services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    run_queued_jobs()
    batch.refresh_from_db()
    job.refresh_from_db()
    assert (batch.status, batch.error_count, batch.failure) == ("failed", 1, "")
    assert [(e["row"], e["column"]) for e in batch.errors] == [(4, "KvK-nummer")]
    assert not Organisation.objects.exists()
    assert job.status == "failed" and job.error_text.startswith("Rows with errors: 1; nothing was imported.")


def test_a_second_start_while_running_does_nothing(client, office, catalogue_rows):
    batch = upload(csv_file(2), office)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    batch.refresh_from_db()
    started_at = batch.started_at
    with pytest.raises(services.ImportNotStarted):
        services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=True, actor=office)
    client.force_login(office)
    url = reverse("stakeholders:import-batch", args=[batch.pk])
    response = client.post(url, {"kvk_number": "KvK-nummer", "name": "Naam", "action": "import"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.dry_run, batch.started_at) == ("running", False, started_at)
    assert JobRun.objects.count() == 1 and not Organisation.objects.exists()
    page = client.get(url).content.decode()
    assert 'data-testid="mapping-form"' not in page and 'hx-trigger="every 1s"' in page


def test_the_job_refuses_a_second_start_even_when_the_batch_says_otherwise(office, catalogue_rows):
    """The job's dedupe key holds when the batch's own status check is passed (two starts at once)."""
    batch = upload(csv_file(1), office)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEWED)
    batch.refresh_from_db()
    with pytest.raises(services.ImportNotStarted):
        services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    batch.refresh_from_db()
    assert batch.status == "previewed" and JobRun.objects.count() == 1  # the refused start changed nothing


def test_an_imported_batch_is_not_started_again(office, catalogue_rows):
    batch = upload(csv_file(1), office)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    run_queued_jobs()
    batch.refresh_from_db()
    with pytest.raises(services.ImportNotStarted):
        services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    assert Organisation.objects.count() == 1


def test_a_lost_run_is_shown_and_may_be_started_again(client, office, catalogue_rows, settings):
    """The worker died mid-import: the reaper marks the job lost once its heartbeat is two intervals old;
    the batch's page says it was interrupted and offers the form again; the job's page offers a restart."""
    settings.JOBS_HEARTBEAT_SECONDS, settings.JOBS_LOST_AFTER_SECONDS = 10, 20
    batch = upload(csv_file(1), office)
    job = services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    # claimed by a worker that was then killed: its last heartbeat 19 s ago, then 21 s ago
    JobRun.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=timezone.now() - dt.timedelta(seconds=19)
    )
    batch.refresh_from_db()
    assert not services.import_batch_is_stale(batch=batch)
    JobRun.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=21))
    # no worker is left to reap it: reading the batch's state does (what the batch's page shows)
    assert services.import_batch_is_stale(batch=batch)
    assert JobRun.objects.get(pk=job.pk).status == "lost"
    client.force_login(office)
    page = client.get(reverse("stakeholders:import-batch", args=[batch.pk])).content.decode()
    assert 'data-testid="import-stale"' in page and 'data-testid="mapping-form"' in page
    job.refresh_from_db()
    again = jobs_services.restart(actor=office, job=job)  # "Start again" on the job's page
    run_queued_jobs()
    batch.refresh_from_db()
    again.refresh_from_db()
    assert (batch.status, again.status, Organisation.objects.count()) == ("imported", "done", 1)
    # and started again once more: the batch was imported, so nothing is done twice
    JobRun.objects.filter(pk=again.pk).update(status="failed")
    again.refresh_from_db()
    third = jobs_services.restart(actor=office, job=again)
    run_queued_jobs()
    third.refresh_from_db()
    assert third.status == "done" and Organisation.objects.count() == 1
    with translation.override("en"):
        assert third.message_texts == ["This file had already been imported; nothing was done."]


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_loop_imports_with_its_heartbeat_thread(office, catalogue_rows, settings):
    """The worker as `regiekamer worker` runs it (its loop, its heartbeat thread writing progress on its own
    connection), in a thread of the test, on a committed database."""
    settings.JOBS_PROGRESS_SECONDS = 0.2
    batch = upload(csv_file(1500), office)
    job = services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    worker = JobWorker(batch=True, interval=0.1, worker_id="test-worker")

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()  # the thread's own connection (PostgreSQL drops the test database after)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive()
    batch.refresh_from_db()
    job.refresh_from_db()
    assert (batch.status, batch.rows_created) == ("imported", 1500)
    assert Organisation.objects.count() == 1500
    assert (job.status, job.worker_id) == ("done", "test-worker")
    assert (job.progress_done, job.progress_total) == (1500, 1500)
    assert job.heartbeat_at is not None and job.heartbeat_at >= job.started_at
