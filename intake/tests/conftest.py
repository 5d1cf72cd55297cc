import pytest

from accounts.roles import Role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads land in a throwaway directory, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def applicant(user_for):
    return user_for(Role.APPLICANT)


@pytest.fixture
def assessor(user_for):
    return user_for(Role.ASSESSOR)


@pytest.fixture
def adviser(user_for):
    return user_for(Role.TRANSITION_AGENDA_ADVISER)


@pytest.fixture
def steering(user_for):
    """A Stuurgroep member: records the decision (and a rejection)."""
    return user_for(Role.STEERING_GROUP_MEMBER)


@pytest.fixture(autouse=True)
def _english(settings):
    """Assertions read the English messages; the Dutch catalogue is checked on its own."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
