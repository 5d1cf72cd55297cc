"""Projects on a steering meeting's agenda (programme.extensions, provided by portfolio/agenda.py): a team's
meeting offers its own active projects, each alone and with the gates on the table (the forward moves of the
Leidraad from the project's phase); another team's project or a gate the project is not at is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import login_as
from portfolio.workflow import leidraad
from programme import services as programme_services
from programme.extensions import agenda_subject_choices

from . import factories

pytestmark = pytest.mark.django_db


def _forward(phase: str) -> list[str]:
    workflow = leidraad()
    return [t.target for t in workflow.transitions if t.source == phase and t.kind == "advance"]


def test_a_team_meeting_offers_its_projects_and_their_next_gates(user_for, team, project):
    other_team = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    foreign = factories.project(user_for, team_obj=other_team, title="Elders")
    keys = dict(agenda_subject_choices(team))
    assert f"project:{project.pk}:" in keys
    gates = [
        key.rsplit(":", 1)[1] for key in keys if key.startswith(f"project:{project.pk}:") and key[-1] != ":"
    ]
    assert gates == _forward(project.phase) and gates
    assert not any(key.startswith(f"project:{foreign.pk}:") for key in keys)
    label = keys[f"project:{project.pk}:{gates[0]}"]
    assert project.number in label and leidraad().state(gates[0]).name_en in label


def test_the_meeting_page_names_the_project_and_the_gate_and_links_to_the_decision(
    client, user_for, team, project
):
    target = _forward(project.phase)[0]
    meeting = programme_services.meeting_create(
        team=team,
        date=datetime.date(2020, 10, 15),
        actor=user_for(Role.TEAM_LEAD),
        agenda_items=[{"title": "Opening"}, {"subject": project, "gate": target}],
    )
    item = meeting.agenda_items.get(order=2)
    assert item.title.startswith(f"{project.number} {project.title}")
    login_as(client, user_for, Role.MEETING_MEMBER)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert leidraad().state(target).name_en in page
    assert f'href="{project.get_absolute_url()}#decide"' in page
    login_as(client, user_for, Role.READER)
    assert "#decide" not in client.get(meeting.get_absolute_url()).content.decode()


def test_another_teams_project_or_a_gate_it_is_not_at_is_refused(user_for, team, project):
    other_team = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    foreign = factories.project(user_for, team_obj=other_team, title="Elders")
    lead = user_for(Role.TEAM_LEAD)
    with pytest.raises(ValidationError) as refused:
        programme_services.meeting_create(
            team=team,
            date=datetime.date(2024, 5, 1),
            actor=lead,
            agenda_items=[{"subject": foreign, "gate": ""}],
        )
    assert refused.value.message_dict["agenda_items"] == [
        f"Agenda item 1: project {foreign.number} belongs to another team."
    ]
    not_next = next(code for code in leidraad().state_codes() if code not in _forward(project.phase))
    with pytest.raises(ValidationError) as refused:
        programme_services.meeting_create(
            team=team,
            date=datetime.date(2024, 5, 1),
            actor=lead,
            agenda_items=[{"subject": project, "gate": not_next}],
        )
    assert "its next gate is not" in refused.value.message_dict["agenda_items"][0]


def test_the_api_takes_and_gives_agenda_items_by_key(user_for, team, project):
    api = APIClient()
    login_as(api, user_for, Role.TEAM_LEAD)
    target = _forward(project.phase)[0]
    key = f"project:{project.pk}:{target}"
    response = api.post(
        reverse("programme-api:meeting-list"),
        {"team": team.code, "date": "2024-05-01", "agenda_items": [{"title": "Poort", "subject": key}]},
        format="json",
    )
    assert response.status_code == 201, response.content
    item = response.json()["agenda_items"][0]
    assert item["subject"] == key and project.number in item["subject_label"]
    refused = api.post(
        reverse("programme-api:meeting-list"),
        {"team": team.code, "date": "2024-05-01", "agenda_items": [{"subject": "intake.application:1:"}]},
        format="json",
    )
    assert refused.status_code == 400
