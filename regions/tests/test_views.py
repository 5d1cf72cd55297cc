"""The map, the regional overview and the platforms and clusters: what each role sees, and that the map's
numbers are those of the §1.2.2 table (read here from the CSV, not from the program)."""

import csv
import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import login_as
from catalogue.models import Province
from knowledge.models import Case
from knowledge.tests import factories as knowledge_factories
from portfolio.tests import factories as portfolio_factories
from regions import services
from regions.models import RegionalCluster
from stakeholders.models import Collaboration, CollaborationMember
from stakeholders.tests.factories import OrganisationFactory, PersonFactory

CSV = Path(__file__).resolve().parents[2] / "catalogue" / "data" / "maakindustrie_per_provincie.csv"


def _table() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    with CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["province"]: row for row in rows if row["province"] != "Totaal"}, rows[-1]


def _cells(html: str) -> dict[str, str]:
    """Province code -> the number in its row of the table beside the map."""
    rows = re.findall(r'<tr data-province="(\w\w)">.*?<td class="rk-num">(.*?)</td>', html, re.S)
    return {code: value.strip() for code, value in rows}


def _number(text: str) -> int:
    return int(re.sub(r"[.,\s\u00a0]", "", text).replace("\u2212", "-"))


@pytest.fixture
def office_client(client, user_for, catalogue):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    return client


@pytest.mark.parametrize("column", ["jobs_thousands", "net_turnover_meur", "upcm_co2_impact_kt_per_year"])
def test_the_map_draws_twelve_provinces_with_a_legend_and_the_numbers_of_the_source_table(
    office_client, column
):
    rows, total = _table()
    by_figure_name = {p.name_in_figures: p.code for p in Province.objects.all()}

    response = office_client.get(reverse("regions:map"), {"measure": f"figure-{column}"})

    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<path class="regions-area regions-fill-\d" d="M', html)) == 12
    assert 'data-testid="map-legend"' in html
    assert html.count('<span class="regions-swatch regions-fill-') == 5
    cells = _cells(html)
    assert {code: _number(value) for code, value in cells.items()} == {
        by_figure_name[name]: int(row[column]) for name, row in rows.items()
    }
    column_sum = sum(int(row[column]) for row in rows.values())
    assert _number(re.search(r'data-testid="map-sum">(.*?)<', html).group(1)) == column_sum
    assert _number(re.search(r'data-testid="map-stated-total">(.*?)<', html).group(1)) == int(total[column])


def test_the_map_shows_the_registers_organisations_per_province_to_a_reader_but_projects_only_as_read(
    client, user_for, catalogue
):
    zh, nb = Province.objects.get(code="ZH"), Province.objects.get(code="NB")
    OrganisationFactory.create_batch(3, province=zh)
    OrganisationFactory(province=nb)
    OrganisationFactory(province=None)
    login_as(client, user_for, Role.READER)

    html = client.get(reverse("regions:map"), {"measure": "organisations"}).content.decode()

    cells = _cells(html)
    assert cells["ZH"] == "3" and cells["NB"] == "1" and cells["UT"] == "0"
    assert "1 organisation of the register has no province" in html


def test_an_applicant_is_not_offered_the_register_counts(client, user_for, catalogue):
    login_as(client, user_for, Role.APPLICANT)

    response = client.get(reverse("regions:map"), {"measure": "organisations"})

    html = response.content.decode()
    assert 'value="organisations"' not in html
    assert 'data-testid="map-measure">Jobs (x 1,000)<' in html  # the default figure instead


def test_projects_and_members_per_province_come_from_the_collaborations_of_portfolio_projects(
    office_client, user_for
):
    zh, ge = Province.objects.get(code="ZH"), Province.objects.get(code="GE")
    project = portfolio_factories.project(user_for, title="Batterijen")
    collaboration = Collaboration.objects.create(name="20-004 Batterijen")
    for organisation in (
        OrganisationFactory(province=zh),
        OrganisationFactory(province=zh),
        OrganisationFactory(province=ge),
    ):
        CollaborationMember.objects.create(collaboration=collaboration, organisation=organisation)
    project.collaborations.add(collaboration)
    # A collaboration no project is linked to counts for neither.
    other = Collaboration.objects.create(name="Los")
    CollaborationMember.objects.create(collaboration=other, organisation=OrganisationFactory(province=zh))

    projects = _cells(office_client.get(reverse("regions:map"), {"measure": "projects"}).content.decode())
    members = _cells(office_client.get(reverse("regions:map"), {"measure": "members"}).content.decode())

    assert (projects["ZH"], projects["GE"], projects["UT"]) == ("1", "1", "0")
    assert (members["ZH"], members["GE"], members["UT"]) == ("2", "1", "0")


def test_the_regional_overview_lists_the_provinces_platforms_projects_and_organisations(
    office_client, user_for
):
    zh = Province.objects.get(code="ZH")
    member = OrganisationFactory(name="Voorbeeld Zuid", province=zh)
    project = portfolio_factories.project(user_for, title="Batterijen")
    collaboration = Collaboration.objects.create(name="c")
    CollaborationMember.objects.create(collaboration=collaboration, organisation=member)
    project.collaborations.add(collaboration)
    services.cluster_create(actor=system_actor(), name="CESI-cluster", provinces=[zh], members=[member])

    html = office_client.get(reverse("regions:province", kwargs={"code": "ZH"})).content.decode()

    assert "CESI-cluster" in html and project.number in html and "Voorbeeld Zuid" in html
    assert "No published case is about this province." in html


def test_a_province_overview_lists_the_published_cases_about_that_province_only(office_client, user_for):
    zh, ut = Province.objects.get(code="ZH"), Province.objects.get(code="UT")
    project = portfolio_factories.project(user_for, title="Batterijen")
    published = knowledge_factories.case(
        user_for, project, status=Case.Status.PUBLISHED, title_nl="Fietsbatterijen Rotterdam", provinces=[zh]
    )
    knowledge_factories.case(
        user_for, project, status=Case.Status.SUBMITTED, title_nl="Nog niet goedgekeurd", provinces=[zh]
    )
    knowledge_factories.case(
        user_for, project, status=Case.Status.PUBLISHED, title_nl="Fietsbatterijen Utrecht", provinces=[ut]
    )

    html = office_client.get(reverse("regions:province", kwargs={"code": "ZH"})).content.decode()

    cases = html.split('data-testid="province-cases"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', cases) == [
        (published.public_url(), "Fietsbatterijen Rotterdam")
    ]


def test_a_reader_sees_a_cluster_but_not_its_contact_person(client, user_for, catalogue):
    organisation = OrganisationFactory(name="MVO Nederland")
    person = PersonFactory(organisation=organisation, name="Anna Voorbeeld")
    cluster = services.cluster_create(
        actor=system_actor(),
        name="Regionale CE versnellers",
        contact_organisation=organisation,
        contact_person=person,
    )
    login_as(client, user_for, Role.READER)
    html = client.get(cluster.get_absolute_url()).content.decode()
    assert "MVO Nederland" in html and "Anna Voorbeeld" not in html

    login_as(client, user_for, Role.TEAM_LEAD)
    assert "Anna Voorbeeld" in client.get(cluster.get_absolute_url()).content.decode()


def test_the_office_adds_a_cluster_through_the_form_naming_members_and_projects(office_client, user_for):
    OrganisationFactory(name="TNO")
    project = portfolio_factories.project(user_for, title="CESI")
    zh = Province.objects.get(code="ZH")

    response = office_client.post(
        reverse("regions:cluster-create"),
        {
            "name": "CESI Zuid-Holland",
            "kind": "cluster",
            "provinces": [zh.pk],
            "members": "TNO\nOnbekend BV",
            "projects": project.number,
        },
    )
    assert response.status_code == 200
    assert "Not in the register: Onbekend BV." in response.content.decode()

    response = office_client.post(
        reverse("regions:cluster-create"),
        {
            "name": "CESI Zuid-Holland",
            "kind": "cluster",
            "provinces": [zh.pk],
            "members": "TNO",
            "projects": project.number,
        },
    )
    cluster = RegionalCluster.objects.get(name="CESI Zuid-Holland")
    assert response.status_code == 302
    assert list(cluster.members.values_list("name", flat=True)) == ["TNO"]
    assert list(cluster.projects.all()) == [project]


def _queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def _grow(user_for, start: int, stop: int) -> None:
    zh = Province.objects.get(code="ZH")
    for i in range(start, stop):
        project = portfolio_factories.project(user_for, title=f"Project {i}")
        collaboration = Collaboration.objects.create(name=f"Samenwerking {i}")
        organisation = OrganisationFactory(province=zh)
        CollaborationMember.objects.create(collaboration=collaboration, organisation=organisation)
        project.collaborations.add(collaboration)
        services.cluster_create(
            actor=system_actor(),
            name=f"Cluster {i}",
            provinces=[zh],
            members=[organisation],
            projects=[project],
        )


def test_the_pages_need_the_same_queries_for_little_and_more_data(office_client, user_for):
    pages = [
        (reverse("regions:map"), {"measure": "projects"}),
        (reverse("regions:map"), {"measure": "members"}),
        (reverse("regions:clusters"), None),
        (reverse("regions:province", kwargs={"code": "ZH"}), None),
    ]
    _grow(user_for, 0, 1)
    few = [_queries(office_client, url, params) for url, params in pages]
    _grow(user_for, 1, 5)
    many = [_queries(office_client, url, params) for url, params in pages]
    assert many == few


def test_an_organisations_page_names_its_regional_clusters_for_those_who_read_the_register(
    office_client, user_for, client
):
    tno = OrganisationFactory(name="TNO")
    services.cluster_create(actor=system_actor(), name="CESI-programma", members=[tno])

    html = office_client.get(tno.get_absolute_url()).content.decode()

    assert 'data-testid="organisation-clusters"' in html and "CESI-programma" in html
