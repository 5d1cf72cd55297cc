"""Common non-critical materials (catalogue/data/common_materials.csv) in the scanner: a bill of materials
with steel scans, steel is not critical and has no data (never NaN, never a made-up band)."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import login_as
from materials import selectors
from materials.models import ScanMaterial
from materials.services import scan_create

from .test_views import bom_rows, xlsx

# Housing 2 kg: 90 % steel = 1.8 kg, 10 % cobalt = 0.2 kg; a rubber seal 0.05 kg
ROWS = [
    ["Pump", "Housing", "", 1, 2, "Steel", 0.9],
    ["Pump", "Housing", "", 1, 2, "Cobalt", 0.1],
    ["Pump", "Seal", "Housing", 1, 0.05, "Rubber", 1],
]


@pytest.fixture
def scan(catalogue, release, user_for):
    return scan_create(actor=user_for(Role.APPLICANT), title="Pump", rows=bom_rows(ROWS))


def test_a_bom_with_steel_and_cobalt_scans(scan):
    totals = {row.material.name: row.kg for row in ScanMaterial.objects.filter(scan=scan)}
    assert totals == {
        "Steel": pytest.approx(1.8),
        "Cobalt": pytest.approx(0.2),
        "Rubber": pytest.approx(0.05),
    }
    profile = selectors.scan_profile(scan)
    by_name = {item.code: item for item in profile.materials}
    steel = by_name["steel"]
    assert not steel.critical and not steel.strategic
    assert steel.band == "unknown" and steel.worst is None
    assert all(item.value is None and item.band == "unknown" for item in steel.indicators)
    assert steel.actions == [] and steel.r_strategies == []
    assert by_name["cobalt"].critical and by_name["cobalt"].band == "high"
    assert [item.material for item in profile.critical] == ["Kobalt"]  # by its name in the reader's language
    # the product: 1.85 kg, of which 0.2 kg critical
    (product,) = profile.products
    assert product.kg == pytest.approx(2.05) and product.critical_kg == pytest.approx(0.2)


@pytest.mark.parametrize("name", ["Staal", "steel", "Fe", "ijzer", "RVS", "PE", "Polyetheen", "Zink", "Pb"])
def test_common_materials_resolve_by_name_dutch_name_symbol_or_alias(catalogue, name):
    assert selectors.material_resolver()(name) is not None


def test_the_page_shows_steel_as_not_critical_with_no_data(client, user_for, scan):
    login_as(client, user_for, Role.APPLICANT)
    page = client.get(reverse("materials:scan-detail", args=[scan.pk])).content.decode()
    assert "geen gegevens" in page
    assert "nan" not in page.lower().replace("nanc", "")  # no NaN anywhere ("financ…" aside)
    assert "Staal" in page
    critical = page.split('data-testid="critical">', 1)[1].split("</dd>", 1)[0]
    assert "Kobalt" in critical and "Staal" not in critical


def test_exports_and_command_line_do_not_crash_on_no_data(client, user_for, scan, tmp_path):
    login_as(client, user_for, Role.APPLICANT)
    workbook = load_workbook(BytesIO(client.get(reverse("materials:scan-xlsx", args=[scan.pk])).content))
    rows = {row[0]: row for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert rows["Staal"][1] == pytest.approx(1.8) and rows["Staal"][2] == "nee"
    assert rows["Staal"][4] == "geen gegevens" and rows["Staal"][5] is None  # no worst indicator
    assert all(value is None for value in rows["Staal"][6:15])
    assert client.get(reverse("materials:scan-pdf", args=[scan.pk])).content.startswith(b"%PDF")

    path = tmp_path / "pump.xlsx"
    path.write_bytes(xlsx(ROWS).getvalue())
    from io import StringIO

    out = StringIO()
    call_command("scan", str(path), stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("Staal"))
    assert "geen gegevens" in line and " 1,8 kg" in line


def test_steel_counts_in_the_critical_dependence_of_its_product_group(catalogue, release, user_for):
    from catalogue.models import SbiCode

    scan_create(
        actor=user_for(Role.APPLICANT),
        title="Pump",
        rows=bom_rows(ROWS),
        sbi=SbiCode.objects.get(code="28"),
    )
    (row,) = [item for item in selectors.scoping_inputs() if item.sbi == "28"]
    # critical kg · band weight / all kg = 0.2 · 1 (cobalt high) / (1.8 + 0.2 + 0.05) = 0.2 / 2.05
    assert row.critical_dependence == pytest.approx(0.2 / 2.05)


def test_stakeholders_offer_only_critical_materials_as_critical_raw_materials(catalogue):
    from stakeholders.forms import InnovationCategoriseForm

    choices = InnovationCategoriseForm.base_fields["critical_raw_materials"].queryset
    names = set(choices.values_list("name", flat=True))
    assert "Cobalt" in names and "Copper" in names  # copper: on the EU list as strategic
    assert "Steel" not in names and len(names) == 34
