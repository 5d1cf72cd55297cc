import io

import pytest

from accounts import demo as accounts_demo
from programme import demo, selectors
from programme.models import Decision, Person, RoleAssignment, SteeringMeeting, Team, TeamTask, ZichtlijnEntry

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)


def test_demo_loads_the_seven_teams_idempotently():
    _load()
    counts = (
        Team.objects.count(),
        Person.objects.count(),
        RoleAssignment.objects.count(),
        TeamTask.objects.count(),
        ZichtlijnEntry.objects.count(),
        SteeringMeeting.objects.count(),
        Decision.objects.count(),
    )
    _load()
    assert counts == (
        Team.objects.count(),
        Person.objects.count(),
        RoleAssignment.objects.count(),
        TeamTask.objects.count(),
        ZichtlijnEntry.objects.count(),
        SteeringMeeting.objects.count(),
        Decision.objects.count(),
    )
    assert list(Team.objects.values_list("name", flat=True)) == [
        "KIA-CM Team",
        "Regieteam",
        "NL Strategisch Platform",
        "Team Realisatie",
        "Team Kennisintegratie",
        "Team Verbreding",
        "Ondersteuningsteam",
    ]
    # §5.1: nine Regieteam roles; §5.4: 4 + 5 + 9 + 10 + 1 = 29 rows for Team Realisatie (one per person,
    # unfilled roles included)
    assert RoleAssignment.objects.filter(team__code="regieteam").count() == 9
    assert RoleAssignment.objects.filter(team__code="realisatie").count() == 29
    assert counts[5:] == (2, 1)


def test_demo_linking_pins_satisfy_the_rule():
    _load()
    assert selectors.linking_pin_violations() == []
    pins = dict(Team.objects.values_list("code", "linking_pin__name"))
    assert pins == {
        "kia-cm": "Ardi Dortmans",
        "regieteam": "Fried Kaanen",
        "nsp": "Harald Tepper",
        "realisatie": "Mathieu Sueters",
        "kennisintegratie": "Cock Pietersen",
        "verbreding": "Dimitrie Morrison",
        "ondersteuningsteam": "Leon Wolthers",
    }


def test_demo_users_are_linked():
    _load()
    realisatie = Team.objects.get(code="realisatie")
    assert realisatie.lead.user.username == "teamtrekker"
    assert realisatie.linking_pin.user.username == "kbo-lid"
    assert realisatie.get_project_type_display() == "investment projects"
    assert (
        realisatie.zichtlijn.filter(kind="key_player").get().text
        == "Financiers (banken, filantropen, ROM's)."
    )


def test_demo_meeting_is_closed_with_its_decision():
    _load()
    meeting = SteeringMeeting.objects.get(date="2020-10-15")
    assert meeting.is_closed and meeting.team.code == "realisatie"
    assert meeting.decisions.get().sequence == 1
