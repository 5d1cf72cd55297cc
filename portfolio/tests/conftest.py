import pytest

from . import factories


@pytest.fixture
def team(db, user_for):
    return factories.team(user_for)


@pytest.fixture
def project(db, user_for, team):
    return factories.project(user_for, team_obj=team)


@pytest.fixture
def meeting(team):
    return factories.meeting(team)


@pytest.fixture(autouse=True)
def english(client):
    """Assertions name the English msgids; the Dutch catalogue is tested separately."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the UI is Dutch unless the switch chose English
    with translation.override("en"):
        yield
