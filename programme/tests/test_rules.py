import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from programme import selectors, services
from programme.models import Decision, SteeringMeeting
from regiekamer.concurrency import EditConflict

from .factories import MeetingFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_team_lead_records_decision_with_sequence_numbers(team, user_for):
    # A decision names what the team's meeting may decide on: one of the team's projects (issue 15, finding
    # 1); the portfolio registers them, so the subject here is a project of the team.
    from portfolio.tests.factories import project as make_project

    lead = user_for(Role.TEAM_LEAD)
    project = make_project(user_for, team_obj=team)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 3, 1), actor=lead)
    first = services.decision_record(meeting=meeting, kind="general", text="Besluit A", actor=lead)
    second = services.decision_record(
        meeting=meeting,
        kind="phase_transition",
        text="Door naar definitie",
        actor=lead,
        subject=project,
        payload={"target": "definition"},
    )
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.subject == project
    assert second.payload == {"target": "definition"}
    assert list(selectors.decisions_about(project)) == [second]


def test_closed_meeting_refuses_decisions_and_edits(team, user_for):
    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 3, 1), actor=lead)
    services.decision_record(meeting=meeting, kind="general", text="A", actor=lead)
    services.meeting_close(meeting=meeting, actor=lead)
    meeting.refresh_from_db()
    assert meeting.status == SteeringMeeting.Status.CLOSED and meeting.closed_by == lead
    with pytest.raises(services.MeetingClosed):
        services.decision_record(meeting=meeting, kind="general", text="B", actor=lead)
    with pytest.raises(services.MeetingClosed):
        services.meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            actor=lead,
            date=meeting.date,
            location="x",
            minutes="",
            attendees=[],
        )
    # not even the programme office
    with pytest.raises(services.MeetingClosed):
        services.meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            actor=user_for(Role.PROGRAMME_OFFICE),
            date=meeting.date,
            location="x",
            minutes="",
            attendees=[],
        )
    with pytest.raises(services.MeetingClosed):
        services.meeting_close(meeting=meeting, actor=lead)
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_correction_is_a_new_decision_referencing_the_old(team, user_for):
    lead = user_for(Role.TEAM_LEAD)
    old_meeting = services.meeting_create(team=team, date=datetime.date(2024, 3, 1), actor=lead)
    old = services.decision_record(meeting=old_meeting, kind="general", text="Budget 80.000", actor=lead)
    services.meeting_close(meeting=old_meeting, actor=lead)
    new_meeting = services.meeting_create(team=team, date=datetime.date(2024, 4, 1), actor=lead)
    fix = services.decision_record(
        meeting=new_meeting, kind="general", text="Budget 100.000", actor=lead, supersedes=old
    )
    assert fix.supersedes == old and list(old.superseded_by.all()) == [fix]
    old.refresh_from_db()
    assert old.text == "Budget 80.000"
    with pytest.raises(ValidationError):  # correct the latest, not an already corrected one
        services.decision_record(
            meeting=new_meeting, kind="general", text="again", actor=lead, supersedes=old
        )


def test_supersede_of_another_teams_decision_is_refused(team, user_for, pin):
    office = user_for(Role.PROGRAMME_OFFICE)
    other = TeamFactory(linking_pin=pin)
    other_meeting = MeetingFactory(team=other)
    foreign = services.decision_record(meeting=other_meeting, kind="general", text="X", actor=office)
    meeting = MeetingFactory(team=team)
    with pytest.raises(ValidationError) as excinfo:
        services.decision_record(meeting=meeting, kind="general", text="Y", actor=office, supersedes=foreign)
    assert "supersedes" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "role", [Role.STEERING_TEAM, Role.PROJECT_LEAD, Role.ASSESSOR, Role.APPLICANT, Role.READER]
)
def test_others_cannot_record_decisions(team, user_for, role):
    meeting = MeetingFactory(team=team)
    with pytest.raises(PermissionDenied):
        services.decision_record(meeting=meeting, kind="general", text="X", actor=user_for(role))


def test_team_lead_of_another_team_cannot_manage_meetings(team, user_for, pin):
    other = TeamFactory(linking_pin=pin)
    with pytest.raises(PermissionDenied):
        services.meeting_create(team=other, date=datetime.date(2024, 1, 1), actor=user_for(Role.TEAM_LEAD))


def test_linking_pin_chairs_and_may_record(team, user_for):
    meeting = MeetingFactory(team=team)
    decision = services.decision_record(
        meeting=meeting, kind="general", text="Agenda vastgesteld", actor=user_for(Role.MEETING_MEMBER)
    )
    assert decision.recorded_by == user_for(Role.MEETING_MEMBER)


def test_unknown_kind_and_empty_text_refused(team, user_for):
    meeting = MeetingFactory(team=team)
    lead = user_for(Role.TEAM_LEAD)
    with pytest.raises(ValidationError):
        services.decision_record(meeting=meeting, kind="veto", text="X", actor=lead)
    with pytest.raises(ValidationError):
        services.decision_record(meeting=meeting, kind="general", text="  ", actor=lead)


def test_meeting_update_is_versioned(team, user_for):
    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 3, 1), actor=lead)
    services.meeting_update(
        meeting=meeting,
        expected_version=1,
        actor=lead,
        date=meeting.date,
        location="Utrecht",
        minutes="m",
        attendees=[team.lead],
    )
    assert meeting.version == 2 and list(meeting.attendees.all()) == [team.lead]
    stale = SteeringMeeting.objects.get(pk=meeting.pk)
    with pytest.raises(EditConflict):
        services.meeting_update(
            meeting=stale,
            expected_version=1,
            actor=lead,
            date=meeting.date,
            location="x",
            minutes="",
            attendees=[],
        )
    assert meeting.history.count() == 2


def test_selectors_for_roles(team, user_for):
    lead, member = user_for(Role.TEAM_LEAD), user_for(Role.MEETING_MEMBER)
    assert selectors.team_for_lead_user(lead) == team
    assert selectors.team_for_lead_user(member) is None
    assert selectors.user_is_team_lead(lead, team) and not selectors.user_is_team_lead(member, team)
    assert selectors.user_is_linking_pin(member, team) and not selectors.user_is_linking_pin(lead, team)
    assert selectors.user_is_meeting_member(member, team) and selectors.user_is_meeting_member(lead, team)
    assert not selectors.user_is_meeting_member(user_for(Role.READER), team)


def test_linking_pin_must_be_regieteam_member(team, user_for):
    outsider = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.team_update(
            team=team,
            expected_version=team.version,
            actor=user_for(Role.PROGRAMME_OFFICE),
            name=team.name,
            purpose="",
            description="",
            project_type="investment",
            lead=team.lead,
            linking_pin=outsider,
            meeting_members=[],
        )
    assert "linking_pin" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.team_update(
            team=team,
            expected_version=team.version,
            actor=user_for(Role.PROGRAMME_OFFICE),
            name=team.name,
            purpose="",
            description="",
            project_type="investment",
            lead=team.lead,
            linking_pin=None,
            meeting_members=[],
        )


def test_team_update_puts_lead_and_pin_in_the_kbo(team, user_for):
    services.team_update(
        team=team,
        expected_version=team.version,
        actor=user_for(Role.PROGRAMME_OFFICE),
        name="Team Realisatie",
        purpose="p",
        description="d",
        project_type="investment",
        lead=team.lead,
        linking_pin=team.linking_pin,
        meeting_members=[],
    )
    assert set(team.meeting_members.all()) == {team.lead, team.linking_pin}


def test_team_update_only_by_programme_office(team, user_for):
    with pytest.raises(PermissionDenied):
        services.team_update(
            team=team,
            expected_version=team.version,
            actor=user_for(Role.TEAM_LEAD),
            name="x",
            purpose="",
            description="",
            project_type="investment",
            lead=team.lead,
            linking_pin=team.linking_pin,
            meeting_members=[],
        )


def test_programme_check_lists_violations(team, regieteam, pin):
    outsider = PersonFactory(name="Outsider")
    bad = TeamFactory(name="Bad team", linking_pin=outsider)
    none = TeamFactory(name="No pin")
    regieteam.linking_pin = pin
    regieteam.save()
    regieteam.meeting_members.add(pin)
    messages = {(v.team.name, v.message) for v in selectors.linking_pin_violations()}
    assert messages == {
        ("Bad team", "linking pin Outsider is not a Regieteam member"),
        ("Bad team", "linking pin Outsider is not a member of the steering meeting"),
        ("No pin", "has no linking pin"),
    }
    assert bad and none


def test_a_standing_kbo_member_records_decisions_but_does_not_run_the_meeting(team):
    """§4.3/Bijlage 6: the KBO decides. A member who is neither teamtrekker nor linking pin may record a
    decision, but may not edit or close the meeting."""
    from accounts.testing import make_user

    member_user = make_user(Role.MEETING_MEMBER, username="koersbepaler")
    member = PersonFactory(name="Koersbepaler FME", user=member_user)
    team.meeting_members.add(member)
    meeting = MeetingFactory(team=team)

    decision = services.decision_record(meeting=meeting, kind="general", text="Akkoord", actor=member_user)

    assert decision.recorded_by == member_user
    with pytest.raises(PermissionDenied):
        services.meeting_close(meeting=meeting, actor=member_user)


def test_a_meeting_member_of_another_team_cannot_record_decisions(team, user_for, pin):
    from accounts.testing import make_user

    outsider = make_user(Role.MEETING_MEMBER, username="elders")
    other = TeamFactory(linking_pin=pin)
    other.meeting_members.add(PersonFactory(name="Elders", user=outsider))
    meeting = MeetingFactory(team=team)

    with pytest.raises(PermissionDenied):
        services.decision_record(meeting=meeting, kind="general", text="X", actor=outsider)


def test_a_meeting_dated_in_the_future_takes_no_decisions_yet(team, user_for):
    from django.utils import timezone

    lead = user_for(Role.TEAM_LEAD)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = services.meeting_create(team=team, date=tomorrow, actor=lead)
    with pytest.raises(ValidationError, match="has not taken place yet"):
        services.decision_record(meeting=meeting, kind="general", text="Besluit", actor=lead)
    assert not meeting.decisions.exists()


@pytest.mark.parametrize("kind", ["phase_transition", "pause", "stop", "reopen"])
def test_a_decision_about_a_project_needs_its_subject(team, user_for, kind):
    """A 'phase transition' without a project moves nothing: it is refused, not stored."""
    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 3, 1), actor=lead)
    with pytest.raises(ValidationError) as error:
        services.decision_record(meeting=meeting, kind=kind, text="Door naar uitvoering", actor=lead)
    assert "kind" in error.value.message_dict
    assert not meeting.decisions.exists()


def test_the_meeting_page_offers_only_the_kinds_it_can_record_and_preselects_none(team, user_for, client):
    from django.urls import reverse

    lead = user_for(Role.TEAM_LEAD)
    meeting = services.meeting_create(team=team, date=datetime.date(2024, 3, 1), actor=lead)
    client.force_login(lead)
    form = client.get(reverse("programme:meeting-detail", args=[meeting.pk])).context["decision_form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["", "general", "other"]
    assert form["kind"].value() in (None, "")


@pytest.mark.parametrize("page", ["programme:meeting-list", "programme:team-detail"])
def test_meetings_are_listed_upcoming_first_then_the_latest_past(team, user_for, client, page):
    """The programme's meeting list and the team page both put the next meeting on top, not the last."""
    import time_machine
    from django.urls import reverse

    lead = user_for(Role.TEAM_LEAD)
    dates = [
        datetime.date(2024, 5, 1),
        datetime.date(2024, 7, 1),
        datetime.date(2024, 6, 1),
        datetime.date(2024, 3, 1),
        datetime.date(2024, 9, 1),
    ]
    for day in dates:
        services.meeting_create(team=team, date=day, actor=lead)
    client.force_login(lead)
    url = reverse(page, args=[team.code] if page == "programme:team-detail" else [])
    with time_machine.travel(datetime.datetime(2024, 6, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        listed = [m.date for m in client.get(url).context["meetings"]]
    assert listed == [
        datetime.date(2024, 6, 1),
        datetime.date(2024, 7, 1),
        datetime.date(2024, 9, 1),
        datetime.date(2024, 5, 1),
        datetime.date(2024, 3, 1),
    ]
