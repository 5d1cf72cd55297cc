"""Progress of an indicator toward its target: pure functions over plain data (no Django).

This module is THE indicator progress rule of Regiekamer; every page, export, API and the dashboard use it
(:func:`share_of_target` / :func:`percent_of_target` for one number, :func:`compute_progress` for an
indicator's series). Source: Werkwijze UPCM §4.4 (Roadmap 2.0, the goal system): a target is where an
indicator should be by a date, counted from its baseline (nulmeting), so progress is the share of the way
from the baseline to the target that the measured value has come. Baseline 100, target 200, measured 150:
50 %.

Values are aggregated first over time per scope (a team, a cluster, or the programme itself) and then across
scopes, each as the indicator declares. This is what keeps running totals from being summed twice: a
"cumulative" series contributes its latest running total, never the sum of its points. Of two values of one
scope on one day, the one entered last is the day's latest. A point may stand for several values (`count`):
the database hands over one point per scope and day (roadmap.selectors.daily_points), which aggregates
exactly as the values it reduces."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

ACROSS = ("sum", "average", "count")
OVER_TIME = ("sum", "latest", "cumulative")

Number = Decimal | int | float


@dataclass(frozen=True)
class Point:
    date: datetime.date
    value: Decimal
    scope: str = ""  # "" = programme; "team:<id>" / "cluster:<id>" otherwise
    count: int = 1  # how many values the point stands for (the "count" aggregation counts values)


@dataclass(frozen=True)
class Progress:
    current: Decimal | None
    pct_of_target: Decimal | None  # share of the way from baseline to target, in %
    expected_pct: Decimal | None  # where the straight line from baseline to target says we should be, in %
    trend: str  # "improving", "worsening", "flat" or "" (fewer than two points)
    status: str  # "ok", "warn", "bad" or "" (no target or no value)
    series: list[tuple[datetime.date, Decimal]] = field(default_factory=list)


def over_time(values: Sequence[Point], method: str) -> Decimal | None:
    """One scope's value from its points: the sum of periods, or the latest value/running total."""
    if method not in OVER_TIME:
        raise ValueError(f"unknown time aggregation {method!r}")
    if not values:
        return None
    if method == "sum":
        return sum((p.value for p in values), Decimal("0"))
    latest = values[0]  # latest and cumulative: the last reported figure, of one day the last entered
    for point in values:
        if point.date >= latest.date:
            latest = point
    return latest.value


def across(values: Sequence[Decimal], method: str) -> Decimal | None:
    if method not in ACROSS:
        raise ValueError(f"unknown aggregation {method!r}")
    if not values:
        return None
    if method == "count":
        return Decimal(len(values))
    total = sum(values, Decimal("0"))
    return total if method == "sum" else total / len(values)


def aggregate(
    points: Iterable[Point], *, across_method: str, time_method: str, as_of: datetime.date | None = None
) -> Decimal | None:
    """The indicator's value on `as_of` (default: all points): per scope over time, then across scopes.
    With "count" each point is one item (e.g. an initiative), so the count is over points, not scopes."""
    selected = [p for p in points if as_of is None or p.date <= as_of]
    if not selected:
        return None
    if across_method == "count":
        return Decimal(sum(p.count for p in selected))
    by_scope: dict[str, list[Point]] = defaultdict(list)
    for point in selected:
        by_scope[point.scope].append(point)
    per_scope = [v for v in (over_time(pts, time_method) for pts in by_scope.values()) if v is not None]
    return across(per_scope, across_method)


def aggregate_series(
    points: Iterable[Point], *, across_method: str, time_method: str, as_of: datetime.date
) -> list[tuple[datetime.date, Decimal]]:
    """:func:`aggregate` on every date with a point up to `as_of`, in one sweep over the points in date order
    (linear in the points, not points x dates): each scope keeps its running sum or its latest value."""
    if across_method not in ACROSS:
        raise ValueError(f"unknown aggregation {across_method!r}")
    if across_method != "count" and time_method not in OVER_TIME:
        raise ValueError(f"unknown time aggregation {time_method!r}")
    selected = sorted((p for p in points if p.date <= as_of), key=lambda p: p.date)  # stable
    per_scope: dict[str, Decimal] = {}
    series: list[tuple[datetime.date, Decimal]] = []
    count = 0
    for day, group in groupby(selected, key=lambda p: p.date):
        for point in group:
            count += point.count
            if time_method == "sum":
                per_scope[point.scope] = per_scope.get(point.scope, Decimal("0")) + point.value
            else:  # latest / cumulative: of one day the last entered, as over_time picks
                per_scope[point.scope] = point.value
        if across_method == "count":
            series.append((day, Decimal(count)))
        else:
            value = across(list(per_scope.values()), across_method)
            if value is not None:
                series.append((day, value))
    return series


def _decimal(number: Number) -> Decimal:
    return number if isinstance(number, Decimal) else Decimal(str(number))


def share_of_target(*, baseline: Number, target: Number | None, measured: Number | None) -> Decimal | None:
    """The indicator progress rule (Werkwijze UPCM §4.4): the share of the way from `baseline` to `target`
    that `measured` has come, as a fraction (Decimal("0.5") is 50 %), unrounded.

    Baseline 100, target 200, measured 150 -> 0.5 (not 150 / 200). The direction needs no argument: a
    target below the baseline (a CO₂ reduction, baseline 0, target -2313) makes the way negative, so a
    value below the baseline counts as progress (-1200 -> 0.519). Past the target the share exceeds 1;
    moving away from it makes the share negative. None when there is no measured value or no target, or
    when the target equals the baseline (there is no way to go)."""
    if measured is None or target is None:
        return None
    start = _decimal(baseline)
    distance = _decimal(target) - start
    if distance == 0:
        return None
    return (_decimal(measured) - start) / distance


def percent_of_target(*, baseline: Number, target: Number | None, measured: Number | None) -> Decimal | None:
    """:func:`share_of_target` in percent, to one decimal as the indicator pages show it (50.0, 51.9)."""
    share = share_of_target(baseline=baseline, target=target, measured=measured)
    return None if share is None else (share * 100).quantize(Decimal("0.1"))


def expected_fraction(*, start: datetime.date | None, by: datetime.date, as_of: datetime.date) -> Decimal:
    """Linear trajectory from `start` (0) to `by` (1); 1 without a start or after `by`."""
    if start is None or as_of >= by:
        return Decimal("1")
    if as_of <= start:
        return Decimal("0")
    return Decimal((as_of - start).days) / Decimal((by - start).days)


def traffic_light(*, achieved: Decimal, expected: Decimal, tolerance_pct: Decimal) -> str:
    """ok when at most `tolerance` behind the expected share, warn up to twice that, bad beyond."""
    tolerance = tolerance_pct / Decimal("100")
    if expected <= 0:
        return "ok"
    ratio = achieved / expected
    if ratio >= 1 - tolerance:
        return "ok"
    if ratio >= 1 - 2 * tolerance:
        return "warn"
    return "bad"


def trend(series: Sequence[tuple[datetime.date, Decimal]], direction: str) -> str:
    if len(series) < 2:
        return ""
    change = series[-1][1] - series[-2][1]
    if change == 0:
        return "flat"
    better = change > 0 if direction == "higher" else change < 0
    return "improving" if better else "worsening"


def compute_progress(
    points: Sequence[Point],
    *,
    across_method: str,
    time_method: str,
    direction: str,
    baseline: Decimal,
    target: Decimal | None,
    by_date: datetime.date | None,
    start_date: datetime.date | None,
    tolerance_pct: Decimal,
    as_of: datetime.date,
) -> Progress:
    """An indicator's progress on `as_of`: its aggregated series, the latest value, the share of the target
    reached (:func:`share_of_target`, from the baseline), where the straight line from the start to `by_date`
    says it should be, the traffic light and the trend."""
    series = aggregate_series(points, across_method=across_method, time_method=time_method, as_of=as_of)
    dates = [day for day, _value in series]
    current = series[-1][1] if series else None
    pct = expected_pct = None
    status = ""
    if current is not None and target is not None and by_date is not None:
        fraction = share_of_target(baseline=baseline, target=target, measured=current)
        if fraction is not None:
            expected = expected_fraction(
                start=start_date or (dates[0] if dates else None), by=by_date, as_of=as_of
            )
            pct = percent_of_target(baseline=baseline, target=target, measured=current)
            expected_pct = (expected * 100).quantize(Decimal("0.1"))
            status = traffic_light(achieved=fraction, expected=expected, tolerance_pct=tolerance_pct)
    return Progress(
        current=current,
        pct_of_target=pct,
        expected_pct=expected_pct,
        trend=trend(series, direction),
        status=status,
        series=series,
    )
