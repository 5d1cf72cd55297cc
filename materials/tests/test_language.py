"""The scanner and the material data in the reader's language: material, country and R-strategy names from the
catalogue's data files, band words and figures in Dutch notation (English when the reader switches), the data
set's title from its data file; the spreadsheet with number formats and yes/no in words."""

import csv
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.authorization import system_actor
from accounts.models import User
from accounts.roles import Role
from accounts.testing import make_user
from catalogue.loader import DATA_DIR
from materials import demo, risk
from materials.models import MaterialDataRelease, Scan
from materials.services import material_release_make_current
from materials.texts import figure, percent, threshold_text

pytestmark = pytest.mark.django_db


def _csv(path, key):
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("limit", "dutch", "english"),
    [
        (
            risk.Threshold(0.15, 0.25),
            "laag < 0,15 ≤ middel < 0,25 ≤ hoog",
            "low < 0.15 ≤ medium < 0.25 ≤ high",
        ),
        (
            risk.Threshold(0.5, 0.1, higher_is_riskier=False),
            "hoog < 0,1 ≤ middel < 0,5 ≤ laag",
            "high < 0.1 ≤ medium < 0.5 ≤ low",
        ),
        (
            risk.Threshold(3.33, 6.67),
            "laag < 3,33 ≤ middel < 6,67 ≤ hoog",
            "low < 3.33 ≤ medium < 6.67 ≤ high",
        ),
    ],
)
def test_bands_in_the_readers_words_and_notation(limit, dutch, english):
    with translation.override("nl"):
        assert threshold_text(limit) == dutch
    with translation.override("en"):
        assert threshold_text(limit) == english


@pytest.mark.parametrize(
    ("value", "decimals", "dutch", "english"),
    [
        (0.4, 4, "0,4", "0.4"),
        (2.0, 4, "2", "2"),
        (7.344, 4, "7,344", "7.344"),
        (1234.5, 3, "1.234,5", "1,234.5"),
        (0.123456, 4, "0,1235", "0.1235"),
    ],
)
def test_figures_in_the_readers_notation(value, decimals, dutch, english):
    with translation.override("nl"):
        assert figure(value, decimals) == dutch
    with translation.override("en"):
        assert figure(value, decimals) == english


def test_percentages_in_the_readers_notation():
    with translation.override("nl"):
        assert (percent(0.675), percent(0.6), percent(None)) == ("67,5%", "60%", "—")
    with translation.override("en"):
        assert percent(0.675) == "67.5%"


@pytest.fixture
def demo_scan(catalogue, client):
    make_user(Role.APPLICANT, "aanvrager")
    demo.load(stdout=StringIO())
    # these pages are read against the sample release (its thresholds, producers and titles)
    sample = MaterialDataRelease.objects.get(code=demo.SAMPLE_CODE)
    material_release_make_current(actor=system_actor(), release=sample)
    client.force_login(User.objects.get(username="aanvrager"))
    return Scan.objects.get()


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_scan_names_materials_bands_and_data_set_in_the_readers_language(client, demo_scan):
    materials = _csv(DATA_DIR / "eu_crm_2023.csv", "material")
    common = _csv(DATA_DIR / "common_materials.csv", "material")
    release = _csv(demo.SAMPLE_FOLDER / "release.csv", "code")[demo.SAMPLE_CODE]
    url = reverse("materials:scan-detail", args=[demo_scan.pk])

    dutch, english = _page(client, url, "nl"), _page(client, url, "en")

    for name in ("Natural graphite", "Cobalt", "Copper"):
        assert materials[name]["name_nl"] in dutch and name not in dutch.replace(
            materials[name]["name_nl"], ""
        )
        assert name in english
    assert common["Steel"]["name_nl"] in dutch and "Steel" in english
    assert "laag &lt; 0,15 ≤ middel &lt; 0,25 ≤ hoog" in dutch and "low &lt;" not in dutch
    assert "low &lt; 0.15 ≤ medium &lt; 0.25 ≤ high" in english
    assert release["title"] in dutch and release["title_en"] not in dutch
    assert release["title_en"] in english
    # 12 magnets · 0.02 kg · 0.7 + 40 cells · 0.045 kg · 0.2 = 0.528 kg of cobalt, in the reader's notation
    assert ">0,528<" in dutch and ">0.528<" in english
    assert "0,5280" not in dutch


def test_the_material_page_names_countries_strategies_and_sources_in_the_readers_language(client, demo_scan):
    countries = _csv(DATA_DIR / "countries.csv", "code")
    strategies = _csv(DATA_DIR / "r_strategies.csv", "code")
    url = reverse("materials:material-detail", args=["cobalt"])

    dutch, english = _page(client, url, "nl"), _page(client, url, "en")

    congo = countries["CD"]  # the sample's largest producer of cobalt
    assert congo["name"] in dutch and congo["name_en"] in english
    assert f"R0 {strategies['R0']['name_nl']}" in dutch and f"R0 {strategies['R0']['name']}" in english
    assert "Berekend uit de producerende landen" in dutch and "calculated from producer shares" not in dutch
    assert "Calculated from the producing countries" in english
    assert "Illustratief, naar" in dutch and "Illustrative, after" in english
    assert ">60%<" in dutch  # the Congo's share of cobalt in the sample: 0.6
    assert "<td>CD</td>" not in dutch


def test_the_spreadsheet_has_number_formats_and_words(client, demo_scan):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    content = client.get(reverse("materials:scan-xlsx", args=[demo_scan.pk])).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]

    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    cobalt = rows["Kobalt"]
    assert cobalt[1].value == pytest.approx(0.528) and cobalt[1].number_format == "#,##0.0###"
    assert (cobalt[2].value, rows["Staal"][2].value) == ("ja", "nee")
    assert cobalt[6].number_format == "#,##0.0###"  # an indicator value
