import pytest
from django.utils import translation

from accounts.roles import Role


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the UI default is Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _sources(request):
    """The Bijlage 4 sources as migration 0002 creates them: a browser test's flush removes migration data."""
    names = set(request.fixturenames)
    if not (request.node.get_closest_marker("django_db") or names & {"db", "transactional_db"}):
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    from stakeholders.services import sources_ensure

    sources_ensure()


@pytest.fixture
def office(user_for):
    """The programme office, who imports and categorises."""
    return user_for(Role.PROGRAMME_OFFICE)
