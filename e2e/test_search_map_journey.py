"""Search and the map of the provinces in the browser (issue 19 items 4 and 5, issue 22 item 5).

1. A reader types a word of the description of project 20-004 in the header's search box and finds the
   project; searching a person's name finds no person (people are personal data) and says why.
2. The map of the provinces draws the twelve provinces with a legend and the §1.2.2 figures beside it, without
   JavaScript and under the strict Content-Security-Policy (the page fixture fails on any CSP violation)."""

import csv
from pathlib import Path

import pytest

from accounts.roles import Role
from e2e.steps import log_in_as
from portfolio.tests import factories
from stakeholders.tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]


def _row(path: Path, key: str, value: str) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row[key] == value)


def test_a_reader_finds_20_004_in_the_header_and_no_people(page, live_server, user_for):
    row = _row(ROOT / "portfolio" / "data" / "projects.csv", "number", "20-004")
    factories.project(user_for, title=row["title"], description=row["description"], year=2020, sequence=4)
    PersonFactory(name="Marieke Voorbeeldsma")

    log_in_as(page, live_server, user_for(Role.READER))
    page.goto("/")
    page.fill("[data-testid=header-search] input[name=q]", "elektromotoren")
    page.press("[data-testid=header-search] input[name=q]", "Enter")

    results = page.locator("[data-testid=search-group-project]")
    assert results.locator("a").first.inner_text() == f"20-004 {row['title']}"
    results.locator("a").first.click()
    page.wait_for_url("**/portfolio/20-004/")

    page.fill("[data-testid=header-search] input[name=q]", "Voorbeeldsma")
    page.press("[data-testid=header-search] input[name=q]", "Enter")
    page.wait_for_url("**q=Voorbeeldsma*")
    assert "Personen" in page.locator("[data-testid=search-refused]").inner_text()
    assert page.locator("[data-testid=search-group-person]").count() == 0


def test_the_map_renders_twelve_provinces_with_a_legend_and_the_source_figures(
    page, live_server, user_for, catalogue
):
    zh = _row(ROOT / "catalogue" / "data" / "maakindustrie_per_provincie.csv", "province", "Zuid Holland")

    log_in_as(page, live_server, user_for(Role.READER))
    page.goto("/regions/")
    page.select_option("select[name=measure]", "figure-jobs_thousands")
    page.click("main form button[type=submit]")

    assert page.locator("[data-testid=province-map] path.regions-area").count() == 12
    assert page.locator("[data-testid=map-legend] li").count() == 5
    cell = page.locator("[data-testid=map-table] tr[data-province=ZH] td.rk-num")
    assert cell.inner_text() == zh["jobs_thousands"]
    page.locator("[data-testid=map-table] a", has_text="Zuid-Holland").click()
    assert page.locator("h1").inner_text() == "Regionaal overzicht: Zuid-Holland"
