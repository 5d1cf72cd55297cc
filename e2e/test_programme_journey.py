"""Browser journey of the programme and the goal system: a team lead records a decision in their team's
steering meeting and closes it; an indicator owner enters a value, the reviewer approves it and the progress
chart moves; a reader can see all of it but change nothing."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect


def log_in(page, username: str, password: str = "pw") -> None:  # noqa: S107 - test users' password
    """Log in by submitting the login form itself (the header's language buttons are submit buttons too, so a
    bare "button[type=submit]" can hit those), and wait until the session is there."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_selector('[data-testid="role-badge"]')


def new_page(browser, live_server, errors: list[str]):
    """A second signed-out browser context whose console errors are collected (the CSP check of conftest only
    watches the `page` fixture)."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other = context.new_page()
    other.set_default_timeout(15000)
    other.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, other


@pytest.fixture
def setting(user_for):
    from accounts.roles import Role
    from programme.models import REGIETEAM_CODE, Person, RoleAssignment, SteeringMeeting, Team
    from programme.reference import ensure_dimensions, ensure_horizons, ensure_pillars
    from roadmap.models import Indicator, Target

    horizons, pillars, dimensions = ensure_horizons(), ensure_pillars(), ensure_dimensions()
    regieteam = Team.objects.create(
        code=REGIETEAM_CODE, name="Regieteam", level="tactical", pillar=pillars["versnelling"]
    )
    pin = Person.objects.create(name="Mathieu Sueters", user=user_for(Role.MEETING_MEMBER))
    RoleAssignment.objects.create(team=regieteam, title="Linking pin Team Realisatie", person=pin)
    lead = Person.objects.create(name="Geert Kooistra", user=user_for(Role.TEAM_LEAD))
    team = Team.objects.create(
        code="realisatie",
        name="Team Realisatie",
        level="operational",
        pillar=pillars["realisatie"],
        project_type="investment",
        lead=lead,
        linking_pin=pin,
    )
    team.meeting_members.add(lead, pin)
    meeting = SteeringMeeting.objects.create(team=team, date=datetime.date(2024, 3, 14), location="Den Haag")
    indicator = Indicator.objects.create(
        code="co2-impact",
        name="CO₂-impact UPCM",
        kind="effect",
        unit="kt CO₂/jr",
        horizon=horizons["0-5y"],
        dimension=dimensions["M"],
        direction="lower",
        time_aggregation="latest",
        owner=user_for(Role.PROJECT_LEAD),
        reviewer=user_for(Role.STEERING_TEAM),
        baseline_date=datetime.date(2019, 1, 1),
    )
    Target.objects.create(indicator=indicator, value=Decimal("-2313"), by_date=datetime.date(2023, 12, 31))
    return {"team": team, "meeting": meeting, "indicator": indicator}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_programme_journey(page, browser, live_server, user_for, setting):
    from accounts.roles import Role
    from programme.models import Decision

    meeting, indicator = setting["meeting"], setting["indicator"]

    # 1. The team lead records a decision in their team's open steering meeting, then closes it.
    log_in(page, user_for(Role.TEAM_LEAD).username)
    page.goto("/programme/teams/realisatie/")
    page.get_by_role("link", name="14 maart 2024").click()
    page.wait_for_selector('[data-testid="decision-form"]')
    page.select_option("#id_kind", "general")
    page.fill("#id_text", "Het KBO steunt de CIRCO-track fietsbatterijen.")
    page.fill("#id_reasoning", "Mijlpaal 2020 van de impactsheet.")
    page.click('[data-testid="decision-form"] button[type=submit]')
    page.wait_for_selector("#decision-1")
    assert "Het KBO steunt de CIRCO-track fietsbatterijen." in page.inner_text('[data-testid="decisions"]')
    page.click('[data-testid="close-meeting"]')
    # The status is on the page before and after closing: wait for the form to leave instead.
    expect(page.locator('[data-testid="decision-form"]')).to_have_count(0)
    assert Decision.objects.filter(meeting=meeting).count() == 1

    # 2. The indicator owner enters a value: it is a draft, the chart does not move yet.
    errors: list[str] = []
    context, owner_page = new_page(browser, live_server, errors)
    log_in(owner_page, user_for(Role.PROJECT_LEAD).username)
    owner_page.goto(f"/roadmap/indicators/{indicator.code}/")
    chart = owner_page.locator('[data-testid="progress-chart"]')
    assert chart.get_attribute("data-points") == "0"
    owner_page.fill("#id_mv-value", "-1200")
    assert owner_page.input_value("#id_mv-unit") == "kt CO₂/jr"
    owner_page.fill("#id_mv-date", "2021-07-02")
    owner_page.fill("#id_mv-source", "Impactsheets Q2 2021")
    owner_page.click('[data-testid="value-form"] button[type=submit]')
    owner_page.wait_for_selector('[data-testid="values"] td')
    assert "-1.200" in owner_page.inner_text('[data-testid="values"]')
    assert owner_page.locator('[data-testid="progress-chart"]').get_attribute("data-points") == "0"
    # a wrong unit is refused with a message on the field
    owner_page.fill("#id_mv-value", "-5")
    owner_page.fill("#id_mv-unit", "Mt")
    owner_page.fill("#id_mv-date", "2021-08-01")
    owner_page.fill("#id_mv-source", "x")
    owner_page.click('[data-testid="value-form"] button[type=submit]')
    owner_page.wait_for_selector(".rk-errorlist")
    context.close()

    # 3. The reviewer approves it; the chart now has a point and the status shows progress.
    context, reviewer_page = new_page(browser, live_server, errors)
    log_in(reviewer_page, user_for(Role.STEERING_TEAM).username)
    reviewer_page.goto(f"/roadmap/indicators/{indicator.code}/")
    reviewer_page.click('[data-testid="values"] button[value="approve"]')
    reviewer_page.wait_for_selector('[data-testid="progress-chart"][data-points="1"]')
    assert "-1.200" in reviewer_page.inner_text('[data-testid="current"]')
    assert reviewer_page.locator("#progress-chart").evaluate("c => c.width > 0")
    context.close()

    # 4. A reader sees the meeting-free pages and the indicator, but has no forms and is refused a write.
    context, reader_page = new_page(browser, live_server, errors)
    log_in(reader_page, user_for(Role.READER).username)
    reader_page.goto(f"/roadmap/indicators/{indicator.code}/")
    assert "-1.200" in reader_page.inner_text('[data-testid="values"]')
    assert reader_page.locator('[data-testid="value-form"]').count() == 0
    assert reader_page.locator('[data-testid="values"] button').count() == 0
    reader_page.goto("/roadmap/")
    assert reader_page.locator('[data-testid="lanes"] section').count() == 8
    reader_page.goto("/programme/teams/realisatie/")
    assert reader_page.locator('[data-testid="meetings"]').count() == 0
    response = reader_page.goto(f"/programme/meetings/{meeting.pk}/")
    assert response.status == 403
    status = reader_page.evaluate(
        """async (url) => { const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
            const r = await fetch(url, {method: "POST", headers: {"X-CSRFToken": csrf},
                                        body: new URLSearchParams({"mv-value": "1"})});
            return r.status; }""",
        f"/roadmap/indicators/{indicator.code}/values/new/",
    )
    assert status == 403
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
