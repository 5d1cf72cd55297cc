import pytest

from portfolio.tests import factories as portfolio_factories


@pytest.fixture
def team(db, user_for):
    return portfolio_factories.team(user_for)


@pytest.fixture
def project(db, user_for, team):
    return portfolio_factories.project(user_for, team_obj=team)


@pytest.fixture(autouse=True)
def english(client):
    """Assertions name the English msgids; the Dutch catalogue is tested separately."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded images and hub documents go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
