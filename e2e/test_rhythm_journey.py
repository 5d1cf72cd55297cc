"""The programme's rhythm in the browser (issue 19): the project lead finds an overdue progress report on
"Mijn werk" (the start page), writes it, and the project leaves the team's overdue list."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.roles import Role
from e2e.steps import log_in_as
from portfolio.tests import factories
from rhythm import calendar, services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_lead_writes_the_overdue_report_and_it_leaves_the_teams_overdue_list(
    browser, page, live_server, user_for
):
    today = timezone.localdate()
    project = factories.project(user_for)
    # Quarterly, the first report due 20 days ago.
    due = today - datetime.timedelta(days=20)
    services.cycle_set(
        actor=user_for(Role.PROGRAMME_OFFICE),
        project=project,
        months=3,
        starts_on=calendar.add_months(due, -3),
    )

    # The team lead sees the project on the team's overdue list.
    team_lead = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    log_in_as(team_lead, live_server, user_for(Role.TEAM_LEAD))
    team_lead.goto(f"/rhythm/overdue/{project.team.code}/")
    overdue = team_lead.get_by_test_id("overdue")
    assert overdue.locator(f'tr[data-project="{project.number}"]').inner_text().count("20 dagen te laat") == 1

    # The project lead signs in: the start page says what waits, the late report first.
    log_in_as(page, live_server, user_for(Role.PROJECT_LEAD))
    page.goto("/")
    reports = page.get_by_test_id("reports-to-write")
    item = reports.locator(f'li[data-project="{project.number}"]')
    assert "20 dagen te laat" in item.inner_text()
    item.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/portfolio/{project.number}/progress/new/$"))

    page.fill("#id_report_date", today.isoformat())
    page.fill("#id_percent_ready", "25")
    page.fill("#id_timeline_start", f"{today:%Y-%m}")
    page.fill("#id_timeline_end", f"{today.year + 1}-12")
    page.fill("#id_done", "Pilots voorbereid")
    page.fill("#id_finance_date", today.isoformat())
    page.fill("#id_budget_needed", "50000")
    page.fill("#id_spent", "10000")
    page.click("#progress-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/portfolio/{project.number}/progress/\?report=\d+$"))

    # Nothing late on the start page any more; the next report is due a quarter after the one just written.
    page.goto("/")
    assert page.get_by_test_id("reports-to-write").count() == 0

    team_lead.goto(f"/rhythm/overdue/{project.team.code}/")
    assert team_lead.locator(f'tr[data-project="{project.number}"]').count() == 0
    assert "Geen rapportage is te laat." in team_lead.get_by_test_id("overdue").inner_text()
    team_lead.context.close()
