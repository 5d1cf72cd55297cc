"""Every write of the goal system: measured values (draft -> approved), targets and baselines (changed
only with a recorded reason), reporting periods (lockable)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import ProductCluster
from programme.models import Team
from regiekamer.concurrency import update_versioned

from .models import EffectGoal, Indicator, MeasuredValue, ReportingPeriod, Target
from .selectors import period_for


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise ValidationError(
            {"reason": _("Changing a target or baseline after the fact requires a reason.")}
        )
    return reason.strip()


def _check_value(
    *,
    indicator: Indicator,
    unit: str,
    date: datetime.date,
    today: datetime.date | None,
    team: Team | None = None,
    cluster: ProductCluster | None = None,
) -> ReportingPeriod | None:
    errors: dict[str, str] = {}
    if unit.strip() != indicator.unit:
        errors["unit"] = _("The unit %(given)s does not match the indicator's unit %(unit)s.") % {
            "given": unit,
            "unit": indicator.unit,
        }
    if date > (today or timezone.localdate()):
        errors["date"] = _("The date %(date)s lies in the future.") % {"date": date}
    if team is not None and cluster is not None:
        errors["cluster"] = _("A value belongs to a team or to a cluster, not both.")
    period = period_for(date)
    if period is not None and period.locked:
        errors["date"] = _("The reporting period %(period)s is locked.") % {"period": period}
    if errors:
        raise ValidationError(errors)
    return period


@transaction.atomic
def measured_value_enter(
    *,
    indicator: Indicator,
    value: Decimal,
    unit: str,
    date: datetime.date,
    source: str,
    actor: User,
    note: str = "",
    team: Team | None = None,
    cluster: ProductCluster | None = None,
    today: datetime.date | None = None,
) -> MeasuredValue:
    """The indicator's owner enters a value; it is a draft until the reviewer approves it."""
    require(actor, "roadmap.enter_values", indicator)
    if not source or not source.strip():
        raise ValidationError({"source": _("Name the source of the value.")})
    period = _check_value(indicator=indicator, unit=unit, date=date, today=today, team=team, cluster=cluster)
    return MeasuredValue.objects.create(
        indicator=indicator,
        value=value,
        unit=indicator.unit,
        date=date,
        period=period,
        source=source.strip(),
        note=note,
        entered_by=actor,
        team=team,
        cluster=cluster,
    )


@transaction.atomic
def measured_value_update(
    *,
    measured_value: MeasuredValue,
    expected_version: int,
    actor: User,
    value: Decimal,
    unit: str,
    date: datetime.date,
    source: str,
    note: str = "",
    today: datetime.date | None = None,
) -> MeasuredValue:
    """Only a draft can be changed; an approved value is corrected by entering a new one."""
    indicator = measured_value.indicator
    require(actor, "roadmap.enter_values", indicator)
    current = MeasuredValue.objects.select_for_update().get(pk=measured_value.pk)
    if current.status != MeasuredValue.Status.DRAFT:
        raise ValidationError(_("Only a draft value can be changed; enter a new value instead."))
    old_period = current.period
    if old_period is not None and old_period.locked:
        raise ValidationError(_("The reporting period %(period)s is locked.") % {"period": old_period})
    period = _check_value(
        indicator=indicator,
        unit=unit,
        date=date,
        today=today,
        team=measured_value.team,
        cluster=measured_value.cluster,
    )
    measured_value.value, measured_value.date, measured_value.period = value, date, period
    measured_value.source, measured_value.note = source, note
    update_versioned(
        measured_value,
        expected_version=expected_version,
        fields=["value", "date", "period", "source", "note"],
    )
    return measured_value


@transaction.atomic
def measured_value_review(*, measured_value: MeasuredValue, actor: User, approve: bool) -> MeasuredValue:
    """The owner's reviewer approves (it then counts) or rejects a draft; never the person who entered it."""
    require(actor, "roadmap.review_value", measured_value)
    current = MeasuredValue.objects.select_for_update().get(pk=measured_value.pk)
    if current.status != MeasuredValue.Status.DRAFT:
        raise ValidationError(_("This value has already been reviewed."))
    if current.period is not None and current.period.locked:
        raise ValidationError(_("The reporting period %(period)s is locked.") % {"period": current.period})
    measured_value.status = MeasuredValue.Status.APPROVED if approve else MeasuredValue.Status.REJECTED
    measured_value.reviewed_by, measured_value.reviewed_at = actor, timezone.now()
    update_versioned(
        measured_value, expected_version=current.version, fields=["status", "reviewed_by", "reviewed_at"]
    )
    return measured_value


def _check_scope(*, scope: str, cluster: ProductCluster | None, team: Team | None) -> None:
    if scope not in Target.Scope.values:
        raise ValidationError({"scope": _("Unknown scope %(scope)s.") % {"scope": scope}})
    if scope == Target.Scope.CLUSTER and (cluster is None or team is not None):
        raise ValidationError(
            {"cluster": _("A cluster target names an existing product cluster (and no team).")}
        )
    if scope == Target.Scope.TEAM and (team is None or cluster is not None):
        raise ValidationError({"team": _("A team target names an existing team (and no cluster).")})
    if scope == Target.Scope.PROGRAMME and (team is not None or cluster is not None):
        raise ValidationError({"scope": _("A programme target names neither a cluster nor a team.")})


@transaction.atomic
def target_create(
    *,
    indicator: Indicator,
    actor: User,
    value: Decimal | None,
    by_date: datetime.date,
    scope: str = Target.Scope.PROGRAMME,
    cluster: ProductCluster | None = None,
    team: Team | None = None,
    description: str = "",
    source_section: str = "",
) -> Target:
    """A target for the programme, a product cluster or a team (an empty value: only a direction)."""
    require(actor, "roadmap.edit_targets")
    _check_scope(scope=scope, cluster=cluster, team=team)
    return Target.objects.create(
        indicator=indicator,
        value=value,
        by_date=by_date,
        scope=scope,
        cluster=cluster,
        team=team,
        description=description,
        source_section=source_section,
    )


@transaction.atomic
def target_update(
    *,
    target: Target,
    expected_version: int,
    actor: User,
    value: Decimal | None,
    by_date: datetime.date,
    reason: str,
) -> Target:
    """A target changed after the fact keeps the reason in its history."""
    require(actor, "roadmap.edit_targets")
    target._change_reason = _require_reason(reason)
    target.value, target.by_date = value, by_date
    update_versioned(target, expected_version=expected_version, fields=["value", "by_date"])
    return target


@transaction.atomic
def indicator_baseline_update(
    *,
    indicator: Indicator,
    expected_version: int,
    actor: User,
    baseline: Decimal,
    baseline_date: datetime.date | None,
    reason: str,
) -> Indicator:
    """The baseline progress is measured from (roadmap.progress); a change keeps the reason in its history."""
    require(actor, "roadmap.edit_baseline")
    indicator._change_reason = _require_reason(reason)
    indicator.baseline, indicator.baseline_date = baseline, baseline_date
    update_versioned(indicator, expected_version=expected_version, fields=["baseline", "baseline_date"])
    return indicator


@transaction.atomic
def reporting_period_create(
    *, actor: User, label: str, start: datetime.date, end: datetime.date
) -> ReportingPeriod:
    require(actor, "roadmap.manage_periods")
    if end < start:
        raise ValidationError({"end": _("The end of a period lies on or after its start.")})
    if ReportingPeriod.objects.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError({"start": _("This period overlaps an existing one.")})
    return ReportingPeriod.objects.create(label=label, start=start, end=end)


@transaction.atomic
def reporting_period_lock(*, period: ReportingPeriod, actor: User) -> ReportingPeriod:
    """Lock a period: no value dated in it can be entered, changed or approved any more."""
    require(actor, "roadmap.manage_periods")
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.locked:
        return current
    period.locked, period.locked_at, period.locked_by = True, timezone.now(), actor
    update_versioned(period, expected_version=current.version, fields=["locked", "locked_at", "locked_by"])
    return period


@transaction.atomic
def effect_goal_availability_set(*, goal: EffectGoal, availability: str, actor: User) -> EffectGoal:
    """Record how far the raw data for an effect goal is available (beschikbaar / deels / niet, §4.4)."""
    require(actor, "roadmap.set_data_availability")
    if availability not in goal.Availability.values:
        raise ValidationError(
            {"data_availability": _("Unknown availability %(value)s.") % {"value": availability}}
        )
    goal.data_availability = availability
    goal.save(update_fields=["data_availability"])
    return goal
