"""Fixtures shared by every app's tests."""

import pytest


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
