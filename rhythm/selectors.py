"""Reads for the rhythm: what each running project owes (the reporting calendar), who leads it, and what waits
for a person ("Mijn werk"). A constant number of queries whatever the number of projects: the latest report
date per project is an aggregate, the rest is joined."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery

from accounts.models import User
from intake.models import Application
from intake.permissions import applications_awaiting
from portfolio.models import RUNNING, ProgressReport, Project, TransitionProposal
from portfolio.permissions import proposals_awaiting
from programme.models import Decision, SteeringMeeting, Team
from programme.permissions import meeting_teams, meetings_followed_by
from roadmap.models import Indicator, MeasuredValue

from . import calendar
from .models import Notification


@dataclass(frozen=True)
class ProjectDue:
    """A running project on the calendar: its cycle and the report it owes (None without a start)."""

    project: Project
    cycle: calendar.Cycle | None
    explicit: bool  # the cycle was set for the project (else the default from its start date)
    due: calendar.DueReport | None

    @property
    def is_late(self) -> bool:
        return self.due is not None and self.due.is_late


def _projects(projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Running projects with their cycle and the date of their latest report: a subquery the database runs
    for the rows it returns (a page), not a GROUP BY over every project and report."""
    queryset = projects if projects is not None else Project.objects.all()
    latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-report_date")
    return (
        queryset.filter(RUNNING)
        .select_related("team", "team__lead__user", "lead_user", "lead_person__user", "reporting_cycle")
        .annotate(latest_report=Subquery(latest.values("report_date")[:1]))
        .order_by("team__order", "year", "sequence")
    )


def cycle_of(project: Project) -> tuple[calendar.Cycle | None, bool]:
    """The project's reporting cycle, and whether it was set for it; None when it has no start."""
    explicit = getattr(project, "reporting_cycle", None)
    if explicit is not None:
        return calendar.cycle_for(None, months=explicit.months, starts_on=explicit.starts_on), True
    return calendar.cycle_for(project.start_date), False


def project_due(project: Project, today: datetime.date) -> ProjectDue:
    cycle, explicit = cycle_of(project)
    latest = getattr(project, "latest_report", None)
    if latest is None and not hasattr(project, "latest_report"):
        latest = project.progress_reports.aggregate(latest=Max("report_date"))["latest"]
    due = calendar.outstanding(cycle, [latest] if latest else [], today) if cycle else None
    return ProjectDue(project=project, cycle=cycle, explicit=explicit, due=due)


def calendar_projects(projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """The running projects (of `projects`) the calendar reads, ready for `project_due` one at a time (the
    scheduled run, which must go on when one project's cycle cannot be read)."""
    return _projects(projects)


def reporting_calendar(
    today: datetime.date, *, projects: QuerySet[Project] | None = None
) -> list[ProjectDue]:
    """Every running project (of `projects`) with the report it owes on `today`."""
    return [project_due(project, today) for project in _projects(projects)]


def overdue_projects(today: datetime.date, *, team: Team | None = None) -> QuerySet[Project]:
    """The running projects (of `team`) whose report is late, the longest late first: their kept due date
    (ReportDue) lies before `today`; a query, to be read a page at a time."""
    projects = _projects(Project.objects.filter(team=team) if team is not None else None)
    return projects.filter(report_due__due__lt=today).order_by("report_due__due", "year", "sequence")


def teams_with_projects() -> QuerySet[Team]:
    """The teams that have a project (the overdue list's tabs), in the programme's order. An EXISTS per team,
    looked up in the index on the projects' team: not a join of every project made distinct afterwards."""
    return Team.objects.filter(Exists(Project.objects.filter(team=OuterRef("pk")))).order_by("order", "name")


def late_report_count(today: datetime.date) -> int:
    """How many running projects are late with their progress report (the dashboard's figure): one count."""
    return Project.objects.filter(RUNNING, report_due__due__lt=today).count()


def project_lead_user(project: Project) -> User | None:
    """Who writes the project's reports: its lead user, or the account of its lead person."""
    if project.lead_user_id:
        return project.lead_user
    person = project.lead_person
    if person is not None and person.user_id:
        return person.user
    return None


def team_lead_user(team: Team) -> User | None:
    lead = team.lead
    if lead is not None and lead.user_id:
        return lead.user
    return None


# --- Mijn werk ---


def led_projects(user: User) -> QuerySet[Project]:
    return Project.objects.led_by(user)


@dataclass
class MyWork:
    reports: list[ProjectDue]
    approvals: list[MeasuredValue]
    values_due: list[tuple[Indicator, calendar.DueValue]]
    proposals: list[TransitionProposal]
    assessments: list[Application]
    meetings: list[SteeringMeeting]
    decisions: list[Decision]
    notifications: list[Notification]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.reports,
                self.approvals,
                self.values_due,
                self.proposals,
                self.assessments,
                self.meetings,
                self.decisions,
                self.notifications,
            )
        )


REPORT_HORIZON_DAYS = 30  # reports due within this many days are shown as "to write"


def my_work(user: User, today: datetime.date, *, limit: int = 10) -> MyWork:
    """What waits for `user` on `today`, per what they do in the programme."""
    teams = meeting_teams(user)
    horizon = today + datetime.timedelta(days=REPORT_HORIZON_DAYS)
    reports = [
        item
        for item in reporting_calendar(today, projects=led_projects(user))
        if item.due is not None and item.due.due <= horizon
    ]
    approvals = list(
        MeasuredValue.objects.filter(indicator__reviewer=user, status=MeasuredValue.Status.DRAFT)
        .select_related("indicator")
        .order_by("date", "pk")[:limit]
    )
    values_due = []
    owned = Indicator.objects.filter(owner=user).exclude(measurement_start=None)
    dates: dict[int, list[datetime.date]] = {}
    for indicator_id, day in (
        MeasuredValue.objects.filter(indicator__in=owned)
        .exclude(status=MeasuredValue.Status.REJECTED)
        .values_list("indicator_id", "date")
    ):
        dates.setdefault(indicator_id, []).append(day)
    for indicator in owned:
        due = calendar.value_due(
            start=indicator.measurement_start,
            end=indicator.measurement_end,
            frequency=indicator.measurement_frequency,
            value_dates=dates.get(indicator.pk, []),
            today=today,
        )
        if due is not None:
            values_due.append((indicator, due))
    proposals = list(
        proposals_awaiting(user).select_related("project", "project__team").order_by("pk")[:limit]
    )
    assessments = list(applications_awaiting(user).order_by("pk")[:limit])
    meetings = list(
        meetings_followed_by(user)
        .filter(status=SteeringMeeting.Status.OPEN, date__gte=today)
        .select_related("team")
        .order_by("date", "start_time", "pk")[:5]
    )
    since = today - datetime.timedelta(days=30)
    followed = led_projects(user).values("pk")
    decisions = list(
        Decision.objects.filter(recorded_at__date__gte=since)
        .filter(
            Q(meeting__team__in=teams)
            | Q(
                subject_content_type__app_label="portfolio",
                subject_content_type__model="project",
                subject_object_id__in=followed,
            )
        )
        .select_related("meeting", "meeting__team")
        .order_by("-recorded_at", "-pk")[:limit]
    )
    notifications = list(Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:5])
    return MyWork(
        reports=reports,
        approvals=approvals,
        values_due=values_due,
        proposals=proposals,
        assessments=assessments,
        meetings=meetings,
        decisions=decisions,
        notifications=notifications,
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()
