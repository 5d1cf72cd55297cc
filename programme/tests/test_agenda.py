"""A steering meeting's agenda (items in order, each may name a project and its gate) and its attendees
(pre-filled with the team's standing KBO members). The portfolio's projects on an agenda are tested in
portfolio/tests/test_agenda.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from programme import services
from programme.models import AgendaItem, SteeringMeeting

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def _post(items: list[dict], **fields) -> dict:
    data = {
        "date": "2024-05-01",
        "agenda_items-TOTAL_FORMS": str(max(len(items), 1)),
        "agenda_items-INITIAL_FORMS": "0",
        **fields,
    }
    for index, item in enumerate(items):
        data.update({f"agenda_items-{index}-{key}": value for key, value in item.items()})
    return data


def test_standing_members_are_ticked_on_a_new_meeting_and_others_can_join(client, user_for, team):
    outsider = PersonFactory(name="Gast van buiten")
    login_as(client, user_for, Role.TEAM_LEAD)
    form = client.get(reverse("programme:meeting-create", args=[team.code])).context["entry"].form
    standing = {team.lead, team.linking_pin}
    assert set(form.initial["standing_attendees"]) == standing
    assert set(form.fields["standing_attendees"].queryset) == standing
    assert outsider in form.fields["other_attendees"].queryset
    assert team.lead not in form.fields["other_attendees"].queryset

    response = client.post(
        reverse("programme:meeting-create", args=[team.code]),
        _post(
            [{"title": "Opening"}, {"title": "Rondvraag", "notes": "Kort"}],
            standing_attendees=[team.lead.pk],
            other_attendees=[outsider.pk],
        ),
    )
    assert response.status_code == 302
    meeting = SteeringMeeting.objects.get(team=team)
    assert set(meeting.attendees.all()) == {team.lead, outsider}
    assert [(i.order, i.title, i.notes) for i in meeting.agenda_items.all()] == [
        (1, "Opening", ""),
        (2, "Rondvraag", "Kort"),
    ]


def test_a_meeting_planned_without_attendees_gets_the_standing_members(user_for, team):
    meeting = services.meeting_create(
        team=team, date=datetime.date(2024, 5, 1), actor=user_for(Role.TEAM_LEAD)
    )
    assert set(meeting.attendees.all()) == {team.lead, team.linking_pin}


def test_an_item_needs_a_title_and_a_problem_names_its_line(client, user_for, team):
    login_as(client, user_for, Role.TEAM_LEAD)
    response = client.post(
        reverse("programme:meeting-create", args=[team.code]),
        _post([{"title": "Opening"}, {"notes": "zonder titel"}]),
    )
    assert response.status_code == 200
    rows = response.context["entry"].formsets["agenda_items"].forms
    assert rows[1].errors["title"] == ["Agenda item 2 needs a title."]
    assert not SteeringMeeting.objects.exists()


def test_an_unknown_subject_is_refused_and_nothing_is_saved(user_for, team):
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            team=team,
            date=datetime.date(2024, 5, 1),
            actor=user_for(Role.TEAM_LEAD),
            agenda_items=[{"title": "x", "subject": PersonFactory(), "gate": ""}],
        )
    assert refused.value.message_dict["agenda_items"] == [
        "Agenda item 1: This cannot be put on a meeting's agenda."
    ]
    assert not SteeringMeeting.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            team=team,
            date=datetime.date(2024, 5, 1),
            actor=user_for(Role.TEAM_LEAD),
            agenda_items=[{"title": "x", "gate": "execution"}],
        )
    assert refused.value.message_dict["agenda_items"] == ["Agenda item 1 names a gate but no project."]


def test_editing_replaces_the_agenda_and_keeps_the_history(user_for, team):
    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(
        team=team, date=datetime.date(2024, 5, 1), actor=lead, agenda_items=[{"title": "Opening"}]
    )
    services.meeting_update(
        meeting=meeting,
        expected_version=meeting.version,
        actor=lead,
        date=meeting.date,
        location="",
        minutes="Besproken.",
        attendees=[],
        agenda_items=[{"title": "Opening"}, {"title": "Portfolio"}],
    )
    assert [i.title for i in meeting.agenda_items.all()] == ["Opening", "Portfolio"]
    assert AgendaItem.history.filter(history_type="-").count() == 1
    assert meeting.agenda_text == "1. Opening\n2. Portfolio"


def test_a_line_added_in_the_browser_offers_the_same_projects_and_gates(client, user_for, team):
    """'Regel toevoegen' copies the agenda's empty row: its choice of project and gate is the rows' choice,
    not an empty list."""
    from portfolio.tests import factories

    factories.project(user_for, team_obj=team, title="Fietsbatterijen")
    login_as(client, user_for, Role.TEAM_LEAD)
    entry = client.get(reverse("programme:meeting-create", args=[team.code])).context["entry"]
    formset = entry.formsets["agenda_items"]
    offered = list(formset.forms[0].fields["subject"].choices)
    assert len(offered) > 1  # "— geen —" and the team's projects with their gates
    assert list(formset.empty_form.fields["subject"].choices) == offered
