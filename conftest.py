"""Fixtures shared by every app's tests."""

import re

import pytest

# What a Python repr looks like inside a message meant for a person: "['...']", "{'field': ...}",
# "ValidationError(...)", "<django.... object at 0x...>".
PYTHON_REPR = re.compile(
    r"\[['\"]|['\"]\]|\{['\"]\w+['\"]:|ValidationError\(|<\w+(\.\w+)+ object at 0x|ErrorDict|ErrorList\("
)


def python_repr_in(text: str) -> bool:
    return bool(PYTHON_REPR.search(text))


@pytest.fixture(autouse=True)
def no_python_repr_reaches_a_person(monkeypatch):
    """Every flash message and every form error any test (browser journeys included) produces is plain text:
    a message that shows a Python repr fails the test that caused it. The fixture's value is the list of
    offending messages seen so far (a test of the guard itself may inspect and clear it)."""
    from django.contrib.messages.storage.base import BaseStorage
    from django.forms.forms import BaseForm

    seen: list[str] = []
    original_add = BaseStorage.add
    original_add_error = BaseForm.add_error

    def add(self, level, message, extra_tags=""):
        if python_repr_in(str(message)):
            seen.append(f"flash message: {message}")
        return original_add(self, level, message, extra_tags)

    def add_error(self, field, error):
        original_add_error(self, field, error)
        for name, errors in self.errors.items():
            for text in errors:
                if python_repr_in(str(text)):
                    seen.append(f"form error on {name}: {text}")

    monkeypatch.setattr(BaseStorage, "add", add)
    monkeypatch.setattr(BaseForm, "add_error", add_error)
    yield seen
    assert seen == [], "a message shows a Python repr to a person"


@pytest.fixture
def user_for(db):
    """user_for(role) -> the test user holding that role (created once per test)."""
    from accounts.testing import make_user

    cache: dict[str, object] = {}

    def get(role: str):
        if role not in cache:
            cache[role] = make_user(role)
        return cache[role]

    return get


@pytest.fixture
def catalogue(db):
    """The reference catalogue, loaded as `regiekamer demo` loads it."""
    from catalogue.loader import catalogue_load

    catalogue_load()


def pytest_configure(config):
    # Property tests: reproducible (the same examples every run) and free of wall-clock deadlines, which are
    # flaky on a loaded two-core CI machine. Examples still cover the edges hypothesis targets first.
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("regiekamer", derandomize=True, deadline=None, print_blob=True)
    hypothesis_settings.load_profile("regiekamer")


def pytest_terminal_summary(terminalreporter):
    """Name the browser journeys that ran, so a CI log shows them (the rest of the run is quiet)."""
    stats = terminalreporter.stats
    journeys = [
        report
        for key in ("passed", "failed", "error")
        for report in stats.get(key, [])
        if getattr(report, "when", "call") == "call" and report.nodeid.startswith("e2e/")
    ]
    if not journeys:
        return
    terminalreporter.section("browser journeys (Playwright, headless Chromium)")
    for report in sorted(journeys, key=lambda r: r.nodeid):
        terminalreporter.write_line(f"{report.outcome.upper():<7} {report.nodeid}")
