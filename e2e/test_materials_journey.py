"""Browser journeys: a company uploads its bill of materials, sees the critical materials and the risk
profile, and downloads the PDF; a user computes the circularity indicator (MCI) of a product."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from e2e.conftest import log_in  # noqa: F401  (see sign_in)

HEADER = ["Product", "Component", "Part of", "Quantity", "Mass per unit (kg)", "Material", "Mass fraction"]


def bom_file(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["E-bike", "Frame", "", 1, 2.2, "Aluminium", 1])
    sheet.append(["E-bike", "Chain", "", 1, 0.9, "Staal", 1])  # steel: a common material, not critical
    sheet.append(["E-bike", "Battery", "", 1, 0, "", ""])
    sheet.append(["E-bike", "Cell", "Battery", 40, 0.045, "Kobalt", 0.2])
    sheet.append(["E-bike", "Cell", "Battery", 40, 0.045, "Li", 0.1])
    sheet.append(["E-bike", "Cell", "Battery", 40, 0.045, "Nickel", 0.7])
    buffer = BytesIO()
    workbook.save(buffer)
    path = tmp_path / "e-bike.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def sign_in(page, live_server, user) -> None:
    """Sign in through a session cookie. e2e.conftest.log_in clicks the first `button[type=submit]` on the
    login
    page, which is the header's language switch, and the login page itself trips the CSP check (htmx injects
    its indicator <style>); both are reported to the owner of the shared files."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def sample_data(catalogue):
    from io import StringIO

    from materials import demo

    # the EU assessment 2023 as the current release, the illustrative sample beside it (no demo users exist
    # here: no demo scan)
    demo.load(stdout=StringIO())


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_upload_bom_and_download_pdf(page, live_server, user_for, sample_data, tmp_path):
    from accounts.roles import Role

    sign_in(page, live_server, user_for(Role.APPLICANT))

    page.goto("/materials/scans/")
    page.locator('a[href="/materials/scans/new/"]').first.click()
    page.wait_for_url("**/materials/scans/new/")
    form = page.locator('[data-testid="upload-form"]')
    form.locator("input[name=upload-title]").fill("E-bike 2025")
    form.locator("input[type=file]").set_input_files(str(bom_file(tmp_path)))
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/materials/scans/*/")

    assert page.inner_text("h1") == "E-bike 2025"
    critical = page.inner_text('[data-testid="critical"]')
    # 40 cells · 0.045 kg = 1.8 kg: cobalt 0.36 kg, lithium 0.18 kg, nickel 1.26 kg; frame 2.2 kg aluminium
    for name in ("Kobalt", "Lithium", "Nikkel", "Bauxiet/aluminiumoxide/aluminium"):  # Dutch catalogue names
        assert name in critical
    assert "Staal" not in critical
    materials = page.locator('[data-testid="materials"]')
    assert "Kobalt\t0,36\t" in materials.inner_text()  # Dutch decimal comma
    steel = materials.locator("tr", has_text="Staal").inner_text()
    assert "\t0,9\t" in steel and "geen gegevens" in steel
    # the current material data is labelled with its source, not the sample's warning
    source = page.locator('[data-testid="release-source"]')
    assert (
        "EU-beoordeling kritieke grondstoffen 2023" in source.inner_text()
        and "doi:10.2873/725585" in source.inner_text()
    )
    assert page.locator('[data-testid="sample-notice"]').count() == 0

    with page.expect_download() as download_info:
        page.locator('[data-testid="pdf"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bad_bom_is_refused_with_the_row_named(page, live_server, user_for, sample_data, tmp_path):
    from accounts.roles import Role

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["P", "C", "", 1, 1, "Kobalt", 0.5])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)

    sign_in(page, live_server, user_for(Role.APPLICANT))
    page.goto("/materials/scans/new/")
    form = page.locator('[data-testid="upload-form"]')
    form.locator("input[name=upload-title]").fill("Bad")
    form.locator("input[type=file]").set_input_files(str(path))
    form.locator("button[type=submit]").click()
    problems = page.locator('[data-testid="problems"]')
    problems.wait_for()
    assert "regel 2: de massafracties van onderdeel 'C' tellen op tot 0.500" in problems.inner_text()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_compute_the_circularity_indicator(page, live_server, user_for):
    from accounts.roles import Role

    sign_in(page, live_server, user_for(Role.APPLICANT))
    page.goto("/")
    page.locator('a[href="/materials/mci/"]').first.click()
    page.wait_for_url("**/materials/mci/")
    form = page.locator('[data-testid="mci-form"]')
    # M = 10 kg, half recycled feedstock and half collected for recycling, both recycled at 80 %, lasting
    # twice the industry average: LFI = 11.125 / 20.125 = 0.5528, X = 2, F(X) = 0.45,
    # MCI = 1 − 0.5528 · 0.45 = 0.7512
    for name, value in {
        "mass": "10",
        "recycled_feedstock": "0.5",
        "collected_for_recycling": "0.5",
        "recycling_efficiency_eol": "0.8",
        "recycling_efficiency_feedstock": "0.8",
        "lifetime": "10",
        "lifetime_industry_average": "5",
    }.items():
        form.locator(f"input[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    result = page.locator('[data-testid="mci-result"]')
    result.wait_for()
    assert page.inner_text('[data-testid="mci-LFI"]') == "0,5528"
    assert page.inner_text('[data-testid="mci-MCI"]') == "0,7512"

    # a fraction above 1 is named on its field, and nothing is computed
    form.locator("input[name=reused_feedstock]").fill("0.7")
    form.locator("button[type=submit]").click()
    page.locator(".utrecht-form-field--invalid").first.wait_for()
    assert "F_R + F_U mag niet groter zijn dan 1." in page.inner_text('[data-testid="mci-form"]')
    assert page.locator('[data-testid="mci-result"]').count() == 0
