"""A web import runs in the background and reports its progress outside the import transaction: the reports
(monotone, ending at the total), the final state, the polled status fragment per role, failures, a second
start, an interrupted run, and the real thread on a committed database."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
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


def test_progress_is_reported_in_order_and_ends_at_the_total(office, catalogue_rows):
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

    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    assert batch.status == "running" and services.import_batch_progress(batch=batch) is None
    services.import_batch_work(batch_id=batch.pk, dry_run=False, actor=office, progress=observe)

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


def test_dry_run_reports_only_the_check(office, catalogue_rows):
    batch = upload(csv_file(3), office)
    reports = []
    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=True, actor=office)
    services.import_batch_work(
        batch_id=batch.pk, dry_run=True, actor=office, progress=lambda *r: reports.append(r)
    )
    assert reports == [("check", 0, 3), ("check", 3, 3)]
    batch.refresh_from_db()
    assert (batch.status, batch.dry_run, batch.rows_created) == ("dry_run", True, 3)
    assert not Organisation.objects.exists()


def test_the_polled_fragment_shows_the_progress_while_the_import_transaction_is_open(
    client, office, catalogue_rows
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

    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    services.import_batch_work(batch_id=batch.pk, dry_run=False, actor=office, progress=poll)
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
    assert Organisation.objects.count() == (1 if allowed else 0)


def test_an_error_while_writing_ends_as_failed_with_the_error_and_nothing_saved(office, catalogue_rows):
    """Another user registers one of the file's KvK numbers after the check, before the write: the bulk
    insert violates the unique number, the import transaction is rolled back, the batch ends FAILED."""
    batch = upload(csv_file(5), office)

    def meanwhile(phase, done, total):
        if (phase, done) == ("check", total):
            OrganisationFactory(name="Intussen", kvk_number="20000003")

    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    services.import_batch_work(batch_id=batch.pk, dry_run=False, actor=office, progress=meanwhile)
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "IntegrityError" in batch.failure and "nothing was saved" in batch.failure
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Intussen"]


def test_a_missing_file_ends_as_failed_and_the_page_shows_it(client, office, catalogue_rows):
    batch = upload(csv_file(2), office)
    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    default_storage.delete(batch.stored_file)
    services.import_batch_work(batch_id=batch.pk, dry_run=False, actor=office)
    batch.refresh_from_db()
    assert batch.status == "failed" and "FileNotFoundError" in batch.failure
    client.force_login(office)
    html = client.get(reverse("stakeholders:import-progress", args=[batch.pk])).content.decode()
    assert 'data-testid="import-failure"' in html and "FileNotFoundError" in html
    assert "hx-trigger" not in html


def test_row_errors_end_as_failed_with_the_errors(office, catalogue_rows):
    batch = upload(csv_file(2, extra="1234;Kapot;29;ZH\n"), office)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    batch.refresh_from_db()
    assert (batch.status, batch.error_count, batch.failure) == ("failed", 1, "")
    assert [(e["row"], e["column"]) for e in batch.errors] == [(4, "KvK-nummer")]
    assert not Organisation.objects.exists()


def test_a_second_start_while_running_does_nothing(client, office, catalogue_rows):
    batch = upload(csv_file(2), office)
    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    started_at = batch.started_at
    with pytest.raises(services.ImportNotStarted):
        services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=True, actor=office)
    client.force_login(office)
    url = reverse("stakeholders:import-batch", args=[batch.pk])
    response = client.post(url, {"kvk_number": "KvK-nummer", "name": "Naam", "action": "import"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.dry_run, batch.started_at) == ("running", False, started_at)
    assert not Organisation.objects.exists()
    page = client.get(url).content.decode()
    assert 'data-testid="mapping-form"' not in page and 'hx-trigger="every 1s"' in page


def test_an_imported_batch_is_not_started_again(office, catalogue_rows):
    batch = upload(csv_file(1), office)
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    with pytest.raises(services.ImportNotStarted):
        services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    assert Organisation.objects.count() == 1


def test_a_run_interrupted_long_ago_may_be_started_again(client, office, catalogue_rows):
    batch = upload(csv_file(1), office)
    services.import_batch_begin(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    assert not services.import_batch_is_stale(batch=batch)
    ImportBatch.objects.filter(pk=batch.pk).update(
        started_at=timezone.now() - services.IMPORT_STALE_AFTER - dt.timedelta(minutes=1)
    )
    batch.refresh_from_db()
    assert services.import_batch_is_stale(batch=batch)
    client.force_login(office)
    page = client.get(reverse("stakeholders:import-batch", args=[batch.pk])).content.decode()
    assert 'data-testid="import-stale"' in page and 'data-testid="mapping-form"' in page
    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    batch.refresh_from_db()
    assert batch.status == "imported" and Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_imports_and_closes_its_connection(office, catalogue_rows):
    batch = upload(csv_file(1500), office)
    thread = services.import_batch_execute(
        batch=batch, mapping=batch.mapping, dry_run=False, actor=office, background=True
    )
    assert thread is not None and thread.daemon
    thread.join(timeout=120)
    assert not thread.is_alive()
    batch.refresh_from_db()
    assert (batch.status, batch.rows_created) == ("imported", 1500)
    assert Organisation.objects.count() == 1500
    progress = services.import_batch_progress(batch=batch)
    assert (progress.phase, progress.done, progress.total) == ("save", 1500, 1500)
