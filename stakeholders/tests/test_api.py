"""The API answers with the same permissions as the pages."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import assert_access, login_as, role_matrix
from stakeholders.models import Organisation

from .factories import IssueAnalysisFactory, OrganisationFactory, PersonFactory, RiskFactory, province, sbi

pytestmark = pytest.mark.django_db

VIEW = PROGRAMME_ROLES | {Role.READER}
EDIT = {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def data():
    org = OrganisationFactory(name="Umicore", province=province("ZH"))
    PersonFactory(organisation=org)
    IssueAnalysisFactory(organisation=org, influence="K", interest="G")
    RiskFactory(organisation=org, current_engagement="resistant", desired_engagement="supportive")
    return org


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=VIEW))
@pytest.mark.parametrize("path", ["organisations/", "innovations/", "sources/", "coverage/"])
def test_read_register(api, user_for, role, allowed, path, data):
    login_as(api, user_for, role)
    assert_access(api.get(f"/api/stakeholders/{path}"), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=PROGRAMME_ROLES))
@pytest.mark.parametrize("path", ["people/", "issue-analyses/", "risks/"])
def test_read_personal_data(api, user_for, role, allowed, path, data):
    login_as(api, user_for, role)
    assert_access(api.get(f"/api/stakeholders/{path}"), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EDIT))
def test_create_organisation(api, user_for, role, allowed):
    sbi("29")
    province("NB", "Noord-Brabant")
    login_as(api, user_for, role)
    response = api.post(
        "/api/stakeholders/organisations/",
        {"name": "Arrosso", "kvk_number": "12345678", "province": "NB", "sbi_codes": ["29"]},
        format="json",
    )
    assert_access(response, allowed=allowed)
    assert Organisation.objects.filter(name="Arrosso").exists() is allowed


def test_values_and_validation(api, user_for, data):
    login_as(api, user_for, Role.PROGRAMME_OFFICE)
    body = api.get("/api/stakeholders/issue-analyses/").json()
    assert body["results"][0]["quadrant"] == "keep_informed"
    assert api.get("/api/stakeholders/risks/").json()["results"][0]["gap"] == 3
    bad = api.post("/api/stakeholders/organisations/", {"name": "X", "kvk_number": "123"}, format="json")
    assert bad.status_code == 400 and "kvk_number" in bad.json()
    stale = api.patch(
        f"/api/stakeholders/organisations/{data.pk}/", {"name": "Umicore NL", "version": 7}, format="json"
    )
    assert stale.status_code == 400 and "version" in stale.json()
    ok = api.patch(
        f"/api/stakeholders/organisations/{data.pk}/", {"name": "Umicore NL", "version": 1}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert api.get("/api/stakeholders/organisations/", {"province": "ZH"}).json()["count"] == 1
