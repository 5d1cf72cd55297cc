"""Browser check: the programme dashboard of the demo programme fits a window 1280 and 1366 px wide (no
table wider than its container, no sideways scrolling of the page), as the programme office sees it."""

import io

import pytest

from .layout import assert_fits, layout_problems

WIDTHS = (1280, 1366)


@pytest.fixture
def demo_programme():
    """The demo programme as `make run` loads it, with its demo users."""
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())


def _log_in_as_programme_office(page) -> None:
    from accounts.demo import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", "kantoor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_dashboard_fits_the_window(page, demo_programme):
    _log_in_as_programme_office(page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/dashboard/")
        # The goal tables are on the page and have their contribution column.
        for kind in ("performance", "effect"):
            assert page.locator(f'[data-testid="goals-{kind}"] tbody tr').count() > 0
        assert_fits(page, where="programme dashboard")


# The dashboard app's other pages, as the dashboard links to them (the demo has 20-004's impact sheet and
# progress report).
PAGES = [
    "/dashboard/contributions/co2-impact/",
    "/dashboard/contributions/functional-value-retention/",
    "/dashboard/budget/",
    "/dashboard/budget/?funder=RVO",
    "/dashboard/counts/running_projects/",
    "/dashboard/projects/?team=realisatie",
    "/dashboard/planning/",
    "/dashboard/figures/",
    "/dashboard/figures/product_group/",
    "/dashboard/figures/province/",
    "/dashboard/figures/cluster/",
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_dashboard_pages_fit_the_window(page, demo_programme):
    _log_in_as_programme_office(page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            assert_fits(page, where=path)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_layout_check_finds_a_clipped_table(page, demo_programme):
    """The check itself: a table made wider than its box is reported, by name and widths."""
    _log_in_as_programme_office(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/dashboard/")
    page.evaluate(
        """() => { const t = document.querySelector('[data-testid="budget"]');
                   t.parentElement.style.width = '200px'; t.parentElement.style.overflow = 'hidden';
                   t.style.minWidth = '600px'; }"""
    )
    problems = layout_problems(page)
    assert any('table[data-testid="budget"]' in p and "200 px" in p for p in problems), problems
