"""Industry-figure pages, exports and the figures-check command."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from catalogue.models import IndustryFigure

from .factories import figure_dataset, load_published_figures, small_table

EVERY_ROLE = set(Role.values)
PAGES = [
    ("dashboard:figures", ()),
    ("dashboard:figures-table", ("province",)),
    ("dashboard:figures-export", ("cluster", "csv")),
    ("dashboard:figures-export", ("all", "xlsx")),
]


@pytest.fixture
def published(db):
    return load_published_figures()


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EVERY_ROLE))
def test_every_role_sees_the_industry_figures(client, user_for, published, name, args, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse(name, args=args)), allowed=allowed)


@pytest.fixture
def reader_client(client, user_for):
    login_as(client, user_for, Role.READER)
    return client


def test_the_catalogue_list_of_figures_links_to_the_figures_page(reader_client, published):
    """The dashboard registers the link with the catalogue (catalogue.extensions), which may not name it."""
    html = reader_client.get(reverse("catalogue:list", args=["industry-figures"])).content.decode()

    url = reverse("dashboard:figures")
    assert f'<a class="nl-link" href="{url}">Grafieken, sorteren en downloads staan op de pagina' in html
    assert reader_client.get(url).status_code == 200


def _row_labels(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [part.split("</th>", 1)[0] for part in body.split('<th scope="row">')[1:]]


def test_table_sorts_on_the_server(reader_client, published):
    url = reverse("dashboard:figures-table", args=["cluster"])
    # Source order.
    assert _row_labels(reader_client.get(url).content.decode()) == [
        "Materialen",
        "Verbruiksartikelen",
        "Bouw- en constructie",
        "High Tech (kapitaalgoederen)",
        "Consumentenproducten",
    ]
    # Jobs x 1,000 descending: 328, 104, 102, 42, 32.
    assert _row_labels(reader_client.get(url, {"sort": "-jobs_thousands"}).content.decode()) == [
        "High Tech (kapitaalgoederen)",
        "Materialen",
        "Bouw- en constructie",
        "Verbruiksartikelen",
        "Consumentenproducten",
    ]
    # CO2 ascending: 130, 171, 1,055, 2,081, 20,733.
    assert _row_labels(reader_client.get(url, {"sort": "co2_kt_per_year"}).content.decode()) == [
        "Consumentenproducten",
        "Verbruiksartikelen",
        "High Tech (kapitaalgoederen)",
        "Bouw- en constructie",
        "Materialen",
    ]
    # UPCM CO2 impact in % ascending (most reduction first): Verbruiksartikelen -17/171 = -9.9 %,
    # Materialen -1993/20733 = -9.6 %, Consumentenproducten -14/130 = -10.8 %, Bouw -190/2081 = -9.1 %,
    # High Tech -98/1055 = -9.3 %.
    assert _row_labels(reader_client.get(url, {"sort": "co2_impact_pct"}).content.decode()) == [
        "Consumentenproducten",
        "Verbruiksartikelen",
        "Materialen",
        "High Tech (kapitaalgoederen)",
        "Bouw- en constructie",
    ]
    # An unknown key falls back to the source order instead of failing.
    assert reader_client.get(url, {"sort": "password"}).status_code == 200


def test_table_page_shows_chart_data_and_check(reader_client, published):
    response = reader_client.get(reverse("dashboard:figures-table", args=["product_group"]))
    html = response.content.decode()
    assert 'id="figures-chart-data"' in html
    assert "chart.umd.min.js" in html
    assert len(response.context["chart"]["labels"]) == 13
    statuses = {c.column: c.status for c in response.context["table"].check.columns}
    assert [k for k, v in statuses.items() if v == "rounding"] == [
        "jobs_thousands",
        "labour_volume_thousands",
        "upcm_co2_impact_kt_per_year",
    ]
    assert 'data-column="jobs_thousands" data-status="rounding"' in html
    assert ": 13 rijen geteld" in html or ": 13 rows counted" in html
    assert "<script>" not in html.replace('<script id="figures-chart-data" type="application/json">', "")


def test_unknown_breakdown_is_404(reader_client, published):
    assert reader_client.get(reverse("dashboard:figures-table", args=["planet"])).status_code == 404
    assert reader_client.get(reverse("dashboard:figures-export", args=["all", "csv"])).status_code == 404
    assert reader_client.get(reverse("dashboard:figures-export", args=["cluster", "pdf"])).status_code == 404


def test_figures_pages_query_count_is_constant(reader_client, published, django_assert_max_num_queries):
    # Four for the page, one for the header's unread-notifications count (rhythm).
    with django_assert_max_num_queries(5):
        reader_client.get(reverse("dashboard:figures"))
    with django_assert_max_num_queries(5):
        reader_client.get(reverse("dashboard:figures-table", args=["province"]))


def test_index_without_data_says_so(reader_client):
    response = reader_client.get(reverse("dashboard:figures"))
    assert response.status_code == 200
    assert response.context["tables"] == []


def test_csv_export(reader_client, published):
    response = reader_client.get(reverse("dashboard:figures-export", args=["province", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert len(rows) == 1 + 12 + 1
    assert rows[1][:3] == ["Friesland", "31", "28"]
    assert rows[-1][1] == "608"
    assert response["Content-Disposition"] == 'attachment; filename="maakindustrie-province.csv"'


def test_xlsx_export_has_every_table_and_the_check(reader_client, published):
    response = reader_client.get(reverse("dashboard:figures-export", args=["all", "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 4
    cluster = workbook.worksheets[2]
    assert cluster.cell(row=3, column=1).value == "Materialen"
    assert cluster.cell(row=3, column=2).value == 104
    check = workbook.worksheets[3]
    # 3 tables x 11 columns, plus the header.
    assert check.max_row == 1 + 33


def test_command_reports_rounding_and_exits_zero(published):
    out = io.StringIO()
    call_command("figures-check", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "result: OK (at most rounding differences)"
    assert sum("rounding difference:" in line for line in lines) == 3 + 8 + 4
    assert not any("REAL MISMATCH:" in line for line in lines)


def test_command_exits_one_on_real_mismatch(db):
    dataset = figure_dataset()
    small_table(dataset, IndustryFigure.Breakdown.CLUSTER, [10, 20], 35)  # sum 30, |−5| > 2
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("figures-check", stdout=out)
    assert error.value.returncode == 1
    assert "REAL MISMATCH" in out.getvalue()


def test_command_without_data_exits_two(db):
    with pytest.raises(CommandError) as error:
        call_command("figures-check", stdout=io.StringIO())
    assert error.value.returncode == 2


def test_command_on_the_csv_files(db):
    out = io.StringIO()
    call_command("figures-check", "--csv", stdout=out)
    assert out.getvalue().splitlines()[-1] == "result: OK (at most rounding differences)"
