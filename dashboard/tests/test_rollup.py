"""Pure roll-ups of the dashboard, without the database."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from dashboard import rollup

D = datetime.date


def test_overlaps_flag_the_same_product_group_and_band():
    claims = [
        rollup.Claim("20-004", "29.1", "R8-R9"),
        rollup.Claim("20-001", "29.1", "R8-R9"),
        rollup.Claim("20-001", "29.1", "R3-R7"),  # other band: no overlap
        rollup.Claim("20-007", "28", "R3-R7"),
        rollup.Claim("20-007", "28", "R3-R7"),  # the same project twice is no overlap
    ]
    assert rollup.overlaps(claims) == [rollup.Overlap("29.1", "R8-R9", ("20-001", "20-004"))]


def test_portfolio_matrix_with_totals():
    counts = [("a", "initiation", 2), ("a", "execution", 1), ("b", "execution", 3)]
    rows = rollup.portfolio_matrix(counts, ["a", "b"], ["initiation", "execution", "closed"])
    assert rows == [
        {"team": "a", "cells": [2, 1, 0], "total": 3},
        {"team": "b", "cells": [0, 3, 0], "total": 3},
        {"team": "", "cells": [2, 4, 0], "total": 6},
    ]


def test_gantt_layout():
    gantt = rollup.gantt(
        [
            ("a", "A", D(2020, 1, 1), D(2020, 12, 31), {}),
            ("b", "B", D(2020, 12, 31), D(2021, 12, 31), {}),
            ("c", "C", None, D(2021, 1, 1), {}),
            ("d", "D", D(2021, 6, 1), D(2021, 1, 1), {}),  # end before start: a one-day bar
        ]
    )
    assert (gantt.start, gantt.end) == (D(2020, 1, 1), D(2021, 12, 31))
    assert gantt.undated == ["c"]
    span = (D(2021, 12, 31) - D(2020, 1, 1)).days  # 730 days
    bars = {bar.key: bar for bar in gantt.bars}
    assert bars["a"].x_pct == 0
    assert bars["a"].width_pct == round(100 * 365 / span, 3)
    assert bars["b"].x_pct == round(100 * 365 / span, 3)
    assert bars["b"].x_pct + bars["b"].width_pct == 100
    assert bars["d"].width_pct == rollup.MIN_WIDTH_PCT
    # Every year is labelled: 2020 (the window starts in it) at the left edge, 2021 on its 1 January.
    assert gantt.ticks == [(2020, 0.0), (2021, round(100 * 366 / span, 3))]
    assert gantt.height == 30 + 22 * 3


def test_gantt_without_dates():
    gantt = rollup.gantt([("a", "A", None, None, {})])
    assert gantt.bars == [] and gantt.undated == ["a"] and gantt.start is None


@given(
    st.lists(st.tuples(st.dates(D(2015, 1, 1), D(2030, 1, 1)), st.integers(0, 2000)), min_size=1, max_size=20)
)
def test_gantt_bars_stay_inside_the_window(spans):
    items = [
        (str(i), str(i), start, start + datetime.timedelta(days=days), {})
        for i, (start, days) in enumerate(spans)
    ]
    gantt = rollup.gantt(items)
    for bar in gantt.bars:
        assert 0 <= bar.x_pct <= 100
        assert bar.x_pct + bar.width_pct <= 100 + rollup.MIN_WIDTH_PCT


def test_gantt_labels_the_year_it_starts_in():
    """A window starting mid-year still labels that year, at its left edge (the 2020 label was missing)."""
    gantt = rollup.gantt([("a", "A", D(2020, 6, 1), D(2021, 3, 1), {})])
    span = (D(2021, 3, 1) - D(2020, 6, 1)).days
    assert gantt.ticks == [(2020, 0.0), (2021, round(100 * (D(2021, 1, 1) - D(2020, 6, 1)).days / span, 3))]


def test_gantt_leaves_out_a_start_year_too_short_to_label():
    # 17 days of 2020 in a window of 380 days (4.5 %): its label would overlap 2021's.
    gantt = rollup.gantt([("a", "A", D(2020, 12, 15), D(2021, 12, 30), {})])
    assert [year for year, _x in gantt.ticks] == [2021]
