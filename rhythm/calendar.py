"""The reporting calendar (§4.4, Bijlage 8): what is due when. Pure Python, no ORM.

A project reports every `months` months from the start of its cycle: the due dates are start + months,
start + 2·months, ... A progress report counts for the due date nearest to its report date (up to half a
cycle before or after it: a report written a few days late still answers the date it was late for); reports
dated before the cycle's start count for nothing. The next report is due one cycle after the due date the
latest report counts for, so a project has at most one outstanding report: the calendar never piles up a
backlog of reports nobody will write, it says since when the project is late and how many due dates passed.

Reminders (rhythm.services.tick) are sent on fixed days around the outstanding due date: seven days before,
on the day, and seven days after it (overdue)."""

from __future__ import annotations

import calendar as _calendar
import datetime
from dataclasses import dataclass

DEFAULT_MONTHS = (
    3  # §4.4 / Bijlage 8: a progress report per quarter unless the project's cycle says otherwise
)
CYCLE_MONTHS = (1, 2, 3, 4, 6, 12)
REMIND_BEFORE_DAYS = 7
OVERDUE_AFTER_DAYS = 7

# The measurement frequencies of roadmap.models.MeasurementFrequency, in months.
FREQUENCY_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}

# The states of a due report.
UPCOMING = "upcoming"
DUE_TODAY = "due_today"
LATE = "late"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` months on; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Cycle:
    """Every `months` months from `start`."""

    start: datetime.date
    months: int = DEFAULT_MONTHS

    def __post_init__(self) -> None:
        if self.months not in CYCLE_MONTHS:
            raise ValueError(f"a reporting cycle of {self.months} months is not one of {CYCLE_MONTHS}")

    def due_date(self, index: int) -> datetime.date:
        """The `index`-th due date (0: the first, one cycle after the start)."""
        return add_months(self.start, (index + 1) * self.months)

    def index_answered_by(self, report_date: datetime.date) -> int | None:
        """The due date a report of `report_date` counts for (the nearest one), or None before the start."""
        if report_date < self.start:
            return None
        index = 0
        while True:
            due = self.due_date(index)
            following = self.due_date(index + 1)
            # Nearest: the report answers `due` unless it is closer to the following due date.
            if report_date < following and (report_date - due) <= (following - report_date):
                return index
            if report_date <= due:
                return index
            index += 1


@dataclass(frozen=True)
class DueReport:
    """The outstanding report of a project: its due date, its state on `today`, how many due dates passed."""

    due: datetime.date
    state: str
    days_late: int
    missed: int  # due dates passed without a report (1 when only `due` passed; 0 when not late)

    @property
    def is_late(self) -> bool:
        return self.state == LATE


def cycle_for(
    start_date: datetime.date | None, *, months: int | None = None, starts_on: datetime.date | None = None
) -> Cycle | None:
    """A project's cycle: the one set for it (`months` from `starts_on`), else every quarter from its start
    date; None without either."""
    if months is not None and starts_on is not None:
        return Cycle(start=starts_on, months=months)
    if start_date is None:
        return None
    return Cycle(start=start_date)


def _next_index(cycle: Cycle, report_dates: list[datetime.date]) -> int:
    answered = [index for d in report_dates if (index := cycle.index_answered_by(d)) is not None]
    return max(answered) + 1 if answered else 0


def next_due(cycle: Cycle, report_dates: list[datetime.date]) -> datetime.date:
    """The due date of the report a project owes: it depends on the cycle and the reports, not on the day
    (which only says whether it is upcoming, due or late), so it can be kept with the project."""
    return cycle.due_date(_next_index(cycle, report_dates))


def outstanding(cycle: Cycle, report_dates: list[datetime.date], today: datetime.date) -> DueReport:
    """The report a project with `cycle` and reports of `report_dates` owes, as of `today`."""
    next_index = _next_index(cycle, report_dates)
    due = cycle.due_date(next_index)
    if today < due:
        return DueReport(due=due, state=UPCOMING, days_late=0, missed=0)
    if today == due:
        return DueReport(due=due, state=DUE_TODAY, days_late=0, missed=0)
    missed = 1
    while cycle.due_date(next_index + missed) < today:
        missed += 1
    return DueReport(due=due, state=LATE, days_late=(today - due).days, missed=missed)


# --- reminders ---

REPORT_DUE_SOON = "report_due_soon"
REPORT_DUE_TODAY = "report_due_today"
REPORT_OVERDUE = "report_overdue"


def reminder_dates(due: datetime.date) -> dict[str, datetime.date]:
    """On which day each reminder about a report due on `due` is sent."""
    return {
        REPORT_DUE_SOON: due - datetime.timedelta(days=REMIND_BEFORE_DAYS),
        REPORT_DUE_TODAY: due,
        REPORT_OVERDUE: due + datetime.timedelta(days=OVERDUE_AFTER_DAYS),
    }


def reminders_to_send(due: datetime.date, today: datetime.date, *, catch_up_days: int) -> list[str]:
    """The reminders about a report due on `due` whose day has come on `today`, and not longer than
    `catch_up_days` ago (a worker that was down for a day still sends them; a years-old due date does not
    set off every reminder at once). Sending each only once is the notification's unique key's job."""
    return [
        kind
        for kind, day in reminder_dates(due).items()
        if day <= today and (today - day).days <= catch_up_days
    ]


# --- indicators ---


@dataclass(frozen=True)
class DueValue:
    """An indicator's measurement period that has ended without a value."""

    start: datetime.date
    end: datetime.date  # the last day of the period


def value_due(
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    frequency: str,
    value_dates: list[datetime.date],
    today: datetime.date,
) -> DueValue | None:
    """The latest measurement period of an indicator measured every `frequency` from `start` (until `end`)
    that has ended by `today` and holds no value; None when it holds one, or nothing has ended yet, or the
    indicator has no measurement period set."""
    months = FREQUENCY_MONTHS.get(frequency)
    if start is None or months is None:
        return None
    index, latest = 0, None
    while True:
        period_start = add_months(start, index * months)
        period_end = add_months(start, (index + 1) * months) - datetime.timedelta(days=1)
        if period_end >= today or (end is not None and period_start > end):
            break
        latest = (period_start, period_end)
        index += 1
    if latest is None:
        return None
    if any(latest[0] <= d <= latest[1] for d in value_dates):
        return None
    return DueValue(start=latest[0], end=latest[1])
