"""Journey: an applicant submits a complete chain-breakthrough application; an assessor judges the seven
criteria on one form, a transition agenda adviser records the advice and a Stuurgroep member the decision
(three people, seed 2 Bijlage 2); the programme office takes it into the portfolio, and the applicant sees the
outcome."""

import re

import pytest
from playwright.sync_api import expect

from intake.demo import demo_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = demo_pdf("Ambitiedocument")


@pytest.fixture
def world(settings, tmp_path):
    from accounts.roles import Role
    from accounts.testing import make_user
    from intake.tests.factories import ConsortiumFactory, product_group
    from programme.models import Team
    from stakeholders.services import sources_ensure

    settings.MEDIA_ROOT = tmp_path / "media"
    sources_ensure()  # the hand-over registers the parties; another browser test's flush removed the sources
    applicant = make_user(Role.APPLICANT, "e2e-aanvrager")
    make_user(Role.ASSESSOR, "e2e-beoordelaar")
    make_user(Role.TRANSITION_AGENDA_ADVISER, "e2e-adviseur")
    make_user(Role.STEERING_GROUP_MEMBER, "e2e-stuurgroep")
    make_user(Role.PROGRAMME_OFFICE, "e2e-kantoor")
    ConsortiumFactory(name="Keukenketen", members=[applicant])
    product_group()
    Team.objects.create(code="realisatie", name="Team Realisatie", level=Team.Level.OPERATIONAL)


def _log_in(page, live_server, username):
    """A session cookie instead of e2e.conftest.log_in: the shared login page still lets htmx inject its
    inline indicator style, which the CSP check of the `page` fixture reports (base.html needs
    <meta name="htmx-config" content='{"includeIndicatorStyles": false}'>; the intake pages set it)."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])


def _switch_user(page, live_server, username):
    page.context.clear_cookies()
    _log_in(page, live_server, username)


def test_applicant_submits_and_three_people_assess_advise_and_decide(page, world, live_server):
    from intake.checks import REQUIRED_CHAIN_ROLES
    from intake.tests.factories import COMPLETE_FIELDS

    _log_in(page, live_server, "e2e-aanvrager")
    page.goto("/intake/new/")
    page.select_option("#id_consortium", label="Keukenketen")
    page.fill("#id_title", "Circulaire keukenketen")
    page.select_option("#id_product_group", label="Woningen")
    page.click("main form.rk-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/intake/\d+/edit/$"))
    pk = re.search(r"/intake/(\d+)/", page.url).group(1)

    # the plan of action in its nine parts
    for name, value in COMPLETE_FIELDS.items():
        if name in {"goal_themes"}:
            for theme in value:
                page.check(f"input[name=goal_themes][value={theme}]")
        elif name == "accepts_periodic_consultation":
            page.check("#id_accepts_periodic_consultation")
        elif name == "transition_phase":
            page.select_option("#id_transition_phase", value)
        else:
            page.fill(f"#id_{name}", str(value))
    page.click("main form.rk-form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/intake/{pk}/$"))

    # the consortium: a party for every chain role, each with a signatory
    for number, role in enumerate(REQUIRED_CHAIN_ROLES, start=1):
        page.goto(f"/intake/{pk}/parties/add/")
        page.fill("#id_name", f"Partij {number}")
        page.select_option("#id_organisation_type", "mkb")
        page.select_option("#id_chain_role", role)
        page.fill("#id_contribution_hours", "120")
        page.fill("#id_contribution_eur", "2500")
        page.fill("#id_country", "NL")
        page.click("main form.rk-form button[type=submit]")
        expect(page).to_have_url(re.compile(rf"/intake/{pk}/$"))
    for row in range(len(REQUIRED_CHAIN_ROLES)):
        form = page.locator("form[action*='/signatories/add/']").nth(row)
        form.locator("input[name=name]").fill(f"Ondertekenaar {row + 1}")
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/intake/{pk}/$"))

    # action line with the chain-direction roles it needs
    line = page.locator(f"form[action='/intake/{pk}/action-lines/add/']")
    line.locator("input[name=title]").fill("Ketenafspraken over terugname")
    line.locator("input[name=chain_direction_roles][value=ketenmanager]").check()
    line.locator("button[type=submit]").click()

    # the signed ambition document
    page.set_input_files(
        "input[name=ambition_document]", {"name": "ambitie.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator(f"form[action='/intake/{pk}/ambition/upload/'] button[type=submit]").click()
    expect(page.locator("tr[data-check=signed_ambition] .rk-status--ok")).to_be_visible()
    expect(page.locator("tr[data-check] .rk-status--bad")).to_have_count(0)

    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=status]")).to_have_text("Ingediend")

    # the assessor: the seven criteria on one form (a missing verdict records nothing and names the criterion)
    _switch_user(page, live_server, "e2e-beoordelaar")
    page.goto(f"/intake/{pk}/")
    page.locator(f"form[action='/intake/{pk}/start-assessment/'] button").click()
    expect(page.locator("[data-testid=status]")).to_have_text("In beoordeling")
    expect(page.locator("[data-testid=advice-form]")).to_have_count(0)  # the advice is not the assessor's
    expect(page.locator("form[action$='/withdraw/']")).to_have_count(0)  # only the consortium withdraws
    page.click("[data-testid=criteria-link]")
    form = page.locator("[data-testid=criteria-form]")
    for number in range(1, 8):
        if number != 4:
            form.locator(f"input[name=criterion_{number}][value=yes]").check()
        form.locator(f"textarea[name=reason_{number}]").fill(f"Onderbouwd in het plan, criterium {number}")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=criteria-errors]")).to_contain_text(
        "Criterium 4 (Rijp voor versnelling"
    )
    form.locator("input[name=criterion_4][value=yes]").check()
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/intake/{pk}/$"))
    for number in range(1, 8):
        expect(page.locator(f"tr[data-criterion='{number}'] .rk-status--ok")).to_be_visible()

    # the transition agenda's adviser: the advice
    _switch_user(page, live_server, "e2e-adviseur")
    page.goto(f"/intake/{pk}/")
    advice = page.locator("[data-testid=advice-form]")
    advice.locator("input[name=positive][value=yes]").check()
    advice.locator("textarea[name=text]").fill("De transitieagenda Bouw steunt het plan.")
    advice.locator("input[name=advised_on]").fill("2025-02-01")
    advice.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=status]")).to_have_text("Advies transitieagenda ontvangen")

    # a Stuurgroep member: the decision
    _switch_user(page, live_server, "e2e-stuurgroep")
    page.goto(f"/intake/{pk}/decision/?decided_on=2025-03-01")
    expect(page.locator("[data-testid=quota]")).to_contain_text("0 / 25")
    page.locator("input[name=approved][value=yes]").check()
    page.fill("#id_decided_on", "2025-03-01")
    page.fill("#id_reasoning", "Voldoet aan alle criteria en past binnen het quotum.")
    page.fill("#id_reasoning_for_applicant", "De Stuurgroep steunt uw project; de aanbesteding volgt.")
    page.click("form.rk-form[method=post] button[type=submit]")
    expect(page.locator("[data-testid=status]")).to_have_text("Goedgekeurd door de Stuurgroep")

    # the programme office takes it into the portfolio
    _switch_user(page, live_server, "e2e-kantoor")
    page.goto("/intake/hand-over/")
    page.locator(f"tr[data-application='{pk}'] button[type=submit]").click()
    expect(page.locator(f"tr[data-application='{pk}'] [data-testid=portfolio-project]")).to_have_text(
        re.compile(r"^\d{2}-\d{3}$")
    )

    # the applicant sees the decision meant for them and the portfolio project
    _switch_user(page, live_server, "e2e-aanvrager")
    page.goto(f"/intake/{pk}/")
    expect(page.locator("[data-testid=decision]")).to_contain_text("de aanbesteding volgt")
    expect(page.locator("[data-testid=decision]")).not_to_contain_text("past binnen het quotum")
    expect(page.locator("[data-testid=portfolio-project]")).to_contain_text("Circulaire keukenketen")
