"""The programme pages ask the database the same number of questions on a small and on a grown data set
(issue 13 item 8): more agenda items, decisions, corrections and attendees on a meeting, more barriers on the
EU agenda, more meetings in a calendar feed and more teams, meetings, roles and tasks add rows, not queries.
Each page is measured once to warm the session, then on the small data, grown, and measured again: an N+1
makes the counts differ."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from catalogue.models import InnovationFunction, ProductCluster
from portfolio.agenda import gates_on_the_table
from portfolio.tests.factories import project as make_project
from programme import services
from programme.models import AgendaItem, RoleAssignment, SteeringMeeting, TeamTask, ZichtlijnEntry
from programme.reference import ensure_horizons

from .factories import MeetingFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _captured(client, url: str, *, method: str = "get", data: dict | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in context.captured_queries]


def _queries(client, url: str, **request) -> int:
    return len(_captured(client, url, **request))


def _small_and_grown(client, url: str, grow, **request) -> tuple[int, int]:
    """The page's query count on the small data and after `grow()`; on a difference the failure names the
    queries the grown data added (the start of each, so that the N+1 is seen at once)."""
    _captured(client, url, **request)  # warm the session and the caches
    small = _captured(client, url, **request)
    grow()
    grown = _captured(client, url, **request)
    added = Counter(q[:160] for q in grown) - Counter(q[:160] for q in small)
    assert len(grown) == len(small), f"{url}: {len(small)} -> {len(grown)} queries; added: {dict(added)}"
    return len(small), len(grown)


# --- a meeting's page: agenda items (with projects and gates), decisions, corrections, attendees ---


@pytest.fixture
def meetings(team, user_for):
    """A meeting of the team between an earlier and a later one, so that its decisions correct decisions
    of the earlier meeting and are corrected by decisions of the later one (the page links both ways)."""
    office = user_for(Role.PROGRAMME_OFFICE)
    earlier, middle, later = (
        services.meeting_create(team=team, date=datetime.date(2021, month, 1), actor=office)
        for month in (1, 2, 3)
    )
    return {"office": office, "earlier": earlier, "middle": middle, "later": later}


def _add_to_meeting(meetings, team, user_for, index: int) -> None:
    """One more agenda item naming a project of the team and its next gate, one more attendee, and one
    more decision about that project that corrects a decision of the earlier meeting and is corrected by
    one of the later meeting."""
    office, meeting = meetings["office"], meetings["middle"]
    project = make_project(user_for, team_obj=team, title=f"Project {index}")
    AgendaItem.objects.create(
        meeting=meeting,
        order=index + 1,
        title=f"{project.number} {project.title}",
        notes=f"Toelichting {index}",
        subject=project,
        gate=gates_on_the_table(project)[0],
    )
    meeting.attendees.add(PersonFactory(name=f"Gast {index}"))
    old = services.decision_record(
        meeting=meetings["earlier"], kind="general", text=f"Eerder {index}", actor=office
    )
    decision = services.decision_record(
        meeting=meeting,
        kind="general",
        text=f"Besluit {index}",
        reasoning=f"Omdat {index}",
        subject=project,
        supersedes=old,
        actor=office,
    )
    services.decision_record(
        meeting=meetings["later"], kind="general", text=f"Later {index}", supersedes=decision, actor=office
    )


@pytest.mark.parametrize("role", [Role.MEETING_MEMBER, Role.PROGRAMME_OFFICE, Role.STEERING_TEAM])
def test_meeting_page_does_not_grow_with_its_agenda_decisions_and_attendees(
    client, user_for, team, meetings, role
):
    _add_to_meeting(meetings, team, user_for, 0)
    client.force_login(user_for(role))
    url = meetings["middle"].get_absolute_url()

    def grow() -> None:
        for index in range(1, 8):
            _add_to_meeting(meetings, team, user_for, index)

    small, grown = _small_and_grown(client, url, grow)
    middle = meetings["middle"]
    assert (middle.agenda_items.count(), middle.decisions.count()) == (8, 8)
    assert grown == small


# --- the register of barriers on the EU agenda ---


def test_eu_barrier_list_does_not_grow_with_the_barriers(client, user_for, catalogue, team):
    office = user_for(Role.PROGRAMME_OFFICE)
    functions = list(InnovationFunction.objects.order_by("code"))
    clusters = [None, *ProductCluster.objects.order_by("pk")]

    def add(index: int) -> None:
        services.eu_barrier_create(
            actor=office,
            title=f"Belemmering {index}",
            description=f"Uitleg {index}",
            innovation_function=functions[index % len(functions)],
            team=team if index % 2 else TeamFactory(linking_pin=team.linking_pin),
            cluster=clusters[index % len(clusters)],
            agenda_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=index),
            forum="EIP Raw Materials",
        )

    add(0)
    client.force_login(user_for(Role.MEETING_MEMBER))
    small, grown = _small_and_grown(
        client, reverse("programme:eu-barrier-list"), lambda: [add(i) for i in range(1, 12)]
    )
    assert grown == small


# --- calendar: the subscription page (a link per team) and a team's feed (an event per meeting) ---


def test_calendar_feed_does_not_grow_with_the_meetings(client, user_for, team):
    lead = user_for(Role.TEAM_LEAD)
    token = services.calendar_feed_issue(actor=user_for(Role.MEETING_MEMBER))
    url = reverse("programme:calendar-feed", args=[token, team.code])

    def add(index: int) -> None:
        services.meeting_create(
            team=team,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=14 * index),
            start_time=datetime.time(10, 0) if index % 2 else None,
            location=f"Zaal {index}",
            agenda_items=[{"title": f"Punt {index}.{n}"} for n in range(3)],
            actor=lead,
        )

    add(0)
    small, grown = _small_and_grown(client, url, lambda: [add(i) for i in range(1, 10)])
    assert grown == small


def test_calendar_subscription_page_does_not_grow_with_the_teams(client, user_for, team):
    client.force_login(user_for(Role.MEETING_MEMBER))
    url = reverse("programme:calendar")

    def grow() -> None:
        for _ in range(8):
            MeetingFactory(team=TeamFactory(linking_pin=team.linking_pin))

    # A POST issues a (new) subscription token and lists a feed address per team.
    small, grown = _small_and_grown(client, url, grow, method="post")
    assert grown == small


# --- the lists the old fixed-maximum test covers (test_views.test_list_pages_query_counts) ---


def _grow_programme(team, pin) -> None:
    """More teams with meetings and members, and on `team` more meetings, roles, tasks and zichtlijn."""
    horizons = list(ensure_horizons().values())
    for index in range(6):
        other = TeamFactory(linking_pin=pin, lead=PersonFactory())
        other.meeting_members.add(pin, PersonFactory())
        MeetingFactory(team=other)
        meeting = MeetingFactory(team=team, date=datetime.date(2022, 1, 1) + datetime.timedelta(days=index))
        meeting.attendees.add(pin)
        horizon = horizons[index % len(horizons)]
        RoleAssignment.objects.create(
            team=team, title=f"Rol {index}", person=PersonFactory(), horizon=horizon, order=index
        )
        TeamTask.objects.create(team=team, text=f"Taak {index}", horizon=horizon, order=index)
        ZichtlijnEntry.objects.create(
            team=team, kind=ZichtlijnEntry.Kind.values[index % 3], text=f"Partij {index}", order=index
        )
        team.meeting_members.add(PersonFactory())


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.READER])
def test_team_and_meeting_lists_do_not_grow(client, user_for, team, pin, role):
    MeetingFactory(team=team)
    client.force_login(user_for(role))
    pages = [reverse("programme:team-list"), reverse("programme:team-detail", args=[team.code])]
    if role != Role.READER:  # meetings are for the programme's own roles
        pages.append(reverse("programme:meeting-list"))

    def counts() -> dict[str, int]:
        measured = {}
        for url in pages:
            _queries(client, url)
            measured[url] = _queries(client, url)
        return measured

    small = counts()
    _grow_programme(team, pin)
    assert SteeringMeeting.objects.count() == 13
    assert counts() == small
