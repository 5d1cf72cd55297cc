"""Read queries of the goal system (who may read what is in permissions.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from catalogue.models import Horizon, Pillar, ProductCluster
from programme.models import ZichtlijnEntry

from . import means, progress
from .models import (
    ChangeStrategy,
    EffectGoal,
    Indicator,
    IndicatorDay,
    Means,
    MeasuredValue,
    MeasuredValueQuerySet,
    ReportingPeriod,
    RoadmapRow,
    SteeringPrinciple,
    Target,
)


def horizons_top_down() -> QuerySet[Horizon]:
    """Horizons as swimming lanes: 0-50 jr at the top, 0-1 mnd at the bottom (Bijlage 2 §1)."""
    return (
        Horizon.objects.order_by("-months")
        .prefetch_related(
            Prefetch(
                "change_strategies",
                queryset=ChangeStrategy.objects.select_related("pillar").order_by("pillar__order"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("dimension").prefetch_related(
                    Prefetch("targets", queryset=Target.objects.select_related("cluster", "team"))
                ),
            ),
            Prefetch("principles", queryset=SteeringPrinciple.objects.order_by("number")),
        )
        .select_related("roadmap_row")
    )


def roadmap_rows() -> QuerySet[RoadmapRow]:
    return RoadmapRow.objects.select_related("horizon").prefetch_related(
        Prefetch("effect_goals", queryset=EffectGoal.objects.select_related("dimension").order_by("order"))
    )


def principles() -> QuerySet[SteeringPrinciple]:
    return SteeringPrinciple.objects.prefetch_related("horizons")


def change_strategy_matrix() -> tuple[list[Horizon], list[Pillar], dict[tuple[int, int], ChangeStrategy]]:
    """(horizons top-down, pillars, {(horizon_id, pillar_id): strategy}) for the 18-cell matrix."""
    cells = list(ChangeStrategy.objects.select_related("pillar", "horizon"))
    horizons = sorted({c.horizon for c in cells}, key=lambda h: -h.months)
    pillars = sorted({c.pillar for c in cells}, key=lambda p: p.order)
    return horizons, pillars, {(c.horizon_id, c.pillar_id): c for c in cells}


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("horizon", "dimension", "owner", "reviewer", "raw_material")


def indicator_detail(code: str) -> Indicator:
    return (
        indicator_list()
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("cluster", "team")))
        .get(code=code)
    )


def values_for(indicator: Indicator, *, drafts: bool) -> QuerySet[MeasuredValue]:
    """The indicator's values, newest first; drafts and rejected values only with `drafts` (the caller asks
    ``can(user, "roadmap.view_drafts")``)."""
    return (
        MeasuredValue.objects.filter(indicator=indicator)
        .visible(drafts=drafts)
        .select_related("entered_by", "reviewed_by", "period", "team", "cluster")
        .order_by("-date", "-pk")
    )


def value_list(*, drafts: bool) -> MeasuredValueQuerySet:
    """Every value a reader sees (drafts and rejected ones only with `drafts`), by indicator, date and entry:
    the order of their index (roadmap_value_order_idx), so a page of them is read without sorting them all."""
    return (
        MeasuredValue.objects.visible(drafts=drafts)
        .select_related("indicator", "team", "cluster", "entered_by", "reviewed_by")
        .order_by("indicator_id", "date", "pk")
    )


def programme_target(indicator: Indicator) -> Target | None:
    targets = [t for t in indicator.targets.all() if t.scope == Target.Scope.PROGRAMME]
    return sorted(targets, key=lambda t: t.by_date)[-1] if targets else None


def scope_key(team_id: int | None, cluster_id: int | None) -> str:
    """A measured value's scope as progress.Point names it: "team:<id>", "cluster:<id>", "" (programme)."""
    if team_id:
        return f"team:{team_id}"
    if cluster_id:
        return f"cluster:{cluster_id}"
    return ""


def indicator_progress(indicator: Indicator, *, as_of: datetime.date | None = None) -> progress.Progress:
    """Progress toward the programme target from the approved values only."""
    return progress_by_indicator([indicator], as_of=as_of)[indicator.pk]


def period_for(date: datetime.date) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(start__lte=date, end__gte=date).first()


def daily_points(
    indicators: Iterable[Indicator],
    *,
    as_of: datetime.date | None = None,
    cluster: ProductCluster | None = None,
) -> dict[int, list[progress.Point]]:
    """The approved values of `indicators` that count on `as_of` (of one product cluster, if given), one point
    per indicator, scope and day from their summary (IndicatorDay), in one query: the day's sum for an
    indicator summed over time, the value entered last that day for a latest or cumulative one, and how many
    values the point stands for. progress.py aggregates these points exactly as it would the values, so the
    indicator pages and the dashboard count alike and read days, not values."""
    indicators = list(indicators)
    days = IndicatorDay.objects.filter(indicator__in=indicators, date__lte=as_of or timezone.localdate())
    if cluster is not None:
        days = days.filter(scope=scope_key(None, cluster.pk))
    summed = {i.pk for i in indicators if i.time_aggregation == "sum"}
    points: dict[int, list[progress.Point]] = {i.pk: [] for i in indicators}
    rows = days.order_by("date", "last_entry").values_list(
        "indicator_id", "date", "total", "last_value", "scope", "count"
    )
    for indicator_id, date, total, last_value, scope, count in rows:
        points[indicator_id].append(
            progress.Point(
                date=date,
                value=total if indicator_id in summed else last_value,
                scope=scope,
                count=count,
            )
        )
    return points


def progress_by_indicator(
    indicators: Iterable[Indicator], *, as_of: datetime.date | None = None
) -> dict[int, progress.Progress]:
    """Progress of many indicators from their daily points (two queries; targets must be prefetched)."""
    indicators = list(indicators)
    as_of = as_of or timezone.localdate()
    points = daily_points(indicators, as_of=as_of)
    result = {}
    for indicator in indicators:
        target = programme_target(indicator)
        result[indicator.pk] = progress.compute_progress(
            points[indicator.pk],
            across_method=indicator.across_aggregation,
            time_method=indicator.time_aggregation,
            direction=indicator.direction,
            baseline=indicator.baseline,
            target=target.value if target else None,
            by_date=target.by_date if target else None,
            start_date=indicator.baseline_date,
            tolerance_pct=indicator.tolerance_pct,
            as_of=as_of,
        )
    return result


def periods() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("locked_by")


# --- goal data: raw-data availability and means ---


def effect_goals() -> QuerySet[EffectGoal]:
    """Every effect goal of the Roadmap 2.0 table with its horizon and dimension, longest horizon first."""
    return EffectGoal.objects.select_related("row__horizon", "dimension").order_by(
        "-row__horizon__months", "order"
    )


def means_list() -> QuerySet[Means]:
    return Means.objects.select_related("horizon", "team").prefetch_related(
        Prefetch("mobilised_by", queryset=ZichtlijnEntry.objects.select_related("team"))
    )


def means_items(entries: Iterable[Means]) -> list[means.Item]:
    return [means.Item(kind=m.kind, amount=m.amount, horizon=m.horizon_id, team=m.team_id) for m in entries]


def means_by_horizon() -> dict[int, dict[str, Any]]:
    """{horizon id: {"entries": [...], "money": MoneyTotal}} for the swimming lanes."""
    entries = list(means_list())
    groups: dict[int, list[Means]] = {}
    for entry in entries:
        groups.setdefault(entry.horizon_id, []).append(entry)
    return {
        horizon_id: {"entries": members, "money": means.money_total(means_items(members))}
        for horizon_id, members in groups.items()
    }


def availability_matrix() -> dict[str, Any]:
    """The raw-data availability of every effect goal as the §4.4 table shows it: per horizon (longest first)
    one cell per effect dimension, for the dashboard: {"dimensions": [...], "rows": [{"horizon", "cells":
    [goal or None per dimension], "general": [goals without a dimension]}]}; a horizon with general goals
    only (0-50 years: the four forms of capital) has no cells."""
    goals = list(effect_goals())
    dimensions = sorted({g.dimension for g in goals if g.dimension is not None}, key=lambda d: d.order)
    rows = []
    for horizon in sorted({g.row.horizon for g in goals}, key=lambda h: -h.months):
        own = [g for g in goals if g.row.horizon_id == horizon.pk]
        cells = [next((g for g in own if g.dimension_id == d.pk), None) for d in dimensions]
        general = [g for g in own if g.dimension_id is None]
        rows.append({"horizon": horizon, "cells": cells if any(cells) else [], "general": general})
    return {"dimensions": dimensions, "rows": rows}
