"""The steering loop on the demo (issue 14), as the programme office runs it: the gate of 20-004 from
Stakeholder commitment to Uitvoering is on the agenda of a new meeting of Team Realisatie; once the gate's
missing items are supplied (artefacts by the office, criteria by the teamtrekker), the meeting records the
decision; the project page, the decision list (and its download) and the dashboard show it. An applicant of
another consortium cannot open the project's finance."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from e2e.layout import assert_fits
from e2e.steps import PDF, add_gate_artefacts, confirm_gate_criteria, log_in_as
from portfolio.models import Project
from portfolio.workflow import leidraad

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NUMBER = "20-004"
TARGET = "execution"


def _new_page(browser, live_server):
    page = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    page.set_default_timeout(20000)
    return page


def _executing_in_realisatie(page) -> int:
    page.goto("/dashboard/")
    cell = page.locator(f'[data-testid=portfolio-overview] a[href$="team=realisatie&phase={TARGET}"]')
    return int(cell.inner_text()) if cell.count() else 0


def test_programme_office_puts_a_gate_on_the_agenda_and_records_the_decision(
    page, browser, live_server, tmp_path
):
    call_command("demo", stdout=io.StringIO())
    project = Project.objects.get(number=NUMBER)
    assert project.phase == "stakeholder_commitment"
    office = page
    log_in_as(office, live_server, User.objects.get(username="kantoor"))
    before = _executing_in_realisatie(office)
    assert_fits(office)

    # The gate's missing items: the office adds the artefacts, the teamtrekker confirms the criteria.
    document = tmp_path / "stuk.pdf"
    document.write_bytes(PDF)
    add_gate_artefacts(office, NUMBER, project.phase, document)
    sponsor = _new_page(browser, live_server)
    log_in_as(sponsor, live_server, User.objects.get(username="teamtrekker"))
    confirm_gate_criteria(sponsor, NUMBER, project.phase)

    # The office plans today's meeting of Team Realisatie with the gate of 20-004 on the agenda.
    office.goto("/programme/teams/realisatie/meetings/new/")
    office.fill("#id_date", timezone.localdate().isoformat())
    office.fill("#id_start_time", "10:00")
    office.fill("#id_location", "Den Haag")
    standing = office.locator("input[name=standing_attendees]")
    assert standing.count() >= 2 and all(standing.nth(i).is_checked() for i in range(standing.count()))
    office.fill("#id_agenda_items-0-title", "Opening")
    gate_label = leidraad().state(TARGET).name
    office.select_option("#id_agenda_items-1-subject", value=f"project:{project.pk}:{TARGET}")
    office.click("[data-testid=meeting-form] button[type=submit]")
    office.wait_for_url(re.compile(r"/programme/meetings/\d+/$"))
    agenda = office.inner_text("[data-testid=agenda]")
    assert "Opening" in agenda and NUMBER in agenda and gate_label in agenda
    assert_fits(office)
    meeting_url = office.url

    # From the agenda item to the project's decision form; the meeting is chosen, the action too.
    office.click("[data-testid=agenda] a:has-text('Besluit vastleggen')")
    office.wait_for_url(re.compile(rf"/portfolio/{NUMBER}/"))
    meeting_option = office.locator(
        "#decide-form select[name=meeting] option", has_text="KBO Team Realisatie"
    )
    office.select_option("#decide-form select[name=meeting]", meeting_option.first.get_attribute("value"))
    assert office.input_value("#decide-form select[name=action]") == ""  # nothing pre-selected
    office.select_option("#decide-form select[name=action]", TARGET)
    office.fill("#decide-form textarea[name=text]", "Het KBO stemt in met de start van de uitvoering.")
    office.click("#decide-form button[type=submit]")
    office.wait_for_load_state()
    assert office.inner_text("[data-testid=phase]") == gate_label
    assert_fits(office)

    # The meeting page and the decision list carry the decision; the list downloads as XLSX.
    office.goto(meeting_url)
    assert gate_label in office.inner_text("[data-testid=decisions]")
    office.goto("/programme/decisions/?team=realisatie")
    assert NUMBER in office.inner_text("main")
    assert_fits(office)
    with office.expect_download() as download:
        office.click("a[href*='/programme/decisions/export.xlsx']")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [
        " ".join(str(cell) for cell in row if cell is not None) for row in sheet.iter_rows(values_only=True)
    ]
    assert any(NUMBER in row and gate_label in row for row in rows)

    # The dashboard counts one more project in Uitvoering for Team Realisatie.
    assert _executing_in_realisatie(office) == before + 1

    # An applicant (of another consortium) cannot open the project's finance.
    applicant = _new_page(browser, live_server)
    log_in_as(applicant, live_server, User.objects.get(username="aanvrager"))
    response = applicant.goto(f"/portfolio/{NUMBER}/progress/")
    assert response is not None and response.status in (403, 404)
    assert "Regiekamer" in applicant.inner_text("header")  # the site's own error page, with a way back
