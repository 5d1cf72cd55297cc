"""Who is notified, when, exactly once: the scheduled run on a frozen clock, run twice each day; and the
notifications events make (a decision, a value waiting for approval, an application's status change)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from accounts.authorization import system_actor
from accounts.roles import Role
from intake.models import StatusEvent
from intake.tests.factories import make_application
from jobs.models import JobRun
from jobs.testing import run_queued_jobs
from portfolio.models import ProgressReport
from portfolio.tests import factories as portfolio_factories
from programme.models import Decision, SteeringMeeting
from rhythm import services
from rhythm.models import Channel, Kind, MailLanguage, Notification, Preference
from roadmap.models import MeasuredValue
from roadmap.tests.factories import IndicatorFactory

D = datetime.date
AMSTERDAM = datetime.timezone(datetime.timedelta(hours=1))


def at(day: datetime.date):
    """The clock frozen at 09:00 in Amsterdam on `day` (winter time, UTC+1)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=AMSTERDAM), tick=False)


@pytest.fixture
def people(db, user_for):
    lead, team_lead = user_for(Role.PROJECT_LEAD), user_for(Role.TEAM_LEAD)
    lead.email, team_lead.email = "lead@example.org", "teamlead@example.org"
    lead.save()
    team_lead.save()
    return lead, team_lead


@pytest.fixture
def project(people, user_for):
    """A project of the test team (led by the team-lead user), led by the project-lead user, reporting every
    quarter from 1 January 2026: its first report is due on 1 April 2026."""
    project = portfolio_factories.project(user_for, start_date=D(2025, 6, 1))
    services.cycle_set(
        actor=user_for(Role.PROGRAMME_OFFICE), project=project, months=3, starts_on=D(2026, 1, 1)
    )
    return project


def run(day: datetime.date, times: int = 2) -> list[str]:
    log: list[str] = []
    with at(day):
        for _ in range(times):
            services.tick(actor=system_actor(), log=log.append)
    return log


def sent() -> list[tuple[str, str]]:
    return [(message.to[0], message.subject) for message in mail.outbox]


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))


def test_reminders_before_on_and_after_the_due_date_each_once(project, people):
    lead, team_lead = people
    run(D(2026, 3, 24))
    assert sent() == []  # eight days before: nothing yet

    run(D(2026, 3, 25))  # seven days before
    assert sent() == [
        ("lead@example.org", f"Voortgangsrapportage van {project} uiterlijk 1 april 2026"),
        ("teamlead@example.org", f"Voortgangsrapportage van {project} uiterlijk 1 april 2026"),
    ]
    run(D(2026, 3, 26))
    assert len(mail.outbox) == 2

    run(D(2026, 4, 1))  # the due date
    assert len(mail.outbox) == 4
    assert mail.outbox[2].subject == f"Voortgangsrapportage van {project} is vandaag verwacht"
    run(D(2026, 4, 8))  # seven days late
    assert len(mail.outbox) == 6
    assert kinds_of(lead) == [Kind.REPORT_DUE_SOON, Kind.REPORT_DUE_TODAY, Kind.REPORT_OVERDUE]
    assert kinds_of(team_lead) == kinds_of(lead)
    assert Notification.objects.filter(recipient=team_lead, is_copy=True).count() == 3
    assert Notification.objects.filter(recipient=lead, is_copy=False).count() == 3
    run(D(2026, 4, 9))
    assert len(mail.outbox) == 6


def test_a_written_report_stops_the_reminders_and_the_next_due_date_follows(project, people, user_for):
    lead, _team_lead = people
    run(D(2026, 3, 25))
    ProgressReport.objects.create(
        project=project,
        report_date=D(2026, 3, 30),
        timeline_start=D(2026, 1, 1),
        timeline_end=D(2026, 12, 31),
        finance_date=D(2026, 3, 30),
        budget_needed=Decimal("1000"),
        spent=Decimal("0"),
        phase_at_report=project.phase,
        created_by=lead,
    )
    run(D(2026, 4, 1))
    run(D(2026, 4, 8))
    assert kinds_of(lead) == [Kind.REPORT_DUE_SOON]
    # The next report is due on 1 July: its first reminder on 24 June.
    run(D(2026, 6, 24))
    assert Notification.objects.filter(recipient=lead).order_by("pk").last().key.endswith("due:2026-07-01")


def test_each_person_chooses_per_kind_and_the_language_of_their_mail(project, people):
    lead, team_lead = people
    services.preferences_set(actor=team_lead, channels={Kind.REPORT_DUE_SOON: Channel.OFF}, language="en")
    services.preferences_set(actor=lead, channels={Kind.REPORT_DUE_TODAY: Channel.INBOX}, language="nl")
    run(D(2026, 3, 25))
    assert sent() == [("lead@example.org", f"Voortgangsrapportage van {project} uiterlijk 1 april 2026")]
    run(D(2026, 4, 1))
    # The lead gets the due-date notification in the inbox only; the team lead by e-mail, in English.
    assert sent()[1:] == [("teamlead@example.org", f"Progress report of {project} due today")]
    inbox_only = Notification.objects.get(recipient=lead, kind=Kind.REPORT_DUE_TODAY)
    assert inbox_only.mail == Notification.Mail.NONE
    assert MailLanguage.objects.get(user=team_lead).language == "en"
    assert Preference.objects.filter(user=lead).count() == 1


def test_bad_input_is_skipped_with_a_message_and_the_run_goes_on(people, user_for):
    lead, team_lead = people
    office = user_for(Role.PROGRAMME_OFFICE)
    no_start = portfolio_factories.project(user_for, title="Zonder start")
    no_lead = portfolio_factories.project(user_for, title="Zonder leider", lead_user=None)
    services.cycle_set(actor=office, project=no_lead, months=3, starts_on=D(2026, 1, 1))
    on_time = portfolio_factories.project(user_for, title="Met tijd")
    services.cycle_set(actor=office, project=on_time, months=3, starts_on=D(2026, 1, 1))
    no_time = SteeringMeeting.objects.create(team=on_time.team, date=D(2026, 3, 30), location="Utrecht")
    with_time = SteeringMeeting.objects.create(
        team=on_time.team, date=D(2026, 3, 31), start_time=datetime.time(14, 0), location="Den Haag"
    )
    with_time.agenda_items.create(order=1, title="Voortgang projecten")

    log = run(D(2026, 3, 25))

    # The job's log is written in Dutch, the programme's language.
    assert (
        f"{no_start.number} heeft geen startdatum en geen rapportagecyclus: geen herinneringen tot er een is "
        "ingesteld." in log
    )
    assert (
        f"{no_lead.number} heeft geen projectleider met een account: de herinnering is niet verstuurd." in log
    )
    assert (
        "Het koersbepalersoverleg van Team Realisatie op 30 maart 2026 heeft geen begintijd: geen "
        "uitnodiging tot het er een heeft." in log
    )
    # The project without a lead still reaches its team lead; the meeting with a time is invited to once.
    assert (
        Notification.objects.filter(key__startswith=f"project:{no_lead.pk}:", recipient=team_lead).count()
        == 1
    )
    invitations = Notification.objects.filter(kind=Kind.MEETING_INVITATION)
    assert {n.key for n in invitations} == {f"meeting:{with_time.pk}:2026-03-31T14:00"}
    invitation_mail = next(
        m for m in mail.outbox if m.to == ["teamlead@example.org"] and "Uitnodiging" in m.subject
    )
    assert "1. Voortgang projecten" in invitation_mail.body
    (name, ics, mimetype) = invitation_mail.attachments[0]
    assert name == "kbo.ics" and mimetype.startswith("text/calendar")
    assert "DTSTART;TZID=Europe/Amsterdam:20260331T140000" in ics
    assert no_time.pk not in {int(n.key.split(":")[1]) for n in invitations}


def test_the_scheduled_job_twice_sends_each_reminder_once_and_logs_what_it_skipped(project, people, user_for):
    no_start = portfolio_factories.project(user_for, title="Zonder start")
    with at(D(2026, 3, 25)):
        services.tick_start(actor=system_actor())
        run_queued_jobs()
        services.tick_start(actor=system_actor())
        run_queued_jobs()
    jobs = JobRun.objects.filter(kind="rhythm.tick").order_by("pk")
    assert [job.status for job in jobs] == [JobRun.Status.DONE, JobRun.Status.DONE]
    assert [job.result for job in jobs] == [
        {"reminders": 2, "invitations": 0, "emails": 2},
        {"reminders": 0, "invitations": 0, "emails": 0},
    ]
    assert sorted(to for to, _subject in sent()) == ["lead@example.org", "teamlead@example.org"]
    assert any(no_start.number in text for text in jobs[0].message_texts)


def test_a_decision_about_a_project_notifies_its_lead(project, people, django_capture_on_commit_callbacks):
    lead, _team_lead = people
    meeting = portfolio_factories.meeting(project.team, D(2026, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        Decision.objects.create(
            meeting=meeting,
            sequence=1,
            kind=Decision.Kind.PAUSE,
            text="Pauzeren tot juni.",
            subject=project,
            recorded_by=system_actor(),
        )
        Decision.objects.create(
            meeting=meeting, sequence=2, text="Algemeen besluit.", recorded_by=system_actor()
        )
    assert sent() == [("lead@example.org", f"Besluit over {project}")]
    assert "Pauzeren tot juni." in mail.outbox[0].body


def test_a_value_awaiting_approval_notifies_the_reviewer(
    people, user_for, django_capture_on_commit_callbacks
):
    owner, reviewer = user_for(Role.PROGRAMME_OFFICE), people[1]
    indicator = IndicatorFactory(owner=owner, reviewer=reviewer, name="CO₂-reductie")
    with django_capture_on_commit_callbacks(execute=True):
        value = MeasuredValue.objects.create(
            indicator=indicator,
            value=Decimal("3"),
            unit="kt",
            date=D(2026, 2, 1),
            source="Test",
            entered_by=owner,
        )
    with django_capture_on_commit_callbacks(execute=True):
        value.status = MeasuredValue.Status.APPROVED
        value.save()
    assert sent() == [("teamlead@example.org", "Waarde van CO₂-reductie wacht op je goedkeuring")]


def test_a_status_change_notifies_the_consortium_but_not_who_took_the_step(
    db, user_for, django_capture_on_commit_callbacks
):
    applicant, assessor = user_for(Role.APPLICANT), user_for(Role.ASSESSOR)
    applicant.email = "aanvrager@example.org"
    applicant.save()
    application = make_application(member=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        StatusEvent.objects.create(
            application=application, from_status="draft", to_status="submitted", actor=applicant
        )
        StatusEvent.objects.create(
            application=application, from_status="submitted", to_status="in_assessment", actor=assessor
        )
    assert sent() == [("aanvrager@example.org", f"Aanvraag {application}: In beoordeling")]


def test_notify_makes_one_notification_per_kind_key_and_recipient(people):
    lead, _team_lead = people
    first = services.notify(kind=Kind.REPORT_DUE_SOON, key="k", recipient=lead, params={})
    again = services.notify(kind=Kind.REPORT_DUE_SOON, key="k", recipient=lead, params={})
    assert first is not None and again is None
    assert services.deliver() == 1 and services.deliver() == 0
    assert Notification.objects.get().mail == Notification.Mail.SENT


def test_a_cycle_without_a_start_is_refused(project, user_for):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.cycle_set(actor=user_for(Role.PROGRAMME_OFFICE), project=project, months=3, starts_on=None)
    assert refused.value.message_dict == {"starts_on": ["Een rapportagecyclus heeft een begindatum nodig."]}


def test_a_project_lead_may_not_set_the_cycle(project, user_for):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.cycle_set(
            actor=user_for(Role.PROJECT_LEAD), project=project, months=6, starts_on=D(2026, 1, 1)
        )
    # The team lead of the project's team may; the change is audited.
    services.cycle_set(actor=user_for(Role.TEAM_LEAD), project=project, months=6, starts_on=D(2026, 2, 1))
    cycle = project.reporting_cycle
    cycle.refresh_from_db()
    assert (cycle.months, cycle.starts_on, cycle.version) == (6, D(2026, 2, 1), 2)
    assert cycle.history.count() == 2


def test_a_project_or_meeting_that_fails_is_named_in_the_jobs_messages_and_the_run_goes_on(
    project, people, user_for, monkeypatch
):
    from rhythm.models import ReportingCycle

    office = user_for(Role.PROGRAMME_OFFICE)
    broken = portfolio_factories.project(user_for, title="Kapotte cyclus")
    services.cycle_set(actor=office, project=broken, months=3, starts_on=D(2026, 1, 1))
    ReportingCycle.objects.filter(project=broken).update(months=5)  # not a cycle: reading it raises
    after = portfolio_factories.project(user_for, title="Na de kapotte")  # handled after the broken one
    services.cycle_set(actor=office, project=after, months=3, starts_on=D(2026, 1, 1))
    failing = SteeringMeeting.objects.create(
        team=project.team, date=D(2026, 3, 30), start_time=datetime.time(10, 0), location="Utrecht"
    )
    fine = SteeringMeeting.objects.create(
        team=project.team, date=D(2026, 3, 31), start_time=datetime.time(14, 0), location="Den Haag"
    )
    real_ics = services._meeting_ics

    def ics(meeting, *, url):
        if meeting.pk == failing.pk:
            raise RuntimeError("calendar broke")
        return real_ics(meeting, url=url)

    monkeypatch.setattr(services, "_meeting_ics", ics)

    with at(D(2026, 3, 25)):
        services.tick_start(actor=system_actor())
        run_queued_jobs()

    job = JobRun.objects.get(kind="rhythm.tick")
    assert job.status == JobRun.Status.DONE
    assert (job.result["reminders"], job.result["invitations"]) == (
        4,
        2,
    )  # lead and team lead, twice; 2 invited
    assert {n.key.rsplit(":", 2)[0] for n in Notification.objects.filter(kind=Kind.REPORT_DUE_SOON)} == {
        f"project:{project.pk}",
        f"project:{after.pk}",
    }
    assert {n.key for n in Notification.objects.filter(kind=Kind.MEETING_INVITATION)} == {
        f"meeting:{fine.pk}:2026-03-31T14:00"
    }
    texts = job.message_texts
    assert f"De herinneringen voor {broken} zijn door een onverwachte fout niet gemaakt." in texts
    assert (
        "De uitnodigingen voor het koersbepalersoverleg van Team Realisatie op 30 maart 2026 zijn door een "
        "onverwachte fout niet gemaakt." in texts
    )
    assert not any("Error" in text or "calendar broke" in text or "5 months" in text for text in texts)
