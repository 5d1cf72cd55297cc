import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import assert_access, login_as, role_matrix
from programme.models import Decision, SteeringMeeting

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db
MANAGERS = {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.MEETING_MEMBER}


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=set(Role.values)))
def test_teams_readable_by_signed_in(api, user_for, team, role, allowed):
    login_as(api, user_for, role)
    assert_access(api.get(reverse("programme-api:team-list")), allowed=allowed)
    assert_access(api.get(reverse("programme-api:team-detail", args=[team.code])), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_team_update_only_office(api, user_for, team, role, allowed):
    login_as(api, user_for, role)
    response = api.patch(
        reverse("programme-api:team-detail", args=[team.code]),
        {"purpose": "Nieuw doel", "version": team.version},
        format="json",
    )
    assert_access(response, allowed=allowed)
    team.refresh_from_db()
    assert (team.purpose == "Nieuw doel") == allowed


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=PROGRAMME_ROLES))
def test_meetings_people_decisions_readable_by_programme_roles(api, user_for, team, role, allowed):
    MeetingFactory(team=team)
    login_as(api, user_for, role)
    for name in ("meeting-list", "person-list", "decision-list"):
        assert_access(api.get(reverse(f"programme-api:{name}")), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=MANAGERS))
def test_meeting_and_decision_writes(api, user_for, team, role, allowed):
    login_as(api, user_for, role)
    response = api.post(
        reverse("programme-api:meeting-list"), {"team": team.code, "date": "2024-05-01"}, format="json"
    )
    assert_access(response, allowed=allowed)
    meeting = MeetingFactory(team=team)
    response = api.post(
        reverse("programme-api:decision-list"),
        {"meeting": meeting.pk, "kind": "general", "text": "Het KBO stemt in met het jaarplan."},
        format="json",
    )
    assert_access(response, allowed=allowed)
    assert_access(api.post(reverse("programme-api:meeting-close", args=[meeting.pk])), allowed=allowed)
    assert SteeringMeeting.objects.filter(team=team, status="closed").exists() == allowed
    if allowed:
        assert Decision.objects.get(meeting=meeting).text == "Het KBO stemt in met het jaarplan."


def test_decisions_are_append_only_and_closed_meeting_refuses(api, user_for, team):
    api.force_authenticate(user_for(Role.TEAM_LEAD))
    meeting = MeetingFactory(team=team)
    created = api.post(
        reverse("programme-api:decision-list"),
        {"meeting": meeting.pk, "kind": "general", "text": "A"},
        format="json",
    )
    assert created.status_code == 201
    url = reverse("programme-api:decision-detail", args=[created.json()["id"]])
    assert api.patch(url, {"text": "B"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    api.post(reverse("programme-api:meeting-close", args=[meeting.pk]))
    # A closed meeting refuses every write as a conflict with its state (409, as a stale version is).
    response = api.post(
        reverse("programme-api:decision-list"),
        {"meeting": meeting.pk, "kind": "general", "text": "C"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "state_conflict"
    response = api.patch(
        reverse("programme-api:meeting-detail", args=[meeting.pk]),
        {"location": "x", "version": 2},
        format="json",
    )
    assert response.status_code == 409
    assert api.post(reverse("programme-api:meeting-close", args=[meeting.pk])).status_code == 409


def test_unknown_subject_is_refused(api, user_for, team):
    api.force_authenticate(user_for(Role.TEAM_LEAD))
    meeting = MeetingFactory(team=team)
    response = api.post(
        reverse("programme-api:decision-list"),
        {"meeting": meeting.pk, "kind": "general", "text": "A", "subject_key": "project:999999:"},
        format="json",
    )
    assert response.status_code == 400 and "subject_key" in response.json()


@pytest.mark.parametrize(
    "subject", [{"subject_type": "intake.application", "subject_id": 1}, {"subject_key": "application:1:"}]
)
def test_a_decision_cannot_name_or_read_a_record_of_another_app(api, user_for, team, subject):
    """Issue 15, finding 1: the decisions API resolved any model's record and printed its label in the
    decision list. Only what the team's meeting may decide on (its projects, through the registry) can be
    named; an unknown field is not a way around it."""
    from django.contrib.auth import get_user_model

    secret = get_user_model().objects.create_user("geheim-persoon", first_name="Geheime", last_name="Naam")
    api.force_authenticate(user_for(Role.TEAM_LEAD))
    meeting = MeetingFactory(team=team)
    response = api.post(
        reverse("programme-api:decision-list"),
        {"meeting": meeting.pk, "kind": "general", "text": "A", **subject}
        | ({"subject_type": "accounts.user", "subject_id": secret.pk} if "subject_type" in subject else {}),
        format="json",
    )
    assert "Geheime" not in response.content.decode()
    listing = api.get(reverse("programme-api:decision-list")).content.decode()
    assert "Geheime" not in listing and "geheim-persoon" not in listing
    assert all(d.subject is None for d in Decision.objects.filter(meeting=meeting))


def test_a_project_changing_kind_is_refused_by_the_programme_api(api, user_for, team):
    api.force_authenticate(user_for(Role.TEAM_LEAD))
    meeting = MeetingFactory(team=team)
    response = api.post(
        reverse("programme-api:decision-list"),
        {
            "meeting": meeting.pk,
            "kind": "phase_transition",
            "text": "Door",
            "payload": {"target": "execution"},
        },
        format="json",
    )
    assert response.status_code == 400 and "kind" in response.json()
    assert not Decision.objects.filter(meeting=meeting).exists()
