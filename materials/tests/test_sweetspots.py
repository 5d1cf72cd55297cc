"""Scoping table: worked example by hand, the band rule, adjustable weights, adoption (who and when)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from materials import sweetspots as ss
from materials.models import ClusterInnovationScore, SweetSpot
from materials.services import scan_create, sweet_spot_adopt
from programme.models import Person, Team

from .factories import ClusterFactory, SbiFactory, industry_figure, innovation_functions
from .test_views import bom_rows

A = ss.ScopingInput("20", "Chemie", "X", -305, 135, 11752)
B = ss.ScopingInput(
    "24", "Basismetaal", "Y", -557, 92, 23049, critical_dependence=0.6, innovation_readiness=0.5
)
C = ss.ScopingInput("28", "Machines", "Z", -100, 300, 5000, critical_dependence=0.1, innovation_readiness=0.8)


def test_score_table_worked_example():
    # maxima: CO₂ |−557| = 557, value added 300, flows 23049; default weights 3, 2, 1, 2, 1 (sum 9)
    # A = (3·305/557 + 2·135/300 + 1·11752/23049 + 0 + 0) / 9 = (1.642729 + 0.9 + 0.509870) / 9 = 0.339178
    # B = (3·1 + 2·92/300 + 1·1 + 2·0.6 + 1·0.5) / 9 = 6.313333 / 9 = 0.701481
    # C = (3·100/557 + 2·1 + 5000/23049 + 2·0.1 + 0.8) / 9 = 3.755529 / 9 = 0.417281
    rows = ss.score_table([A, B, C])
    assert [row.item.sbi for row in rows] == ["24", "28", "20"]
    assert [row.rank for row in rows] == [1, 2, 3]
    scores = {row.item.sbi: row.score for row in rows}
    assert scores["20"] == pytest.approx((3 * 305 / 557 + 2 * 135 / 300 + 11752 / 23049) / 9)
    assert scores["20"] == pytest.approx(0.339178, abs=1e-6)
    assert scores["24"] == pytest.approx(0.701481, abs=1e-6)
    assert scores["28"] == pytest.approx(0.417281, abs=1e-6)
    # bands: B dependence 0.6 ≥ 0.5 → R8-R9; C readiness 0.8 ≥ 0.67 → R0-R2; A neither → R3-R7
    assert {row.item.sbi: row.band for row in rows} == {"24": "R8-R9", "28": "R0-R2", "20": "R3-R7"}
    reasons_a = dict(next(row for row in rows if row.item.sbi == "20").reasons)
    assert "no_scans" in reasons_a and "no_innovation" in reasons_a


def test_weights_change_the_ranking():
    # only value added counts: C (1.0) > A (0.45) > B (0.3067)
    rows = ss.score_table(
        [A, B, C], {"co2": 0, "value_added": 1, "material_flows": 0, "critical_materials": 0, "innovation": 0}
    )
    assert [row.item.sbi for row in rows] == ["28", "20", "24"]
    assert rows[0].score == pytest.approx(1.0)


def test_weights_are_validated():
    with pytest.raises(ValueError, match="weight of co2"):
        ss.validate_weights({"co2": 11})
    with pytest.raises(ValueError, match="at least one weight"):
        ss.validate_weights(dict.fromkeys(ss.CRITERIA, 0))


def test_dependence_and_readiness_by_hand():
    # (0.4·1 + 0.2·0.25) / (1.8 + 0.4 + 0.2) = 0.45 / 2.4 = 0.1875 (copper is not critical)
    assert ss.critical_dependence(
        [(1.8, False, "medium"), (0.4, True, "high"), (0.2, True, "low")]
    ) == pytest.approx(0.1875)
    assert ss.critical_dependence([]) is None
    assert ss.innovation_readiness([3, 3, 2, 1]) == pytest.approx(0.75)  # 9 / (3·4)


@pytest.fixture
def scoping(release, user_for):
    cluster = ClusterFactory(code="high-tech", name="High Tech")
    metals = SbiFactory(code="24", name="Basismetaal", cluster=cluster)
    machines = SbiFactory(code="28", name="Machines", cluster=cluster)
    industry_figure(metals, co2_impact=-557, value_impact=92, flows=23049, order=1)
    industry_figure(machines, co2_impact=-100, value_impact=300, flows=5000, order=2)
    for function in innovation_functions():
        ClusterInnovationScore.objects.create(cluster=cluster, function=function, level=3)
    scan_create(
        actor=user_for(Role.APPLICANT),
        title="Parts",
        sbi=SbiFactory(code="241", level=3, name="x"),
        rows=bom_rows([["P", "C", "", 1, 1, "Cobalt", 1]]),
    )
    lead = user_for(Role.TEAM_LEAD)
    team = Team.objects.create(
        code="realisatie",
        name="Team Realisatie",
        level=Team.Level.OPERATIONAL,
        lead=Person.objects.create(name="Geert", user=lead),
    )
    other = Team.objects.create(code="verbreding", name="Team Verbreding", level=Team.Level.OPERATIONAL)
    return {"metals": metals, "machines": machines, "team": team, "other": other}


def test_scoping_table_from_the_database(scoping):
    from materials.selectors import scoping_table

    rows = {row.item.sbi: row for row in scoping_table()}
    # cobalt scanned in division 24: critical, HHI 0.52 → band high → dependence 1·1/1 = 1.0
    assert rows["24"].item.critical_dependence == 1.0
    assert rows["28"].item.critical_dependence is None
    assert rows["24"].item.innovation_readiness == 1.0  # all F1–F8 high
    assert rows["24"].band == "R0-R2"


def test_team_lead_adopts_for_own_team_only(client, user_for, scoping):
    login_as(client, user_for, Role.TEAM_LEAD)
    weights = {"co2": 3, "value_added": 2, "material_flows": 1, "critical_materials": 2, "innovation": 1}
    response = client.post(
        reverse("materials:sweet-spot-adopt"), {"sbi": "24", "team": scoping["team"].pk, **weights}
    )
    assert response.status_code == 302
    spot = SweetSpot.objects.get()
    assert (spot.sbi, spot.team, spot.adopted_by, spot.rank) == (
        scoping["metals"],
        scoping["team"],
        user_for(Role.TEAM_LEAD),
        1,
    )
    assert spot.weights == {key: float(value) for key, value in weights.items()}
    assert spot.adopted_at is not None and "R0–R2" in spot.reasoning
    response = client.post(
        reverse("materials:sweet-spot-adopt"), {"sbi": "24", "team": scoping["other"].pk, **weights}
    )
    assert response.status_code == 403
    assert SweetSpot.objects.count() == 1


def test_reader_cannot_adopt(client, user_for, scoping):
    login_as(client, user_for, Role.READER)
    response = client.post(reverse("materials:sweet-spot-adopt"), {"sbi": "24", "team": scoping["team"].pk})
    assert response.status_code == 403


def test_service_refuses_users_without_rights(user_for, scoping):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        sweet_spot_adopt(
            sbi=scoping["metals"],
            team=scoping["team"],
            actor=user_for(Role.PROJECT_LEAD),
            weights=ss.DEFAULT_WEIGHTS,
        )


def test_sweet_spot_page_shows_weights_and_ranking(client, user_for, scoping, django_assert_max_num_queries):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    with django_assert_max_num_queries(25):
        response = client.get(
            reverse("materials:sweet-spots"),
            {"co2": 0, "value_added": 1, "material_flows": 0, "critical_materials": 0, "innovation": 0},
        )
    table = response.context["table"]
    assert [entry["row"].item.sbi for entry in table] == ["28", "24"]
    assert table[0]["score"] == 100.0


def test_reasoning_figures_are_written_in_the_readers_language():
    from types import SimpleNamespace

    from django.utils import translation

    from materials.texts import reasoning_text

    row = SimpleNamespace(reasons=[("lifetime", {"readiness": 0.5, "dependence": 0.125})])
    with translation.override("nl"):
        [dutch] = reasoning_text(row)
    with translation.override("en"):
        [english] = reasoning_text(row)
    assert dutch.startswith(
        "Innovatiegereedheid 0,50 < 0,67 en afhankelijkheid van kritieke materialen 0,12 < 0,5"
    )
    assert english.startswith("Innovation readiness 0.50 < 0.67 and critical-material dependence 0.12 < 0.5")
