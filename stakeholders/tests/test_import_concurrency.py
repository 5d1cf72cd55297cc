"""Issue 15, finding 3: on SQLite an upload locked everybody out — another user's login and an API write
failed with 500 "database is locked" while an import ran. Now the file is read and planned outside any
transaction, only the write is one, and a writer that meets it waits for the lock (WAL, IMMEDIATE
transactions and the busy timeout of settings.SQLITE_BUSY_TIMEOUT_SECONDS) instead of failing.

Shown here with real threads on the committed test database (a file, as in production): while the import's
write transaction is open and held, another user logs in through the login form (a session row, last login,
the login audit), a third adds an organisation through the API and a fourth reads a page. Every request
succeeds; on SQLite the two writers wait for the lock (so the test really met it) and the reader does not.
How long such a wait is for a large import is measured by bench/load.py ("a large import while others
click"). With a busy timeout of half a second in place of 60 s, the login fails with "database is locked"."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from stakeholders import services
from stakeholders.models import Organisation

from .factories import province, sbi, source

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 1_500
HOLD_SECONDS = 2.0  # how long the import keeps its transaction open after the others have started


def test_an_import_holding_the_write_lock_makes_no_other_request_fail(user_for):
    province("ZH", "Zuid-Holland")
    sbi("29")
    office, lead, reader = (
        user_for(Role.PROGRAMME_OFFICE),
        user_for(Role.TEAM_LEAD),
        user_for(Role.READER),
    )
    api_client, reading_client, login_client = Client(), Client(), Client()
    api_client.force_login(lead)  # signed in before the import starts: its request is the API write only
    reading_client.force_login(reader)
    rows = "".join(f"{30_000_000 + i};Maakbedrijf {i};29;ZH\n" for i in range(ROWS))
    batch = services.import_batch_start(
        file_name="groot.csv",
        data=("KvK-nummer;Naam;SBI;Provincie\n" + rows).encode(),
        source=source("slimme-tool"),
        actor=office,
    )
    holding, others_started, committed = threading.Event(), threading.Barrier(4), threading.Event()
    outcome: dict[str, object] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if phase == services.PHASE_SAVE and not holding.is_set():
            holding.set()  # inside the import's write transaction: on SQLite it holds the write lock
            others_started.wait(timeout=30)
            time.sleep(HOLD_SECONDS)

    def run_import() -> None:
        try:
            services.import_batch_run(
                batch=batch, mapping=batch.mapping, dry_run=False, actor=office, progress=progress
            )
            outcome["committed_at"] = time.monotonic()
            committed.set()
        finally:
            connection.close()

    def request(name: str, send) -> None:
        try:
            holding.wait(timeout=60)
            others_started.wait(timeout=30)
            started = time.monotonic()
            response = send()
            outcome[name] = (response.status_code, time.monotonic() - started, committed.is_set())
        except Exception as error:  # noqa: BLE001 — the failure this test is about ("database is locked")
            outcome[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run_import),
        threading.Thread(
            target=request,
            args=(
                "login",
                lambda: login_client.post(reverse("login"), {"username": office.username, "password": "pw"}),
            ),
        ),
        threading.Thread(
            target=request,
            args=(
                "api write",
                lambda: api_client.post(
                    "/api/stakeholders/organisations/",
                    {"name": "Tijdens de import", "kvk_number": "12345678"},
                    content_type="application/json",
                ),
            ),
        ),
        threading.Thread(
            target=request,
            args=("read", lambda: reading_client.get(reverse("stakeholders:organisation-list"))),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert committed.is_set(), outcome
    assert outcome["login"][0] == 302, outcome  # signed in (a failed login would answer 200 with the form)
    assert outcome["api write"][0] == 201, outcome
    assert outcome["read"][0] == 200, outcome
    assert Organisation.objects.count() == ROWS + 1
    assert Organisation.objects.filter(name="Tijdens de import").exists()
    if connection.vendor == "sqlite":
        # the writers met the lock: they waited at least as long as the import held it after they started;
        # the reader was not held up (it ended before the import committed)
        assert outcome["login"][1] >= HOLD_SECONDS - 0.1, outcome
        assert outcome["api write"][1] >= HOLD_SECONDS - 0.1, outcome
        assert not outcome["read"][2], outcome
