"""API rights and behaviour, and the demo portfolio against the sources."""

import csv
import io

import pytest
from django.apps import apps
from django.core.management.base import OutputWrapper

from accounts.roles import Role
from accounts.testing import ANONYMOUS, assert_access, login_as, role_matrix
from portfolio.models import Project

from . import factories

pytestmark = pytest.mark.django_db
ALL = set(Role.values)


def _api_login(client, user_for, role):
    if role == ANONYMOUS:
        return None
    return login_as(client, user_for, role)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROJECT_LEAD}))
def test_propose_endpoint(client, user_for, project, role, allowed):
    _api_login(client, user_for, role)
    response = client.post(
        f"/api/portfolio/projects/{project.number}/propose/",
        {"target": "definition"},
        content_type="application/json",
    )
    assert_access(response, allowed=allowed)
    if allowed:
        assert {
            "kind": "artefact",
            "code": "project_proposal",
            "label": "Projectvoorstel",
            "detail": "not present",
        } in response.json()["missing"]


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.TEAM_LEAD}))
def test_confirm_endpoint(client, user_for, project, role, allowed):
    _api_login(client, user_for, role)
    response = client.post(
        f"/api/portfolio/projects/{project.number}/confirm/",
        {"criterion": "initiation.result.scope"},
        content_type="application/json",
    )
    assert_access(response, allowed=allowed)


@pytest.mark.parametrize(
    ("role", "allowed"), role_matrix(allowed={Role.MEETING_MEMBER, Role.TEAM_LEAD, Role.PROGRAMME_OFFICE})
)
def test_decide_endpoint(client, user_for, project, meeting, role, allowed):
    _api_login(client, user_for, role)
    response = client.post(
        f"/api/portfolio/projects/{project.number}/decide/",
        {"meeting": meeting.pk, "action": "pause"},
        content_type="application/json",
    )
    assert_access(response, allowed=allowed)


def test_refused_gate_answers_400_with_missing_items(client, user_for, project, meeting):
    login_as(client, user_for, Role.MEETING_MEMBER)
    response = client.post(
        f"/api/portfolio/projects/{project.number}/decide/",
        {"meeting": meeting.pk, "action": "execution"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [item["kind"] for item in response.json()["missing"]] == ["transition"]


def test_api_filters(client, user_for, team):
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    factories.project(user_for, team_obj=team, title="Zink")
    factories.project(user_for, team_obj=other, title="Kennisplein")
    login_as(client, user_for, Role.READER)
    results = client.get("/api/portfolio/projects/", {"team": "verbreding"}).json()["results"]
    assert [r["title"] for r in results] == ["Kennisplein"]


@pytest.fixture
def demo(db, catalogue):
    from accounts import demo as accounts_demo
    from portfolio import demo as portfolio_demo
    from programme import demo as programme_demo

    out = OutputWrapper(io.StringIO())
    accounts_demo.load(stdout=out)
    programme_demo.load(stdout=out)
    portfolio_demo.load(stdout=out)
    portfolio_demo.load(stdout=out)  # idempotent
    return out


def test_demo_projects_in_the_trekker_team(demo):
    # Bijlage 11 'Trekker' per project; Bijlage 1 projects with an external trekker go by project type (§4.3).
    expected = {
        "Urban Mining Electronica (incl. Circular Circuits)": "realisatie",
        "Kritieke materialen energietransitie (batterijen)": "realisatie",
        "Doorontwikkeling CE Smart Industry – CIRCO-tracks": "kennisintegratie",
        "Warmte as a service": "kennisintegratie",
        "Circulair Materiaal Paspoort": "kennisintegratie",
        "Herwinning Zink": "realisatie",
        "Circulaire Windparken": "nsp",
        "ICT-tool CESI": "verbreding",
        "Project sectorale routekaarten": "kia-cm",
    }
    teams = dict(Project.objects.values_list("title", "team__code"))
    assert {title: teams[title] for title in expected} == expected
    assert Project.objects.count() == 21


def test_demo_batteries_is_20_004_in_stakeholder_commitment(demo):
    project = Project.objects.get(number="20-004")
    assert project.title == "Kritieke materialen energietransitie (batterijen)"
    assert (project.phase, project.status) == ("stakeholder_commitment", "active")
    assert list(project.transitions.values_list("from_phase", "to_phase")) == [
        ("initiation", "definition"),
        ("definition", "stakeholder_commitment"),
    ]
    assert all(t.decision.meeting.team.code == "realisatie" for t in project.transitions.all())
    assert sorted(s.display_code for s in project.sbi_codes.all()) == ["29.1", "30.9", "47.6"]  # Bijlage 8
    assert [c.name for c in project.clusters.all()] == ["Consumentengoederen"]
    assert project.sponsor.name == "Geert Kooistra"


def test_demo_csv_names_its_source_per_row():
    from portfolio.demo import DATA

    with open(DATA, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["source_section"].startswith("Werkwijze UPCM 2020, Bijlage") for row in rows)


def test_demo_tags_only_what_bijlage_11_says(demo):
    # 20-014 sets the KIA-CM and lists its eight topics; CESI: the CESI project (20-003), its process support
    # (20-005), its toolkit (20-009) and the CIRCO-tracks built on it (20-002). Nothing names HCA or market
    # demand CE.
    kia = Project.objects.get(number="20-014")
    assert list(kia.kia_themes.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert Project.objects.filter(kia_themes__isnull=False).distinct().count() == 1
    cesi = Project.objects.filter(supraregional_themes__code="cesi").values_list("number", flat=True)
    assert sorted(cesi) == ["20-002", "20-003", "20-005", "20-009"]
    assert not Project.objects.filter(supraregional_themes__code__in=["hca", "marktvraag-ce"]).exists()
    # The tagging is audited: the first load wrote one historical project with its eight links; the second
    # load (in the fixture) re-tagged nothing, so there are still exactly eight.
    history = apps.get_model("portfolio", "HistoricalProject_kia_themes")
    links = history.objects.filter(history__number="20-014")
    assert links.count() == 8
