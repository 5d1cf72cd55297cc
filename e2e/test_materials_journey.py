"""Browser journey: a company uploads its bill of materials, sees the critical materials and the risk profile,
and downloads the PDF."""

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
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


@pytest.fixture
def sample_data(catalogue):
    from io import StringIO

    from materials import demo

    demo.load(stdout=StringIO())  # the illustrative sample data set (no demo users exist here: no demo scan)


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
    for name in ("Cobalt", "Lithium", "Nickel", "Bauxite/alumina/aluminium"):
        assert name in critical
    materials = page.locator('[data-testid="materials"]')
    assert "0,3600" in materials.inner_text() or "0.3600" in materials.inner_text()
    assert page.locator('[data-testid="sample-notice"]').is_visible()

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
