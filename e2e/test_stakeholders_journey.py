"""Browser journey: import a slimme-tool file, classify an organisation, place it in the Mendelow matrix."""

import pytest

from accounts.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    b"KvK-nummer;Naam;SBI;Provincie;Grootteklasse;Website\n"
    b"12345678;Coolrec B.V.;29;ZH;>100;www.coolrec.com\n"
    b"87654321;Nyrstar;24;NB;>100;\n"
)


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
    page.click("button[value=dry_run]")
    assert "2" in page.text_content("[data-testid=dry-run-result]")
    page.click("button[value=import]")
    assert page.get_attribute("[data-testid=batch-status]", "data-testid") == "batch-status"
    assert "2" in page.text_content("[data-testid=import-result]")

    # 2. Classify Coolrec: confirm the sector proposed from its SBI code, categorise an innovation.
    page.goto("/stakeholders/")
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
