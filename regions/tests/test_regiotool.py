"""The Regio-tool of the regional cluster approach (§5.6): promising groups of companies and initiatives per
region, kept by the programme office and Team Verbreding, linked to the province, the regional platform or
cluster, the register's organisations and the project they became; shown on the province and cluster pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from catalogue.models import Province
from portfolio.tests import factories as portfolio_factories
from regiekamer.concurrency import EditConflict
from regions import services, services_regiotool
from regions.models import RegionalOpportunity
from stakeholders.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zh(catalogue):
    return Province.objects.get(code="ZH")


def _opportunity(user_for, where, **values):
    fields = {
        "name": "Kunststofverwerkers Rijnmond",
        "province": where,
        "regional_theme": "Kunststofrecycling",
        "target_group": "sme",
        **values,
    }
    return services_regiotool.opportunity_create(actor=user_for(Role.PROGRAMME_OFFICE), **fields)


def test_the_office_records_a_promising_group_with_its_links(user_for, zh):
    office = user_for(Role.PROGRAMME_OFFICE)
    cluster = services.cluster_create(actor=office, name="Platform ZH", provinces=[zh])
    company = OrganisationFactory(name="Recycler BV")
    project = portfolio_factories.project(user_for, team_obj=portfolio_factories.team(user_for))

    found = _opportunity(
        user_for,
        zh,
        cluster=cluster,
        members=[company],
        status="project",
        project=project,
        aligned_on=datetime.date(2020, 6, 1),
        alignment_note="Afgestemd met de Regio-tool.",
    )

    found = RegionalOpportunity.objects.get(pk=found.pk)
    assert (found.province, found.cluster, found.project) == (zh, cluster, project)
    assert list(found.members.all()) == [company]
    assert found.history.count() == 2  # the record, then its members (the many-to-many trail)
    assert list(cluster.opportunities.all()) == [found]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"province": None}, "province"),
        ({"regional_theme": ""}, "regional_theme"),
        ({"target_group": "consumers"}, "target_group"),
        ({"status": "won"}, "status"),
        ({"status": "project"}, "project"),  # became a project: which one?
        ({"alignment_note": "Afgesproken"}, "aligned_on"),  # agreed, but when?
        ({"aligned_on": "tomorrow"}, "aligned_on"),
    ],
)
def test_bad_input_is_refused_naming_the_field(user_for, zh, values, field):
    if values.get("aligned_on") == "tomorrow":
        values = {"aligned_on": timezone.localdate() + datetime.timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        _opportunity(user_for, zh, **values)
    assert field in refused.value.message_dict
    assert not RegionalOpportunity.objects.exists()


def test_a_cluster_of_another_province_is_refused(user_for, zh, catalogue):
    office = user_for(Role.PROGRAMME_OFFICE)
    elsewhere = services.cluster_create(
        actor=office, name="Platform Gelderland", provinces=[Province.objects.get(code="GE")]
    )
    with pytest.raises(ValidationError) as refused:
        _opportunity(user_for, zh, cluster=elsewhere)
    assert f"does not work in {zh.label}" in refused.value.message_dict["cluster"][0]
    # A supra-regional network (no province) may take up a group anywhere.
    network = services.cluster_create(actor=office, name="Regionale CE versnellers")
    assert _opportunity(user_for, zh, cluster=network).cluster == network


@pytest.mark.parametrize(
    ("role", "in_verbreding", "allowed"),
    [
        (Role.PROGRAMME_OFFICE, False, True),
        (Role.TEAM_LEAD, True, True),  # leads Team Verbreding
        (Role.MEETING_MEMBER, True, True),  # Team Verbreding's linking pin
        (Role.TEAM_LEAD, False, False),  # leads another team
        (Role.PROJECT_LEAD, False, False),
        (Role.READER, True, False),  # reads only
    ],
)
def test_the_office_and_team_verbreding_keep_the_regio_tool(user_for, zh, role, in_verbreding, allowed):
    code = "verbreding" if in_verbreding else "realisatie"
    portfolio_factories.team(user_for, code=code, name=f"Team {code}")
    values = {"name": "Groep", "province": zh, "regional_theme": "Thema", "target_group": "oem"}
    if allowed:
        assert services_regiotool.opportunity_create(actor=user_for(role), **values).pk
    else:
        with pytest.raises(PermissionDenied):
            services_regiotool.opportunity_create(actor=user_for(role), **values)


def test_an_edit_names_the_version_it_read(user_for, zh):
    office = user_for(Role.PROGRAMME_OFFICE)
    found = _opportunity(user_for, zh)
    services_regiotool.opportunity_update(
        actor=office, opportunity=found, expected_version=1, status="mobilising"
    )
    with pytest.raises(EditConflict):
        services_regiotool.opportunity_update(
            actor=office,
            opportunity=RegionalOpportunity.objects.get(pk=found.pk),
            expected_version=1,
            name="X",
        )
    assert RegionalOpportunity.objects.get(pk=found.pk).status == "mobilising"


def test_the_form_creates_a_group_from_register_names_and_a_project_number(client, user_for, zh):
    OrganisationFactory(name="Recycler BV")
    project = portfolio_factories.project(user_for, team_obj=portfolio_factories.team(user_for))
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    data = {
        "name": "Kunststofverwerkers Rijnmond",
        "province": zh.pk,
        "regional_theme": "Kunststofrecycling",
        "target_group": "both",
        "members": "Recycler BV\nOnbekend BV",
        "status": "project",
        "project": project.number,
        "aligned_on": "2020-06-01",
    }
    refused = client.post(reverse("regions:regiotool-create"), data)
    assert refused.status_code == 200 and "Not in the register: Onbekend BV." in refused.content.decode()

    response = client.post(reverse("regions:regiotool-create"), {**data, "members": "Recycler BV"})

    found = RegionalOpportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == found.get_absolute_url()
    assert found.project == project and found.aligned_on == datetime.date(2020, 6, 1)
    assert [o.name for o in found.members.all()] == ["Recycler BV"]


def test_the_province_and_cluster_pages_list_their_promising_groups(client, user_for, zh, catalogue):
    office = user_for(Role.PROGRAMME_OFFICE)
    cluster = services.cluster_create(actor=office, name="Platform ZH", provinces=[zh])
    here = _opportunity(user_for, zh, cluster=cluster, aligned_on=datetime.date(2020, 6, 1))
    _opportunity(user_for, Province.objects.get(code="GE"), name="Elders")
    client.force_login(user_for(Role.READER))

    province = client.get(reverse("regions:province", kwargs={"code": "ZH"})).content.decode()
    listed = province.split('data-testid="province-opportunities"')[1].split("</ul>")[0]
    assert here.get_absolute_url() in listed and "Elders" not in listed
    assert "aligned with the Regio-tool on June 1, 2020" in listed

    page = client.get(cluster.get_absolute_url()).content.decode()
    assert here.get_absolute_url() in page.split('data-testid="cluster-opportunities"')[1]


def test_the_list_filters_by_province_cluster_and_status(client, user_for, zh, catalogue):
    _opportunity(user_for, zh, name="Hier")
    _opportunity(user_for, Province.objects.get(code="GE"), name="Daar", status="dropped")
    client.force_login(user_for(Role.READER))
    url = reverse("regions:regiotool")

    def names(query: str) -> list[str]:
        page = client.get(f"{url}?{query}").content.decode()
        table = page.split('data-testid="opportunities"')[1].split("</table>")[0]
        shown = [name for name in ("Hier", "Daar") if f">{name}</a>" in table]
        return sorted(shown, key=lambda name: table.index(f">{name}</a>"))

    assert names("") == ["Daar", "Hier"]  # by province: Gelderland before Zuid-Holland
    assert names(f"province={zh.pk}") == ["Hier"]
    assert names("status=dropped") == ["Daar"]


def test_the_list_reads_the_same_number_of_queries_as_it_grows(client, user_for, zh):
    client.force_login(user_for(Role.READER))
    url = reverse("regions:regiotool")
    company = OrganisationFactory(name="Recycler BV")
    _opportunity(user_for, zh, members=[company])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(5):
        _opportunity(user_for, zh, name=f"Groep {number}", members=[company])
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
