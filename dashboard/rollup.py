"""Roll-ups of the programme dashboard (§4.4): pure functions over plain data (no Django).

- the overlap warning: impact sheets that claim the same product group and R-strategy band;
- the portfolio matrix (team x phase) and the Gantt layout of the overall planning."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Claim:
    """What one impact sheet claims: a product group (e.g. an SBI code) and an R-strategy band."""

    project: str  # e.g. the project number
    product_group: str
    band: str


@dataclass(frozen=True)
class Overlap:
    product_group: str
    band: str
    projects: tuple[str, ...]
    count: int = 0  # number of projects, when the projects themselves are not listed
    code: str = ""  # the product group's code as stored (e.g. SBI digits without dots)

    @property
    def project_count(self) -> int:
        return self.count or len(self.projects)


def overlaps(claims: Iterable[Claim]) -> list[Overlap]:
    """Product group + R-strategy band pairs claimed by more than one project: summing their impact would
    count the same effect twice. Sorted by product group, then band."""
    projects: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in claims:
        projects[(claim.product_group, claim.band)].add(claim.project)
    return [
        Overlap(product_group=group, band=band, projects=tuple(sorted(names)))
        for (group, band), names in sorted(projects.items())
        if len(names) > 1
    ]


def portfolio_matrix(
    counts: Iterable[tuple[str, str, int]], teams: Sequence[str], phases: Sequence[str]
) -> list[dict]:
    """Rows per team (in `teams` order) with the number of projects per phase and the row total, then a row of
    column totals (team ""). `counts` holds (team, phase, number)."""
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for team, phase, number in counts:
        cells[(team, phase)] += number
    rows = []
    for team in teams:
        values = [cells[(team, phase)] for phase in phases]
        rows.append({"team": team, "cells": values, "total": sum(values)})
    column_totals = [sum(cells[(team, phase)] for team in teams) for phase in phases]
    rows.append({"team": "", "cells": column_totals, "total": sum(column_totals)})
    return rows


MIN_WIDTH_PCT = 0.5
MIN_LABEL_GAP_PCT = 5.0  # the room a year label needs on the time axis, % of its width
ROW_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    start: datetime.date
    end: datetime.date
    x_pct: float  # left edge, % of the window
    width_pct: float  # width, % of the window (at least a sliver, so a one-day project stays visible)
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Gantt:
    start: datetime.date | None
    end: datetime.date | None
    bars: list[Bar]
    ticks: list[tuple[int, float]]  # (year, x %): each 1 January inside the window, the first year at 0
    undated: list[str]  # keys of items without a start or an end

    @property
    def height(self) -> int:
        """Height of the drawing in SVG units: a 20-unit year ruler, 22 units per bar, a margin."""
        return 30 + ROW_HEIGHT * len(self.bars)


def gantt(items: Iterable[tuple[str, str, datetime.date | None, datetime.date | None, dict]]) -> Gantt:
    """Lay out (key, label, start, end, extra) items on one time axis. Items lacking a date are listed apart;
    an end before the start is treated as a one-day bar at the start."""
    dated: list[tuple[str, str, datetime.date, datetime.date, dict]] = []
    undated: list[str] = []
    for key, label, start, end, extra in items:
        if start is None or end is None:
            undated.append(key)
            continue
        dated.append((key, label, start, max(start, end), extra))
    if not dated:
        return Gantt(start=None, end=None, bars=[], ticks=[], undated=undated)
    window_start = min(d[2] for d in dated)
    window_end = max(d[3] for d in dated)
    span = max((window_end - window_start).days, 1)

    def pct(day: datetime.date) -> float:
        return round(100 * (day - window_start).days / span, 3)

    bars = []
    for key, label, start, end, extra in dated:
        x = pct(start)
        width = max(round(pct(end) - x, 3), MIN_WIDTH_PCT)
        bars.append(Bar(key=key, label=label, start=start, end=end, x_pct=x, width_pct=width, extra=extra))
    # Every year of the window has a label: the first at the window's left edge (it may start mid-year),
    # unless so little of it is shown that its label would overlap the next year's.
    ticks = [
        (year, max(pct(datetime.date(year, 1, 1)), 0.0))
        for year in range(window_start.year, window_end.year + 1)
    ]
    if len(ticks) > 1 and 0 < ticks[1][1] < MIN_LABEL_GAP_PCT:
        ticks = ticks[1:]
    return Gantt(start=window_start, end=window_end, bars=bars, ticks=ticks, undated=undated)
