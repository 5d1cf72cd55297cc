"""The reporting calendar's rules, with dates computed by hand."""

import datetime

import pytest

from rhythm import calendar
from rhythm.calendar import DUE_TODAY, LATE, UPCOMING, Cycle, outstanding

D = datetime.date
QUARTERLY_2026 = Cycle(start=D(2026, 1, 1), months=3)


def test_due_dates_are_a_cycle_apart_from_the_start():
    assert [QUARTERLY_2026.due_date(i) for i in range(4)] == [
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
        D(2027, 1, 1),
    ]


def test_a_month_end_start_keeps_to_the_last_day_of_shorter_months():
    assert calendar.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert Cycle(start=D(2026, 1, 31), months=1).due_date(0) == D(2026, 2, 28)


def test_a_cycle_of_five_months_is_refused():
    with pytest.raises(ValueError):
        Cycle(start=D(2026, 1, 1), months=5)


@pytest.mark.parametrize(
    ("today", "state", "days_late", "missed"),
    [
        (D(2026, 3, 25), UPCOMING, 0, 0),
        (D(2026, 4, 1), DUE_TODAY, 0, 0),
        (D(2026, 4, 9), LATE, 8, 1),
        # 1 April and 1 July both passed: 92 days since 1 April.
        (D(2026, 7, 2), LATE, 92, 2),
    ],
)
def test_without_reports_the_first_due_date_is_owed(today, state, days_late, missed):
    due = outstanding(QUARTERLY_2026, [], today)
    assert (due.due, due.state, due.days_late, due.missed) == (D(2026, 4, 1), state, days_late, missed)


@pytest.mark.parametrize(
    ("report", "next_due"),
    [
        (D(2026, 3, 31), D(2026, 7, 1)),  # on time for 1 April
        (D(2026, 4, 10), D(2026, 7, 1)),  # nine days late, still the 1 April report
        (D(2026, 5, 20), D(2026, 10, 1)),  # 49 days after 1 April, 42 before 1 July: counts for 1 July
        (D(2025, 12, 1), D(2026, 4, 1)),  # before the cycle started: counts for nothing
    ],
)
def test_a_report_counts_for_the_nearest_due_date(report, next_due):
    assert outstanding(QUARTERLY_2026, [report], D(2026, 3, 1)).due == next_due


@pytest.mark.parametrize(
    ("today", "kinds"),
    [
        (D(2026, 3, 24), []),
        (D(2026, 3, 25), ["report_due_soon"]),
        (D(2026, 4, 1), ["report_due_soon", "report_due_today"]),
        (D(2026, 4, 8), ["report_due_today", "report_overdue"]),
        (D(2026, 4, 16), []),  # the overdue reminder's day is more than 7 days ago
    ],
)
def test_reminder_days_around_the_due_date(today, kinds):
    assert calendar.reminders_to_send(D(2026, 4, 1), today, catch_up_days=7) == kinds


def test_an_indicators_last_ended_period_without_a_value_is_due():
    due = calendar.value_due(
        start=D(2026, 1, 1), end=None, frequency="quarter", value_dates=[], today=D(2026, 5, 1)
    )
    assert due == calendar.DueValue(start=D(2026, 1, 1), end=D(2026, 3, 31))
    assert (
        calendar.value_due(
            start=D(2026, 1, 1),
            end=None,
            frequency="quarter",
            value_dates=[D(2026, 2, 15)],
            today=D(2026, 5, 1),
        )
        is None
    )
    # Nothing has ended yet, or no period set: nothing due.
    assert (
        calendar.value_due(
            start=D(2026, 1, 1), end=None, frequency="quarter", value_dates=[], today=D(2026, 3, 31)
        )
        is None
    )
    assert (
        calendar.value_due(start=None, end=None, frequency="quarter", value_dates=[], today=D(2026, 5, 1))
        is None
    )
