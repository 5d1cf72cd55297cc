"""Browser journey: the programme office chooses magnesium, compares the linear and the circular
configuration under a 50 % export cut by the dominant supplier (with a higher collection rate beside it), sees
the charts and the interaction matrix, and downloads the results."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .test_materials_journey import sign_in
from .worker import running_worker


@pytest.fixture
def magnesium_data(catalogue):
    from io import StringIO

    from materials import demo

    demo.load(stdout=StringIO())  # the EU 2023 assessment (current) names magnesium's main supplier


def main_supplier(material: str) -> tuple[str, float]:
    """The main global supplier and its share of `material` in the assessment file the demo loads, from the
    row the loader takes: the bottleneck stage (highest supply risk) where it names one, else the first
    stage (extraction before processing) that does."""
    from materials.demo import EU_FILE
    from materials.eu_assessment import STAGES

    with EU_FILE.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["material"] == material and row["stage"]]
    highest = max(float(row["supply_risk"]) for row in rows)
    naming = [row for row in rows if row["main_global_supplier"]]
    naming.sort(key=lambda row: (float(row["supply_risk"]) != highest, STAGES.index(row["stage"])))
    return naming[0]["main_global_supplier"], float(naming[0]["main_global_supplier_share"])


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_compare_linear_and_circular_under_an_export_cut(
    page, live_server, user_for, magnesium_data, tmp_path
):
    from accounts.roles import Role

    sign_in(page, live_server, user_for(Role.PROGRAMME_OFFICE))
    page.goto("/simulation/")
    page.locator('[data-testid="new-scenario"]').click()
    page.wait_for_url("**/simulation/new/")
    page.fill("#id_title", "Magnesium onder exportbeperking")
    page.get_by_label("Magnesium (Mg)").check()
    page.select_option("#id_comparison", "both")
    page.fill("#id_horizon", "24")
    # 50 % export cut by the dominant supplier (country left empty), from quarter 4 for 8 quarters
    page.check("#id_export_restriction")
    page.fill("#id_export_restriction__depth", "50")
    page.check("#id_collection_rate")
    page.check("#id_scrap_export_limit")
    with running_worker():
        page.locator("#scenario-form button[type=submit]").click()
        page.wait_for_url("**/simulation/*/")
        for _ in range(60):
            if page.locator('[data-testid="download-csv"]').count():
                break
            page.wait_for_timeout(500)
            page.reload()
    assert page.inner_text("h1") == "Magnesium onder exportbeperking"
    section = page.locator('[data-testid="material-magnesium"]')
    # four charts, linear and circular overlaid in each
    assert section.locator("svg.sim-chart").count() == 4
    assert section.locator("polyline.sim-line--linear").count() == 4
    assert section.locator("polyline.sim-line--circular").count() == 4
    outcomes = section.locator('[data-testid="outcomes"]').inner_text()
    assert "Lineair" in outcomes and "Circulair" in outcomes
    # the cut's country is the main supplier of the EU 2023 assessment, its share in Dutch format (one
    # decimal, decimal comma); the rest of the supply is 'overige/onbekend', never a blank or a code
    from catalogue.models import Country
    from materials.eu_assessment import COUNTRY_NAMES
    from materials.selectors import country_resolver

    name, share = main_supplier("Magnesium")
    dutch_name = Country.objects.get(code=COUNTRY_NAMES.get(name) or country_resolver()(name)).name
    text = section.inner_text()
    assert f"{dutch_name} {share * 100:.1f} %".replace(".", ",") in text
    assert f"overige/onbekend {(1 - share) * 100:.1f} %".replace(".", ",") in text
    matrices = section.locator('[data-testid="interaction-matrix"]')
    assert matrices.count() == 2  # linear and circular
    text = matrices.first.inner_text()
    assert "Exportbeperking door een leverancierland" in text
    assert any(word in text for word in ("synergie", "antagonisme", "optelsom"))

    with page.expect_download() as download_info:
        page.locator('[data-testid="download-xlsx"]').click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet.max_row == 1 + 2 * 24  # header, two configurations × 24 quarters
    with page.expect_download() as download_info:
        page.locator('[data-testid="download-csv"]').click()
    assert download_info.value.suggested_filename.endswith(".csv")
