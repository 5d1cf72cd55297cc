"""The impact sheet edited in the browser (issue 5, beside the XLSX import): rights, a new version on every
save, the form filled from the current version (an unchanged form saves the same sheet), errors named next to
the input, and a version saved meanwhile is not silently replaced."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import assert_access, login_as, make_user, role_matrix
from portfolio import selectors, services
from portfolio.models import ImpactSheet

from . import factories

pytestmark = pytest.mark.django_db
WRITERS = {Role.PROJECT_LEAD, Role.PROGRAMME_OFFICE}  # the project-lead test user leads `project`


def _url(project) -> str:
    return reverse("portfolio:impact-edit", args=[project.number])


def _post(**overrides) -> dict:
    data = {
        "based_on": "0",
        "status_date": "2020-10-15",
        "goals": "Kennisontwikkeling over de recycling van Li-ion batterijen.\nOnderzoek nieuwe recycling",
        "sbi_codes": "29.1, 30.9",
        "raw_materials": "Co, PGM's",
        "co2_r3_r7": "17",
        "co2_r8_r9": "3",
        "supply_risk_change": "some",
        "innovation_F3": "high",
        "performance_innovation_engines": "high",
        "business_propositions": "1 - 5",
        "stakeholders": "Stibat, TNO",
    }
    milestone = {"year": "2020", "text": "realisatie van CIRCO track fietsbatterijen"}
    effect = {"dimension": "M", "horizon": "0-5y", "description": "Hergebruik batterijen"}
    data.update(factories.rows_post("milestones", [milestone], total=2))
    data.update(factories.rows_post("size_figures", [], total=2))
    data.update(factories.rows_post("effect_contributions", [effect], total=2))
    data.update(overrides)
    return data


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=WRITERS))
def test_saving_for_lead_of_this_project_or_office(client, user_for, project, catalogue, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.post(_url(project), _post()), allowed=allowed)
    assert ImpactSheet.objects.filter(project=project).count() == (1 if allowed else 0)


def test_the_lead_of_another_project_may_not_edit(client, user_for, project, catalogue):
    client.force_login(make_user(Role.PROJECT_LEAD, username="other-project-lead"))
    assert client.get(_url(project)).status_code == 403
    assert client.post(_url(project), _post()).status_code == 403
    assert not ImpactSheet.objects.exists()


def test_lead_saves_the_first_version(client, user_for, project, catalogue):
    lead = login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(_url(project), _post())
    assert response["Location"] == reverse("portfolio:impact-sheet", args=[project.number])
    sheet = ImpactSheet.objects.get(project=project)
    assert (sheet.version_number, sheet.created_by, sheet.status_date) == (1, lead, date(2020, 10, 15))
    assert sheet.goals == [
        "Kennisontwikkeling over de recycling van Li-ion batterijen.",
        "Onderzoek nieuwe recycling",
    ]
    assert sheet.milestones == [{"year": "2020", "text": "realisatie van CIRCO track fietsbatterijen"}]
    assert sheet.effect_contributions == [
        {"dimension": "M", "horizon": "0-5y", "description": "Hergebruik batterijen"}
    ]
    assert sheet.size_figures == []  # two empty lines left out
    assert sorted(s.display_code for s in sheet.sbi_codes.all()) == ["29.1", "30.9"]
    assert sorted(m.symbol for m in sheet.raw_materials.all()) == ["Co", "PGM"]
    assert sheet.co2_total == Decimal(20)  # 17 + 3, computed
    assert sheet.innovation_functions == {"F3": "high"}
    assert sheet.performance == {"innovation_engines": "high", "business_propositions": "1 - 5"}
    assert sheet.supply_risk_change == "some"


def test_the_form_starts_from_the_current_version_and_saves_the_next(client, user_for, project, catalogue):
    login_as(client, user_for, Role.PROJECT_LEAD)
    client.post(_url(project), _post())
    first = ImpactSheet.objects.get()
    entry = client.get(_url(project)).context["entry"]
    data = factories.entry_post_data(entry)
    assert data["based_on"] == "1"
    assert data["goals"].splitlines()[1] == "Onderzoek nieuwe recycling"
    assert data["milestones-0-year"] == "2020" and data["effect_contributions-0-dimension"] == "M"
    assert data["innovation_F3"] == "high"

    data.update(status_date="2021-01-15", co2_r8_r9="5")
    assert client.post(_url(project), data).status_code == 302
    second = selectors.impact_sheet_for(project)
    assert (second.version_number, second.co2_total, second.status_date) == (2, 22, date(2021, 1, 15))
    before, after = services.impact_sheet_data(first), services.impact_sheet_data(second)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"status_date", "co2_r8_r9"}  # everything else came back as it was
    first.refresh_from_db()
    assert first.co2_r8_r9 == 3  # the earlier version is kept as it was


def test_the_demo_sheet_comes_back_unchanged_through_the_form(client, user_for, catalogue):
    """Bijlage 8's sheet of Project Batterijen, shown in the form and saved as it is, is the same sheet."""
    import io

    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="projectleider"))
    project = selectors.project_detail("20-004")
    data = factories.entry_post_data(client.get(_url(project)).context["entry"])
    data["status_date"] = "2020-10-15"
    response = client.post(_url(project), data)
    assert response.status_code == 302, response.context["entry"].form.errors
    first, second = project.impact_sheets.order_by("version_number")
    assert services.impact_sheet_data(first) == services.impact_sheet_data(second)
    assert set(second.actor_organisations.all()) == set(first.actor_organisations.all())


def test_a_version_saved_meanwhile_is_not_replaced(client, user_for, project, catalogue):
    login_as(client, user_for, Role.PROJECT_LEAD)
    data = factories.entry_post_data(client.get(_url(project)).context["entry"])  # based on: no sheet yet
    services.impact_sheet_save(
        actor=user_for(Role.PROGRAMME_OFFICE), project=project, status_date=date(2020, 9, 1), co2_r3_r7=9
    )
    response = client.post(_url(project), {**data, "status_date": "2020-10-15", "co2_r3_r7": "17"})
    assert response.status_code == 200
    assert "changed by someone else" in str(response.context["entry"].form.non_field_errors())
    assert list(ImpactSheet.objects.values_list("version_number", "co2_r3_r7")) == [(1, 9)]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"sbi_codes": "29.1, 34.1"}, "sbi_codes", "division 34"),  # no section holds it
        ({"sbi_codes": "abc"}, "sbi_codes", "Not an SBI code"),
        ({"raw_materials": "Co, Unobtainium"}, "raw_materials", "Unobtainium"),
        ({"co2_r3_r7": "zeventien"}, "co2_r3_r7", "Enter a number"),
        ({"status_date": ""}, "status_date", "required"),
        ({"effect_contributions-0-dimension": ""}, "effect_contributions-0-dimension", "Choose the"),
        ({"milestones-0-text": ""}, "milestones-0-text", "2020"),
        ({"innovation_F3": "enorm"}, "innovation_F3", "valid choice"),
    ],
)
def test_bad_input_is_named_and_nothing_saved(client, user_for, project, catalogue, overrides, field, text):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(_url(project), _post(**overrides))
    assert response.status_code == 200
    errors = factories.entry_errors(response.context["entry"])
    assert any(text in message for message in errors.get(field, [])), errors
    assert not ImpactSheet.objects.exists()


def test_the_edit_link_shows_for_those_who_may_edit(client, user_for, project, catalogue):
    page = reverse("portfolio:impact-sheet", args=[project.number])
    for role, shown in ((Role.PROJECT_LEAD, True), (Role.PROGRAMME_OFFICE, True), (Role.READER, False)):
        login_as(client, user_for, role)
        assert (f'href="{_url(project)}"' in client.get(page).content.decode()) is shown, role


def test_the_sheet_page_shows_the_contribution_to_innovation_functions(client, user_for, project, catalogue):
    """Bijlage 8, 'Bijdrage aan innovatiefuncties': entered values appear on the sheet, by function name."""
    services.impact_sheet_save(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        status_date=date(2020, 10, 15),
        innovation_functions={"F2": "high", "F5": "low"},
    )
    client.force_login(user_for(Role.READER))
    html = client.get(reverse("portfolio:impact-sheet", args=[project.number])).content.decode()
    table = html.split('data-testid="innovation-functions"')[1].split("</table>")[0]
    assert "F2 Kennisontwikkeling</td><td>Hoog" in table and "F5 Marktvorming</td><td>Laag" in table
    assert "F1 Ondernemerschap</td><td>—" in table


def test_a_stated_co2_that_differs_from_the_bands_is_saved_and_flagged_not_refused(
    client, user_for, project, catalogue
):
    """Issue 14: the source's sheet states 'CO2: 26 kton/jaar' where its bands hold 17 + 3."""
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(_url(project), _post(co2_stated="26"))
    assert response.status_code == 302
    sheet = selectors.impact_sheet_for(project)
    assert (sheet.co2_stated, sheet.co2_total) == (Decimal(26), Decimal(17) + Decimal(3))
    page = client.get(reverse("portfolio:impact-sheet", args=[project.number])).content.decode()
    assert 'data-testid="co2-stated">26<' in page
    assert 'data-testid="co2-computed">20<' in page
    assert 'data-testid="co2-notice"' in page
    assert "differs from the sum of its R-ladder bands" in page
    assert "count the CO₂ computed from the bands" in page


def test_the_pdf_shows_both_co2_figures_and_the_notice(client, user_for, project, catalogue):
    import pypdfium2
    from django.conf import settings

    login_as(client, user_for, Role.PROJECT_LEAD)
    client.post(_url(project), _post(co2_stated="26"))

    def pdf_text(language: str) -> str:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        pdf = client.get(reverse("portfolio:impact-sheet", args=[project.number]) + "?format=pdf")
        document = pypdfium2.PdfDocument(pdf.content)
        return " ".join(
            " ".join(document[n].get_textpage().get_text_range().split()) for n in range(len(document))
        )

    text = pdf_text("nl")
    assert "status per: 15-10-2020" in text
    assert "26 kton/jaar (berekend: 20)" in text
    assert "Let op: de opgegeven CO2 (26 kton/jaar) wijkt af" in text
    text = pdf_text("en")  # the same sheet for someone who switched to English
    assert "status as of: 10/15/2020" in text
    assert "26 kt/year (computed: 20)" in text
    assert "Note: the stated CO2 (26 kt/year) differs" in text
    assert "Contribution to innovation functions" in text


def test_no_notice_where_the_stated_co2_equals_the_bands(client, user_for, project, catalogue):
    login_as(client, user_for, Role.PROJECT_LEAD)
    client.post(_url(project), _post(co2_stated="20"))
    page = client.get(reverse("portfolio:impact-sheet", args=[project.number])).content.decode()
    assert 'data-testid="co2-stated">20<' in page
    assert 'data-testid="co2-notice"' not in page
