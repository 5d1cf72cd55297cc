"""Browser journey: a reader opens the programme dashboard, filters on a product cluster, follows a number to
the projects it counts, and opens the industry figures."""

import datetime

import pytest

D = datetime.date


def log_in(page, username: str, password: str = "pw") -> None:  # noqa: S107 - test users
    """As e2e.conftest.log_in, but clicks the login form's own button: the shared helper clicks the first
    button[type=submit] of the page, which is the header's language switch (NL), so it never logs in."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def portfolio(catalogue):
    from dashboard.tests import builders as b

    team = b.team("realisatie", "Team Realisatie", 1)
    b.project(
        "20-001",
        team,
        phase="execution",
        start=D(2020, 1, 1),
        due=D(2021, 6, 30),
        clusters=["materialen"],
        sbi=["24"],
        title="Urban mining metalen",
    )
    b.project(
        "20-002",
        team,
        phase="definition",
        start=D(2020, 3, 1),
        due=D(2020, 12, 31),
        clusters=["kapitaalgoederen"],
        sbi=["28"],
        title="Machines als dienst",
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_dashboard_journey(page, user_for, portfolio):
    from accounts.roles import Role

    log_in(page, user_for(Role.READER).username)

    page.goto("/dashboard/")
    page.wait_for_selector("h1")
    assert "UPCM 2019-2023" in page.inner_text("h1")
    running = page.locator('[data-metric="running_projects"] .rk-metric__value')
    assert running.inner_text().strip() == "2"

    # Filter on the Materialen cluster.
    page.locator('[data-testid="cluster-filter"]').get_by_role("link", name="Materialen", exact=True).click()
    page.wait_for_url("**/dashboard/?cluster=materialen")
    assert "Materialen" in page.inner_text("h1")
    running = page.locator('[data-metric="running_projects"] .rk-metric__value')
    assert running.inner_text().strip() == "1"

    # Click the number through to the list of what it counts.
    running.click()
    page.wait_for_url("**/dashboard/counts/running_projects/?cluster=materialen")
    items = page.locator('[data-testid="metric-objects"] li')
    assert items.count() == 1
    assert "20-001 Urban mining metalen" in items.first.inner_text()

    # The industry figures: the cluster table, sorted on the server, with its chart.
    page.goto("/dashboard/figures/")
    assert page.locator('[data-testid="check-verdict"]').count() == 1
    page.locator('a[href="/dashboard/figures/cluster/"]').first.click()
    page.wait_for_selector('[data-testid="figures-table"]')
    page.locator("canvas#figures-chart").wait_for()
    page.locator('[data-testid="figures-table"] thead a').nth(1).click()  # Banen: largest first
    page.wait_for_url("**sort=-jobs_thousands")
    first_row = page.locator('[data-testid="figures-table"] tbody tr').first
    assert "High Tech (kapitaalgoederen)" in first_row.inner_text()
