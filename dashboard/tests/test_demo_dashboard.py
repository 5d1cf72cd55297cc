"""The dashboard on the demo programme (`regiekamer demo`). Expected values worked out by hand from
portfolio/data/projects.csv, stakeholders/data/demo_register.csv (+ stakeholders/demo.py), roadmap/demo.py and
roadmap/data/indicators.csv with the §1.2.1 totals."""

import datetime
import io
from decimal import Decimal
from importlib import import_module

import pytest

from dashboard import metrics, selectors
from dashboard.scope import Scope
from regiekamer import pdf

# regiekamer demo order, up to the apps the dashboard reads.
APPS = ["catalogue", "accounts", "programme", "roadmap", "portfolio", "stakeholders"]


@pytest.fixture
def demo(db):
    for app in APPS:
        import_module(f"{app}.demo").load(stdout=io.StringIO())


def _values(scope):
    return {
        v.metric.key: (v.value, v.denominator) for vs in metrics.metric_values(scope).values() for v in vs
    }


def test_demo_counts(demo):
    values = _values(Scope())
    # 21 projects in projects.csv, all active; one is research: 20-006 'Onderzoek kwetsbaarheid waardeketens'.
    assert values["running_projects"] == (1, None)
    # Only 20-004 names product groups: 29.1, 30.9 and 47.6.
    assert values["market_segments"] == (3, None)
    # Every demo collaboration is a project collaboration; none is a chain.
    assert values["chain_collaborations"] == (0, None)
    # Companies in a collaboration: Coolrec, Suez Water, Arrosso, Nyrstar, Tata Steel, Umicore.
    assert values["entrepreneurs"] == (6, None)
    # Knowledge institutes: Org B, TNO.
    assert values["knowledge_networks"] == (2, None)
    # People with a change-agent type: Dhr. X (director), Mevr. Y (adviser); Dhr. Z has none.
    assert values["change_agents"] == (2, None)
    # Provinces with an organisation: NB (Nyrstar, Brainport, Automotive Campus, Metaalbewerking), GE, OV, ZH.
    assert values["connected_regions"] == (4, 12)
    # No organisation is categorised as user (categorisation 4) in the demo.
    assert values["target_groups"] == (0, None)
    # Voorbeeldbedrijf Metaalbewerking (fictief): innovative, circular, 6 other Dutch adopters -> follower.
    assert values["followers"] == (1, None)
    # Tags of projects.csv (Bijlage 11): only 20-014 works on the KIA-CM topics, Key enabling methodologies
    # among them; CESI: 20-002, 20-003, 20-005, 20-009.
    assert values["kem_projects"] == (1, None)
    assert values["supraregional_projects"] == (4, None)
    # The sources name no barrier put on the EU agenda; the demo registers none (0, not "no data source").
    assert values["eu_barriers"] == (0, None)


def test_demo_counts_for_consumer_goods(demo):
    from catalogue.models import ProductCluster

    scope = Scope.for_cluster(ProductCluster.objects.get(code="consumentengoederen"))
    values = _values(scope)
    assert values["running_projects"] == (0, None)  # 20-004 is a chain approach, not research
    assert values["market_segments"] == (3, None)
    # 20-004 carries no KIA-CM topic or supra-regional theme.
    assert values["kem_projects"] == (0, None)
    assert values["supraregional_projects"] == (0, None)


def test_demo_effect_goals(demo):
    goals = selectors.goal_rows(Scope())
    effect = {row.code: row for row in goals["effect"]}
    # Targets are the §1.2.1 "Totaal" impact columns: -2,313 kt CO2/yr and +3,157 M€/yr.
    assert effect["co2-impact"].target == Decimal("-2313")
    assert effect["value-added-impact"].target == Decimal("3157")
    assert effect["co2-impact"].target_date == datetime.date(2023, 12, 31)
    # No measured values for them in the demo; the impact sheet of 20-004 (Bijlage 8) contributes
    # R3-R7 17 + R8-R9 3 = 20 kt/yr less CO₂ and 238 M€ added value.
    assert effect["co2-impact"].measured is None
    assert effect["co2-impact"].contribution == Decimal("-20")
    assert effect["value-added-impact"].contribution == Decimal("238")
    # Its supply-risk line ("Enige verbetering") names Mn, Nb, Ge, B, Sc, Sr, Co, PGM's, C: none of the five.
    assert effect["supply-risk-sb"].contribution == Decimal("0")
    # Critical materials Mg, Ti, Al, P, Sb (§4.4, "L"): one supply-risk indicator each.
    assert sorted(row.raw_material for row in goals["effect"] if row.dimension == "L") == [
        "Al",
        "Mg",
        "P",
        "Sb",
        "Ti",
    ]
    performance = {row.code: row for row in goals["performance"]}
    # 20-004: innovatiemotoren hoog, funct. middel, techn. laag, economisch laag, "1 - 5" propositions.
    for code in (
        "innovation-engine-maturity",
        "functional-value-retention",
        "technical-value-retention",
        "economic-value-retention",
        "business-cases",
    ):
        assert performance[code].contribution == Decimal("1"), code
    # Website users (Bijlage 10): 760 in May, 706 in June 2020; "latest value" -> 706.
    assert performance["website-users"].measured == Decimal("706")


def test_demo_portfolio_and_planning(demo):
    overview = selectors.portfolio_overview(Scope())
    phases = [code for code, _label in overview["phases"]]
    totals = {
        row["team_obj"].code: dict(zip(phases, row["cells"], strict=True))
        for row in overview["rows"]
        if row["team_obj"]
    }
    assert {code: sum(cells.values()) for code, cells in totals.items()} == {
        "kia-cm": 2,
        "nsp": 1,
        "realisatie": 5,
        "kennisintegratie": 9,
        "verbreding": 4,
    }
    assert totals["realisatie"]["initiation"] == 4
    assert totals["realisatie"]["stakeholder_commitment"] == 1
    assert overview["rows"][-1]["total"] == 21
    # Every demo project has the planned period of its source's Termijn (Bijlage 1 and 11; 20-004 to the
    # end of 2021 as Bijlage 8 plans it): realisatie 19-001 (2019-2020), 19-003, 19-004 (2019), 20-001
    # (2020), 20-004; kennisintegratie 19-002, 19-005 (2019) ... 20-015 (2021); kia-cm 20-013 (2020), 20-014
    # (2021); nsp 20-016 and verbreding 20-009 ... 20-012 (2020).
    gantt = selectors.team_timelines(Scope())
    year = datetime.date
    assert {bar.key: (bar.start, bar.end, bar.extra["n"]) for bar in gantt.bars} == {
        "kia-cm": (year(2020, 1, 1), year(2021, 12, 31), 2),
        "nsp": (year(2020, 1, 1), year(2020, 12, 31), 1),
        "realisatie": (year(2019, 1, 1), year(2021, 12, 31), 5),
        "kennisintegratie": (year(2019, 1, 1), year(2021, 12, 31), 9),
        "verbreding": (year(2020, 1, 1), year(2020, 12, 31), 4),
    }
    assert [tick[0] for tick in gantt.ticks] == [2019, 2020, 2021]  # every year labelled


def test_demo_impact_sheet_counts_and_budget(demo):
    values = _values(Scope())
    assert values["impact_assessments"] == (1, None)  # 20-004
    # Its product groups 29.1, 30.9 and 47.6 carry an R3-R7 impact.
    assert values["product_groups_higher_r"] == (3, None)
    assert values["business_propositions"] == (1, None)
    # Bijlage 8, "Bijdrage aan innovatiefuncties": F2, F3, F4 and F6 Hoog, F5 Laag, F1, F7, F8 Onbekend; a
    # function counts as stimulated at Middel or Hoog: 4 of the 8.
    assert values["innovation_functions"] == (4, 8)
    assert selectors.overlap_warnings(Scope()) == []
    # Voortgangsrapportage 20-004, financieel per 1-8-2020: needed 100,000; RVO 60,000 + Provincie 20,000;
    # spent 40,000.
    budget = selectors.budget_totals(Scope())
    assert (budget["needed"], budget["granted"], budget["spent"]) == (
        Decimal("100000"),
        Decimal("80000"),
        Decimal("40000"),
    )
    assert (budget["balance"], budget["need"]) == (Decimal("40000"), Decimal("20000"))


def test_every_row_of_the_section_4_4_goal_tables(demo):
    """§4.4, 'UPCM 2019-2023 dashboard': the performance goals name the horizons 0-10 jaar, 0-5 jaar,
    0-2 jaar, 0-1 jaar, 0-3 mnd. and 0-1 mnd.; the effect goals 0-10 jaar (↑), 0-5 jaar (M -2,3 Megaton
    CO₂/jr; L Mg, Ti, Al, P, Sb; E +3,1 Miljard €/jr) and 0-1 mnd. (↑). Each is on the dashboard; where no
    figure is stated or measured, it says so."""
    goals = selectors.goal_rows(Scope())
    horizons = {kind: {row.horizon_months for row in rows} for kind, rows in goals.items()}
    months = {"0-10y": 120, "0-5y": 60, "0-2y": 24, "0-1y": 12, "0-3m": 3, "0-1m": 1}
    assert horizons["performance"] >= {months[h] for h in ("0-10y", "0-5y", "0-2y", "0-1y", "0-3m", "0-1m")}
    assert horizons["effect"] == {months["0-10y"], months["0-5y"], months["0-1m"]}
    arrows = [row for row in goals["effect"] if row.horizon_months in (months["0-10y"], months["0-1m"])]
    assert [(row.horizon_months, row.direction_only, row.direction_symbol) for row in arrows] == [
        (120, True, "↑"),
        (1, True, "↑"),
    ]
    # No figure is invented: no target value, nothing measured, no impact-sheet figure for them.
    assert all(row.target is None and row.measured is None for row in arrows)
    assert not any(row.contribution_available for row in arrows)


def test_the_page_says_no_data_where_there_is_none(demo, client, user_for):
    from django.urls import reverse

    from accounts.roles import Role

    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    row = html.split('data-goal="effect-goals-0-10y"', 1)[1].split("</tr>", 1)[0]
    assert ">↑</abbr>" in row
    assert 'data-testid="measured"><span class="rk-none">geen gegevens</span>' in row
    assert "nog geen gegevensbron" in row
    # The §1.2 targets in Dutch format: -2.313 kt/yr and 3.157 M€/yr.
    co2 = html.split('data-goal="co2-impact"', 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="target">-2.313<' in co2
    value_added = html.split('data-goal="value-added-impact"', 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="target">3.157<' in value_added
    # 20-004 contributes to each performance goal: one project, singular.
    functional = html.split('data-goal="functional-value-retention"', 1)[1].split("</tr>", 1)[0]
    assert ">1 project</a>" in functional


def test_the_demo_dashboard_pdf_is_one_page(demo):
    """The Regieteam's one-page PDF holds the demo programme, every §4.4 goal row included."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    with translation.override("nl"):
        html = render_to_string(
            "dashboard/dashboard_pdf.html",
            {**selectors.dashboard_data(Scope()), "cluster": None, "generated": timezone.now()},
        )
    assert "Effectdoelen 0-10 jaar" in html and "Effectdoelen 0-1 maand" in html
    assert len(pdf.document(html).pages) == 1
