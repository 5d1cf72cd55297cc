import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import assert_access, login_as, role_matrix
from programme import services
from programme.models import Decision, SteeringMeeting

from .factories import MeetingFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db
EVERYONE = set(Role.values)
MANAGERS = {
    Role.PROGRAMME_OFFICE,
    Role.TEAM_LEAD,
    Role.MEETING_MEMBER,
}  # office, the team's lead, its linking pin


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EVERYONE))
def test_team_pages_readable_by_every_signed_in_role(client, user_for, team, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("programme:team-list")), allowed=allowed)
    assert_access(client.get(reverse("programme:team-detail", args=[team.code])), allowed=allowed)
    assert_access(client.get(reverse("programme:team-history", args=[team.code])), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_team_edit_only_programme_office(client, user_for, team, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("programme:team-edit", args=[team.code])), allowed=allowed)
    response = client.post(
        reverse("programme:team-structure-add", args=[team.code, "task"]),
        {"task-text": "Nieuwe taak", "task-heading": ""},
    )
    assert_access(response, allowed=allowed)
    assert team.tasks.filter(text="Nieuwe taak").exists() == allowed
    assert_access(client.get(reverse("programme:person-create")), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=PROGRAMME_ROLES))
def test_meeting_pages_for_programme_roles(client, user_for, team, role, allowed):
    meeting = MeetingFactory(team=team)
    login_as(client, user_for, role)
    assert_access(client.get(reverse("programme:meeting-list")), allowed=allowed)
    assert_access(client.get(meeting.get_absolute_url()), allowed=allowed)
    assert_access(client.get(reverse("programme:meeting-history", args=[meeting.pk])), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=MANAGERS))
def test_meeting_create_and_decision_for_lead_pin_and_office(client, user_for, team, role, allowed):
    login_as(client, user_for, role)
    response = client.post(
        reverse("programme:meeting-create", args=[team.code]),
        {
            "date": "2024-05-01",
            "location": "Utrecht",
            "agenda_items-TOTAL_FORMS": "1",
            "agenda_items-INITIAL_FORMS": "0",
            "agenda_items-0-title": "Opening",
        },
    )
    assert_access(response, allowed=allowed)
    assert SteeringMeeting.objects.filter(team=team, location="Utrecht").exists() == allowed
    meeting = MeetingFactory(team=team)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        {"kind": "general", "text": "Besluit", "reasoning": ""},
    )
    assert_access(response, allowed=allowed)
    assert Decision.objects.filter(meeting=meeting).count() == (1 if allowed else 0)
    response = client.post(reverse("programme:meeting-close", args=[meeting.pk]))
    assert_access(response, allowed=allowed)
    meeting.refresh_from_db()
    assert meeting.is_closed == allowed


def test_lead_of_another_team_is_refused(client, user_for, team, pin):
    other = TeamFactory(linking_pin=pin)
    login_as(client, user_for, Role.TEAM_LEAD)
    assert client.get(reverse("programme:meeting-create", args=[other.code])).status_code == 403


def test_closed_meeting_page_has_no_forms_and_edit_is_refused(client, user_for, team):
    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 1, 1), actor=lead)
    services.decision_record(meeting=meeting, kind="general", text="Vastgesteld", actor=lead)
    services.meeting_close(meeting=meeting, actor=lead)
    client.force_login(lead)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Vastgesteld" in page and 'data-testid="decision-form"' not in page
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]), {"kind": "general", "text": "Later"}
    )
    assert response.status_code == 400
    assert Decision.objects.filter(meeting=meeting).count() == 1
    response = client.post(
        reverse("programme:meeting-edit", args=[meeting.pk]),
        {
            "date": "2024-01-02",
            "version": meeting.version,
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2024, 1, 1)


def test_team_edit_refuses_linking_pin_outside_regieteam(client, user_for, team):
    outsider = PersonFactory(name="Buitenstaander")
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    response = client.post(
        reverse("programme:team-edit", args=[team.code]),
        {
            "name": team.name,
            "project_type": "investment",
            "lead": team.lead.pk,
            "linking_pin": outsider.pk,
            "version": team.version,
        },
    )
    assert response.status_code == 200
    assert "Buitenstaander is not a member of the Regieteam" in response.content.decode()


def test_team_edit_stale_version_is_a_conflict(client, user_for, team):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    data = {
        "name": "Team R",
        "project_type": "investment",
        "lead": team.lead.pk,
        "linking_pin": team.linking_pin.pk,
        "version": team.version,
    }
    assert client.post(reverse("programme:team-edit", args=[team.code]), data).status_code == 302
    response = client.post(
        reverse("programme:team-edit", args=[team.code]),
        {**data, "name": "Team S"},
    )
    assert response.status_code == 200 and "changed by someone else" in response.content.decode()


def test_list_pages_query_counts(client, user_for, team, pin, django_assert_max_num_queries):
    for _ in range(5):
        other = TeamFactory(linking_pin=pin)
        MeetingFactory(team=other)
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programme:team-list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("programme:meeting-list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("programme:team-detail", args=[team.code])).status_code == 200


def test_pages_speak_dutch_by_default(client, user_for, team):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("programme:team-detail", args=[team.code])).content.decode()
    assert "Taken per beslishorizon" in page and "Individuele rollen per beslishorizon" in page
    assert "investeringsprojecten" in page


def test_team_history_lists_removed_roles_and_tasks_with_who_removed_them(client, user_for, team):
    office = user_for(Role.PROGRAMME_OFFICE)
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    client.post(
        reverse("programme:team-structure-add", args=[team.code, "task"]),
        {"task-text": "Tijdelijke taak", "task-heading": ""},
    )
    task = team.tasks.get(text="Tijdelijke taak")
    client.post(reverse("programme:team-structure-delete", args=[team.code, "task", task.pk]))
    assert not team.tasks.filter(text="Tijdelijke taak").exists()

    def rows_as(role):
        login_as(client, user_for, role)
        page = client.get(reverse("programme:team-history", args=[team.code])).content.decode()
        structure = page.split('data-testid="structure-history"')[1]
        return [row for row in structure.split("<tr") if "Tijdelijke taak" in row]

    rows = rows_as(Role.TEAM_LEAD)
    assert len(rows) == 2  # added, then removed: the removal stays visible
    assert "Deleted" in rows[0] and "Created" in rows[1]
    assert all(str(office) in row for row in rows)
    # A reader sees what changed and when, not who (a name of the programme's staff is personal data).
    rows = rows_as(Role.READER)
    assert len(rows) == 2
    assert all(str(office) not in row and "name not shown" in row for row in rows)


def test_a_double_clicked_decision_is_recorded_once(client, user_for, team):
    """Issue 15, finding 10: the decision form carries a one-time token; the same submit twice is one
    decision, and the second answer says it was already recorded (the web form and the API alike)."""
    import re

    from django.contrib.messages import get_messages
    from rest_framework.test import APIClient

    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 1, 1), actor=lead)
    client.force_login(lead)
    page = client.get(meeting.get_absolute_url()).content.decode()
    token = re.search(r'name="submission_token" value="([0-9a-f]+)"', page).group(1)
    data = {"kind": "general", "text": "Het KBO stemt in met het jaarplan.", "submission_token": token}
    url = reverse("programme:decision-create", args=[meeting.pk])
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302
    assert Decision.objects.filter(meeting=meeting).count() == 1
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        "This was already recorded: the same form was sent twice, and it was stored once."
    )
    api = APIClient()
    api.force_authenticate(lead)
    body = {"meeting": meeting.pk, "kind": "general", "text": "Tweede besluit"}
    headers = {"Idempotency-Key": "kbo-2024-01-01-besluit-2"}
    assert api.post("/api/programme/decisions/", body, format="json", headers=headers).status_code == 201
    repeated = api.post("/api/programme/decisions/", body, format="json", headers=headers)
    assert repeated.status_code == 409 and repeated.json()["code"] == "duplicate_submission"
    assert Decision.objects.filter(meeting=meeting).count() == 2
