import datetime
import io
from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import demo as accounts_demo
from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from roadmap import demo, services
from roadmap.models import MeasuredValue, ReportingPeriod, Target

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal_system():
    out = io.StringIO()
    accounts_demo.load(stdout=out)
    demo.load(stdout=out)


@pytest.fixture
def indicator(user_for):
    indicator = IndicatorFactory(
        code="co2", owner=user_for(Role.PROJECT_LEAD), reviewer=user_for(Role.STEERING_TEAM)
    )
    Target.objects.create(indicator=indicator, value=D(-2313), by_date=datetime.date(2023, 12, 31))
    return indicator


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD}))
def test_value_entry_by_owner_and_office(client, user_for, indicator, role, allowed):
    login_as(client, user_for, role)
    response = client.post(
        reverse("roadmap:value-create", args=[indicator.code]),
        {"mv-value": "-150", "mv-unit": indicator.unit, "mv-date": "2024-01-31", "mv-source": "Impactsheet"},
    )
    assert_access(response, allowed=allowed)
    assert MeasuredValue.objects.filter(indicator=indicator).exists() == allowed


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.STEERING_TEAM}))
def test_review_only_by_reviewer(client, user_for, indicator, role, allowed):
    value = services.measured_value_enter(
        indicator=indicator,
        value=D(-5),
        unit=indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="s",
        actor=user_for(Role.PROJECT_LEAD),
    )
    login_as(client, user_for, role)
    response = client.post(reverse("roadmap:value-review", args=[value.pk]), {"decision": "approve"})
    assert_access(response, allowed=allowed)
    value.refresh_from_db()
    assert (value.status == MeasuredValue.Status.APPROVED) == allowed


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_target_and_baseline_and_periods_only_office(client, user_for, indicator, role, allowed):
    login_as(client, user_for, role)
    target = indicator.targets.get()
    assert_access(client.get(reverse("roadmap:target-edit", args=[target.pk])), allowed=allowed)
    assert_access(client.get(reverse("roadmap:target-create", args=[indicator.code])), allowed=allowed)
    assert_access(client.get(reverse("roadmap:baseline-edit", args=[indicator.code])), allowed=allowed)
    response = client.post(
        reverse("roadmap:period-create"), {"label": "2024-Q1", "start": "2024-01-01", "end": "2024-03-31"}
    )
    assert_access(response, allowed=allowed)
    assert ReportingPeriod.objects.filter(label="2024-Q1").exists() == allowed


def test_bad_value_input_is_refused_with_field_messages(client, user_for, indicator):
    client.force_login(user_for(Role.PROJECT_LEAD))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("roadmap:value-create", args=[indicator.code]),
        {"mv-value": "-150", "mv-unit": "Mt", "mv-date": tomorrow, "mv-source": "x"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not match the indicator&#x27;s unit" in page and "lies in the future" in page
    assert not MeasuredValue.objects.exists()


def test_target_on_missing_cluster_is_refused(client, user_for, indicator):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    response = client.post(
        reverse("roadmap:target-create", args=[indicator.code]),
        {"value": "5", "by_date": "2025-01-01", "scope": "cluster", "cluster": "99999"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("roadmap:target-create", args=[indicator.code]),
        {"value": "5", "by_date": "2025-01-01", "scope": "cluster"},
    )
    assert "A cluster target names an existing product cluster" in response.content.decode()
    assert indicator.targets.count() == 1


def test_target_edit_needs_reason_and_history_shows_it(client, user_for, indicator):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    target = indicator.targets.get()
    url = reverse("roadmap:target-edit", args=[target.pk])
    response = client.post(url, {"value": "-2000", "by_date": "2023-12-31", "reason": "", "version": 1})
    assert response.status_code == 200
    response = client.post(
        url, {"value": "-2000", "by_date": "2023-12-31", "reason": "Herijking", "version": 1}
    )
    assert response.status_code == 302
    page = client.get(reverse("roadmap:target-history", args=[target.pk])).content.decode()
    assert "Herijking" in page


def test_reader_sees_approved_values_only(client, user_for, indicator):
    owner = user_for(Role.PROJECT_LEAD)
    approved = services.measured_value_enter(
        indicator=indicator,
        value=D(-111),
        unit=indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="s",
        actor=owner,
    )
    services.measured_value_review(measured_value=approved, actor=user_for(Role.STEERING_TEAM), approve=True)
    services.measured_value_enter(
        indicator=indicator,
        value=D(-222),
        unit=indicator.unit,
        date=datetime.date(2024, 2, 1),
        source="s",
        actor=owner,
    )
    client.force_login(user_for(Role.READER))
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "-111" in page and "-222" not in page and 'data-testid="value-form"' not in page
    client.force_login(user_for(Role.STEERING_TEAM))
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "-222" in page


def test_roadmap_page_shows_lanes_top_down_matrix_and_principles(client, user_for, goal_system):
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("roadmap:roadmap")).content.decode()
    assert page.index('id="lane-0-50y"') < page.index('id="lane-0-5y"') < page.index('id="lane-0-1m"')
    assert (
        "Ketensamenwerking" in page
        and "We organiseren ketensamenwerking voor re-use, repair of recycle." in page
    )
    assert 'href="#lane-0-3m"' in page  # principle 9 links to its horizon
    assert "Nieuwe orders/omzet (PMI)" in page


def test_roadmap_export_workbook(client, user_for, goal_system):
    client.force_login(user_for(Role.READER))
    response = client.get(reverse("roadmap:roadmap-export"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Change strategies", "Roadmap 2.0", "Steering principles", "Indicators"]
    assert workbook["Change strategies"].max_row == 1 + 6
    assert workbook["Roadmap 2.0"].max_row == 1 + 22
    assert workbook["Steering principles"].max_row == 1 + 10
    co2 = [row for row in workbook["Indicators"].iter_rows(values_only=True) if row[0] == "co2-impact"][0]
    assert "-2313" in co2[11]


def test_indicator_export_history(client, user_for, indicator):
    owner = user_for(Role.PROJECT_LEAD)
    value = services.measured_value_enter(
        indicator=indicator,
        value=D(-500),
        unit=indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="Impactsheet",
        actor=owner,
    )
    services.measured_value_review(measured_value=value, actor=user_for(Role.STEERING_TEAM), approve=True)
    client.force_login(owner)
    response = client.get(reverse("roadmap:indicator-export", args=[indicator.code]))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Measured values"].iter_rows(values_only=True))
    assert rows[1][1] == -500 and rows[1][3] == "approved" and rows[1][6] == "Impactsheet"
    assert list(workbook["Progress"].iter_rows(values_only=True))[1][1] == -500
    sheet = workbook["Measured values"]
    assert sheet.cell(2, 1).number_format == "dd-mm-yyyy"  # Dutch dates, as every export writes them
    value.refresh_from_db()
    entered = sheet.cell(2, 9).value  # the local time the pages show, not UTC
    assert abs(entered - timezone.localtime(value.entered_at).replace(tzinfo=None)) < datetime.timedelta(
        seconds=1
    )
    assert sheet.freeze_panes == "A2"


def test_roadmap_speaks_dutch_by_default(client, user_for, goal_system):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("roadmap:roadmap")).content.decode()
    assert "Routekaart 2.0: doelensysteem per beslishorizon" in page and "Stuurprincipes" in page


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_raw_data_availability_set_by_office(client, user_for, goal_system, role, allowed):
    from roadmap.models import EffectGoal

    goal = EffectGoal.objects.get(row__horizon__code="0-5y", dimension__code="M")
    assert goal.data_availability == "unknown"
    login_as(client, user_for, role)
    prefix = f"g{goal.pk}"
    response = client.post(
        reverse("roadmap:effect-goal-availability", args=[goal.pk]),
        {
            f"{prefix}-data_availability": "partial",
            f"{prefix}-availability_source": "CBS Materiaalmonitor",
            f"{prefix}-availability_date": "2020-10-15",
        },
    )
    assert_access(response, allowed=allowed)
    goal.refresh_from_db()
    assert (goal.data_availability == "partial") == allowed


def test_raw_data_availability_form_only_for_the_office(client, user_for, goal_system):
    client.force_login(user_for(Role.READER))
    assert reverse("roadmap:data-availability") not in client.get(reverse("roadmap:roadmap")).content.decode()
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    page = client.get(reverse("roadmap:roadmap")).content.decode()
    assert reverse("roadmap:data-availability") in page
    screen = client.get(reverse("roadmap:data-availability")).content.decode()
    assert "/availability/" in screen and 'value="partial"' in screen


def test_own_value_is_not_reviewed_by_whom_entered_it(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    indicator = IndicatorFactory(owner=office, reviewer=None)
    value = services.measured_value_enter(
        indicator=indicator,
        value=D(1),
        unit=indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="s",
        actor=office,
    )
    client.force_login(office)
    response = client.post(reverse("roadmap:value-review", args=[value.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert "someone other than the person who entered it" in response.content.decode()
    value.refresh_from_db()
    assert value.status == MeasuredValue.Status.DRAFT


def test_exports_write_formula_like_texts_as_text_and_negative_numbers_as_numbers(
    client, user_for, indicator, goal_system
):
    """Issue 15, finding 5: a source or note typed as a formula is text in the indicator and roadmap exports;
    a negative measured value stays a number."""
    from regiekamer.tests.xlsx_checks import INJECTED, assert_written_as_text, cells

    owner = user_for(Role.PROJECT_LEAD)
    services.measured_value_enter(
        indicator=indicator,
        value=D(-500),
        unit=indicator.unit,
        date=datetime.date(2024, 1, 1),
        source=INJECTED,
        note="+1+1",
        actor=owner,
    )
    client.force_login(owner)
    content = client.get(reverse("roadmap:indicator-export", args=[indicator.code])).content
    assert_written_as_text(content, INJECTED, "+1+1")
    assert {cell.data_type for cell in cells(content) if cell.value == -500} == {"n"}
    indicator.name = "@" + indicator.name
    indicator.save()
    client.force_login(user_for(Role.READER))
    assert_written_as_text(client.get(reverse("roadmap:roadmap-export")).content, indicator.name)


def test_the_list_and_its_export_name_the_same_status(client, user_for, indicator):
    import csv

    client.force_login(user_for(Role.READER))

    def shown() -> tuple[str, str]:
        page = client.get(reverse("roadmap:indicator-list")).content.decode()
        content = client.get(reverse("roadmap:indicator-list-export-csv")).content.decode("utf-8-sig")
        (row,) = list(csv.reader(io.StringIO(content), delimiter=";"))[1:]
        return page, row[-1]

    page, exported = shown()
    assert exported == "no approved values" and ">no approved values<" in page
    value = services.measured_value_enter(
        indicator=indicator,
        value=D(-2313),  # the target itself, from a baseline of 0
        unit=indicator.unit,
        date=datetime.date(2023, 6, 1),
        source="s",
        actor=user_for(Role.PROJECT_LEAD),
    )
    services.measured_value_review(measured_value=value, actor=user_for(Role.STEERING_TEAM), approve=True)
    page, exported = shown()
    assert exported == "on track" and 'data-testid="traffic-light">on track<' in page


@override_settings(EXPORT_INLINE_ROWS=1)
def test_a_long_indicator_history_is_written_by_a_job_with_progress(client, user_for, indicator):
    """Issue 17: an export over the size limit runs as a job (progress, download when done), for the same
    person, with the same workbook."""
    from django.core.files.storage import default_storage

    from jobs.models import JobRun
    from jobs.worker import run_queued_jobs
    from roadmap.export import INDICATOR_JOB

    owner = user_for(Role.PROJECT_LEAD)
    reviewer = user_for(Role.STEERING_TEAM)
    for day, amount in ((1, -500), (2, -300)):
        value = services.measured_value_enter(
            indicator=indicator,
            value=D(amount),
            unit=indicator.unit,
            date=datetime.date(2024, 1, day),
            source="Impactsheet",
            actor=owner,
        )
        services.measured_value_review(measured_value=value, actor=reviewer, approve=True)
    client.force_login(owner)
    response = client.get(reverse("roadmap:indicator-export", args=[indicator.code]))
    job = JobRun.objects.get(kind=INDICATOR_JOB)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.started_by == owner and job.view_action == "roadmap.view_roadmap"

    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobRun.Status.DONE
    assert (job.progress_done, job.progress_total) == (2, 2)
    with default_storage.open(job.output_file) as output:
        workbook = load_workbook(io.BytesIO(output.read()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))  # "Meetwaarden": the job speaks Dutch
    assert [row[1] for row in rows[1:]] == [-300, -500]  # newest first, as the page lists them
    assert job.output_name == f"indicator-{indicator.code}.xlsx"
    assert client.get(reverse("jobs:output", args=[job.pk])).status_code == 200
