"""Project fingerprints: the pure calculation by hand, which sweet spots a project serves, and the pages
(the demo's Project Batterijen impact sheet against the real catalogue)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from materials import fingerprint as fp

COBALT = fp.MaterialFact("Kobalt (Co)", critical=True, strategic=True, risk_band="high")
NIOBIUM = fp.MaterialFact("Niobium (Nb)", critical=True, strategic=False, risk_band="unknown")
STEEL = fp.MaterialFact("Staal (Fe)", critical=False, strategic=False, risk_band="unknown")


def facts(**values) -> fp.SheetFacts:
    base = {
        "number": "20-004",
        "title": "Project Batterijen",
        "co2_bands": {"R0-R2": None, "R3-R7": Decimal("17"), "R8-R9": Decimal("3")},
    }
    return fp.SheetFacts(**{**base, **values})


def test_fingerprint_by_hand():
    result = fp.fingerprint(
        facts(
            added_value_meur=Decimal("238"),
            added_value_base_year=2019,
            innovation_functions={"F1": "high", "F3": "medium", "F4": "low", "F8": "unknown"},
            materials=[STEEL, NIOBIUM, COBALT],
        )
    )
    # CO₂: the filled bands R3–R7 17 + R8–R9 3 = 20 kt/yr (the Batterijen source cell prints 26)
    assert result.co2_kt_per_year == Decimal("20")
    assert result.co2_bands == (("R0-R2", None), ("R3-R7", Decimal("17")), ("R8-R9", Decimal("3")))
    assert (result.added_value_meur, result.added_value_base_year) == (Decimal("238"), 2019)
    # innovation: F1 high 3 + F3 medium 2 + F4 low 1 + F8 unknown 0, F2/F5/F6/F7 not filled 0 → 6 of 24;
    # stimulated (medium or high): F1 and F3
    assert result.innovation_score == 6 and result.innovation_max == 24
    assert result.innovation_stimulated == 2
    assert dict(result.innovation) == {
        "F1": "high",
        "F2": "unknown",
        "F3": "medium",
        "F4": "low",
        "F5": "unknown",
        "F6": "unknown",
        "F7": "unknown",
        "F8": "unknown",
    }
    # critical first, riskiest first; steel is not critical
    assert [m.name for m in result.materials] == ["Kobalt (Co)", "Niobium (Nb)", "Staal (Fe)"]
    assert [m.name for m in result.critical] == ["Kobalt (Co)", "Niobium (Nb)"]
    assert [m.name for m in result.strategic] == ["Kobalt (Co)"]
    assert result.risk_band == "high"


def test_an_empty_sheet_has_no_co2_rather_than_zero():
    result = fp.fingerprint(facts(co2_bands={"R0-R2": None, "R3-R7": None, "R8-R9": None}))
    assert result.co2_kt_per_year is None
    assert result.added_value_meur is None
    assert result.innovation_score == 0 and result.risk_band == "unknown"
    # a band of 0 is stated: the total is 0, not missing
    assert fp.fingerprint(facts(co2_bands={"R8-R9": 0})).co2_kt_per_year == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"co2_bands": {"R1-R2": 3}}, "unknown band"),
        ({"co2_bands": {"R8-R9": float("nan")}}, "co2 R8-R9 must be a finite number"),
        ({"added_value_meur": "veel"}, "added_value_meur must be a number"),
        ({"innovation_functions": {"F9": "high"}}, "'F9' is not an innovation function"),
        ({"innovation_functions": {"F2": "Hoog"}}, r"innovation_functions\[F2\]: 'Hoog' is not one of"),
        ({"materials": [fp.MaterialFact("X", True, False, "severe")]}, "unknown risk band 'severe'"),
    ],
)
def test_bad_sheet_data_is_refused_naming_the_field(values, message):
    with pytest.raises(ValueError, match=message):
        fp.fingerprint(facts(**values))


def test_serves_by_sbi_code_or_cluster():
    sheet = facts(sbi_codes=["291", "309", "476", "C"], cluster="consumentengoederen")
    assert fp.serves(sheet, "29") == fp.SERVES_BY_SBI  # 29.1 lies within division 29
    assert fp.serves(sheet, "30", "kapitaalgoederen") == fp.SERVES_BY_SBI
    assert fp.serves(sheet, "47") == fp.SERVES_BY_SBI
    assert fp.serves(sheet, "28") is None  # section C is too broad to count
    assert fp.serves(sheet, "32", "consumentengoederen") == fp.SERVES_BY_CLUSTER
    assert fp.serves(sheet, "32", "") is None  # a division without a cluster is served by SBI code only
    assert fp.serves(facts(sbi_codes=["2"]), "29") is None
    with pytest.raises(ValueError, match="two digits"):
        fp.serves(sheet, "291")


# ------------------------------------------------------------------------------------------ with the database
@pytest.fixture
def batteries(catalogue, release, user_for):
    """Project 20-004 with the impact sheet of Bijlage 8 as the portfolio demo saves it."""
    from catalogue.models import ProductCluster
    from portfolio.demo import BATTERY_IMPACT
    from portfolio.models import Project
    from portfolio.services import impact_sheet_save
    from programme.models import Team

    team = Team.objects.create(code="realisatie", name="Team Realisatie", level=Team.Level.OPERATIONAL)
    project = Project.objects.create(
        number="20-004", year=2020, sequence=4, title="Project Batterijen", team=team
    )
    values = dict(BATTERY_IMPACT)
    values["cluster"] = ProductCluster.objects.get(code="consumentengoederen")
    impact_sheet_save(actor=user_for(Role.PROGRAMME_OFFICE), project=project, **values)
    return project


def test_fingerprints_from_the_current_impact_sheet(batteries, user_for):
    from materials.selectors import project_fingerprints
    from portfolio.services import impact_sheet_save

    (found,) = project_fingerprints()
    assert (found.number, found.title) == ("20-004", "Project Batterijen")
    assert found.co2_kt_per_year == Decimal("20")  # 17 + 3
    assert (found.added_value_meur, found.added_value_base_year) == (Decimal("238"), 2019)
    # Bijlage 8: F2, F3, F4, F6 Hoog (3 each), F5 Laag (1), F1, F7, F8 Onbekend (0): 4 x 3 + 1 = 13 of 24.
    assert found.innovation_score == 13
    # Mn, Nb, Ge, B, Sc, Sr, Co, PGM's, C(natural): all EU critical; strategic are Mn (battery grade), Ge,
    # B (metallurgy grade), Co, PGM and natural graphite (battery grade) — CRMA Annex I
    assert len(found.critical) == 9
    assert sorted(m.name for m in found.strategic) == sorted(
        [
            "Mangaan (Mn)",
            "Germanium (Ge)",
            "Boor (B)",
            "Kobalt (Co)",
            "Platinagroepmetalen (PGM)",
            "Natuurlijk grafiet (C)",
        ]
    )
    # the test release has data for cobalt only: HHI 0.6² + 0.4² = 0.52 ≥ 0.25 → high; the rest no data
    bands = {m.name: m.risk_band for m in found.materials}
    assert bands["Kobalt (Co)"] == "high" and bands["Niobium (Nb)"] == "unknown"
    assert found.risk_band == "high"

    # a new version is the current one: only R8–R9 5 → CO₂ 5
    impact_sheet_save(
        actor=user_for(Role.PROGRAMME_OFFICE),
        project=batteries,
        status_date=batteries.impact_sheets.get().status_date,
        co2_r8_r9=Decimal("5"),
        sbi_codes=["24"],
    )
    (found,) = project_fingerprints()
    assert found.co2_kt_per_year == Decimal("5") and found.critical == [] and found.sbi_codes == ("24",)


def test_sweet_spot_page_shows_the_projects_beside_the_groups_they_serve(client, user_for, batteries):
    login_as(client, user_for, Role.STEERING_TEAM)
    response = client.get(reverse("materials:sweet-spots"))
    served = {
        entry["row"].item.sbi: [p["fp"].number for p in entry["projects"]]
        for entry in response.context["table"]
    }
    # the sheet names 29.1, 30.9 and 47.6 (47 is not in the table) and cluster Consumentengoederen, which
    # no §1.2.1 division belongs to
    assert {sbi for sbi, numbers in served.items() if numbers} == {"29", "30"}
    assert served["29"] == ["20-004"]
    page = response.content.decode()
    assert 'href="/portfolio/20-004/"' in page
    assert reverse("materials:fingerprint", args=["20-004"]) in page
    assert 'data-testid="fingerprint-20-004"' in page


def test_a_project_of_the_cluster_serves_every_division_of_the_cluster(client, user_for, batteries):
    from .factories import impact_sheet, project

    other = project("21-001", batteries.team, title="Materialen project")
    impact_sheet(other, user_for(Role.PROGRAMME_OFFICE), cluster="materialen", co2_r8_r9=Decimal("2"))
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.get(reverse("materials:sweet-spots"))
    served = {
        entry["row"].item.sbi
        for entry in response.context["table"]
        if any(p["fp"].number == "21-001" for p in entry["projects"])
    }
    # divisions 20, 22, 24 and 38 carry cluster Materialen (catalogue/data/README.md)
    assert served == {"20", "22", "24", "38"}


def test_fingerprint_page(client, user_for, batteries):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.get(reverse("materials:fingerprint", args=["20-004"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="co2">20 ' in page  # 17 + 3, not the 26 of the source cell
    assert "238 M€" in page and "2019" in page
    assert "Kobalt (Co)" in page
    served = [entry["row"].item.sbi for entry in response.context["served"]]
    assert sorted(served) == ["29", "30"]


def test_fingerprint_page_of_a_project_without_a_sheet_and_of_no_project(client, user_for, batteries):
    from .factories import project

    project("21-002", batteries.team)
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.get(reverse("materials:fingerprint", args=["21-002"]))
    assert 'data-testid="no-sheet"' in response.content.decode()
    assert client.get(reverse("materials:fingerprint", args=["99-999"])).status_code == 404
