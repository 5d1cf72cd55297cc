"""Read queries and permission checks of the goal system."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.roles import PROGRAMME_ROLES, Role
from catalogue.models import Horizon

from . import progress
from .models import (
    ChangeStrategy,
    EffectGoal,
    Indicator,
    MeasuredValue,
    ReportingPeriod,
    RoadmapRow,
    SteeringPrinciple,
    Target,
)


def user_is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.PROGRAMME_OFFICE))


def user_can_enter_values(user, indicator: Indicator) -> bool:
    """The indicator's owner (and the programme office) enter measured values."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return indicator.owner_id == user.pk or user_is_office(user)


def user_can_review_values(user, indicator: Indicator) -> bool:
    """The owner's reviewer approves values (the programme office stands in when none is set)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if indicator.reviewer_id is not None:
        return indicator.reviewer_id == user.pk
    return user_is_office(user)


def user_sees_drafts(user) -> bool:
    return bool(user and user.is_authenticated and user.roles & PROGRAMME_ROLES)


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


def change_strategy_matrix() -> tuple[list, list, dict]:
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


def values_for(indicator: Indicator, *, user) -> QuerySet[MeasuredValue]:
    values = (
        MeasuredValue.objects.filter(indicator=indicator)
        .select_related("entered_by", "reviewed_by", "period", "team", "cluster")
        .order_by("-date", "-pk")
    )
    if not user_sees_drafts(user):
        values = values.filter(status=MeasuredValue.Status.APPROVED)
    return values


def programme_target(indicator: Indicator) -> Target | None:
    targets = [t for t in indicator.targets.all() if t.scope == Target.Scope.PROGRAMME]
    return sorted(targets, key=lambda t: t.by_date)[-1] if targets else None


def _scope_key(value: MeasuredValue) -> str:
    if value.team_id:
        return f"team:{value.team_id}"
    if value.cluster_id:
        return f"cluster:{value.cluster_id}"
    return ""


def indicator_progress(indicator: Indicator, *, as_of: datetime.date | None = None) -> progress.Progress:
    """Progress toward the programme target from the approved values only."""
    return progress_by_indicator([indicator], as_of=as_of)[indicator.pk]


def period_for(date: datetime.date) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(start__lte=date, end__gte=date).first()


def progress_by_indicator(indicators, *, as_of: datetime.date | None = None) -> dict[int, progress.Progress]:
    """Progress of many indicators from one query of approved values (targets must be prefetched)."""
    indicators = list(indicators)
    points: dict[int, list[progress.Point]] = {i.pk: [] for i in indicators}
    approved = MeasuredValue.objects.filter(
        indicator__in=indicators, status=MeasuredValue.Status.APPROVED
    ).only("indicator_id", "date", "value", "team_id", "cluster_id")
    for value in approved:
        points[value.indicator_id].append(
            progress.Point(date=value.date, value=value.value, scope=_scope_key(value))
        )
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
            as_of=as_of or timezone.localdate(),
        )
    return result


def periods() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("locked_by")
