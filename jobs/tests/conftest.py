import pytest
from django.utils import translation

from jobs import registry


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the UI default is Dutch."""
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
