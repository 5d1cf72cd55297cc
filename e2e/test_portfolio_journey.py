"""One full project life in the browser: a project lead starts a project and takes it from idea (initiation)
through definition, stakeholder commitment and execution to evaluation and closure. At each gate the sponsor
(team lead) confirms the Leidraad criteria and a steering-meeting member records the decision; a decision
while something is missing is refused with the missing items listed, and no phase can be skipped."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from e2e.steps import add_gate_artefacts, confirm_gate_criteria, log_in_as
from portfolio.tests import factories
from portfolio.workflow import leidraad

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, errors


def test_project_from_idea_to_evaluation(page, browser, live_server, user_for, tmp_path):
    team = factories.team(user_for)  # lead = team-lead user, linking pin = meeting-member user
    lead_user, sponsor_user, member_user = (
        user_for(Role.PROJECT_LEAD),
        user_for(Role.TEAM_LEAD),
        user_for(Role.MEETING_MEMBER),
    )
    document = tmp_path / "stuk.pdf"
    document.write_bytes(factories.PDF)

    # The project lead starts the project.
    lead = page
    log_in_as(lead, live_server, lead_user)
    lead.goto("/portfolio/new/")
    lead.fill("#id_title", "Herwinning kritieke metalen uit e-bikes")
    lead.select_option("#id_team", str(team.pk))
    lead.fill("#id_result_description", "Twee pilots met fietsbatterijen")
    lead.fill("#id_resources", "Teambudget Realisatie")
    lead.fill("#id_quality_criteria", "Minimaal 2 actieve pilots")
    lead.fill("#id_due_date", "2030-12-31")
    lead.click("form.rk-form button[type=submit]")
    lead.wait_for_url(re.compile(r"/portfolio/\d{2}-\d{3}/$"))
    number = lead.url.rstrip("/").rsplit("/", 1)[-1]
    assert number == f"{timezone.localdate().year % 100:02d}-001"
    assert lead.inner_text("[data-testid=phase]") == "Initiatie-traject"

    sponsor, sponsor_errors = _new_page(browser, live_server)
    log_in_as(sponsor, live_server, sponsor_user)
    member, member_errors = _new_page(browser, live_server)
    log_in_as(member, live_server, member_user)

    path = ["definition", "stakeholder_commitment", "execution", "evaluation", "closed"]
    current = "initiation"
    for step, target in enumerate(path):
        phase = leidraad().state(current)

        # The project lead proposes; the page lists what is still missing.
        lead.goto(f"/portfolio/{number}/")
        targets = lead.eval_on_selector_all("#id_target option", "options => options.map(o => o.value)")
        assert target in targets
        assert all(t in leidraad().allowed_targets(phase.code) for t in targets)  # nothing can be skipped
        lead.select_option("#id_target", target)
        lead.click("#propose-form button[type=submit]")
        expect(lead.locator("[data-testid=open-proposal]")).to_be_visible()

        if step == 0:
            # A decision while criteria and the projectvoorstel are missing is refused, listing them.
            member.goto(f"/portfolio/{number}/")
            member.select_option("#decide-form select[name=meeting]", "new")
            member.select_option("#decide-form select[name=action]", target)
            member.click("#decide-form button[type=submit]")
            assert "Projectvoorstel" in member.inner_text(".utrecht-alert--error")
            assert member.inner_text("[data-testid=phase]") == "Initiatie-traject"

        # The project lead adds the artefacts the phase requires; the sponsor confirms every criterion.
        add_gate_artefacts(lead, number, phase.code, document)
        confirm_gate_criteria(sponsor, number, phase.code)
        if phase.code == "evaluation":
            # The evaluation names its lessons (knowledge app): the lead logs one, the sponsor validates it.
            lead.goto(f"/portfolio/{number}/")
            lead.click("[data-testid=log-lesson]")
            lead.fill("#id_title", "Pilots eerder koppelen aan afnemers")
            lead.fill("#id_event", "De afnemers van de herwonnen metalen kwamen laat in beeld.")
            lead.fill("#id_recommendation", "Betrek afnemers al in de definitiefase.")
            lead.click("#lesson-form button[type=submit]")
            lead.wait_for_url(re.compile(r"/knowledge/lessons/\d+/$"))
            sponsor.goto(lead.url)
            sponsor.click("[data-testid=validate]")
        sponsor.goto(f"/portfolio/{number}/")
        assert sponsor.locator(f'.portfolio-gate[data-target="{target}"] .utrecht-alert--ok').is_visible()

        # A member of the team's steering meeting records the decision; the phase moves.
        member.goto(f"/portfolio/{number}/")
        options = member.eval_on_selector_all(
            "#decide-form select[name=meeting] option", "options => options.map(o => o.value)"
        )
        member.select_option("#decide-form select[name=meeting]", options[0])
        member.select_option("#decide-form select[name=action]", target)
        member.click("#decide-form button[type=submit]")
        member.wait_for_load_state()
        assert member.inner_text("[data-testid=phase]") == leidraad().state(target).name
        current = target
        lead.goto(f"/portfolio/{number}/")

    # Every transition is in the history with its decision.
    rows = lead.locator("#transitions tbody tr")
    assert rows.count() == 5
    assert "KBO Team Realisatie" in rows.nth(0).inner_text()
    csp = [e for e in sponsor_errors + member_errors if "Content Security Policy" in e]
    assert not csp


def test_lead_downloads_fills_and_uploads_the_impact_sheet_and_sees_the_pdf(
    page, live_server, user_for, catalogue, tmp_path
):
    from io import BytesIO

    from openpyxl import load_workbook

    project = factories.project(user_for)
    lead_user = user_for(Role.PROJECT_LEAD)
    log_in_as(page, live_server, lead_user)
    page.goto(f"/portfolio/{project.number}/impact/")
    with page.expect_download() as download_info:
        page.click(f"a[href='/portfolio/{project.number}/impact.xlsx']")
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    # Fill the template offline: a bad number first, then the real values.
    workbook = load_workbook(template)
    sheet = workbook["Impactsheet"]
    rows = {sheet[f"A{r}"].value: r for r in range(1, sheet.max_row + 1)}
    sheet[f"C{rows['co2_r3_r7']}"] = "zeventien"
    bad = tmp_path / "bad.xlsx"
    workbook.save(bad)
    sheet[f"C{rows['co2_r3_r7']}"] = 17
    sheet[f"C{rows['co2_r8_r9']}"] = 3
    sheet.append(["goal", "Doel", "Kennisontwikkeling over de recycling van Li-ion batterijen."])
    sheet.append(["sbi", "Productgroep (SBI)", "29.1"])
    sheet.append(["material", "Kritiek materiaal", "Co"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)

    page.click(f"a[href='/portfolio/{project.number}/impact/import/']")
    page.set_input_files("#id_file", str(bad))
    page.click("form.rk-form button[type=submit]")
    assert f"Impactsheet!C{rows['co2_r3_r7']}" in page.inner_text("[data-testid=import-problems]")
    page.set_input_files("#id_file", str(good))
    page.click("form.rk-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/portfolio/{project.number}/impact/$"))
    assert page.inner_text("[data-testid=co2-total]") == "20"
    assert page.inner_text("[data-testid=sbi]") == "29.1"

    pdf = page.request.get(f"/portfolio/{project.number}/impact/?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert load_workbook(BytesIO(page.request.get(f"/portfolio/{project.number}/impact.xlsx").body()))


def test_lead_writes_a_progress_report_and_downloads_its_pdf(page, live_server, user_for):
    """Bijlage 8's report of 20-004 typed in the browser: a funder entered twice is refused next to the line,
    a third funder gets a line of its own ("Regel toevoegen"; the form offers two), then the report is saved
    and shows the computed balance (90.000 granted - 40.000 spent) and need (100.000 needed - 90.000
    granted), and its PDF downloads."""
    project = factories.project(user_for)
    log_in_as(page, live_server, user_for(Role.PROJECT_LEAD))
    page.goto(f"/portfolio/{project.number}/progress/")
    page.click(f"a[href='/portfolio/{project.number}/progress/new/']")
    page.wait_for_url(re.compile(rf"/portfolio/{project.number}/progress/new/$"))

    page.fill("#id_report_date", "2020-08-01")
    page.fill("#id_percent_ready", "10")
    page.fill("#id_timeline_start", "2021-01")
    page.fill("#id_timeline_end", "2021-12")
    page.fill("#id_milestone_kickoff_planned", "2021-02")
    page.fill("#id_done", "Koersbepalersoverleg geweest\nEerste stakeholderanalyse")
    page.fill("#id_risks-0-text", "Onvoldoende draagvlak bij ...")
    page.fill("#id_finance_date", "2020-08-01")
    page.fill("#id_budget_needed", "100000")
    page.fill("#id_funding-0-funder", "RVO")
    page.fill("#id_funding-0-amount", "60000")
    page.fill("#id_funding-1-funder", "rvo")  # a slip: the same funder again
    page.fill("#id_funding-1-amount", "20000")
    page.fill("#id_spent", "40000")
    page.click("#progress-form button[type=submit]")
    second_line = page.locator("[data-testid=funding-rows] tbody tr").nth(1)
    assert "rvo" in second_line.locator(".rk-errorlist").inner_text()  # named on its own line
    assert page.input_value("#id_funding-1-amount") == "20000"  # what was typed is kept

    page.fill("#id_funding-1-funder", "Provincie")
    lines = page.locator("[data-testid=funding-rows] tbody tr")
    expect(lines).to_have_count(2)
    page.click("[data-testid=funding-add]")
    expect(lines).to_have_count(3)
    assert lines.nth(2).locator("th").inner_text() == "3"
    page.fill("#id_funding-2-funder", "Gemeente")
    page.fill("#id_funding-2-amount", "10000")
    page.click("#progress-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/portfolio/{project.number}/progress/\?report=\d+$"))
    assert page.inner_text("[data-testid=granted]") == "€ 90.000"
    assert page.inner_text("[data-testid=balance]") == "€ 50.000"
    assert page.inner_text("[data-testid=need]") == "€ 10.000"
    assert page.inner_text("[data-testid=current-phase]") == "Initiatie-traject"

    href = page.get_attribute("a[href*='format=pdf']", "href")
    pdf = page.request.get(f"/portfolio/{project.number}/progress/{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_applicant_fails_to_open_another_projects_finance(page, live_server, user_for):
    """Issue 14: an applicant sees their own consortium's project (handed over from its application) and its
    finance, and is refused another project's progress report with the reason, in the site's layout."""
    import datetime
    from decimal import Decimal

    from catalogue.models import NpceProductGroup
    from intake.models import Application, Consortium, Status
    from portfolio import services

    team = factories.team(user_for)
    own = factories.project(user_for, team_obj=team, title="Circulaire keukens")
    other = factories.project(user_for, team_obj=team, title="Ander project")
    for project, spent in ((own, 1000), (other, 40000)):
        services.progress_report_create(
            actor=user_for(Role.PROGRAMME_OFFICE),
            project=project,
            report_date=datetime.date(2020, 8, 1),
            finance_date=datetime.date(2020, 8, 1),
            budget_needed=Decimal(100000),
            spent=Decimal(spent),
            funding=[{"funder": "RVO", "amount": "60000"}],
            timeline_start=datetime.date(2020, 1, 1),
            timeline_end=datetime.date(2020, 12, 1),
        )
    applicant = user_for(Role.APPLICANT)
    consortium = Consortium.objects.create(name="Keukenketen")
    consortium.members.add(applicant)
    group, _created = NpceProductGroup.objects.get_or_create(code="keukens", defaults={"name": "Keukens"})
    Application.objects.create(
        consortium=consortium,
        title="Circulaire keukens",
        product_group=group,
        status=Status.APPROVED,
        created_by=applicant,
        portfolio_project=own,
    )

    log_in_as(page, live_server, applicant)
    page.goto("/portfolio/")
    assert page.locator("table a", has_text="Ander project").count() == 0
    page.goto(f"/portfolio/{own.number}/progress/")
    assert page.inner_text("[data-testid=spent]") == "€ 1.000"
    response = page.goto(f"/portfolio/{other.number}/progress/")
    assert response is not None and response.status == 403
    assert "U mag alleen de projecten van uw eigen consortium inzien." in page.inner_text("main")
    assert "40.000" not in page.content()
