"""Dutch number formats on the dashboard's pages, its PDF and its XLSX: grouped thousands ("3.157", also after
a sign: "+3.157"), a decimal comma, whole euros ("€ 170.000"), "62,0 %", and singular/plural ("1 project",
"2 projecten")."""

import csv
import io
from decimal import Decimal

import pypdfium2
import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboard.templatetags.dashboard_tags import euro, number, percent, signed

from .factories import DATA, load_published_figures
from .test_dashboard_counts import programme, reader  # noqa: F401 - fixtures

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("3157"), "3.157"),
        (Decimal("-2313.000"), "-2.313"),
        (Decimal("-2313.50"), "-2.313,5"),
        (Decimal("0.125"), "0,125"),
        (Decimal("1234567.8912"), "1.234.567,891"),
        (706, "706"),
        (None, "–"),
    ],
)
def test_number_in_dutch(value, expected):
    with translation.override("nl"):
        assert number(value) == expected


def test_number_in_english():
    with translation.override("en"):
        assert number(Decimal("-2313.5")) == "-2,313.5"


def test_signs_euros_and_percentages_in_dutch():
    with translation.override("nl"):
        assert signed(Decimal("3157")) == "+3.157"
        assert signed(Decimal("-2313")) == "-2.313"
        assert signed(0) == "0"
        assert euro(Decimal("35000.00")) == f"€{NBSP}35.000"
        assert euro(Decimal("-1500.40")) == f"€{NBSP}-1.500"
        assert percent(Decimal("62")) == "62,0 %"
        assert percent(Decimal("7.54")) == "7,5 %"


def _stated_total(column: str) -> int:
    """The 'Totaal' row of §1.2.3 as printed in the source file."""
    with open(DATA / "maakindustrie_per_cluster.csv", encoding="utf-8", newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["cluster"] == "Totaal")
    return int(total[column])


def test_figures_table_groups_signed_impacts(db, reader):  # noqa: F811
    load_published_figures()
    html = reader.get(reverse("dashboard:figures-table", args=["cluster"])).content.decode()
    value_added = _stated_total("upcm_value_added_impact_meur_per_year")  # +3157 M€/yr
    co2 = _stated_total("upcm_co2_impact_kt_per_year")  # -2313 kt/yr
    dutch = f"{value_added:,}".replace(",", ".")
    assert f">+{dutch}<" in html
    assert f">+{value_added}<" not in html
    assert f">{co2:,}<".replace(",", ".") in html


def test_dashboard_page_formats(reader, programme):  # noqa: F811
    html = reader.get(reverse("dashboard:dashboard")).content.decode()
    # Budget: 120,000 + 50,000 needed (see test_drilldowns).
    assert f"€{NBSP}170.000" in html
    assert "170000" not in html
    # Functional value retention: 20-001 and 20-002, plural.
    row = html.split('data-goal="functional-value-retention"', 1)[1].split("</tr>", 1)[0]
    assert ">2 projecten</a>" in row


def _pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_pdf_formats(reader, programme):  # noqa: F811
    response = reader.get(reverse("dashboard:dashboard-export", args=["pdf"]))
    text = " ".join(_pdf_text(response.content).replace(NBSP, " ").split())
    assert "€ 170.000" in text
    assert "€ 95.000" in text  # granted: RVO 90,000 + EU 5,000
    assert "-2.313" in text  # the CO₂ target of test_dashboard_counts
    assert "2 projecten" in text
    # The budget names the dates of the reports it sums (1-6-2020 and 1-6-2021).
    assert "1 juni 2020" in text and "1 juni 2021" in text
    assert "170000" not in text


def test_xlsx_number_formats(reader, programme):  # noqa: F811
    response = reader.get(reverse("dashboard:dashboard-export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    goals = workbook[workbook.sheetnames[1]]
    header = [cell.value for cell in goals[1]]
    co2 = next(row for row in goals.iter_rows(min_row=2) if row[3].value == "co2-impact")
    target = co2[header.index("Streefwaarde")]
    assert (target.value, target.number_format) == (-2313, "#,##0")
    contribution = co2[header.index("Bijdrage uit impactsheets")]
    assert (contribution.value, contribution.number_format) == (-35, "#,##0")
    portfolio = workbook[workbook.sheetnames[2]]
    needed = next(row for row in portfolio.iter_rows() if row[0].value == "Totaal benodigd budget")
    assert (needed[1].value, needed[1].number_format) == (170000, '"€ "#,##0')
    dates = next(row for row in portfolio.iter_rows() if row[0].value == "Laatste voortgangsrapportages van")
    assert [cell.number_format for cell in dates[1:3]] == ["dd-mm-yyyy", "dd-mm-yyyy"]
