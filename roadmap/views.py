"""Roadmap pages: the goal system with its swimming lanes, indicators, values and exports. Thin: read through
selectors, write through services; who may do what is in permissions.py."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.authorization import can, permission_required, require
from accounts.models import User
from jobs import exports
from regiekamer.forms import flash_errors, service_saved
from regiekamer.history import render_history
from regiekamer.pagination import html_page, query_without_page

from . import export, selectors, services
from .forms import BaselineForm, MeasuredValueForm, PeriodForm, TargetCreateForm, TargetEditForm
from .models import Indicator, MeasuredValue, ReportingPeriod, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed @permission_required: its user is a signed-in User (the actor services want)."""

    user: User


def _indicator(code: str) -> Indicator:
    try:
        return selectors.indicator_detail(code)
    except Indicator.DoesNotExist:
        raise Http404 from None


@permission_required("roadmap.view_roadmap")
def roadmap(request: AuthenticatedHttpRequest) -> HttpResponse:
    horizons = list(selectors.horizons_top_down())
    indicators = [i for horizon in horizons for i in horizon.indicators.all()]
    progress = selectors.progress_by_indicator(indicators)
    rows = {row.horizon_id: row for row in selectors.roadmap_rows()}
    means_by_horizon = selectors.means_by_horizon()
    lanes = [
        {
            "horizon": horizon,
            "row": rows.get(horizon.pk),
            "strategies": list(horizon.change_strategies.all()),
            "indicator_rows": [(i, progress[i.pk]) for i in horizon.indicators.all()],
            "means": means_by_horizon.get(horizon.pk),
        }
        for horizon in horizons
    ]
    _horizons, pillars, cells = selectors.change_strategy_matrix()
    matrix = [(h, [cells.get((h.pk, p.pk)) for p in pillars]) for h in _horizons]
    return render(
        request,
        "roadmap/roadmap.html",
        {
            "lanes": lanes,
            "principles": selectors.principles(),
            "pillars": pillars,
            "matrix": matrix,
            "rows": [rows[h.pk] for h in sorted((r.horizon for r in rows.values()), key=lambda h: -h.months)],
            "can_set_availability": can(request.user, "roadmap.set_data_availability"),
        },
    )


@permission_required("roadmap.view_roadmap")
def roadmap_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    indicators = list(selectors.indicator_list().prefetch_related("targets__cluster", "targets__team"))
    content = export.roadmap_workbook(
        matrix=selectors.change_strategy_matrix(),
        rows=list(selectors.roadmap_rows()),
        principles=list(selectors.principles()),
        indicators=indicators,
        progress_by_id=selectors.progress_by_indicator(indicators),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="roadmap-2.0.xlsx"'
    return response


@permission_required("roadmap.view_roadmap")
def indicator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    indicators = list(selectors.indicator_list().prefetch_related("targets__cluster", "targets__team"))
    progress = selectors.progress_by_indicator(indicators)
    return render(request, "roadmap/indicator_list.html", {"rows": [(i, progress[i.pk]) for i in indicators]})


def _detail_context(
    request: AuthenticatedHttpRequest, indicator: Indicator, *, value_form: MeasuredValueForm | None = None
) -> dict[str, Any]:
    """What the indicator page shows; `value_form` is the value form as sent (with its errors), if any."""
    user = request.user
    result = selectors.indicator_progress(indicator)
    target = selectors.programme_target(indicator)
    can_enter = can(user, "roadmap.enter_values", indicator)
    if value_form is None and can_enter:
        value_form = MeasuredValueForm(prefix="mv", initial={"unit": indicator.unit})
    return {
        "indicator": indicator,
        "progress": result,
        "chart": {
            "labels": [d.isoformat() for d, _v in result.series],
            "values": [float(v) for _d, v in result.series],
            "target": float(target.value) if target and target.value is not None else None,
            "targetLabel": _("Target"),
            "valueLabel": indicator.unit,
        },
        "target": target,
        "targets": list(indicator.targets.all()),
        # One page of values, newest first (an indicator gathers thousands over the years).
        "values": html_page(
            request, selectors.values_for(indicator, drafts=can(user, "roadmap.view_drafts"))
        ),
        "values_query": query_without_page(request),
        "can_enter": can_enter,
        "can_review": can(user, "roadmap.review_value", indicator),
        "can_edit_targets": can(user, "roadmap.edit_targets"),
        "can_edit_baseline": can(user, "roadmap.edit_baseline"),
        "value_form": value_form,
    }


@permission_required("roadmap.view_roadmap")
def indicator_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    return render(request, "roadmap/indicator_detail.html", _detail_context(request, indicator))


@require_POST
@permission_required("roadmap.enter_values")
def value_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    require(request.user, "roadmap.enter_values", indicator)
    form = MeasuredValueForm(request.POST, prefix="mv")
    if form.is_valid() and service_saved(
        form, lambda data: services.measured_value_enter(indicator=indicator, actor=request.user, **data)
    ):
        messages.success(request, _("Value saved as a draft; it counts once the reviewer approves it."))
        return redirect(indicator)
    return render(
        request,
        "roadmap/indicator_detail.html",
        _detail_context(request, indicator, value_form=form),
        status=400,
    )


@require_POST
@permission_required("roadmap.review_value")
def value_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(MeasuredValue.objects.select_related("indicator"), pk=pk)
    try:
        services.measured_value_review(
            measured_value=value, actor=request.user, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Value reviewed."))
    return redirect(value.indicator)


@permission_required("roadmap.edit_targets")
def target_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    form = TargetCreateForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form, lambda data: services.target_create(indicator=indicator, actor=request.user, **data)
        )
    ):
        messages.success(request, _("Target added."))
        return redirect(indicator)
    return render(
        request, "roadmap/form.html", {"indicator": indicator, "form": form, "title": _("Add a target")}
    )


@permission_required("roadmap.edit_targets")
def target_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target.objects.select_related("indicator"), pk=pk)
    form = TargetEditForm(
        request.POST or None,
        initial={"value": target.value, "by_date": target.by_date, "version": target.version},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.target_update(
                target=target,
                expected_version=data["version"],
                actor=request.user,
                value=data["value"],
                by_date=data["by_date"],
                reason=data["reason"],
            ),
        )
    ):
        messages.success(request, _("Target changed; the reason is in its history."))
        return redirect(target.indicator)
    return render(
        request,
        "roadmap/form.html",
        {"indicator": target.indicator, "form": form, "title": _("Change target")},
    )


@permission_required("roadmap.edit_baseline")
def baseline_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    form = BaselineForm(
        request.POST or None,
        initial={
            "baseline": indicator.baseline,
            "baseline_date": indicator.baseline_date,
            "version": indicator.version,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.indicator_baseline_update(
                indicator=indicator,
                expected_version=data["version"],
                actor=request.user,
                baseline=data["baseline"],
                baseline_date=data["baseline_date"],
                reason=data["reason"],
            ),
        )
    ):
        messages.success(request, _("Baseline changed; the reason is in its history."))
        return redirect(indicator)
    return render(
        request, "roadmap/form.html", {"indicator": indicator, "form": form, "title": _("Change baseline")}
    )


@permission_required("roadmap.view_roadmap")
def indicator_export(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The indicator's values, targets and progress as XLSX; a long history is written by a job, whose page
    the person is taken to."""
    exported = export.indicator_export(actor=request.user, indicator=_indicator(code))
    if exported.job is not None:
        return exports.to_job_page(request, exported.job)
    response = HttpResponse(exported.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@permission_required("roadmap.view_roadmap")
def indicator_history(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    return render_history(request, indicator, back_url=indicator.get_absolute_url())


@permission_required("roadmap.view_roadmap")
def target_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target.objects.select_related("indicator"), pk=pk)
    return render_history(request, target, back_url=target.indicator.get_absolute_url())


@permission_required("roadmap.view_value")
def value_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(MeasuredValue.objects.select_related("indicator"), pk=pk)
    require(request.user, "roadmap.view_value", value)
    return render_history(request, value, back_url=value.indicator.get_absolute_url())


def _period_page(
    request: AuthenticatedHttpRequest, form: PeriodForm | None, *, status: int = 200
) -> HttpResponse:
    can_manage = can(request.user, "roadmap.manage_periods")
    if form is None and can_manage:
        form = PeriodForm()
    return render(
        request,
        "roadmap/period_list.html",
        {"periods": selectors.periods(), "form": form, "can_manage": can_manage},
        status=status,
    )


@require_safe
@permission_required("roadmap.view_roadmap")
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _period_page(request, None)


@require_POST
@permission_required("roadmap.manage_periods")
def period_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST)
    if form.is_valid() and service_saved(
        form, lambda data: services.reporting_period_create(actor=request.user, **data)
    ):
        messages.success(request, _("Reporting period added."))
        return redirect("roadmap:period-list")
    return _period_page(request, form, status=400)


@require_POST
@permission_required("roadmap.manage_periods")
def period_lock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.reporting_period_lock(period=get_object_or_404(ReportingPeriod, pk=pk), actor=request.user)
    messages.success(request, _("Reporting period locked."))
    return redirect("roadmap:period-list")
