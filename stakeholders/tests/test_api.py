"""The API: values, validation and the one error path (who may read and write what is in the role matrix,
stakeholders/tests/matrix.py)."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from stakeholders import services
from stakeholders.models import Organisation

from .factories import IssueAnalysisFactory, OrganisationFactory, PersonFactory, RiskFactory, province, sbi

pytestmark = pytest.mark.django_db

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


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EDIT))
def test_create_organisation_writes_only_when_allowed(api, user_for, role, allowed):
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
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    unversioned = api.patch(f"/api/stakeholders/organisations/{data.pk}/", {"name": "X"}, format="json")
    assert unversioned.status_code == 400 and "version" in unversioned.json()
    ok = api.patch(
        f"/api/stakeholders/organisations/{data.pk}/", {"name": "Umicore NL", "version": 1}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert api.get("/api/stakeholders/organisations/", {"province": "ZH"}).json()["count"] == 1


def _write_endpoints(org):
    """(method, path, body, service the endpoint calls, field the service refuses) per write endpoint."""
    return [
        ("post", "organisations/", {"name": "Arrosso"}, "organisation_create", "name"),
        (
            "patch",
            f"organisations/{org.pk}/",
            {"name": "Umicore NL", "version": org.version},
            "organisation_update",
            "name",
        ),
        (
            "post",
            "issue-analyses/",
            {"organisation": org.pk, "influence": "G", "interest": "G"},
            "issue_analysis_save",
            "influence",
        ),
        (
            "post",
            "risks/",
            {
                "organisation": org.pk,
                "current_engagement": "neutral",
                "desired_engagement": "supportive",
                "priority": "high",
            },
            "risk_save",
            "priority",
        ),
    ]


@pytest.mark.parametrize("index", range(4), ids=["org-create", "org-update", "issue-create", "risk-create"])
def test_a_service_rule_through_each_write_endpoint_is_a_400_naming_the_field(
    api, user_for, data, monkeypatch, index
):
    """A rule a service adds (a ValidationError it raises) reaches the client as a 400 naming the field,
    through the shared exception handler, never as a 500."""
    method, path, body, service, field = _write_endpoints(data)[index]

    def refuse(**kwargs):
        raise ValidationError({field: "Refused by the service."})

    monkeypatch.setattr(services, service, refuse)
    login_as(api, user_for, Role.PROGRAMME_OFFICE)
    response = getattr(api, method)(f"/api/stakeholders/{path}", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {field: ["Refused by the service."]}
