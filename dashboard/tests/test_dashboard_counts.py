"""Dashboard numbers on hand-built data. Every expected value is worked out in the comments from the rows
created in `programme` below."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import login_as
from catalogue.models import ProductCluster
from dashboard import metrics, rollup, selectors
from dashboard.scope import Scope
from portfolio.models import Project
from regiekamer import pdf

from . import builders as b

D = datetime.date


@pytest.fixture
def programme(catalogue, user_for):
    t1 = b.team("realisatie", "Team Realisatie", 1)
    t2 = b.team("verbreding", "Team Verbreding", 2)
    b.project(
        "20-001",
        t1,
        phase="execution",
        start=D(2020, 1, 1),
        due=D(2021, 6, 30),
        clusters=["materialen"],
        sbi=["24"],
        kia=["kem", "data-lca"],
        supraregional=["cesi", "hca"],
    )
    b.project(
        "20-002",
        t1,
        phase="definition",
        start=D(2020, 3, 1),
        due=D(2020, 12, 31),
        clusters=["materialen", "kapitaalgoederen"],
        sbi=["24", "28"],
        kia=["data-lca"],
        supraregional=["marktvraag-ce"],
    )
    b.project(
        "20-003",
        t1,
        phase="closed",
        start=D(2019, 6, 1),
        due=D(2020, 6, 1),
        clusters=["kapitaalgoederen"],
        sbi=["28"],
        kia=["kem"],
    )
    b.project(
        "20-004",
        t2,
        phase="execution",
        status="paused",
        start=D(2021, 1, 1),
        due=D(2022, 12, 31),
        clusters=["consumentengoederen"],
        sbi=["32"],
    )
    b.project("20-005", t2, phase="initiation", supraregional=["cesi"], project_type="pilot")

    o1 = b.organisation("Metaal BV", sbi=["24"], province="ZH", relevance="users", frontrunner="follower")
    o2 = b.organisation(
        "Machine BV", sbi=["28"], province="NB", relevance="executors", frontrunner="frontrunner"
    )
    o3 = b.organisation("Kennisinstituut", org_type="knowledge_institute", province="ZH")
    b.organisation("Los BV", sbi=["24"], frontrunner="follower")
    b.collaboration("Keten metaal", "chain", [o1, o2])
    b.collaboration("Project X", "project", [o1, o3])
    b.collaboration("Keten leeg", "chain")
    # A chain linked to a Kapitaalgoederen project, without members there: counts for that cluster.
    chain = b.collaboration("Keten machines", "chain")
    Project.objects.get(number="20-003").collaborations.add(chain)
    b.person("Anna", o1, "director")
    b.person("Bram", o2, "technician")
    b.person("Cees", o3)

    office = user_for(Role.PROGRAMME_OFFICE)
    co2 = b.indicator("co2-impact", "effect", "0-5y", time="latest", dimension="M", unit="kt CO2/jr")
    b.target(co2, "-2313")
    b.target(co2, "-1993", cluster="materialen")
    b.value(co2, "-100", D(2021, 1, 1), office)
    b.value(co2, "-250", D(2022, 1, 1), office)
    b.value(co2, "-30", D(2021, 6, 1), office, cluster="materialen")
    b.value(co2, "-40", D(2022, 6, 1), office, cluster="materialen")
    b.value(co2, "-10", D(2022, 1, 1), office, team=t1)
    b.value(co2, "-999", D(2023, 1, 1), office, status="draft")
    initiatives = b.indicator("circular-initiatives", "performance", "0-1m", across="count")
    for day in (1, 2, 3):
        b.value(initiatives, "1", D(2022, 1, day), office)
    b.value(initiatives, "1", D(2022, 1, 4), office, status="rejected")
    functional = b.indicator("functional-value-retention", "performance", "0-5y", time="cumulative")
    b.value(functional, "5", D(2020, 12, 31), office, team=t1)
    b.value(functional, "8", D(2021, 12, 31), office, team=t1)
    b.value(functional, "4", D(2021, 12, 31), office, team=t2)

    # Impact sheets: 20-001 has two versions (only v2 counts), 20-002 and 20-004 one each.
    lead = user_for(Role.PROJECT_LEAD)
    p1, p2, p4 = (Project.objects.get(number=n) for n in ("20-001", "20-002", "20-004"))
    b.impact_sheet(p1, lead, version=1, sbi=["24"], co2_r8_r9=Decimal(10), added_value_meur=Decimal(5))
    b.impact_sheet(
        p1,
        lead,
        version=2,
        sbi=["24"],
        co2_r3_r7=Decimal(20),
        co2_r8_r9=Decimal(5),
        added_value_meur=Decimal(30),
        innovation_functions={"F3": "high", "F5": "low"},
        performance={
            "functional_value": "medium",
            "innovation_engines": "unknown",
            "business_propositions": "1 - 5",
        },
        raw_materials=["Sb"],
        supply_risk_change="some",
    )
    b.impact_sheet(
        p2,
        lead,
        sbi=["24", "28"],
        co2_r3_r7=Decimal(7),
        added_value_meur=Decimal(12),
        innovation_functions={"F1": "medium", "F3": "low"},
        performance={"functional_value": "low", "technical_value": "high"},
        raw_materials=["Sb", "Mg"],
        supply_risk_change="none",
    )
    b.impact_sheet(
        p4,
        lead,
        sbi=["32"],
        co2_r0_r2=Decimal(1),
        co2_r8_r9=Decimal(2),
        added_value_meur=Decimal(100),
        performance={"business_propositions": ""},
        raw_materials=["Al"],
        supply_risk_change="clear",
    )
    # Progress reports: the latest of each project counts.
    b.progress_report(
        p1, lead, D(2021, 1, 1), needed=100000, funding={"RVO": 60000, "Provincie": 20000}, spent=40000
    )
    b.progress_report(p1, lead, D(2021, 6, 1), needed=120000, funding={"RVO": 80000}, spent=50000)
    b.progress_report(p2, lead, D(2020, 6, 1), needed=50000, funding={"RVO": 10000, "EU": 5000}, spent=1000)
    return {"t1": t1, "t2": t2}


def _values(cluster_code=None):

    cluster = ProductCluster.objects.get(code=cluster_code) if cluster_code else None
    scope = Scope.for_cluster(cluster)
    grouped = metrics.metric_values(scope)
    return scope, {v.metric.key: (v.value, v.denominator) for pillar in grouped.values() for v in pillar}


def test_counts_for_all_clusters(programme):
    _scope, values = _values()
    # Research projects, active and not closed: 20-001, 20-002 (20-003 is closed, 20-004 paused, 20-005 is
    # a pilot).
    assert values["running_projects"] == (2, None)
    # SBI codes on projects: 24, 28, 32.
    assert values["market_segments"] == (3, None)
    # Chain collaborations: Keten metaal, Keten leeg, Keten machines.
    assert values["chain_collaborations"] == (3, None)
    # Companies in a collaboration: Metaal BV, Machine BV (Los BV is in none; the institute is no company).
    assert values["entrepreneurs"] == (2, None)
    assert values["knowledge_networks"] == (1, None)
    assert values["target_groups"] == (1, None)
    # Followers: Metaal BV, Los BV.
    assert values["followers"] == (2, None)
    # Change agents: Anna, Bram (Cees has no type).
    assert values["change_agents"] == (2, None)
    # Provinces with an organisation: ZH, NB, out of the 12 provinces.
    assert values["connected_regions"] == (2, 12)


def test_counts_for_the_materials_cluster(programme):
    _scope, values = _values("materialen")
    # Projects in Materialen: 20-001, 20-002, both running.
    assert values["running_projects"] == (2, None)
    # SBI codes on those projects: 24 (both), 28 (20-002).
    assert values["market_segments"] == (2, None)
    # Organisations under division 24 (a Materialen division): Metaal BV, Los BV.
    assert values["chain_collaborations"] == (1, None)  # Keten metaal has Metaal BV
    assert values["entrepreneurs"] == (1, None)  # Metaal BV
    assert values["followers"] == (2, None)
    assert values["change_agents"] == (1, None)  # Anna
    assert values["connected_regions"] == (1, 12)  # ZH
    assert values["knowledge_networks"] == (0, None)


def test_chain_collaboration_counts_through_its_project(programme):
    _scope, values = _values("kapitaalgoederen")
    # Keten machines is linked to 20-003 (Kapitaalgoederen); Keten metaal's members lie outside the cluster
    # (division 28 is not assigned to a cluster in the catalogue).
    assert values["chain_collaborations"] == (1, None)


def test_a_source_without_rows_is_zero(programme):
    _scope, values = _values()
    # The register of barriers put on the EU agenda exists but holds none.
    assert values["eu_barriers"] == (0, None)


def test_a_renamed_field_fails_instead_of_showing_no_data(programme, monkeypatch):
    """The dashboard reads the apps' fields directly: a field the portfolio no longer has is an error, not a
    silent "no data source yet"."""
    from django.core.exceptions import FieldError

    from dashboard.kept import project_keep
    from portfolio import selectors as portfolio
    from portfolio.models import Project

    monkeypatch.setattr(portfolio, "running", lambda projects: projects.filter(state="active"))
    with pytest.raises(FieldError):  # the programme's count, once its kept parts are recomputed
        project_keep(Project.objects.order_by("pk").first().pk)
    with pytest.raises(FieldError):  # a cluster's, counted from its projects
        _values("materialen")


@pytest.mark.parametrize(
    ("cluster", "expected"),
    [(None, 3), ("materialen", 2), ("kapitaalgoederen", 0)],
)
def test_eu_barriers_per_cluster(programme, cluster, expected):
    # Three barriers: two for Materialen, one for no single cluster (it counts only for all clusters).
    b.eu_barrier("Geen EU-markt voor secundair zink", programme["t2"], "F5", cluster="materialen")
    b.eu_barrier("Afvalstatus staal", programme["t2"], "F7", cluster="materialen")
    b.eu_barrier("Geen gedeelde LCA-methode", programme["t1"], "F2")
    _scope, values = _values(cluster)
    assert values["eu_barriers"] == (expected, None)


@pytest.mark.parametrize(
    ("cluster", "kem", "supraregional"),
    [
        # KEM topic: 20-001 and 20-003 (closed projects count too; 20-002 has only topic 1).
        # Supra-regional: 20-001 (CESI and HCA, once), 20-002 (Marktvraag CE), 20-005 (CESI, no cluster).
        (None, 2, 3),
        # Materialen holds 20-001 and 20-002: KEM 20-001; supra-regional 20-001, 20-002.
        ("materialen", 1, 2),
        # Kapitaalgoederen holds 20-002 and 20-003: KEM 20-003; supra-regional 20-002.
        ("kapitaalgoederen", 1, 1),
        # Consumentengoederen holds 20-004 only, which has no tags: zero, not "no data source".
        ("consumentengoederen", 0, 0),
    ],
)
def test_theme_tag_counts_per_cluster(programme, cluster, kem, supraregional):
    _scope, values = _values(cluster)
    assert values["kem_projects"] == (kem, None)
    assert values["supraregional_projects"] == (supraregional, None)


def test_kem_counts_the_topic_by_its_catalogue_code_whatever_its_name(programme):
    from catalogue.models import KiaTheme

    KiaTheme.objects.filter(code=metrics.KEM_THEME_CODE).update(name="Sleutelmethodologieën")
    _scope, values = _values()
    assert values["kem_projects"] == (2, None)


def test_theme_metrics_drill_down_to_their_projects(reader, programme):
    url = reverse("dashboard:metric-objects", args=["supraregional_projects"])
    response = reader.get(url, {"cluster": "materialen"})
    assert [o["label"] for o in response.context["objects"]] == [
        "20-001 Project 20-001",
        "20-002 Project 20-002",
    ]
    assert response.context["objects"][0]["url"] == Project.objects.get(number="20-001").get_absolute_url()
    response = reader.get(reverse("dashboard:metric-objects", args=["kem_projects"]))
    assert [o["label"] for o in response.context["objects"]] == [
        "20-001 Project 20-001",
        "20-003 Project 20-003",
    ]


def test_sweet_spot_projects_are_the_projects_serving_an_adopted_sweet_spot(programme, user_for):
    from catalogue.models import SbiCode
    from materials.models import SweetSpot

    _scope, values = _values()
    assert values["sweet_spot_projects"] == (0, None)  # nothing adopted yet: zero, not "no source"
    SweetSpot.objects.create(
        sbi=SbiCode.objects.get(code="24"),  # basismetaal, cluster Materialen
        team=programme["t1"],
        r_band="R8-R9",
        score=0.5,
        rank=1,
        weights={},
        reasoning="",
        adopted_by=user_for(Role.TEAM_LEAD),
    )
    # Current sheets naming an SBI code in division 24: 20-001 v2 (24) and 20-002 (24, 28); 20-004 names 32.
    # None of the sheets names a cluster, so the cluster rule adds nothing.
    _scope, values = _values()
    assert values["sweet_spot_projects"] == (2, None)
    # Within Kapitaalgoederen only 20-002 and 20-003 are projects of the cluster; 20-002 serves.
    _scope, values = _values("kapitaalgoederen")
    assert values["sweet_spot_projects"] == (1, None)


def test_counts_from_impact_sheets(programme):
    _scope, values = _values()
    # Current sheets: 20-001 v2, 20-002, 20-004.
    assert values["impact_assessments"] == (3, None)
    # Sheets with R0-R2 or R3-R7: 20-001 v2 (24), 20-002 (24, 28), 20-004 (32) -> 24, 28, 32.
    assert values["product_groups_higher_r"] == (3, None)
    # Only 20-001 v2 names business propositions ("1 - 5"); 20-004's is empty.
    assert values["business_propositions"] == (1, None)
    # Stimulated (medium/high): F3 by 20-001, F1 by 20-002; out of F1-F8.
    assert values["innovation_functions"] == (2, 8)
    # F3 at any level: 20-001 (high), 20-002 (low).
    assert values["knowledge_exchange_projects"] == (2, None)
    _scope, materials = _values("materialen")
    assert materials["impact_assessments"] == (2, None)  # 20-001, 20-002


def test_effect_goal_contributions_from_impact_sheets(programme):
    goals = selectors.goal_rows(Scope())
    co2 = {row.code: row for row in goals["effect"]}["co2-impact"]
    # -(20 + 5) - 7 - (1 + 2) = -35 kt/yr; 20-001 v1 is superseded.
    assert co2.contribution == Decimal("-35")
    assert co2.contribution_share == Decimal("1.5")  # -35 / -2313 = 1.51 %
    functional = {row.code: row for row in goals["performance"]}["functional-value-retention"]
    assert (functional.contribution, functional.contribution_unit) == (Decimal("2"), "projects")
    contributions = selectors.impact_contributions(Scope())
    assert contributions["value-added-impact"] == (Decimal("142"), "")  # 30 + 12 + 100
    assert contributions["technical-value-retention"] == (Decimal("1"), "projects")  # 20-002 high
    assert contributions["innovation-engine-maturity"] == (Decimal("0"), "projects")  # "unknown" only
    assert contributions["business-cases"] == (Decimal("1"), "projects")
    # Supply risk reduced (some/clear): 20-001 names Sb, 20-004 Al; 20-002 expects no improvement.
    assert contributions["supply-risk-sb"] == (Decimal("1"), "projects")
    assert contributions["supply-risk-al"] == (Decimal("1"), "projects")
    assert contributions["supply-risk-mg"] == (Decimal("0"), "projects")
    materials = selectors.impact_contributions(
        Scope.for_cluster(ProductCluster.objects.get(code="materialen"))
    )
    assert materials["co2-impact"] == (Decimal("-32"), "")  # 20-001 and 20-002


def test_overlap_warning(programme, reader):
    overlaps = selectors.overlap_warnings(Scope())
    # 24 in R3-R7 is claimed by 20-001 v2 and 20-002; every other pair by one project.
    assert [(o.product_group, o.band, o.project_count) for o in overlaps] == [("24", "R3-R7", 2)]
    # The same rule as the pure reference implementation on the same claims.
    claims = [
        rollup.Claim("20-001", "24", "R3-R7"),
        rollup.Claim("20-001", "24", "R8-R9"),
        rollup.Claim("20-002", "24", "R3-R7"),
        rollup.Claim("20-002", "28", "R3-R7"),
        rollup.Claim("20-004", "32", "R0-R2"),
        rollup.Claim("20-004", "32", "R8-R9"),
    ]
    assert [(o.product_group, o.band) for o in rollup.overlaps(claims)] == [("24", "R3-R7")]
    html = reader.get(reverse("dashboard:dashboard")).content.decode()
    assert 'data-testid="overlap-warning"' in html
    response = reader.get(reverse("dashboard:overlap"), {"sbi": "24", "band": "R3-R7"})
    assert [p.number for p in response.context["projects"]] == ["20-001", "20-002"]


def test_budget_totals_from_latest_progress_reports(programme):
    budget = selectors.budget_totals(Scope())
    # Latest reports: 20-001 of 1-6-2021 (120,000 needed; RVO 80,000; 50,000 spent), 20-002 (50,000; RVO
    # 10,000 + EU 5,000; 1,000 spent).
    assert budget["projects"] == 2
    assert budget["needed"] == Decimal("170000")
    assert budget["funders"] == [
        {"name": "EU", "total": Decimal("5000")},
        {"name": "RVO", "total": Decimal("90000")},
    ]
    assert budget["granted"] == Decimal("95000")
    assert budget["spent"] == Decimal("51000")
    assert budget["balance"] == Decimal("44000")  # granted - spent
    assert budget["need"] == Decimal("75000")  # needed - granted


def test_goals_target_against_measured(programme):
    goals = selectors.goal_rows(Scope())
    effect = {row.code: row for row in goals["effect"]}
    co2 = effect["co2-impact"]
    assert co2.target == Decimal("-2313")
    # Latest approved per scope: programme -250, cluster Materialen -40, Team Realisatie -10; summed -300.
    assert co2.measured == Decimal("-300")
    assert co2.measured_share == Decimal("13.0")  # -300 / -2313 = 12.97 %
    assert co2.contribution_available is True  # see test_effect_goal_contributions_from_impact_sheets
    performance = {row.code: row for row in goals["performance"]}
    assert performance["circular-initiatives"].measured == Decimal("3")  # three approved, one rejected
    # Running totals: Team Realisatie's latest 8, Team Verbreding's 4.
    assert performance["functional-value-retention"].measured == Decimal("12")
    assert performance["functional-value-retention"].target is None
    # Longest horizon first: 0-5y before 0-1m.
    assert [row.code for row in goals["performance"]] == [
        "functional-value-retention",
        "circular-initiatives",
    ]


def test_goals_for_a_cluster_use_its_target_and_values(programme):

    scope = Scope.for_cluster(ProductCluster.objects.get(code="materialen"))
    co2 = {row.code: row for row in selectors.goal_rows(scope)["effect"]}["co2-impact"]
    assert co2.target == Decimal("-1993")
    assert co2.measured == Decimal("-40")
    assert co2.measured_share == Decimal("2.0")  # -40 / -1993 = 2.007 %


def test_portfolio_overview_per_team_and_phase(programme):
    overview = selectors.portfolio_overview(Scope())
    phases = [code for code, _label in overview["phases"]]
    assert phases == [
        "initiation",
        "definition",
        "stakeholder_commitment",
        "execution",
        "evaluation",
        "closed",
    ]
    rows = {(row["team_obj"].code if row["team_obj"] else "total"): row["cells"] for row in overview["rows"]}
    assert rows == {
        "realisatie": [0, 1, 0, 1, 0, 1],
        "verbreding": [1, 0, 0, 1, 0, 0],
        "total": [1, 1, 0, 2, 0, 1],
    }
    assert [row["total"] for row in overview["rows"]] == [3, 2, 5]


def test_portfolio_overview_does_not_double_count_projects_in_two_clusters(programme):

    scope = Scope.for_cluster(ProductCluster.objects.get(code="materialen"))
    overview = selectors.portfolio_overview(scope)
    assert [row["total"] for row in overview["rows"]] == [2, 2]


def test_team_timelines(programme):
    gantt = selectors.team_timelines(Scope())
    spans = {bar.key: (bar.start, bar.end, bar.extra["n"]) for bar in gantt.bars}
    assert spans == {
        "realisatie": (D(2019, 6, 1), D(2021, 6, 30), 3),
        "verbreding": (D(2021, 1, 1), D(2022, 12, 31), 2),
    }


@pytest.fixture
def reader(client, user_for):
    login_as(client, user_for, Role.READER)
    return client


def test_change_agents_are_named_to_programme_roles_only(client, user_for, programme):
    """Issue 15, finding 8: the people behind the change-agent count are personal data. A reader sees the
    number (2: Anna and Bram) and why the names are not shown; the programme office sees the names."""
    url = reverse("dashboard:metric-objects", args=["change_agents"])
    login_as(client, user_for, Role.READER)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert response.context["objects"] == []
    assert "Anna" not in html and "Bram" not in html
    assert 'data-testid="metric-objects-hidden"' in html
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.get(url)
    assert [o["label"] for o in response.context["objects"]] == ["Anna", "Bram"]


def test_dashboard_page_links_numbers_to_their_lists(reader, programme):
    html = reader.get(reverse("dashboard:dashboard"), {"cluster": "materialen"}).content.decode()
    link = reverse("dashboard:metric-objects", args=["running_projects"]) + "?cluster=materialen"
    assert f'href="{link}"' in html
    response = reader.get(
        reverse("dashboard:metric-objects", args=["running_projects"]), {"cluster": "materialen"}
    )
    assert [o["label"] for o in response.context["objects"]] == [
        "20-001 Project 20-001",
        "20-002 Project 20-002",
    ]
    response = reader.get(reverse("dashboard:projects"), {"team": "realisatie", "phase": "execution"})
    assert [p.number for p in response.context["page"]] == ["20-001"]


def test_planning_page_for_one_team(reader, programme):
    gantt = selectors.team_timelines(Scope())
    assert gantt.bars[1].extra["url"] == "/dashboard/planning/?team=verbreding"
    response = reader.get(reverse("dashboard:planning"), {"team": "verbreding"})
    assert [bar.key for bar in response.context["gantt"].bars] == ["20-004"]
    assert response.context["gantt"].undated == ["20-005"]
    assert response.context["page_param"] == "team=verbreding&"


def test_planning_page_draws_every_dated_project(reader, programme):
    response = reader.get(reverse("dashboard:planning"))
    gantt = response.context["gantt"]
    assert [bar.key for bar in gantt.bars] == ["20-003", "20-001", "20-002", "20-004"]
    assert gantt.undated == ["20-005"]
    assert 'style="' not in response.content.decode()


def _grow(programme, office) -> None:
    """Forty more projects in Materialen, each with a measured value, an impact sheet naming SBI 24 in R3-R7
    (so the 24/R3-R7 overlap grows), a progress report, a chain collaboration and a change agent."""
    t1 = programme["t1"]
    indicator = b.indicator("extra", "performance", "0-1y")
    for i in range(6, 46):
        b.project(
            f"21-{i:03d}",
            t1,
            phase="execution",
            start=D(2021, 1, 1),
            due=D(2021, 12, 31),
            clusters=["materialen"],
            sbi=["24"],
            kia=["kem"],
            supraregional=["cesi"],
        )
        b.value(indicator, "1", D(2021, 1, 1), office, team=programme["t2"] if i % 2 else t1)
        grown = Project.objects.get(number=f"21-{i:03d}")
        b.impact_sheet(
            grown, office, sbi=["24"], co2_r3_r7=Decimal(1), performance={"functional_value": "high"}
        )
        b.progress_report(grown, office, D(2021, 2, 1), needed=10, funding={"RVO": 5}, spent=1)
        member = b.organisation(f"Bedrijf {i}", sbi=["24"], province="ZH", frontrunner="follower")
        grown.collaborations.add(b.collaboration(f"Keten {i}", "chain", [member]))
        b.person(f"Agent {i}", member, "director")


def _queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_portfolio(
    reader, programme, user_for, django_assert_max_num_queries
):
    url = reverse("dashboard:dashboard")
    _queries(reader, url)  # warm caches (session)
    small = _queries(reader, url)
    small_cluster = _queries(reader, url, cluster="materialen")
    _grow(programme, user_for(Role.PROGRAMME_OFFICE))
    assert _queries(reader, url) > small  # the register changed: its kept counts are counted again, once
    assert _queries(reader, url) == small
    assert _queries(reader, url, cluster="materialen") == small_cluster
    with django_assert_max_num_queries(small + 1):  # + the cluster's SBI divisions
        reader.get(url, {"cluster": "materialen"})


def test_query_count_with_an_adopted_sweet_spot_does_not_grow(reader, programme, user_for):
    """Issue 17: once a sweet spot is adopted the dashboard counts the projects serving it in the database
    (it read every current sheet into Python and sent one number per project back)."""
    from catalogue.models import SbiCode
    from materials.models import SweetSpot

    SweetSpot.objects.create(
        sbi=SbiCode.objects.get(code="24"),
        team=programme["t1"],
        r_band="R8-R9",
        score=0.5,
        rank=1,
        weights={},
        reasoning="",
        adopted_by=user_for(Role.TEAM_LEAD),
    )
    url = reverse("dashboard:dashboard")
    _queries(reader, url)
    small = _queries(reader, url)
    _grow(programme, user_for(Role.PROGRAMME_OFFICE))
    _queries(reader, url)  # the register changed: its kept counts are counted again, once
    assert _queries(reader, url) == small
    _scope, values = _values()
    assert values["sweet_spot_projects"] == (42, None)  # 20-001, 20-002 and the forty grown ones


# The drill-down pages (issue 13 item 8): the same number of queries on a small and a grown portfolio.
PAGES = [
    pytest.param("dashboard:planning", {}, {}, id="planning"),
    pytest.param(
        "dashboard:planning", {}, {"cluster": "materialen", "team": "realisatie"}, id="planning-team"
    ),
    pytest.param("dashboard:projects", {}, {"team": "realisatie", "phase": "execution"}, id="projects"),
    pytest.param("dashboard:projects", {}, {"cluster": "materialen"}, id="projects-cluster"),
    pytest.param("dashboard:overlap", {}, {"sbi": "24", "band": "R3-R7"}, id="overlap"),
    pytest.param("dashboard:contribution", {"code": "co2-impact"}, {}, id="contribution-co2"),
    pytest.param(
        "dashboard:contribution",
        {"code": "functional-value-retention"},
        {"cluster": "materialen"},
        id="contribution-projects-cluster",
    ),
    pytest.param("dashboard:budget", {}, {}, id="budget"),
    pytest.param("dashboard:budget", {}, {"funder": "RVO", "cluster": "materialen"}, id="budget-funder"),
    *(
        pytest.param("dashboard:metric-objects", {"key": key}, params, id=f"metric-objects-{key}-{suffix}")
        for key in (
            "running_projects",
            "product_groups_higher_r",
            "chain_collaborations",
            "entrepreneurs",
            "change_agents",
            "kem_projects",
            "eu_barriers",
        )
        for suffix, params in (("all", {}), ("cluster", {"cluster": "materialen"}))
    ),
]


def test_page_query_counts_do_not_grow(reader, programme, user_for):
    """Every drill-down page, measured on the small portfolio, then once more after one growth: the counts per
    page (named by its id in a failure) are the same. One growth for all pages, not one per page."""

    def counts() -> dict[str, int]:
        measured = {}
        for page in PAGES:
            name, kwargs, params = page.values
            url = reverse(name, kwargs=kwargs)
            _queries(reader, url, **params)  # warm caches (session)
            measured[page.id] = _queries(reader, url, **params)
        return measured

    small = counts()
    _grow(programme, user_for(Role.PROGRAMME_OFFICE))
    assert counts() == small


def test_exports(reader, programme):
    import io

    from openpyxl import load_workbook

    response = reader.get(reverse("dashboard:dashboard-export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    counts = {
        row[1]: row[2]
        for row in workbook[
            "Aantallen" if "Aantallen" in workbook.sheetnames else workbook.sheetnames[0]
        ].iter_rows(min_row=3, values_only=True)
    }
    assert 3 in counts.values()
    response = reader.get(reverse("dashboard:dashboard-export", args=["pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    # One page for the Regieteam.
    html = render_to_string(
        "dashboard/dashboard_pdf.html",
        {**selectors.dashboard_data(Scope()), "cluster": None, "generated": timezone.now()},
    )
    assert len(pdf.document(html).pages) == 1
