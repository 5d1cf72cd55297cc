"""Catalogue API: every list readable at /api/catalogue/<list>/ by every role (session or token), paginated,
filterable and searchable, and described in /api/schema/."""

import pytest
import yaml
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.authorization import system_actor
from accounts.models import ApiToken
from accounts.roles import Role
from accounts.testing import login_as
from catalogue.registry import LISTS

pytestmark = pytest.mark.django_db


# Every role reads every list and entry, anonymous requests are refused: the role matrix
# (catalogue/tests/matrix.py) asks each endpoint as each role.


def test_a_token_reads_the_api(user_for, catalogue):
    api = APIClient()
    _token, key = ApiToken.objects.create(user=user_for(Role.APPLICANT))
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get("/api/catalogue/provinces/")

    assert response.status_code == 200
    assert response.json()["count"] == 12


def test_nobody_writes_through_the_api(client, user_for, catalogue):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)

    response = client.post("/api/catalogue/provinces/", {"code": "XX", "name": "Nergens"})

    assert response.status_code == 405


@pytest.fixture
def api(client, user_for, catalogue):
    login_as(client, user_for, Role.READER)
    return client


@pytest.mark.parametrize("entry", LISTS, ids=lambda entry: entry.name)
def test_every_list_is_paginated_with_all_its_entries(api, entry):
    body = api.get(f"/api/catalogue/{entry.name}/").json()

    assert body["count"] == entry.entries().count()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"][0]["source_section"]


def test_pages_of_fifty(api):
    from catalogue.services import sbi_resolve

    for division in [*range(10, 34), 41, 42, 43]:
        # 38 loaded + 12 missing divisions of C + 3 of F = 53
        sbi_resolve(str(division), actor=system_actor())

    body = api.get("/api/catalogue/sbi/").json()

    assert (body["count"], len(body["results"])) == (53, 50)
    assert body["next"]


def test_filter_and_search(api):
    divisions = api.get("/api/catalogue/sbi/", {"level": 2, "in_manufacturing_scope": "true"}).json()
    found = api.get("/api/catalogue/critical-raw-materials/", {"search": "fosforerts"}).json()
    programme = api.get("/api/catalogue/critical-raw-materials/", {"programme_named": "true"}).json()

    assert divisions["count"] == 13
    assert [r["name"] for r in found["results"]] == ["Phosphate rock"]
    assert sorted(r["symbol"] for r in programme["results"]) == ["Al", "Mg", "P", "Sb", "Ti"]


def test_sbi_entries_carry_their_display_code_and_materials_their_strategic_entries(api):
    sbi = api.get("/api/catalogue/sbi/", {"search": "Vervaardiging van auto's"}).json()["results"]
    lree = api.get("/api/catalogue/critical-raw-materials/", {"search": "Light rare"}).json()["results"][0]

    assert {r["display_code"] for r in sbi} >= {"29", "29.1"}
    assert len(lree["strategic_entries"]) == 1


def test_the_detail_endpoint(api):
    from catalogue.models import Horizon

    horizon = Horizon.objects.get(code="0-10y")

    body = api.get(f"/api/catalogue/horizons/{horizon.pk}/").json()

    assert (body["label"], body["granularity"], body["landscape"]) == ("0-10 jr", "sbi2", "intervention")


def test_every_list_is_in_the_schema(api):
    response = api.get(reverse("api-schema"))

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    for entry in LISTS:
        assert f"/api/catalogue/{entry.name}/" in schema["paths"], entry.name
        assert f"/api/catalogue/{entry.name}/{{id}}/" in schema["paths"], entry.name
        operation = schema["paths"][f"/api/catalogue/{entry.name}/"]["get"]
        parameters = {parameter["name"] for parameter in operation["parameters"]}
        assert {"page", "search"} <= parameters
        assert set(entry.filter_fields) <= parameters
        assert "post" not in schema["paths"][f"/api/catalogue/{entry.name}/"]


def test_the_schema_generates_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    validate_schema(schema)

    catalogue_warnings = [w for w in GENERATOR_STATS._warn_cache if "catalogue" in str(w).lower()]
    assert catalogue_warnings == []
