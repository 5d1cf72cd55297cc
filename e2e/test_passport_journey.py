"""Browser journey (issue 21): a supplier turns the scan of an electric motor into a material passport,
downloads its QR code, and an anonymous browser opening the passport's GS1 Digital Link path sees the public
part only."""

import pytest
from playwright.sync_api import expect

from e2e.steps import log_in_as
from materials import bom

MOTOR_ROWS = [
    bom.BomRow(2, "Motor", "Housing", "", 1, 10, "Cast iron", 1.0),
    bom.BomRow(3, "Motor", "Winding", "", 1, 5, "Copper", 1.0),
    bom.BomRow(4, "Motor", "Magnet", "", 1, 1, "Neodymium", 0.3),
    bom.BomRow(5, "Motor", "Magnet", "", 1, 1, "Iron", 0.7),
]


@pytest.fixture
def motor_scan(catalogue, user_for):
    from accounts.roles import Role
    from materials.services import scan_create

    supplier = user_for(Role.APPLICANT)
    return supplier, scan_create(actor=supplier, title="Elektromotor 3 kW", rows=MOTOR_ROWS)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_supplier_issues_a_motor_passport_and_the_public_sees_its_public_part(
    page, browser, live_server, motor_scan
):
    supplier, scan = motor_scan
    log_in_as(page, live_server, supplier)

    page.goto("/passports/")
    page.click('[data-testid="issue-passport"]')
    page.select_option("#id_scan", str(scan.pk))
    page.select_option("#id_pilot", "electric_motor")
    page.click("#choose-form button[type=submit]")

    form = page.locator("#passport-form")
    form.locator("#id_product_name").fill("Elektromotor 3 kW IE4")
    form.locator("#id_gtin").fill("09506000134352")
    form.locator("#id_batch").fill("B7")
    form.locator("#id_operator_name").fill("Motorenfabriek B.V.")
    form.locator("#id_operator_id").fill("https://example.org/kvk/12345678")
    form.locator("#id_supplier_facilities").fill("Magneetfabriek GEHEIM | https://example.org/facility/9")
    form.locator("#id_recycled_content").fill("25")
    form.locator("#id_efficiency_class").select_option("IE4")
    form.locator("#id_magnet_material").select_option("NdFeB")
    form.locator("#id_magnet_mass_kg").fill("1,234")
    form.locator("#id_repair_R4").fill("Lagers vervangen.")
    # Three conformity claims where the form offers two empty ones: "Claim toevoegen" adds the third.
    claims = [
        ("environment.energy", "Rendementsklasse IE4", "IEC 60034-30-1:2014", "IEC"),
        ("environment.waste", "Geen verboden stoffen", "RoHS 2011/65/EU", "Europese Commissie"),
        ("environment.energy", "Ecodesign voor motoren", "Verordening (EU) 2019/1781", "Europese Commissie"),
    ]
    rows = form.locator("[data-testid=claim-row]")
    expect(rows).to_have_count(2)
    form.locator("[data-testid=claims-add]").click()
    expect(rows).to_have_count(3)
    assert rows.nth(2).locator("legend").inner_text() == "Claim 3"
    for index, (topic, description, reference, party) in enumerate(claims):
        form.locator(f"#id_claims-{index}-topic").select_option(topic)
        form.locator(f"#id_claims-{index}-description").fill(description)
        form.locator(f"#id_claims-{index}-reference_kind").select_option("standard")
        form.locator(f"#id_claims-{index}-reference_name").fill(reference)
        form.locator(f"#id_claims-{index}-reference_party_name").fill(party)
        form.locator(f"#id_claims-{index}-reference_party_id").fill(f"https://example.org/{index}")
        form.locator(f"#id_claims-{index}-conformance").select_option("yes")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/passports/*/")
    claimed = page.locator("[data-testid=claims] tbody tr")
    expect(claimed).to_have_count(3)
    assert "Ecodesign voor motoren" in claimed.nth(2).inner_text()

    assert page.inner_text("h1") == "Elektromotor 3 kW IE4"
    restricted = page.inner_text('[data-testid="restricted"]')
    assert "Magneetfabriek GEHEIM" in restricted
    assert "1,234" in page.inner_text('[data-testid="pilot-fields"]')

    with page.expect_download() as download:
        page.click('[data-testid="qr-png"]')
    png = download.value
    assert png.suggested_filename == "paspoort-09506000134352-B7.png"
    with open(png.path(), "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    link = page.get_attribute('[data-testid="public-link"]', "href")
    assert link == "/01/09506000134352/10/B7"

    anonymous = browser.new_context(base_url=live_server.url, locale="nl-NL")
    public = anonymous.new_page()
    public.goto(link)
    text = public.inner_text('[data-testid="public-passport"]')
    assert "Elektromotor 3 kW IE4" in text and "Lagers vervangen." in text and "IE4" in text
    assert "Neodymium" in text or "Lichte zeldzame aardmetalen" in text
    for secret in ("Magneetfabriek GEHEIM", "1,234", "Winding", "Massafractie"):
        assert secret not in text
    assert public.locator('[data-testid="restricted"]').count() == 0
    anonymous.close()
