"""The programme app in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the
access rules as agreed (§4.2-§4.3, Bijlage 6 and 9)."""

import datetime

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from catalogue.models import InnovationFunction
from programme import services
from programme.models import REGIETEAM_CODE, CalendarFeed, Decision, EuBarrier, RoleAssignment, Team

from .factories import MeetingFactory, PersonFactory, TeamFactory

EVERYONE = set(Role.values)
OFFICE = {Role.PROGRAMME_OFFICE}
# On the world's team: the office, its teamtrekker (TEAM_LEAD user) and its linking pin (MEETING_MEMBER user).
RUNS_MEETINGS = {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.MEETING_MEMBER}


def build(world: World) -> None:
    regieteam = TeamFactory(
        code=REGIETEAM_CODE,
        name="Regieteam",
        level=Team.Level.TACTICAL,
        project_type=Team.ProjectType.COURSE_SETTING,
    )
    lead = PersonFactory(name="Geert Kooistra", user=world.users[Role.TEAM_LEAD])
    pin = PersonFactory(name="Mathieu Sueters", user=world.users[Role.MEETING_MEMBER])
    RoleAssignment.objects.create(team=regieteam, title="Linking pin Team Realisatie", person=pin)
    world.team = TeamFactory(code="realisatie", name="Team Realisatie", lead=lead, linking_pin=pin)
    world.team.meeting_members.add(lead, pin)
    other_pin = PersonFactory(name="Fried Kaanen")
    RoleAssignment.objects.create(team=regieteam, title="Linking pin Team Verbreding", person=other_pin)
    world.foreign_team = TeamFactory(code="verbreding", name="Team Verbreding", linking_pin=other_pin)
    world.meeting = MeetingFactory(team=world.team, date=datetime.date(2020, 10, 15))
    world.foreign_meeting = MeetingFactory(team=world.foreign_team, date=datetime.date(2020, 10, 16))
    world.decision = Decision.objects.create(
        meeting=world.meeting,
        sequence=1,
        kind=Decision.Kind.OTHER,
        text="Besluit",
        recorded_by=world.users[Role.PROGRAMME_OFFICE],
    )
    world.role_assignment = RoleAssignment.objects.create(team=world.team, title="Secretaris")
    world.person = lead
    world.calendar_token_member = services.calendar_feed_issue(actor=world.users[Role.MEETING_MEMBER])
    reader = world.users[Role.READER]
    world.calendar_token_reader = "reader-token"
    CalendarFeed.objects.create(user=reader, token_hash=CalendarFeed.hash_of("reader-token"))
    function = InnovationFunction.objects.order_by("pk").first()  # the catalogue app loaded it
    world.eu_barrier = EuBarrier.objects.create(
        title="Barrière",
        innovation_function=function,
        team=world.team,
        agenda_date=datetime.date(2020, 6, 1),
        forum="Raad",
    )


def _team(world):
    return {"code": world.team.code}


def _meeting(world):
    return {"pk": world.meeting.pk}


ROUTES = [
    Route("programme:team-list"),
    Route("programme:person-create", methods=("GET", "POST")),
    Route("programme:team-detail", kwargs=_team),
    Route("programme:team-edit", kwargs=_team, methods=("GET", "POST")),
    Route("programme:team-history", kwargs=_team),
    Route(
        "programme:team-structure-add",
        kwargs=lambda w: {"code": w.team.code, "what": "task"},
        methods=("POST",),
        data=lambda w: {"task-text": "Nieuwe taak"},
    ),
    Route(
        "programme:team-structure-delete",
        kwargs=lambda w: {"code": w.team.code, "what": "role", "pk": w.role_assignment.pk},
        methods=("POST",),
    ),
    Route("programme:meeting-create", kwargs=_team, obj=lambda w: w.team, methods=("GET", "POST")),
    Route("programme:meeting-list"),
    Route("programme:meeting-detail", kwargs=_meeting),
    Route("programme:meeting-edit", kwargs=_meeting, obj=lambda w: w.meeting, methods=("GET", "POST")),
    Route("programme:meeting-close", kwargs=_meeting, obj=lambda w: w.meeting, methods=("POST",)),
    Route("programme:decision-create", kwargs=_meeting, obj=lambda w: w.meeting, methods=("POST",)),
    Route("programme:meeting-history", kwargs=_meeting),
    Route("programme:decision-history", kwargs=lambda w: {"pk": w.decision.pk}),
    Route("programme:decision-list"),
    Route("programme:decision-export", query="team=realisatie"),
    Route("programme:decision-export-csv"),
    Route("programme:calendar", methods=("GET", "POST")),
    Route(
        "programme:calendar-feed",
        kwargs=lambda w: {"token": w.calendar_token_member, "code": w.team.code},
        as_user=lambda w: w.users[Role.MEETING_MEMBER],
    ),
    Route(
        "programme:calendar-feed",
        kwargs=lambda w: {"token": w.calendar_token_reader, "code": w.team.code},
        as_user=lambda w: w.users[Role.READER],
    ),
    Route("programme:eu-barrier-list"),
    Route("programme:eu-barrier-create", methods=("GET", "POST")),
    # API
    Route("programme-api:team-list"),
    Route(
        "programme-api:team-detail",
        kwargs=_team,
        obj=lambda w: w.team,
        methods=("GET", "PATCH"),
        data=lambda w: {"version": w.team.version, "purpose": "Nieuw doel"},
    ),
    Route("programme-api:person-list"),
    Route("programme-api:person-detail", kwargs=lambda w: {"pk": w.person.pk}),
    Route("programme-api:meeting-list", methods=("GET", "POST")),
    Route(
        "programme-api:meeting-detail",
        kwargs=_meeting,
        obj=lambda w: w.meeting,
        methods=("GET", "PATCH"),
        data=lambda w: {"version": w.meeting.version, "location": "Utrecht"},
    ),
    Route("programme-api:meeting-close", kwargs=_meeting, obj=lambda w: w.meeting, methods=("POST",)),
    Route("programme-api:decision-list", methods=("GET", "POST")),
    Route("programme-api:decision-detail", kwargs=lambda w: {"pk": w.decision.pk}),
]

EXPECTED = {
    "view_team": Expect(EVERYONE),
    "edit_structure": Expect(OFFICE),
    "view_meetings": Expect(PROGRAMME_ROLES),
    "subscribe_calendar": Expect(PROGRAMME_ROLES),
    "view_people": Expect(PROGRAMME_ROLES),
    "manage_meetings": Expect(
        RUNS_MEETINGS,
        obj=lambda w: w.meeting,
        foreign=OFFICE,
        foreign_obj=lambda w: w.foreign_meeting,
    ),
    "record_decision": Expect(
        RUNS_MEETINGS,
        obj=lambda w: w.meeting,
        foreign=OFFICE,
        foreign_obj=lambda w: w.foreign_meeting,
    ),
    "view_eu_barriers": Expect(PROGRAMME_ROLES),
    "register_eu_barrier": Expect(
        {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD},
        obj=lambda w: w.team,
        foreign=OFFICE,
        foreign_obj=lambda w: w.foreign_team,
    ),
}
