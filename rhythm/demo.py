"""Demo rhythm (idempotent): reporting cycles for a few projects, so that "Mijn werk", the overdue lists and
the dashboard show a realistic picture, and one scheduled run's notifications.

Every running demo project reports every quarter from its start date (the sources' "Termijn", 2019-2020), so
without a cycle most are years late: that is what the data says (the sources hold one progress report, of
20-004, Bijlage 8). The demo sets a new cycle for the projects of the demo project lead and of Team
Realisatie starting this year, as the programme office would when it starts steering on the rhythm: some of
them are then late by weeks, one is due soon."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import system_actor
from portfolio.models import Project

from . import calendar, services
from .models import ReportingCycle

# Days from today to each project's first due date: 20-004 (the demo project lead's project, Bijlage 8) is 12
# days late, so "Mijn werk" shows the lead an overdue report; other projects of Team Realisatie are late by
# weeks, due soon or on time.
DUE_IN_DAYS = {"20-004": -12, "19-001": -40, "19-003": -25, "19-004": 5, "20-001": 20}


def load(*, stdout) -> None:
    actor = system_actor()
    today = timezone.localdate()
    made = 0
    for project in Project.objects.running().filter(number__in=DUE_IN_DAYS).order_by("year", "sequence"):
        if ReportingCycle.objects.filter(project=project).exists():
            continue
        due = today + datetime.timedelta(days=DUE_IN_DAYS[project.number])
        start = calendar.add_months(due, -calendar.DEFAULT_MONTHS)
        services.cycle_set(actor=actor, project=project, months=calendar.DEFAULT_MONTHS, starts_on=start)
        made += 1
    services.report_dues_rebuild()  # a second demo run moves projects' start dates with a queryset update
    result = services.tick(actor=actor, today=today, send=False)
    stdout.write(
        _(
            "rhythm: %(cycles)s reporting cycles set, %(reminders)s reminders and %(invitations)s "
            "invitations made"
        )
        % {"cycles": made, **result}
    )
