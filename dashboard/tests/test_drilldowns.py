"""Every contribution and budget figure of the dashboard links to the list of what it sums, and that list sums
to the same number. The expected numbers are worked out by hand from the rows of `programme`
(test_dashboard_counts), not read from the dashboard."""

import datetime
import html as html_lib
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from . import builders as b
from .test_dashboard_counts import programme, reader  # noqa: F401 - fixtures

D = datetime.date

# The goals the impact sheets contribute to (selectors.contribution_kind), as the roadmap names them.
CONTRIBUTION_GOALS = [
    ("value-added-impact", "effect", "0-5y"),
    ("supply-risk-sb", "effect", "0-5y"),
    ("supply-risk-al", "effect", "0-5y"),
    ("supply-risk-mg", "effect", "0-5y"),
    ("innovation-engine-maturity", "performance", "0-10y"),
    ("technical-value-retention", "performance", "0-2y"),
    ("economic-value-retention", "performance", "0-1y"),
    ("business-cases", "performance", "0-3m"),
]

# Worked out from the impact sheets of `programme` (the current version of each project: 20-001 v2, 20-002,
# 20-004): (number on the dashboard, {project: what its sheet adds}).
EXPECTED_ALL = {
    # -(R3-R7 20 + R8-R9 5), -(R3-R7 7), -(R0-R2 1 + R8-R9 2); v1 of 20-001 (R8-R9 10) is superseded.
    "co2-impact": (
        Decimal("-35"),
        {"20-001": Decimal("-25"), "20-002": Decimal("-7"), "20-004": Decimal("-3")},
    ),
    "value-added-impact": (
        Decimal("142"),
        {"20-001": Decimal(30), "20-002": Decimal(12), "20-004": Decimal(100)},
    ),
    # Functional value retention: 20-001 medium, 20-002 low.
    "functional-value-retention": (Decimal(2), {"20-001": 1, "20-002": 1}),
    "technical-value-retention": (Decimal(1), {"20-002": 1}),  # high
    "innovation-engine-maturity": (Decimal(0), {}),  # 20-001 states "unknown": no contribution
    "economic-value-retention": (Decimal(0), {}),
    "business-cases": (Decimal(1), {"20-001": 1}),  # "1 - 5"; 20-004's is empty
    # Some or a clear reduction of the supply risk: 20-001 (Sb, some), 20-004 (Al, clear); 20-002 names Sb and
    # Mg but expects none.
    "supply-risk-sb": (Decimal(1), {"20-001": 1}),
    "supply-risk-al": (Decimal(1), {"20-004": 1}),
    "supply-risk-mg": (Decimal(0), {}),
}
# Materialen holds 20-001 and 20-002 (20-004 is Consumentengoederen).
EXPECTED_MATERIALS = {
    "co2-impact": (Decimal("-32"), {"20-001": Decimal("-25"), "20-002": Decimal("-7")}),
    "value-added-impact": (Decimal("42"), {"20-001": Decimal(30), "20-002": Decimal(12)}),
    "supply-risk-al": (Decimal(0), {}),
}


@pytest.fixture
def goals(programme):  # noqa: F811 - the fixture imported above
    for code, kind, horizon in CONTRIBUTION_GOALS:
        b.indicator(code, kind, horizon)
    return programme


def _contribution_links(html: str) -> dict[str, tuple[str, str]]:
    """Goal code -> (href, text) of the link in its contribution cell on the dashboard."""
    links = {}
    for code, row in re.findall(r'<tr data-goal="([^"]+)">(.*?)</tr>', html, re.S):
        cell = re.search(r'data-testid="contribution">(.*?)</td>', row, re.S).group(1)
        link = re.search(r'<a class="nl-link" href="([^"]+)">(.*?)</a>', cell, re.S)
        if link:
            links[code] = (html_lib.unescape(link.group(1)), " ".join(link.group(2).split()))
    return links


def _listed(html: str) -> dict[str, Decimal]:
    """Project number -> what the drill-down list says its impact sheet adds."""
    rows = re.findall(r'<tr data-value="([^"]+)">\s*<td><a class="nl-link" href="[^"]+">(\d\d-\d\d\d) ', html)
    return {number: Decimal(value) for value, number in rows}


@pytest.mark.parametrize(("cluster", "expected"), [(None, EXPECTED_ALL), ("materialen", EXPECTED_MATERIALS)])
def test_each_contribution_links_to_the_sheets_it_sums(reader, goals, cluster, expected):  # noqa: F811
    params = {"cluster": cluster} if cluster else {}
    response = reader.get(reverse("dashboard:dashboard"), params)
    rows = {row.code: row for kind in ("performance", "effect") for row in response.context["goals"][kind]}
    links = _contribution_links(response.content.decode())
    for code, (number, per_project) in expected.items():
        assert rows[code].contribution == number, code
        href, text = links[code]
        path = urlsplit(href).path
        assert path == reverse("dashboard:contribution", args=[code])
        assert parse_qs(urlsplit(href).query) == ({"cluster": [cluster]} if cluster else {})
        listed = _listed(reader.get(href).content.decode())
        assert listed == {project: Decimal(value) for project, value in per_project.items()}, code
        # The list counts what the dashboard shows: the sum, or the number of projects.
        if rows[code].contribution_unit:
            assert len(listed) == number, code
            assert text == (f"{len(listed)} project" if len(listed) == 1 else f"{len(listed)} projecten")
        else:
            assert sum(listed.values()) == number, code


def test_a_goal_without_contribution_has_no_link_and_no_list(reader, goals):  # noqa: F811
    """Circular initiatives are counted from progress reports, not impact sheets: no link, no list (404)."""
    html = reader.get(reverse("dashboard:dashboard")).content.decode()
    assert "circular-initiatives" not in _contribution_links(html)
    response = reader.get(reverse("dashboard:contribution", args=["circular-initiatives"]))
    assert response.status_code == 404
    assert reader.get(reverse("dashboard:contribution", args=["no-such-goal"])).status_code == 404


def _budget_links(html: str) -> list[str]:
    block = html.split('data-testid="budget-section"', 1)[1].split("</section>", 1)[0]
    return [html_lib.unescape(href) for href in re.findall(r'href="([^"]+)"', block)]


def _column(html: str, column: str) -> list[Decimal]:
    return [Decimal(v) for v in re.findall(rf'data-column="{column}" data-value="([^"]+)"', html)]


def test_each_budget_figure_links_to_the_reports_it_sums(reader, goals):  # noqa: F811
    response = reader.get(reverse("dashboard:dashboard"))
    html = response.content.decode()
    links = _budget_links(html)
    budget_url = reverse("dashboard:budget")
    # Needed, granted per funder (EU, RVO), granted, spent, balance, need, and "the reports per project".
    assert sorted(links) == sorted([budget_url] * 6 + [f"{budget_url}?funder=EU", f"{budget_url}?funder=RVO"])
    listing = reader.get(budget_url).content.decode()
    projects = re.findall(r'<tr data-project="([^"]+)">', listing)
    # The latest report of each project: 20-001 of 1-6-2021, 20-002 of 1-6-2020 (the others have none).
    assert projects == ["20-001", "20-002"]
    needed, granted, spent = (_column(listing, c) for c in ("needed", "granted", "spent"))
    assert needed == [Decimal(120000), Decimal(50000)]
    assert granted == [Decimal(80000), Decimal(15000)]  # RVO 80,000; RVO 10,000 + EU 5,000
    assert spent == [Decimal(50000), Decimal(1000)]
    budget = response.context["budget"]
    assert sum(needed) == budget["needed"] == Decimal(170000)
    assert sum(granted) == budget["granted"] == Decimal(95000)
    assert sum(spent) == budget["spent"] == Decimal(51000)
    assert sum(_column(listing, "balance")) == budget["balance"] == Decimal(44000)
    assert sum(_column(listing, "need")) == budget["need"] == Decimal(75000)
    # One funder: only the reports with its grant, and its amounts.
    for funder, expected in (("RVO", {"20-001": 80000, "20-002": 10000}), ("EU", {"20-002": 5000})):
        page = reader.get(budget_url, {"funder": funder}).content.decode()
        rows = re.findall(r'<tr data-project="([^"]+)">.*?data-value="([^"]+)"', page, re.S)
        assert {number: Decimal(value) for number, value in rows} == {
            k: Decimal(v) for k, v in expected.items()
        }
        shown = {f["name"]: f["total"] for f in budget["funders"]}[funder]
        assert sum(Decimal(value) for _number, value in rows) == shown
    assert reader.get(budget_url, {"funder": "Niemand"}).status_code == 404


def test_the_budget_names_the_dates_of_the_reports(reader, goals):  # noqa: F811
    html = reader.get(reverse("dashboard:dashboard")).content.decode()
    source = re.search(r'data-testid="budget-source">(.*?)<a ', html, re.S).group(1)
    # Two projects whose latest reports have different dates: the span, and the list gives each date.
    assert "1 juni 2020" in source and "1 juni 2021" in source
    assert "2 projecten" in source
    # Kapitaalgoederen: only 20-002 has a report (20-003 has none).
    html = reader.get(reverse("dashboard:dashboard"), {"cluster": "kapitaalgoederen"}).content.decode()
    source = re.search(r'data-testid="budget-source">(.*?)<a ', html, re.S).group(1)
    assert " ".join(source.split()) == "Volgens de voortgangsrapportage van 1 juni 2020 (1 project)."
    listing = reader.get(reverse("dashboard:budget"), {"cluster": "kapitaalgoederen"}).content.decode()
    assert re.findall(r'<tr data-project="([^"]+)">', listing) == ["20-002"]
    assert "1 juni 2020" in listing


def test_no_budget_without_progress_reports(reader, goals):  # noqa: F811
    from portfolio.models import ProgressReport

    ProgressReport.objects.all().delete()
    html = reader.get(reverse("dashboard:dashboard")).content.decode()
    block = html.split('data-testid="budget-section"', 1)[1].split("</section>", 1)[0]
    assert "Nog geen voortgangsrapportage met financiën" in block
    assert "€" not in block
