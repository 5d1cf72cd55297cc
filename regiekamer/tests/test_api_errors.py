"""The API's answers to bad input and to conflicts (issue 15, finding 9): never a server error, always a 4xx
with a JSON body the schema documents; every conflict a 409.

* a missing field is a 400 naming it (a PATCH without `version` was a KeyError, a target without `value` a
  TypeError);
* an integer filter beyond what the database holds is a 400 naming the filter (SQLite's driver raised
  OverflowError on ``?agendas=99999999999999999999``);
* a stale `version` is a 409 `edit_conflict` on every versioned resource, a write a closed record refuses a
  409 `state_conflict`;
* an unknown URL under /api/ answers JSON, and a `?page=` that names no page is refused.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from intake.tests.factories import ConsortiumFactory, make_application, product_group
from programme.models import REGIETEAM_CODE, RoleAssignment, Team
from programme.tests.factories import MeetingFactory, PersonFactory, TeamFactory
from roadmap.models import Target
from roadmap.tests.factories import IndicatorFactory
from stakeholders.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"  # above 2**63 - 1: no integer column of SQLite or PostgreSQL holds it


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def team(db):
    """A team whose linking pin sits in the Regieteam (so the team validates as it is)."""
    regieteam = TeamFactory(code=REGIETEAM_CODE, name="Regieteam", level=Team.Level.TACTICAL)
    pin = PersonFactory(name="Pin")
    RoleAssignment.objects.create(team=regieteam, title="Linking pin Team Realisatie", person=pin)
    return TeamFactory(code="realisatie", name="Team Realisatie", linking_pin=pin)


def as_role(api, user_for, role):
    user = user_for(role)
    api.force_authenticate(user)
    return user


def test_team_patch_without_version_is_a_400_naming_it(api, user_for, team):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    response = api.patch(reverse("programme-api:team-detail", args=[team.code]), {"name": "X"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"version"}


def test_meeting_patch_without_version_is_a_400_naming_it(api, user_for, team):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    meeting = MeetingFactory(team=team)
    response = api.patch(
        reverse("programme-api:meeting-detail", args=[meeting.pk]), {"location": "X"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"version"}


def test_a_meeting_patch_with_partial_agenda_items_is_saved(api, user_for, team):
    """A PATCH makes nested agenda items partial too: an item without `subject` was a KeyError (500)."""
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    meeting = MeetingFactory(team=team)
    response = api.patch(
        reverse("programme-api:meeting-detail", args=[meeting.pk]),
        {"version": meeting.version, "agenda_items": [{"title": "Opening"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [item["title"] for item in response.json()["agenda_items"]] == ["Opening"]


def test_target_without_value_is_a_400_naming_it(api, user_for):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    indicator = IndicatorFactory(code="co2")
    response = api.post(
        reverse("roadmap-api:target-list"),
        {"indicator": indicator.code, "by_date": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"value"}


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [
        # many-to-many key (the finding: OverflowError on SQLite)
        ("catalogue-api:npce-product-groups-list", "agendas"),
        # an integer column
        ("catalogue-api:sbi-list", "level"),
        # a foreign key
        ("stakeholders-api:person-list", "organisation"),
        ("programme-api:decision-list", "meeting"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}"])
def test_an_integer_filter_beyond_the_database_range_is_a_400(api, user_for, url_name, parameter, value):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    product_group()
    response = api.get(reverse(url_name), {parameter: value})
    assert response.status_code == 400
    assert set(response.json()) == {parameter}


def _stale_writes(user_for, team):
    """(url, body) of a write to each versioned resource, naming a version older than the stored one."""
    from roadmap import services as roadmap_services

    indicator = IndicatorFactory(code="co2")
    target = roadmap_services.target_create(
        actor=user_for(Role.PROGRAMME_OFFICE),
        indicator=indicator,
        value=Decimal(1),
        by_date=datetime.date(2025, 1, 1),
    )
    Target.objects.filter(pk=target.pk).update(version=3)
    organisation = OrganisationFactory(name="Arrosso")
    type(organisation).objects.filter(pk=organisation.pk).update(version=3)
    meeting = MeetingFactory(team=team)
    type(meeting).objects.filter(pk=meeting.pk).update(version=3)
    type(team).objects.filter(pk=team.pk).update(version=3)
    return {
        "team": (reverse("programme-api:team-detail", args=[team.code]), {"name": "X", "version": 2}),
        "meeting": (
            reverse("programme-api:meeting-detail", args=[meeting.pk]),
            {"location": "X", "version": 2},
        ),
        "target": (
            reverse("roadmap-api:target-detail", args=[target.pk]),
            {"value": "2", "reason": "Herijking", "version": 2},
        ),
        "organisation": (
            reverse("stakeholders-api:organisation-detail", args=[organisation.pk]),
            {"name": "Arrosso B.V.", "version": 2},
        ),
    }


@pytest.mark.parametrize("resource", ["team", "meeting", "target", "organisation"])
def test_a_stale_version_is_a_409_on_every_resource(api, user_for, team, resource):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    url, body = _stale_writes(user_for, team)[resource]
    response = api.patch(url, body, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "edit_conflict"
    assert response.json()["current_version"] == 3


def test_a_stale_application_draft_is_a_409(api, user_for):
    member = as_role(api, user_for, Role.APPLICANT)
    consortium = ConsortiumFactory(members=[member])
    application = make_application(member=member, consortium=consortium, group=product_group())
    type(application).objects.filter(pk=application.pk).update(version=application.version + 1)
    response = api.patch(
        reverse("intake-api:application-detail", args=[application.pk]),
        {"title": "Ander plan", "version": application.version},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "edit_conflict"


def test_an_unknown_api_url_answers_json(api, user_for):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    response = api.get("/api/programme/teams/no/such/thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert "<html" in api.get("/programme/no/such/page/").content.decode()


@pytest.mark.parametrize("page", ["", "x", "0", HUGE])
def test_a_page_that_names_no_page_is_refused(api, user_for, team, page):
    as_role(api, user_for, Role.PROGRAMME_OFFICE)
    response = api.get(reverse("programme-api:team-list"), {"page": page})
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert api.get(reverse("programme-api:team-list"), {"page": "1"}).status_code == 200
