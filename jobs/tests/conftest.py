import pytest
from django.utils import translation

from jobs import registry


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the msgids); the UI default is Dutch."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the UI is Dutch unless the switch chose English
    with translation.override("en"):
        yield


@pytest.fixture
def kinds(monkeypatch):
    """The registry of job kinds, restored after the test; `kinds.add(name, run)` registers a test kind."""
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))

    class Kinds:
        @staticmethod
        def add(name, run, label="Test job"):
            registry.register_kind(name, label=label, run=run)

    return Kinds
