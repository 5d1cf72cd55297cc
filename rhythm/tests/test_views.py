"""The rhythm's pages: "Mijn werk" on the start page, the overdue lists, a project's cycle, the inbox and the
notification settings."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from portfolio.tests import factories as portfolio_factories
from rhythm import services
from rhythm.models import Channel, Kind, Notification, Preference, ReportingCycle

D = datetime.date
TODAY = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def late_project(db, user_for):
    """Due 1 April 2026 (quarterly from 1 January), nothing written: 19 days late on 20 April."""
    project = portfolio_factories.project(user_for)
    services.cycle_set(
        actor=user_for(Role.PROGRAMME_OFFICE), project=project, months=3, starts_on=D(2026, 1, 1)
    )
    return project


def test_the_start_page_shows_the_project_lead_the_overdue_report(client, user_for, late_project):
    client.force_login(user_for(Role.PROJECT_LEAD))
    page = client.get(reverse("home")).content.decode()
    assert f'data-project="{late_project.number}"' in page
    assert "19 dagen te laat" in page
    assert reverse("portfolio:progress-new", args=[late_project.number]) in page


def test_a_reader_has_nothing_waiting(client, user_for, late_project):
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("rhythm:my-work")).content.decode()
    assert "Er wacht nu niets op je." in page


def test_the_team_and_programme_overdue_lists(client, user_for, late_project):
    other_team = portfolio_factories.team(
        user_for, code="verbreding", name="Team Verbreding", with_users=False
    )
    on_time = portfolio_factories.project(user_for, team_obj=other_team, title="Op tijd")
    services.cycle_set(
        actor=user_for(Role.PROGRAMME_OFFICE), project=on_time, months=3, starts_on=D(2026, 3, 1)
    )
    client.force_login(user_for(Role.TEAM_LEAD))
    everywhere = client.get(reverse("rhythm:overdue")).content.decode()
    team = client.get(reverse("rhythm:team-overdue", args=[late_project.team.code])).content.decode()
    other = client.get(reverse("rhythm:team-overdue", args=["verbreding"])).content.decode()
    assert (
        f'data-project="{late_project.number}"' in everywhere
        and f'data-project="{on_time.number}"' not in everywhere
    )
    assert f'data-project="{late_project.number}"' in team
    assert "Geen rapportage is te laat." in other


def test_the_overdue_list_offers_each_team_with_a_project_once(client, user_for, late_project):
    portfolio_factories.project(user_for, team_obj=late_project.team, title="Tweede project")
    portfolio_factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    page = client.get(reverse("rhythm:overdue")).content.decode()
    tab = reverse("rhythm:team-overdue", args=[late_project.team.code])
    assert page.count(f'href="{tab}"') == 1
    assert reverse("rhythm:team-overdue", args=["verbreding"]) not in page


def test_the_overdue_list_reads_the_same_number_of_queries_for_more_projects(client, user_for, late_project):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("rhythm:overdue"))
    for n in range(5):
        portfolio_factories.project(user_for, title=f"Project {n}", start_date=D(2025, 1, 1))
    with CaptureQueriesContext(connection) as grown:
        assert "6 projecten zijn te laat" in client.get(reverse("rhythm:overdue")).content.decode()
    assert len(grown.captured_queries) == len(small.captured_queries)


def test_the_team_lead_sets_a_cycle_and_a_missing_start_is_refused(client, user_for, late_project):
    client.force_login(user_for(Role.TEAM_LEAD))
    url = reverse("rhythm:cycle-edit", args=[late_project.number])
    refused = client.post(url, {"months": "6", "starts_on": "", "version": "1"})
    assert refused.status_code == 200 and "Dit veld is verplicht." in refused.content.decode()
    saved = client.post(url, {"months": "6", "starts_on": "2026-02-01", "version": "1"})
    assert saved.status_code == 302
    cycle = ReportingCycle.objects.get(project=late_project)
    assert (cycle.months, cycle.starts_on, cycle.version) == (6, D(2026, 2, 1), 2)


def test_the_inbox_counts_unread_and_opening_marks_read(client, user_for):
    lead = user_for(Role.PROJECT_LEAD)
    note = services.notify(
        kind=Kind.REPORT_OVERDUE,
        key="x",
        recipient=lead,
        params={"project": "26-001 X", "due": "2026-04-01"},
        link="/rhythm/",
    )
    client.force_login(lead)
    page = client.get(reverse("rhythm:inbox")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    assert "Voortgangsrapportage van 26-001 X is te laat (verwacht 1 april 2026)" in page
    client.post(reverse("rhythm:notification-open", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="unread-count"' not in client.get(reverse("rhythm:inbox")).content.decode()


def test_someone_elses_notification_is_not_opened(client, user_for):
    note = services.notify(
        kind=Kind.REPORT_OVERDUE, key="x", recipient=user_for(Role.PROJECT_LEAD), params={}
    )
    client.force_login(user_for(Role.READER))
    client.post(reverse("rhythm:notification-open", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_the_settings_page_stores_each_choice(client, user_for):
    user = user_for(Role.READER)
    client.force_login(user)
    data = {kind.value: Channel.EMAIL for kind in Kind}
    data[Kind.MEETING_INVITATION] = Channel.OFF
    response = client.post(reverse("rhythm:preferences"), {**data, "language": "en"})
    assert response.status_code == 302
    assert Preference.objects.get(user=user, kind=Kind.MEETING_INVITATION).channel == Channel.OFF
    assert services.language_for(user) == "en"
    assert Notification.objects.count() == 0


def test_the_cycle_form_shows_the_stored_start_as_the_date_input_reads_it(client, user_for, late_project):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    page = client.get(reverse("rhythm:cycle-edit", args=[late_project.number])).content.decode()
    assert 'value="2026-01-01"' in page


def test_the_dashboard_page_counts_the_late_reports(client, user_for, late_project):
    """The programme dashboard itself (not the include alone) shows the late count and links to the list."""
    office = user_for(Role.PROGRAMME_OFFICE)
    portfolio_factories.project(user_for, title="Ook te laat", start_date=D(2025, 11, 15))  # due 15 Feb
    on_time = portfolio_factories.project(user_for, title="Op tijd")
    services.cycle_set(actor=office, project=on_time, months=3, starts_on=D(2026, 3, 1))  # due 1 June
    client.force_login(office)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('data-testid="late-reports"')
    line = page[start : page.index("</p>", start)]
    assert "2 voortgangsrapportages zijn te laat" in line
    assert f'href="{reverse("rhythm:overdue")}"' in line


def test_the_calendar_offers_a_team_lead_only_their_teams_cycles(client, user_for, late_project):
    other_team = portfolio_factories.team(
        user_for, code="verbreding", name="Team Verbreding", with_users=False
    )
    other = portfolio_factories.project(
        user_for, team_obj=other_team, title="Ander team", start_date=D(2026, 1, 1)
    )
    client.force_login(user_for(Role.TEAM_LEAD))
    page = client.get(reverse("rhythm:calendar")).content.decode()
    assert reverse("rhythm:cycle-edit", args=[late_project.number]) in page
    assert reverse("rhythm:cycle-edit", args=[other.number]) not in page


def test_my_work_per_role_meetings_decisions_approvals_and_assessments(client, user_for, late_project):
    from decimal import Decimal

    from accounts.authorization import system_actor
    from intake.models import Application
    from intake.tests.factories import make_application
    from programme.models import Decision, SteeringMeeting
    from roadmap.models import MeasuredValue
    from roadmap.tests.factories import IndicatorFactory

    team = late_project.team
    SteeringMeeting.objects.create(
        team=team, date=D(2026, 5, 4), start_time=datetime.time(10), location="Utrecht"
    )
    past = SteeringMeeting.objects.create(team=team, date=D(2026, 4, 14))
    Decision.objects.create(
        meeting=past, sequence=1, text="Door naar uitvoering.", recorded_by=system_actor()
    )
    indicator = IndicatorFactory(owner=user_for(Role.PROGRAMME_OFFICE), reviewer=user_for(Role.TEAM_LEAD))
    MeasuredValue.objects.create(
        indicator=indicator,
        value=Decimal("2"),
        unit="kt",
        date=D(2026, 3, 1),
        source="Test",
        entered_by=user_for(Role.PROGRAMME_OFFICE),
    )
    application = make_application(member=user_for(Role.APPLICANT))
    Application.objects.filter(pk=application.pk).update(status="submitted")

    client.force_login(user_for(Role.TEAM_LEAD))
    page = client.get(reverse("rhythm:my-work")).content.decode()
    assert "4 mei 2026 10:00 · Utrecht" in page  # the next meeting of the team they lead
    assert "Door naar uitvoering." in page  # a recent decision of that team's meeting
    assert reverse("roadmap:value-review", args=[MeasuredValue.objects.get().pk]) in page  # waiting for them
    assert 'data-testid="assessments"' not in page

    client.force_login(user_for(Role.ASSESSOR))
    page = client.get(reverse("rhythm:my-work")).content.decode()
    assert reverse("intake:detail", args=[application.pk]) in page


def test_the_kept_due_date_follows_reports_start_dates_and_cycles(
    user_for, late_project, django_capture_on_commit_callbacks
):
    """ReportDue is what the calendar computes from the cycle and the reports, after every kind of write,
    and the dashboard's late count is the calendar's."""
    from rhythm import selectors
    from rhythm.models import ReportDue

    office = user_for(Role.PROGRAMME_OFFICE)
    quarterly = portfolio_factories.project(user_for, title="Per kwartaal", start_date=D(2025, 11, 15))
    no_start = portfolio_factories.project(user_for, title="Zonder start", start_date=None)
    projects = [late_project, quarterly, no_start]

    def check() -> None:
        today = D(2026, 4, 20)
        computed = {item.project.pk: item for item in selectors.reporting_calendar(today)}
        for project in projects:
            item = computed.get(project.pk)
            expected = item.due.due if item is not None and item.due is not None else None
            assert ReportDue.objects.get(project=project).due == expected, project.title
        assert selectors.late_report_count(today) == sum(item.is_late for item in computed.values())

    check()
    assert ReportDue.objects.get(project=late_project).due == D(2026, 4, 1)
    assert ReportDue.objects.get(project=quarterly).due == D(2026, 2, 15)
    assert selectors.late_report_count(D(2026, 4, 20)) == 2
    # A report of 3 April answers 1 April: the next is due on 1 July.
    report = portfolio_factories.progress_report(late_project, office, D(2026, 4, 3))
    check()
    assert ReportDue.objects.get(project=late_project).due == D(2026, 7, 1)
    quarterly.start_date = D(2026, 3, 1)
    quarterly.save()
    check()
    assert ReportDue.objects.get(project=quarterly).due == D(2026, 6, 1)
    services.cycle_set(actor=office, project=no_start, months=1, starts_on=D(2026, 2, 1))
    check()
    assert ReportDue.objects.get(project=no_start).due == D(2026, 3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    check()
    assert selectors.late_report_count(D(2026, 4, 20)) == 2  # 20-x again late, no_start late since March
    kept = sorted(ReportDue.objects.values_list("project_id", "due"))
    ReportDue.objects.all().delete()
    services.report_dues_rebuild()
    assert sorted(ReportDue.objects.values_list("project_id", "due")) == kept


def _section(page: str, testid: str) -> str:
    """The <section> of "Mijn werk" with `testid`, or "" when the page has none."""
    marker = f'data-testid="{testid}"'
    if marker not in page:
        return ""
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


def test_an_open_proposal_waits_for_its_team_lead_and_for_the_office(client, user_for, late_project):
    from portfolio import services as portfolio_services

    other_team = portfolio_factories.team(
        user_for, code="verbreding", name="Team Verbreding", with_users=False
    )
    elsewhere = portfolio_factories.project(user_for, team_obj=other_team, title="Ander team")
    lead = user_for(Role.PROJECT_LEAD)
    portfolio_services.transition_propose(actor=lead, project=late_project, target="definition")
    portfolio_services.transition_propose(actor=lead, project=elsewhere, target="definition")

    client.force_login(user_for(Role.TEAM_LEAD))
    team_lead = _section(client.get(reverse("rhythm:my-work")).content.decode(), "decisions-to-prepare")
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    office = _section(client.get(reverse("rhythm:my-work")).content.decode(), "decisions-to-prepare")

    assert "Besluiten om voor te bereiden" in team_lead
    assert late_project.get_absolute_url() in team_lead and "voorgestelde overgang naar" in team_lead
    assert elsewhere.get_absolute_url() not in team_lead  # another team's proposal is not theirs
    assert late_project.get_absolute_url() in office and elsewhere.get_absolute_url() in office


def test_an_owned_indicator_without_a_value_for_its_ended_period_offers_the_value_form(client, user_for):
    from decimal import Decimal

    from roadmap.models import MeasuredValue
    from roadmap.tests.factories import IndicatorFactory

    owner = user_for(Role.PROGRAMME_OFFICE)
    quarterly = {"measurement_start": D(2025, 1, 1), "measurement_frequency": "quarter", "owner": owner}
    missing = IndicatorFactory(name="Hergebruik kozijnen", **quarterly)
    answered = IndicatorFactory(name="Gerecycled staal", **quarterly)
    MeasuredValue.objects.create(
        indicator=answered,
        value=Decimal("3"),
        unit="kt",
        date=D(2026, 3, 31),
        source="Test",
        entered_by=owner,
    )
    IndicatorFactory(name="Van een ander", measurement_start=D(2025, 1, 1), measurement_frequency="quarter")

    client.force_login(owner)
    values = _section(client.get(reverse("rhythm:my-work")).content.decode(), "approvals")

    # 20 April 2026: the quarter 1 January to 31 March 2026 has ended without a value of `missing`.
    assert reverse("roadmap:value-create", args=[missing.code]) in values
    assert "Voer de waarde van Hergebruik kozijnen in voor 1 januari 2026 tot en met 31 maart 2026" in values
    assert reverse("roadmap:value-create", args=[answered.code]) not in values
    assert "Van een ander" not in values
