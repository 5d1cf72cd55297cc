"""Browser journey: import a slimme-tool file (dry run and import run as background jobs, taken by a job
worker, the page follows their progress), classify an organisation, place it in the Mendelow matrix."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from accounts.roles import Role

from .worker import running_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GENERATED = 6000  # enough rows that the import takes seconds, so the page polls its progress at least once
TOTAL = GENERATED + 2
TOTAL_NL = f"{TOTAL:,}".replace(",", ".")  # as the page writes it: 6.002
CSV = (
    b"KvK-nummer;Naam;SBI;Provincie;Grootteklasse;Website\n"
    b"12345678;Coolrec B.V.;29;ZH;>100;www.coolrec.com\n"
    b"87654321;Nyrstar;24;NB;>100;\n"
    + "".join(f"{30_000_000 + i};Testbedrijf {i};29;ZH;0-50;\n" for i in range(GENERATED)).encode()
)
PROGRESS = re.compile(r'value="(\d+)" max="(\d+)"')


def log_in(page, username: str, password: str = "pw") -> None:  # noqa: S107 - the test users' password
    """Submit the login form itself (e2e.conftest.log_in clicks the first submit button on the page, which is
    a language button of the header), then wait until the session is there."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_selector("[data-testid=role-badge]")


def test_import_classify_and_place_in_mendelow(page, user_for):
    from stakeholders.services import sources_ensure
    from stakeholders.tests.factories import province, sbi

    sources_ensure()  # migration data is gone once another browser test has flushed the database
    province("ZH", "Zuid-Holland")
    province("NB", "Noord-Brabant")
    sbi("29")
    sbi("24")
    user = user_for(Role.PROGRAMME_OFFICE)
    log_in(page, user.username)

    # 1. Import: upload, the mapping is guessed from the Dutch headers, dry run, then import.
    page.wait_for_selector("[data-testid=role-badge]")  # signed in
    page.goto("/stakeholders/import/")
    page.select_option("#id_source", label="Slimme tool (zelflerend algoritme)")
    page.set_input_files(
        "#id_file", files=[{"name": "slimme-tool.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.click("[data-testid=upload-form] button[type=submit]")
    assert page.input_value("#id_kvk_number") == "KvK-nummer"
    polls: list[tuple[int, str]] = []  # (HTTP status, body) of every progress poll

    def record(response) -> None:
        if "/progress/" not in response.url:
            return
        try:
            body = response.text()
        except PlaywrightError:  # the last poll reloads the page (HX-Refresh): its body is gone by then
            body = ""
        polls.append((response.status, body))

    page.on("response", record)
    with running_worker():  # `regiekamer worker`'s loop, beside the live server
        page.click("button[value=dry_run]")
        dry_run = page.wait_for_selector("[data-testid=dry-run-result]", timeout=120_000).text_content()
        assert f"{TOTAL_NL} nieuw, 0 bijgewerkt" in dry_run

        # The import: the page shows a live progress bar (polled every second) until the result.
        polls.clear()
        page.click("button[value=import]")
        result = page.wait_for_selector("[data-testid=import-result]", timeout=120_000).text_content()
    assert f"{TOTAL_NL} nieuw, 0 bijgewerkt, 0 te beoordelen" in result
    bar = page.locator("[data-testid=import-progress]")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == (str(TOTAL), str(TOTAL))
    assert page.text_content("[data-testid=import-progress-text]").strip().endswith("(100 %)")
    assert polls, "the page never polled the progress of the running import"
    assert all(status == 200 for status, _body in polls)
    # What the polls showed: per step (checking, then saving) rows done only go up, never past the total.
    seen = [
        ("save" if "Stap 2 van 2" in body else "check", int(done), int(total))
        for _status, body in polls
        for done, total in PROGRESS.findall(body)
    ]
    print("progress seen by the page:", seen)
    assert all(0 <= done <= total == TOTAL for _step, done, total in seen), seen
    for step in ("check", "save"):
        values = [done for s, done, _total in seen if s == step]
        assert values == sorted(values), seen

    # 2. Classify Coolrec: confirm the sector proposed from its SBI code, categorise an innovation.
    page.goto("/stakeholders/?q=Coolrec")
    page.click("[data-testid=register] >> text=Coolrec B.V.")
    page.select_option("[data-testid=sector-form] select[name=sector]", "in_manufacturing")
    page.click("[data-testid=sector-form] button[type=submit]")
    page.click("summary >> nth=1")
    page.fill("#id_title", "Terugwinnen van indium uit beeldschermen")
    page.click("form[action$='/innovations/'] button[type=submit]")
    page.check("input[name=circular_aims][value=material_efficiency]")
    page.select_option("#id_beyond_common_practice", "true")
    page.select_option("#id_beyond_legal_duty", "true")
    page.fill("#id_other_dutch_adopters", "1")
    page.fill("#id_reason", "Validatiemeeting")
    page.click("[data-testid=categorise] button[type=submit]")
    assert "rk-class--frontrunner" in page.get_attribute("[data-testid=class]", "class")
    assert page.locator("[data-testid=trail] tbody tr").count() >= 4

    # 3. Place it in the Mendelow matrix: high influence, high interest -> manage closely.
    page.click("a[href*='/stakeholders/mendelow/?organisation=']")
    page.select_option("#id_influence", "G")
    page.select_option("#id_interest", "G")
    page.fill("#id_role_towards_ce", "Trekker")
    page.click("[data-testid=place-form] button[type=submit]")
    assert "Coolrec B.V." in page.text_content("[data-testid=cell-GG]")
    assert "Coolrec B.V." not in page.text_content("[data-testid=cell-KK]")
