"""Every write of the goal system: measured values (draft -> approved), targets and baselines (changed
only with a recorded reason), reporting periods (lockable)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Case, Count, DecimalField, F, Max, Q, Sum, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import Horizon, ProductCluster
from programme.models import Team, ZichtlijnEntry
from regiekamer.concurrency import EditConflict, update_versioned
from regiekamer.summaries import add_to_row

from . import means
from .models import (
    EffectGoal,
    Indicator,
    IndicatorDay,
    Means,
    MeasuredValue,
    MeasurementFrequency,
    ReportingPeriod,
    Target,
)
from .selectors import period_for, scope_key


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
    if approve:
        _count_approved(current)
    return measured_value


def _count_approved(value: MeasuredValue) -> None:
    """Adds an approved value to its day (IndicatorDay), in the caller's transaction; the value entered last
    that day (the highest key) is the day's latest."""
    later = Q(last_entry__lt=value.pk)
    amount = Value(value.value, output_field=DecimalField(max_digits=14, decimal_places=3))
    entry = Value(value.pk, output_field=BigIntegerField())
    add_to_row(
        IndicatorDay,
        {
            "indicator_id": value.indicator_id,
            "scope": scope_key(value.team_id, value.cluster_id),
            "date": value.date,
        },
        {"total": value.value, "count": 1},
        also={
            "last_value": Case(When(later, then=amount), default=F("last_value")),
            "last_entry": Case(When(later, then=entry), default=F("last_entry")),
        },
        initial={"last_value": value.value, "last_entry": value.pk},
    )


def indicator_days_rebuild(
    *, values: type[MeasuredValue] = MeasuredValue, days: type[IndicatorDay] = IndicatorDay
) -> int:
    """IndicatorDay recomputed from the approved values (the models as arguments: the migration passes its
    own). Returns the number of days."""
    grouped = (
        values.objects.filter(status=MeasuredValue.Status.APPROVED)
        .order_by()
        .values("indicator_id", "team_id", "cluster_id", "date")
        .annotate(total=Sum("value"), count=Count("pk"), last=Max("pk"))
    )
    last_values = dict(values.objects.filter(pk__in=grouped.values("last")).values_list("pk", "value"))
    with transaction.atomic():
        days.objects.all().delete()
        created = days.objects.bulk_create(
            (
                days(
                    indicator_id=row["indicator_id"],
                    scope=scope_key(row["team_id"], row["cluster_id"]),
                    date=row["date"],
                    total=row["total"],
                    count=row["count"],
                    last_value=last_values[row["last"]],
                    last_entry=row["last"],
                )
                for row in grouped
            ),
            batch_size=2000,
        )
    return len(created)


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
    reason: str = "",
) -> Target:
    """A target for the programme, a product cluster or a team (an empty value: only a direction); a reason,
    if given, is kept in its audit trail."""
    require(actor, "roadmap.edit_targets")
    _check_scope(scope=scope, cluster=cluster, team=team)
    target = Target(
        indicator=indicator,
        value=value,
        by_date=by_date,
        scope=scope,
        cluster=cluster,
        team=team,
        description=description,
        source_section=source_section,
    )
    if reason.strip():
        target._change_reason = reason.strip()
    target.save()
    return target


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
def effect_goal_availability_set(
    *,
    goal: EffectGoal,
    availability: str,
    actor: User,
    source: str = "",
    date: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> EffectGoal:
    """Record how far the raw data for an effect goal is available (beschikbaar / deels / niet, §4.4), with
    the source that says so and the date it was assessed; back to "not assessed" clears both."""
    require(actor, "roadmap.set_data_availability")
    if availability not in goal.Availability.values:
        raise ValidationError(
            {"data_availability": _("Unknown availability %(value)s.") % {"value": availability}}
        )
    source, note = source.strip(), note.strip()
    if availability == goal.Availability.UNKNOWN:
        source, date = "", None
    else:
        errors: dict[str, str] = {}
        if not source:
            errors["availability_source"] = _("Name the source that says how far the raw data is available.")
        if date is None:
            errors["availability_date"] = _("Give the date the availability was assessed.")
        elif date > (today or timezone.localdate()):
            errors["availability_date"] = _("The date %(date)s lies in the future.") % {
                "date": date_format(date, "SHORT_DATE_FORMAT")
            }
        if errors:
            raise ValidationError(errors)
    goal._history_user = actor  # type: ignore[attr-defined]  # the audit trail names who assessed it
    goal.data_availability, goal.availability_source = availability, source
    goal.availability_date, goal.availability_note = date, note
    goal.save(
        update_fields=["data_availability", "availability_source", "availability_date", "availability_note"]
    )
    return goal


def _check_means(
    *, team: Team, kind: str, description: str, amount: Decimal | None, source: str, mobilised_by: list
) -> None:
    errors: dict[str, str] = {}
    if kind not in Means.Kind.values:
        errors["kind"] = _("Unknown kind of means %(kind)s.") % {"kind": kind}
    if not description.strip():
        errors["description"] = _("Describe the means.")
    if not source.strip():
        errors["source"] = _("Name the source of this entry (a decision, a plan, a commitment).")
    problem = means.amount_problem(kind=kind, amount=amount)
    if problem == "only_money":
        errors["amount"] = _("Only money has an amount; describe other means in words.")
    elif problem == "negative":
        errors["amount"] = _("An amount is zero or more.")
    parties = ZichtlijnEntry.Kind.KEY_PLAYER, ZichtlijnEntry.Kind.COURSE_SETTER
    strangers = [p for p in mobilised_by if p.team_id != team.pk or p.kind not in parties]
    if strangers:
        errors["mobilised_by"] = _(
            "%(parties)s are not key players or course-setters of %(team)s (§4.2)."
        ) % {"parties": ", ".join(str(p) for p in strangers), "team": team}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def means_create(
    *,
    actor: User,
    horizon: Horizon,
    team: Team,
    kind: str,
    description: str,
    source: str,
    amount: Decimal | None = None,
    mobilised_by: Iterable[ZichtlijnEntry] = (),
) -> Means:
    """Record means a team needs or has on a horizon, and which steering-meeting parties mobilise them."""
    require(actor, "roadmap.manage_means")
    parties = list(mobilised_by)
    _check_means(
        team=team, kind=kind, description=description, amount=amount, source=source, mobilised_by=parties
    )
    item = Means.objects.create(
        horizon=horizon,
        team=team,
        kind=kind,
        description=description.strip(),
        amount=amount,
        source=source.strip(),
    )
    item.mobilised_by.set(parties)
    return item


@transaction.atomic
def means_update(
    *,
    item: Means,
    expected_version: int,
    actor: User,
    horizon: Horizon,
    team: Team,
    kind: str,
    description: str,
    source: str,
    amount: Decimal | None = None,
    mobilised_by: Iterable[ZichtlijnEntry] = (),
) -> Means:
    """Change a means entry; its audit trail keeps the previous values and parties."""
    require(actor, "roadmap.manage_means")
    parties = list(mobilised_by)
    _check_means(
        team=team, kind=kind, description=description, amount=amount, source=source, mobilised_by=parties
    )
    item.horizon, item.team, item.kind, item.amount = horizon, team, kind, amount
    item.description, item.source = description.strip(), source.strip()
    update_versioned(
        item,
        expected_version=expected_version,
        fields=["horizon", "team", "kind", "description", "amount", "source"],
    )
    if {p.pk for p in parties} != set(item.mobilised_by.values_list("pk", flat=True)):
        item.mobilised_by.set(parties)
    return item


@transaction.atomic
def means_delete(*, item: Means, expected_version: int, actor: User) -> None:
    """Remove a means entry (the audit trail keeps it)."""
    require(actor, "roadmap.manage_means")
    current = Means.objects.select_for_update().values_list("version", flat=True).get(pk=item.pk)
    if current != expected_version:
        raise EditConflict(item, expected_version=expected_version, current_version=current)
    item.delete()


@transaction.atomic
def indicator_goal_settings_update(
    *,
    indicator: Indicator,
    expected_version: int,
    actor: User,
    reason: str,
    target_value: Decimal | None,
    target_by_date: datetime.date | None,
    baseline: Decimal,
    baseline_date: datetime.date | None,
    measurement_start: datetime.date | None,
    measurement_end: datetime.date | None,
    measurement_frequency: str,
) -> Indicator:
    """Set an indicator's programme target, baseline and measurement period in one go, with the reason kept
    in the audit trail of each record that changes (the target through target_create/target_update, the
    baseline through indicator_baseline_update)."""
    require(actor, "roadmap.edit_targets")
    require(actor, "roadmap.edit_baseline")
    reason = _require_reason(reason)
    errors: dict[str, str] = {}
    if measurement_frequency and measurement_frequency not in MeasurementFrequency.values:
        errors["measurement_frequency"] = _("Unknown frequency %(value)s.") % {"value": measurement_frequency}
    if measurement_start and measurement_end and measurement_end < measurement_start:
        errors["measurement_end"] = _("The measurement period ends on or after its start.")
    if target_value is not None and target_by_date is None:
        errors["target_by_date"] = _("A target names the date it should be reached by.")
    if errors:
        raise ValidationError(errors)
    current = Indicator.objects.select_for_update().values_list("version", flat=True).get(pk=indicator.pk)
    if current != expected_version:
        raise EditConflict(indicator, expected_version=expected_version, current_version=current)
    target = next(
        (t for t in indicator.targets.order_by("-by_date") if t.scope == Target.Scope.PROGRAMME), None
    )
    if target is None and target_by_date is not None:
        target_create(
            indicator=indicator, actor=actor, value=target_value, by_date=target_by_date, reason=reason
        )
    elif target is not None and target_by_date is not None:
        if (target.value, target.by_date) != (target_value, target_by_date):
            target_update(
                target=target,
                expected_version=target.version,
                actor=actor,
                value=target_value,
                by_date=target_by_date,
                reason=reason,
            )
    if (indicator.baseline, indicator.baseline_date) != (baseline, baseline_date):
        indicator_baseline_update(
            indicator=indicator,
            expected_version=indicator.version,
            actor=actor,
            baseline=baseline,
            baseline_date=baseline_date,
            reason=reason,
        )
    measurement = (measurement_start, measurement_end, measurement_frequency)
    stored = (indicator.measurement_start, indicator.measurement_end, indicator.measurement_frequency)
    if measurement != stored:
        indicator._change_reason = reason
        indicator.measurement_start, indicator.measurement_end = measurement_start, measurement_end
        indicator.measurement_frequency = measurement_frequency
        update_versioned(
            indicator,
            expected_version=indicator.version,
            fields=["measurement_start", "measurement_end", "measurement_frequency"],
        )
    return indicator
