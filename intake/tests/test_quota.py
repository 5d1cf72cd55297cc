"""Quota rule of seed 2 §3 (last Randvoorwaarde), on plain data."""

from datetime import date, datetime, timedelta

import pytest

from intake import quota
from intake.quota import Supported

UTC = datetime.fromisoformat("2025-01-01T00:00:00+00:00").tzinfo


def three(agenda="bouw", year=2024):
    return [Supported(agenda, date(year, month, 1)) for month in (1, 2, 3)]


@pytest.mark.parametrize(
    ("decision_date", "breaches", "rule"),
    [
        (date(2024, 12, 31), (quota.AGENDA_CAP_REACHED,), "agenda_cap"),  # last day of the per-agenda rule
        (date(2025, 1, 1), (), "first_come"),  # first day of first come, first served
    ],
)
def test_fourth_project_of_an_agenda_at_the_2024_2025_boundary(decision_date, breaches, rule):
    state = quota.quota_state(supported=three(), agenda="bouw", decision_date=decision_date)
    assert state.breaches == breaches
    assert state.rule == rule
    assert state.agenda_count == 3
    assert state.allows_approval is (not breaches)


def test_third_project_in_2024_is_allowed_and_other_agendas_do_not_count():
    supported = three()[:2] + three("kunststoffen")
    state = quota.quota_state(supported=supported, agenda="bouw", decision_date=date(2024, 6, 1))
    assert (state.agenda_count, state.total_count, state.agenda_cap) == (2, 5, 3)
    assert state.allows_approval


def test_2023_approvals_count_towards_the_2024_cap():
    supported = [
        Supported("bouw", date(2023, 5, 1)),
        Supported("bouw", date(2023, 9, 1)),
        Supported("bouw", date(2024, 2, 1)),
    ]
    assert quota.quota_state(supported=supported, agenda="bouw", decision_date=date(2024, 3, 1)).breaches == (
        quota.AGENDA_CAP_REACHED,
    )


def test_outside_the_npce_period():
    assert quota.quota_state(supported=[], agenda="bouw", decision_date=date(2022, 12, 31)).breaches == (
        quota.OUTSIDE_PERIOD,
    )
    assert quota.quota_state(supported=[], agenda="bouw", decision_date=date(2031, 1, 1)).breaches == (
        quota.OUTSIDE_PERIOD,
    )
    assert quota.quota_state(supported=[], agenda="bouw", decision_date=date(2030, 12, 31)).allows_approval


def test_about_25_in_total():
    supported = [Supported(f"a{i % 5}", date(2025, 1, 1) + timedelta(days=i)) for i in range(24)]
    state = quota.quota_state(supported=supported, agenda="a0", decision_date=date(2026, 1, 1))
    assert (state.total_count, state.remaining, state.allows_approval) == (24, 1, True)
    supported.append(Supported("a1", date(2025, 6, 1)))
    state = quota.quota_state(supported=supported, agenda="a0", decision_date=date(2026, 1, 1))
    assert (state.total_count, state.remaining, state.breaches) == (25, 0, (quota.TOTAL_REACHED,))


def test_first_come_first_served_from_2025_when_places_run_short():
    supported = [Supported("bouw", date(2025, 1, 1))] * 23  # 2 places left
    mine = datetime(2025, 3, 1, tzinfo=UTC)
    earlier = [datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC)]
    later = [datetime(2025, 4, 1, tzinfo=UTC)] * 5
    state = quota.quota_state(
        supported=supported,
        agenda="bouw",
        decision_date=date(2025, 6, 1),
        submitted_at=mine,
        pending_submitted_at=earlier + later,
    )
    assert (state.earlier_pending, state.remaining, state.breaches) == (2, 2, (quota.NOT_FIRST_COME,))
    state = quota.quota_state(
        supported=supported,
        agenda="bouw",
        decision_date=date(2025, 6, 1),
        submitted_at=mine,
        pending_submitted_at=earlier[:1] + later,
    )
    assert (state.earlier_pending, state.allows_approval) == (1, True)


def test_first_come_does_not_apply_through_2024():
    supported = [Supported(f"a{i}", date(2024, 1, 1)) for i in range(23)]
    state = quota.quota_state(
        supported=supported,
        agenda="nieuw",
        decision_date=date(2024, 6, 1),
        submitted_at=datetime(2024, 3, 1, tzinfo=UTC),
        pending_submitted_at=[datetime(2024, 1, 1, tzinfo=UTC)] * 4,
    )
    assert state.allows_approval


def test_every_breach_has_a_message():
    assert set(quota.BREACH_MESSAGES) == {
        quota.OUTSIDE_PERIOD,
        quota.AGENDA_CAP_REACHED,
        quota.TOTAL_REACHED,
        quota.NOT_FIRST_COME,
    }
    state = quota.quota_state(supported=three(), agenda="bouw", decision_date=date(2024, 1, 1))
    assert quota.BREACH_MESSAGES[quota.AGENDA_CAP_REACHED] % state.params == (
        "Through 2024 at most three projects per transition agenda are supported; this agenda already has 3."
    )
