"""Every write of the goal system: measured values (draft -> approved), targets and baselines (changed
only with a recorded reason), reporting periods (lockable)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiekamer.concurrency import update_versioned

from .models import Indicator, MeasuredValue, ReportingPeriod, Target
from .selectors import period_for, user_can_enter_values, user_can_review_values, user_is_office


def _require_office(actor) -> None:
    if not user_is_office(actor):
        raise PermissionDenied(_("Only the programme office changes the goal system."))


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
    team=None,
    cluster=None,
) -> ReportingPeriod | None:
    errors = {}
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
    actor,
    note: str = "",
    team=None,
    cluster=None,
    today: datetime.date | None = None,
) -> MeasuredValue:
    """The indicator's owner enters a value; it is a draft until the reviewer approves it."""
    if not user_can_enter_values(actor, indicator):
        raise PermissionDenied(
            _("Only the owner of %(indicator)s enters its values.") % {"indicator": indicator}
        )
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
    actor,
    value: Decimal,
    unit: str,
    date: datetime.date,
    source: str,
    note: str = "",
    today: datetime.date | None = None,
) -> MeasuredValue:
    """Only a draft can be changed; an approved value is corrected by entering a new one."""
    indicator = measured_value.indicator
    if not user_can_enter_values(actor, indicator):
        raise PermissionDenied(
            _("Only the owner of %(indicator)s enters its values.") % {"indicator": indicator}
        )
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
def measured_value_review(*, measured_value: MeasuredValue, actor, approve: bool) -> MeasuredValue:
    """The owner's reviewer approves (it then counts) or rejects a draft; never the person who entered it."""
    indicator = measured_value.indicator
    if not user_can_review_values(actor, indicator):
        raise PermissionDenied(
            _("Only the reviewer of %(indicator)s approves its values.") % {"indicator": indicator}
        )
    current = MeasuredValue.objects.select_for_update().get(pk=measured_value.pk)
    if current.entered_by_id == actor.pk:
        raise PermissionDenied(_("A value is approved by someone other than the person who entered it."))
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


def _check_scope(*, scope: str, cluster, team) -> None:
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
    actor,
    value: Decimal | None,
    by_date: datetime.date,
    scope: str = Target.Scope.PROGRAMME,
    cluster=None,
    team=None,
    description: str = "",
    source_section: str = "",
) -> Target:
    _require_office(actor)
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
    actor,
    value: Decimal | None,
    by_date: datetime.date,
    reason: str,
) -> Target:
    """A target changed after the fact keeps the reason in its history."""
    _require_office(actor)
    target._change_reason = _require_reason(reason)
    target.value, target.by_date = value, by_date
    update_versioned(target, expected_version=expected_version, fields=["value", "by_date"])
    return target


@transaction.atomic
def indicator_baseline_update(
    *,
    indicator: Indicator,
    expected_version: int,
    actor,
    baseline: Decimal,
    baseline_date: datetime.date | None,
    reason: str,
) -> Indicator:
    _require_office(actor)
    indicator._change_reason = _require_reason(reason)
    indicator.baseline, indicator.baseline_date = baseline, baseline_date
    update_versioned(indicator, expected_version=expected_version, fields=["baseline", "baseline_date"])
    return indicator


@transaction.atomic
def reporting_period_create(
    *, actor, label: str, start: datetime.date, end: datetime.date
) -> ReportingPeriod:
    _require_office(actor)
    if end < start:
        raise ValidationError({"end": _("The end of a period lies on or after its start.")})
    if ReportingPeriod.objects.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError({"start": _("This period overlaps an existing one.")})
    return ReportingPeriod.objects.create(label=label, start=start, end=end)


@transaction.atomic
def reporting_period_lock(*, period: ReportingPeriod, actor) -> ReportingPeriod:
    _require_office(actor)
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.locked:
        return current
    period.locked, period.locked_at, period.locked_by = True, timezone.now(), actor
    update_versioned(period, expected_version=current.version, fields=["locked", "locked_at", "locked_by"])
    return period


@transaction.atomic
def effect_goal_availability_set(*, goal, availability: str, actor):
    """Record how far the raw data for an effect goal is available (beschikbaar / deels / niet, §4.4)."""
    _require_office(actor)
    if availability not in goal.Availability.values:
        raise ValidationError(
            {"data_availability": _("Unknown availability %(value)s.") % {"value": availability}}
        )
    goal.data_availability = availability
    goal.save(update_fields=["data_availability"])
    return goal
