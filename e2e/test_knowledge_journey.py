"""Lessons learned and public cases in the browser (issue 22, items 1 and 2).

1. A project lead logs a lesson at the evaluation; the gate out of the evaluation asks for it until the team
   lead validated it; the team lead publishes it, and a new project's phase-1 gate (the context scan) shows it
   and records that it was looked at.
2. A project lead drafts a case and submits it, the programme office approves it, and an anonymous browser
   finds it in the public case library, with the impact sheet's figures and without finance or names."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from catalogue.models import KiaTheme
from e2e.steps import log_in_as
from portfolio import services as portfolio_services
from portfolio.tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _to_evaluation(user_for, project):
    project = factories.fill_fields(project, user_for)
    meeting = factories.meeting(project.team)
    for target in ["definition", "stakeholder_commitment", "execution", "evaluation"]:
        factories.satisfy_gate(project, user_for)
        portfolio_services.project_decide(
            actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action=target
        )
    factories.satisfy_gate(project, user_for)
    project.refresh_from_db()
    return project


def test_lesson_from_evaluation_to_a_new_projects_phase_1_gate(
    page, browser, live_server, user_for, catalogue
):
    team = factories.team(user_for)
    old = _to_evaluation(
        user_for, factories.project(user_for, team_obj=team, title="Urban Mining Electronica")
    )
    new = factories.project(user_for, team_obj=team, title="Kennisuitwisseling KIA CM")
    theme = KiaTheme.objects.get(code="r-strategies")
    new.kia_themes.set([theme])

    # The gate out of the evaluation asks for a validated lesson.
    lead = page
    log_in_as(lead, live_server, user_for(Role.PROJECT_LEAD))
    lead.goto(f"/portfolio/{old.number}/")
    gate = lead.locator('.portfolio-gate[data-target="closed"]')
    assert gate.locator('[data-code="knowledge.evaluation_lessons"]').is_visible()

    # The project lead logs a lesson from the project's page.
    lead.click("[data-testid=log-lesson]")
    assert lead.input_value("#id_phase") == "evaluation"
    lead.fill("#id_title", "Retourstromen en afnemers bepalen de business case")
    lead.fill("#id_event", "De pilot startte zonder zicht op retourstromen en afnemers.")
    lead.fill("#id_recommendation", "Breng retourlogistiek en afnemers in kaart bij de contextscan.")
    lead.check(f"input[name=themes][value='{theme.pk}']")
    lead.click("#lesson-form button[type=submit]")
    lead.wait_for_url(re.compile(r"/knowledge/lessons/\d+/$"))
    lesson_url = lead.url
    assert lead.inner_text("[data-testid=lesson-status]") == "concept"
    lead.goto(f"/portfolio/{old.number}/")
    assert "1 les wacht op validatie door de teamtrekker" in lead.inner_text(
        '.portfolio-gate[data-target="closed"]'
    )

    # The team lead validates and publishes it.
    sponsor = _context(browser, live_server)
    log_in_as(sponsor, live_server, user_for(Role.TEAM_LEAD))
    sponsor.goto(lesson_url)
    sponsor.click("[data-testid=validate]")
    assert sponsor.inner_text("[data-testid=lesson-status]") == "gevalideerd"
    sponsor.click("[data-testid=publish]")
    assert sponsor.inner_text("[data-testid=lesson-status]") == "gepubliceerd"
    sponsor.goto(f"/portfolio/{old.number}/")
    assert sponsor.locator('[data-code="knowledge.evaluation_lessons"]').count() == 0

    # The new project's phase-1 gate shows the lesson; its lead records that it was looked at.
    lead.goto(f"/portfolio/{new.number}/")
    relevant = lead.inner_text("[data-testid=relevant-lessons]")
    assert "Retourstromen en afnemers bepalen de business case" in relevant
    assert "R-strategies" in relevant and old.number in relevant
    lead.click("#lessons-reviewed-form button[type=submit]")
    assert "Bekeken door" in lead.inner_text("[data-testid=lesson-reviews]")


def test_case_drafted_approved_and_public_without_finance(page, browser, live_server, user_for, catalogue):
    lead_user = user_for(Role.PROJECT_LEAD)
    lead_user.first_name, lead_user.last_name = "Petra", "Dhaans"
    lead_user.save()
    project = factories.project(user_for, title="Kritieke materialen energietransitie (batterijen)")
    portfolio_services.impact_sheet_save(
        actor=lead_user,
        project=project,
        status_date=datetime.date(2020, 8, 1),
        co2_r3_r7=Decimal(17),
        co2_r8_r9=Decimal(3),
        added_value_meur=Decimal(238),
        added_value_base_year=2019,
    )
    portfolio_services.progress_report_create(
        actor=lead_user,
        project=project,
        report_date=datetime.date(2020, 8, 1),
        finance_date=datetime.date(2020, 8, 1),
        budget_needed=Decimal(100000),
        spent=Decimal(43210),
        funding=[{"funder": "RVO", "amount": "60000"}, {"funder": "Provincie", "amount": "20000"}],
        timeline_start=datetime.date(2020, 1, 1),
        timeline_end=datetime.date(2021, 12, 1),
    )

    # The project lead drafts the case from the project's page and submits it.
    lead = page
    log_in_as(lead, live_server, lead_user)
    lead.goto(f"/portfolio/{project.number}/")
    lead.click("[data-testid=draft-case]")
    assert "20 kt per jaar" in lead.inner_text("[data-testid=case-figures]")  # computed: 17 + 3
    texts = {
        "title_nl": "Batterijen terug in de keten",
        "title_en": "Batteries back in the chain",
        "challenge_nl": "Kritieke metalen in batterijen gaan verloren.",
        "challenge_en": "Critical metals in batteries are lost.",
        "approach_nl": "Twee pilots in de fietsbatterijketen.",
        "approach_en": "Two pilots in the bicycle battery chain.",
        "result_nl": "Ketensamenwerking in twee pilots.",
        "result_en": "Chain cooperation in two pilots.",
    }
    for name, value in texts.items():
        lead.fill(f"#id_{name}", value)
    lead.check("input[name=provinces] >> nth=0")
    lead.click("#case-form button[type=submit]")
    lead.wait_for_url(re.compile(r"/knowledge/cases/drafts/\d+/$"))
    case_url = lead.url
    lead.click("[data-testid=submit-case]")
    assert lead.inner_text("[data-testid=case-status]") == "ter goedkeuring ingediend"

    # Not public before the programme office approves it.
    anonymous = _context(browser, live_server)
    anonymous.goto("/knowledge/cases/")
    assert "0 casussen." in anonymous.inner_text("[data-testid=result-count]")

    office = _context(browser, live_server)
    log_in_as(office, live_server, user_for(Role.PROGRAMME_OFFICE))
    office.goto(case_url)
    office.click("[data-testid=approve-case]")
    expect(office.locator("[data-testid=case-status]")).to_have_text("gepubliceerd")

    # An anonymous browser finds it, with the figures and without finance or names.
    anonymous.goto("/knowledge/cases/")
    anonymous.click("text=Batterijen terug in de keten")
    anonymous.wait_for_url(re.compile(r"/knowledge/cases/(?!$)[^?]+$"))
    assert "/accounts/login/" not in anonymous.url
    assert "20 kt per jaar" in anonymous.inner_text("[data-testid=case-figures]")
    html = anonymous.content()
    for secret in ["100.000", "100000", "43.210", "43210", "60.000", "RVO", "Provincie", "Petra", "Dhaans"]:
        assert secret not in html, secret
    # In English too.
    anonymous.click("button[name=language][value=en]")
    assert "Batteries back in the chain" in anonymous.inner_text("h1")
