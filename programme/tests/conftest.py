import pytest

from accounts.roles import Role
from programme.models import REGIETEAM_CODE, RoleAssignment, Team

from .factories import PersonFactory, TeamFactory


@pytest.fixture
def regieteam(db):
    return TeamFactory(
        code=REGIETEAM_CODE,
        name="Regieteam",
        level=Team.Level.TACTICAL,
        project_type=Team.ProjectType.COURSE_SETTING,
    )


@pytest.fixture
def pin(regieteam):
    """A Regieteam member."""
    person = PersonFactory(name="Mathieu Sueters")
    RoleAssignment.objects.create(team=regieteam, title="Linking pin Team Realisatie", person=person)
    return person


@pytest.fixture
def team(user_for, pin):
    """Team Realisatie-like team whose lead is the TEAM_LEAD test user and whose linking pin is the
    MEETING_MEMBER test user."""
    lead = PersonFactory(name="Geert Kooistra", user=user_for(Role.TEAM_LEAD))
    pin.user = user_for(Role.MEETING_MEMBER)
    pin.save()
    team = TeamFactory(code="realisatie", name="Team Realisatie", lead=lead, linking_pin=pin)
    team.meeting_members.add(lead, pin)
    return team


@pytest.fixture(autouse=True)
def english(request):
    """Assertions on messages are written against the English msgids; the Dutch catalogue has its own test."""
    from django.conf import settings
    from django.utils import translation

    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
