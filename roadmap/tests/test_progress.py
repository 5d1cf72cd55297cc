"""Pure progress calculations, with hand-worked numbers."""

import datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap import progress
from roadmap.progress import Point

d = datetime.date


def test_per_scope_over_time_then_across_with_points_that_stand_for_several_values():
    points = [
        Point(d(2021, 1, 1), D(-100), "", count=2),  # a day's sum (or its last value) of two values
        Point(d(2021, 4, 1), D(-250), ""),
        Point(d(2021, 1, 1), D(-30), "cluster:1"),
        Point(d(2021, 4, 1), D(-40), "cluster:1"),
        Point(d(2021, 2, 1), D(-10), "team:1"),
    ]
    # "latest" per scope: -250, -40, -10; "sum" of periods per scope: -350, -70, -10.
    assert progress.aggregate(points, across_method="sum", time_method="latest") == D(-300)
    assert progress.aggregate(points, across_method="sum", time_method="sum") == D(-430)
    assert progress.aggregate(points, across_method="average", time_method="latest") == D(-100)
    # count: every value is one item (2 + 1 + 1 + 1 + 1), on every date of the series alike.
    assert progress.aggregate(points, across_method="count", time_method="sum") == D(6)
    series = progress.aggregate_series(points, across_method="count", time_method="sum", as_of=d(2022, 1, 1))
    assert series == [(d(2021, 1, 1), D(3)), (d(2021, 2, 1), D(4)), (d(2021, 4, 1), D(6))]
    assert progress.aggregate([], across_method="sum", time_method="sum") is None


def test_of_two_values_on_one_day_the_one_entered_last_is_the_latest():
    points = [Point(d(2021, 1, 1), D(5)), Point(d(2021, 3, 1), D(7)), Point(d(2021, 3, 1), D(9))]
    assert progress.aggregate(points, across_method="sum", time_method="latest") == D(9)
    series = progress.aggregate_series(points, across_method="sum", time_method="latest", as_of=d(2022, 1, 1))
    assert series[-1] == (d(2021, 3, 1), D(9))


def test_cumulative_series_is_never_summed():
    # A project reports its running total: 10, 25, 40. The achievement is 40, not 75.
    points = [Point(d(2021, 1, 1), D(10)), Point(d(2021, 4, 1), D(25)), Point(d(2021, 7, 1), D(40))]
    assert progress.aggregate(points, across_method="sum", time_method="cumulative") == D(40)
    assert progress.aggregate(points, across_method="sum", time_method="sum") == D(75)


def test_across_scopes_after_time():
    # Two teams report running totals; the programme figure is the sum of their latest totals: 40 + 7.
    points = [
        Point(d(2021, 1, 1), D(10), "team:1"),
        Point(d(2021, 7, 1), D(40), "team:1"),
        Point(d(2021, 3, 1), D(5), "team:2"),
        Point(d(2021, 6, 1), D(7), "team:2"),
    ]
    assert progress.aggregate(points, across_method="sum", time_method="cumulative") == D(47)
    assert progress.aggregate(points, across_method="average", time_method="latest") == D("23.5")
    assert progress.aggregate(points, across_method="count", time_method="sum") == D(4)
    assert progress.aggregate(points, across_method="sum", time_method="latest", as_of=d(2021, 4, 1)) == D(15)


def test_progress_toward_co2_target():
    # Target -2313 kt by 2023-12-31 from baseline 0 on 2019-01-01; -1200 reached on 2021-07-02.
    points = [Point(d(2020, 7, 1), D(-500)), Point(d(2021, 7, 2), D(-1200))]
    result = progress.compute_progress(
        points,
        across_method="sum",
        time_method="latest",
        direction="lower",
        baseline=D(0),
        target=D(-2313),
        by_date=d(2023, 12, 31),
        start_date=d(2019, 1, 1),
        tolerance_pct=D(15),
        as_of=d(2021, 7, 2),
    )
    assert result.current == D(-1200)
    assert result.pct_of_target == D("51.9")  # 1200 / 2313 = 0.5188
    # elapsed 913 of 1825 days = 0.5003 -> 50.0 %; achieved 51.9 % >= 85 % of that: on track
    assert result.expected_pct == D("50.0")
    assert result.status == "ok"
    assert result.trend == "improving"
    assert result.series == [(d(2020, 7, 1), D(-500)), (d(2021, 7, 2), D(-1200))]


@pytest.mark.parametrize(
    ("achieved", "expected", "light"),
    [
        (D("0.85"), D("1"), "ok"),
        (D("0.84"), D("1"), "warn"),
        (D("0.70"), D("1"), "warn"),
        (D("0.69"), D("1"), "bad"),
        (D("0.3"), D("0.5"), "bad"),
        (D("0.45"), D("0.5"), "ok"),
    ],
)
def test_traffic_light_default_tolerance(achieved, expected, light):
    assert progress.traffic_light(achieved=achieved, expected=expected, tolerance_pct=D(15)) == light


def test_trend_respects_direction():
    series = [(d(2021, 1, 1), D(5)), (d(2021, 2, 1), D(3))]
    assert progress.trend(series, "lower") == "improving"
    assert progress.trend(series, "higher") == "worsening"
    assert progress.trend(series[:1], "higher") == ""


def test_no_target_no_light():
    result = progress.compute_progress(
        [Point(d(2020, 5, 31), D(760))],
        across_method="sum",
        time_method="latest",
        direction="higher",
        baseline=D(0),
        target=None,
        by_date=None,
        start_date=None,
        tolerance_pct=D(15),
        as_of=d(2020, 7, 1),
    )
    assert (result.current, result.pct_of_target, result.status) == (D(760), None, "")


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20))
def test_cumulative_equals_last_running_total(increments):
    running, points, total = [], [], 0
    for i, inc in enumerate(increments):
        total += inc
        points.append(Point(d(2020, 1, 1) + datetime.timedelta(days=i), D(total)))
        running.append(total)
    assert progress.aggregate(points, across_method="sum", time_method="cumulative") == D(running[-1])


def test_progress_is_measured_from_the_baseline():
    """§4.4: the share of the way from the baseline to the target. Baseline 100, target 200, measured 150 is
    50 %, not 75 % (150 / 200)."""
    assert progress.share_of_target(baseline=D(100), target=D(200), measured=D(150)) == D("0.5")
    assert progress.percent_of_target(baseline=100, target=200, measured=150) == D("50.0")
    assert progress.percent_of_target(baseline=0, target=-2313, measured=-1200) == D(
        "51.9"
    )  # lower is better
    assert progress.percent_of_target(baseline=100, target=200, measured=250) == D("150.0")
    assert progress.percent_of_target(baseline=100, target=200, measured=50) == D("-50.0")
    assert progress.share_of_target(baseline=100, target=100, measured=150) is None
    assert progress.share_of_target(baseline=100, target=None, measured=150) is None
    assert progress.share_of_target(baseline=100, target=200, measured=None) is None
    result = progress.compute_progress(
        [Point(d(2021, 1, 1), D(150))],
        across_method="sum",
        time_method="latest",
        direction="higher",
        baseline=D(100),
        target=D(200),
        by_date=d(2022, 1, 1),
        start_date=d(2020, 1, 1),
        tolerance_pct=D(15),
        as_of=d(2021, 1, 1),
    )
    assert result.pct_of_target == D("50.0")


_points = st.lists(
    st.builds(
        Point,
        date=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2020, 1, 8)),
        value=st.integers(min_value=-50, max_value=50).map(D),
        scope=st.sampled_from(["", "team:1", "team:2", "cluster:3"]),
    ),
    max_size=25,
)


@given(_points, st.sampled_from(progress.ACROSS), st.sampled_from(progress.OVER_TIME))
def test_the_series_sweep_equals_the_aggregate_on_every_date(points, across_method, time_method):
    # The one-pass series must say, on each date, what the definition (aggregate as of that date) says.
    as_of = datetime.date(2020, 1, 6)  # later points are left out
    expected = [
        (day, value)
        for day in sorted({p.date for p in points if p.date <= as_of})
        if (
            value := progress.aggregate(
                points, across_method=across_method, time_method=time_method, as_of=day
            )
        )
        is not None
    ]
    assert (
        progress.aggregate_series(points, across_method=across_method, time_method=time_method, as_of=as_of)
        == expected
    )
