"""The rhythm app in the role matrix: everyone's own start page, inbox and settings; the reporting calendar
for the programme roles; a project's cycle set by the programme office or the team lead of the world's
team."""

import datetime

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from rhythm.models import Kind, Notification

OFFICE = {Role.PROGRAMME_OFFICE}
EVERYONE = set(Role.values)


def build(world: World) -> None:
    world.rhythm_notification = Notification.objects.create(
        kind=Kind.REPORT_DUE_SOON,
        key="matrix",
        recipient=world.users[Role.PROJECT_LEAD],
        params={"project": "matrix", "due": "2026-01-01"},
        link="/rhythm/",
    )


def _obj(name):
    return lambda w: getattr(w, name)


ROUTES = [
    Route("rhythm:my-work"),
    Route("rhythm:inbox", methods=("GET", "POST")),
    Route("rhythm:notification-open", kwargs=lambda w: {"pk": w.rhythm_notification.pk}, methods=("POST",)),
    Route("rhythm:preferences", methods=("GET", "POST"), data=lambda w: {"language": "nl"}),
    Route("rhythm:overdue"),
    Route("rhythm:team-overdue", kwargs=lambda w: {"code": w.team.code}),
    Route("rhythm:calendar"),
    Route(
        "rhythm:cycle-edit",
        kwargs=lambda w: {"number": w.project.number},
        obj=_obj("project"),
        methods=("GET", "POST"),
        data=lambda w: {"months": "3", "starts_on": datetime.date(2026, 1, 1).isoformat()},
    ),
    Route("rhythm:run", methods=("POST",)),
]

EXPECTED = {
    "view_my_work": Expect(EVERYONE),
    "view_inbox": Expect(EVERYONE),
    "manage_preferences": Expect(EVERYONE),
    "view_calendar": Expect(set(PROGRAMME_ROLES)),
    "set_reporting_cycle": Expect(
        {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD},
        obj=_obj("project"),
        foreign=OFFICE,
        foreign_obj=_obj("foreign_project"),
    ),
    "run_schedule": Expect(OFFICE),
}
