"""Writing a progress report in the browser (issue 5): rights per role, pre-fill from the latest report, every
report kept, errors next to the input that caused them, nothing half-saved, the audit trail."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import assert_access, login_as, make_user, role_matrix
from portfolio import selectors, services
from portfolio.models import ProgressReport

from . import factories

pytestmark = pytest.mark.django_db


def _url(project) -> str:
    return reverse("portfolio:progress-new", args=[project.number])


def _post(**overrides) -> dict:
    """A filled form as the browser sends it: Bijlage 8's report of 20-004 with a kickoff in the timeline."""
    data = {
        "report_date": "2020-08-01",
        "percent_ready": "10",
        "timeline_start": "2021-01",
        "timeline_end": "2021-12",
        "milestone_kickoff_planned": "2021-02",
        "milestone_kickoff_actual": "2021-03",
        "done": "Koersbepalersoverleg geweest\n\nEerste stakeholderanalyse\n",
        "completed": "Projectdefinitie afgerond",
        "other_dependencies": "Bovenregionale aanpak provincies",
        "finance_date": "2020-08-01",
        "budget_needed": "100000",
        "spent": "40000",
    }
    risk = {"text": "Onvoldoende draagvlak bij ...", "owner": "Petra", "status": ""}
    grants = [{"funder": "RVO", "amount": "60000"}, {"funder": "Provincie", "amount": "20000"}]
    data.update(factories.rows_post("risks", [risk]))
    data.update(factories.rows_post("issues", []))
    data.update(factories.rows_post("funding", grants))
    data.update(overrides)
    return data


# --- rights ---


WRITERS = {Role.PROJECT_LEAD, Role.PROGRAMME_OFFICE}  # the project-lead test user leads `project`


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=WRITERS))
def test_posting_a_report_as_lead_of_this_project_or_office(client, user_for, project, role, allowed):
    login_as(client, user_for, role)
    response = client.post(_url(project), _post())
    assert_access(response, allowed=allowed)
    assert ProgressReport.objects.filter(project=project).count() == (1 if allowed else 0)


def test_the_lead_of_another_project_may_not_write_here(client, user_for, project):
    other = make_user(Role.PROJECT_LEAD, username="other-project-lead")
    client.force_login(other)
    assert client.get(_url(project)).status_code == 403
    assert client.post(_url(project), _post()).status_code == 403
    assert not ProgressReport.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, project):
    for response in (client.get(_url(project)), client.post(_url(project), _post())):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ProgressReport.objects.exists()


def test_the_link_shows_for_those_who_may_write(client, user_for, project):
    links = (reverse("portfolio:progress-report", args=[project.number]), project.get_absolute_url())
    for role, shown in ((Role.PROJECT_LEAD, True), (Role.PROGRAMME_OFFICE, True), (Role.READER, False)):
        login_as(client, user_for, role)
        for page in links:
            assert (f'href="{_url(project)}"' in client.get(page).content.decode()) is shown, (role, page)


# --- writing a report ---


def test_lead_writes_a_report_and_sees_balance_and_need(client, user_for, project):
    lead = login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(_url(project), _post())
    report = ProgressReport.objects.get(project=project)
    page_url = reverse("portfolio:progress-report", args=[project.number])
    assert response["Location"] == f"{page_url}?report={report.pk}"
    assert report.funding == [
        {"funder": "RVO", "amount": "60000"},
        {"funder": "Provincie", "amount": "20000"},
    ]
    assert report.milestones == {"kickoff": {"planned": "2021-02-01", "actual": "2021-03-01"}}
    assert (report.timeline_start, report.timeline_end) == (date(2021, 1, 1), date(2021, 12, 1))
    assert report.done == ["Koersbepalersoverleg geweest", "Eerste stakeholderanalyse"]  # blank line left out
    assert report.risks == [{"text": "Onvoldoende draagvlak bij ...", "owner": "Petra", "status": "open"}]
    assert report.issues == []  # three empty lines: none kept
    assert (report.created_by, report.phase_at_report) == (lead, "initiation")
    page = client.get(response["Location"]).content.decode()
    # Bijlage 8: granted 60.000 + 20.000 = 80.000; balance 80.000 - 40.000 = 40.000; need 100.000 - 80.000.
    assert 'data-testid="granted">€ 80,000<' in page
    assert 'data-testid="balance">€ 40,000<' in page
    assert 'data-testid="need">€ 20,000<' in page
    assert "More has been spent than granted." not in page


def test_overspending_is_warned(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    data = _post(spent="85000")  # 85.000 spent of 80.000 granted: balance -5.000
    page = client.get(client.post(_url(project), data)["Location"]).content.decode()
    assert "More has been spent than granted." in page
    assert 'data-testid="balance">€ -5,000<' in page


def test_phase_comes_from_the_gates_not_the_form(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    client.post(_url(project), _post(phase_at_report="closed"))
    assert ProgressReport.objects.get().phase_at_report == project.phase == "initiation"


def test_every_report_is_kept_and_the_form_starts_from_the_latest(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    client.post(_url(project), _post())
    first = ProgressReport.objects.get()
    form = client.get(_url(project)).context["entry"]
    assert form.form["percent_ready"].value() == 10
    assert 'value="100000"' in str(form.form["budget_needed"])  # not 100000.00
    assert form.form["milestone_kickoff_planned"].value() == date(2021, 2, 1)
    assert 'value="2021-02"' in str(form.form["milestone_kickoff_planned"])  # shown as a month
    assert form.form["done"].value() == "Koersbepalersoverleg geweest\nEerste stakeholderanalyse"
    assert [f["funder"].value() for f in form.formsets["funding"].forms][:2] == ["RVO", "Provincie"]
    assert form.formsets["risks"].forms[0]["owner"].value() == "Petra"

    client.post(_url(project), _post(report_date="2020-11-01", percent_ready="30", spent="60000"))
    assert ProgressReport.objects.count() == 2
    first.refresh_from_db()
    assert (first.percent_ready, first.spent) == (10, Decimal(40000))  # not overwritten
    latest = selectors.progress_report_for(project)
    assert (latest.report_date, latest.percent_ready, latest.spent) == (date(2020, 11, 1), 30, 60000)


def test_first_report_of_a_project_starts_from_its_term(client, user_for, team):
    project = factories.project(user_for, start_date=date(2021, 3, 15), due_date=date(2022, 6, 30))
    login_as(client, user_for, Role.PROJECT_LEAD)
    form = client.get(_url(project)).context["entry"].form
    timeline = (form["timeline_start"].value(), form["timeline_end"].value())
    assert timeline == (date(2021, 3, 1), date(2022, 6, 1))


def test_the_new_report_is_in_the_audit_trail(client, user_for, project):
    lead = login_as(client, user_for, Role.PROJECT_LEAD)
    other = factories.project(user_for, title="Project sectorale routekaarten")
    client.post(_url(project), _post(dependencies=[str(other.pk)]))
    report = ProgressReport.objects.get()
    created = report.history.earliest("history_date")
    assert (created.history_type, created.history_user, created.spent) == ("+", lead, 40000)
    latest = report.history.latest("history_date")
    assert latest.history_user == lead
    assert [row.project_id for row in latest.dependencies.all()] == [other.pk]


# --- bad input: named next to the field, nothing saved ---


def _errors(response) -> dict:
    return factories.entry_errors(response.context["entry"])


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"percent_ready": "120"}, "percent_ready", "between 0 and 100"),
        ({"percent_ready": "-1"}, "percent_ready", "between 0 and 100"),
        ({"budget_needed": "-5"}, "budget_needed", "cannot be negative"),
        ({"spent": ""}, "spent", "Fill in an amount"),
        ({"spent": "veel"}, "spent", "Enter a number"),
        ({"timeline_end": "2020-12"}, "timeline_end", "ends before it starts"),
        ({"timeline_start": "januari"}, "timeline_start", "Enter a valid date"),
        ({"milestone_kickoff_actual": "2022-01"}, "milestone_kickoff_actual", "outside the timeline"),
        ({"milestone_evaluation_ready_planned": "2020-12"}, "milestone_evaluation_ready_planned", "01-2021"),
        ({"funding-1-amount": ""}, "funding-1-amount", "amount granted by Provincie is missing"),
        ({"funding-1-funder": ""}, "funding-1-funder", "names its funder"),
        ({"funding-1-amount": "-20000"}, "funding-1-amount", "cannot be negative"),
        ({"funding-1-funder": "rvo "}, "funding-1-funder", "already on line 1"),
        ({"risks-0-text": ""}, "risks-0-text", "describe it"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(client, user_for, project, overrides, field, text):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(_url(project), _post(**overrides))
    assert response.status_code == 200
    errors = _errors(response)
    assert any(text in message for message in errors.get(field, [])), errors
    assert not ProgressReport.objects.exists()
    assert "The report was not saved." in response.content.decode()


def test_several_problems_are_reported_at_once(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(
        _url(project), _post(percent_ready="101", spent="-1", **{"funding-2-funder": "Gemeente"})
    )
    assert {"percent_ready", "spent", "funding-2-amount"} <= set(_errors(response))


def test_service_refuses_the_same_input_without_a_form(user_for, project):
    """The rules live in the service: the API and scripts get the same refusal, keyed by argument."""
    lead = user_for(Role.PROJECT_LEAD)
    with pytest.raises(ValidationError) as caught:
        services.progress_report_create(
            actor=lead,
            project=project,
            report_date=date(2020, 8, 1),
            finance_date=date(2020, 8, 1),
            budget_needed=Decimal(-1),
            spent=10,
            funding=[{"funder": "RVO", "amount": 1}, {"funder": "RVO", "amount": 2}],
            timeline_start=date(2021, 1, 1),
            timeline_end=date(2021, 12, 1),
            milestones={"kickoff": {"planned": "2022-02-01"}},
            dependencies=[project],
        )
    assert set(caught.value.message_dict) == {"budget_needed", "funding", "milestones", "dependencies"}
    assert caught.value.message_dict["funding"] == [
        "Grant line 2: RVO is already on line 1; one line per funder."
    ]
    assert not ProgressReport.objects.exists()
