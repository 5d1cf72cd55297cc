"""Browser journey (issue 17, "exports of 100,000 organisations complete as a job with a progress bar"): the
programme office asks for the XLSX export of a register of 100,000 organisations, is taken to the job's page,
watches its progress bar rise while a job worker writes the file, and downloads the finished file.

A scenario: the register is made with bulk inserts (the services would take minutes) and the export itself
takes tens of seconds, so it runs once (SQLite suite)."""

import re
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from accounts.roles import Role
from e2e.steps import log_in_as

from .worker import running_worker

pytestmark = [pytest.mark.e2e, pytest.mark.scenario, pytest.mark.django_db(transaction=True)]

ORGANISATIONS = 100_000
FIRST = "Aarts Kunststoffen B.V."  # first by name: the export is ordered by name
LAST = "Zwaluw Recycling B.V."  # last by name
SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for a person to look at, not read back


def _register() -> None:
    """100,000 organisations, each found by one source, with the kept summaries the bench keeps for the
    register (coverage, network) recomputed after the bulk insert, as bench/pages.py does."""
    from stakeholders.models import Organisation, OrganisationSource, Source
    from stakeholders.services import coverage_rebuild, sources_ensure
    from stakeholders.services.network import network_rebuild

    sources_ensure()  # migration data is gone once another browser test has flushed the database
    sources = list(Source.objects.order_by("order"))
    names = [FIRST, *(f"Testbedrijf {index:06d}" for index in range(ORGANISATIONS - 2)), LAST]
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=name,
                org_type="company" if index % 5 else "knowledge_institute",
                sector=["in_manufacturing", "innovation_only", "neither"][index % 3],
                frontrunner_class=["frontrunner", "follower", "other", ""][index % 4],
            )
            for index, name in enumerate(names)
        ],
        batch_size=5000,
    )
    OrganisationSource.objects.bulk_create(
        [
            OrganisationSource(organisation_id=pk, source=sources[pk % len(sources)])
            for pk in Organisation.objects.values_list("pk", flat=True)
        ],
        batch_size=5000,
    )
    inserted = time.perf_counter()
    coverage_rebuild()
    network_rebuild()
    print(f"kept summaries rebuilt in {time.perf_counter() - inserted:.1f} s")


def _progress(page) -> tuple[str, int | None]:
    """What the job's page shows now: its status and the progress bar's value (None while it has none)."""
    status = page.get_attribute("[data-testid=job-status]", "data-status") or ""
    bar = page.locator("[data-testid=job-progress]")
    value = bar.get_attribute("value") if bar.count() else None
    return status, int(value) if value else None


def test_register_of_100000_exports_as_a_job_with_a_progress_bar(page, live_server, user_for, tmp_path):
    started = time.perf_counter()
    _register()
    print(f"register of {ORGANISATIONS:,} made in {time.perf_counter() - started:.1f} s")
    office = user_for(Role.PROGRAMME_OFFICE)
    log_in_as(page, live_server, office)
    page.set_viewport_size({"width": 1366, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)

    # The register: all 100,000, and its export links.
    page.goto("/stakeholders/")
    assert page.inner_text("main h2") == "100.000 organisaties"
    links = page.locator("[data-testid=export-links]")
    assert "Download deze lijst:" in links.inner_text()

    with running_worker():  # `regiekamer worker`'s loop, beside the live server
        # The whole register as XLSX: too long to write at once, so a job; the person lands on its page.
        links.locator("a[data-format=xlsx]").click()
        page.wait_for_url(re.compile(r"/jobs/\d+/$"))
        job_page = page.url
        notice = page.inner_text(".rk-page [role=status]")
        assert "De lijst is lang: hij wordt op de achtergrond geschreven." in notice
        assert page.inner_text("main h1").startswith("Lijstexport")

        queued = time.perf_counter()
        # The progress bar rises while the worker writes (the panel is polled every second), then the page
        # reloads itself once the job is done.
        seen: list[int] = []
        shot = False
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status, value = _progress(page)
            if status == "done":
                break
            if value is not None and (not seen or value != seen[-1]):
                seen.append(value)
            if not shot and status == "running" and value and value >= ORGANISATIONS // 5:
                text = page.inner_text("[data-testid=job-progress-text]")
                assert re.fullmatch(r"[\d.]+ van 100\.000 \(\d+ %\)", text.strip()), text
                assert "Rijen geschreven" in page.inner_text("[data-testid=job-step]")
                page.screenshot(path=str(SHOTS / "export-running.png"), full_page=True)
                shot = True
            page.wait_for_timeout(250)
        else:
            pytest.fail(f"the export did not finish in 5 minutes; progress seen: {seen}")
    print(f"job followed for {time.perf_counter() - queued:.1f} s; progress seen by the page: {seen}")
    assert len(seen) >= 3, seen  # it moved, more than once, while the person watched
    assert seen == sorted(seen) and seen[-1] <= ORGANISATIONS, seen
    assert shot, "the page never showed the running job with progress"

    # Done: the bar is full, the page says so in Dutch, and offers the file.
    page.wait_for_selector("[data-testid=job-output]")
    assert page.url == job_page
    assert page.inner_text("[data-testid=job-status-label]") == "Klaar"
    bar = page.locator("[data-testid=job-progress]")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("100000", "100000")
    assert page.inner_text("[data-testid=job-progress-text]").strip() == "100.000 van 100.000 (100 %)"
    assert page.inner_text("[data-testid=job-messages]").strip() == "100.000 rijen geëxporteerd."
    page.screenshot(path=str(SHOTS / "export-done.png"), full_page=True)

    downloading = time.perf_counter()
    # The file: a header and one row per organisation, ordered by name.
    with page.expect_download() as download_info:
        page.click("[data-testid=job-output]")
    download = download_info.value
    assert re.fullmatch(r"stakeholders-register-\d{8}\.xlsx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()
    assert len(rows) == ORGANISATIONS + 1
    assert rows[0][:2] == ("KvK-nummer", "Naam")
    names = [row[1] for row in rows[1:]]
    assert (names[0], names[1]) == (FIRST, "Testbedrijf 000000")
    assert (names[-2], names[-1]) == ("Testbedrijf 099997", LAST)
    assert len(set(names)) == ORGANISATIONS
    print(f"downloaded and read in {time.perf_counter() - downloading:.1f} s")
