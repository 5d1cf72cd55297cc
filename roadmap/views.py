"""Roadmap pages: the goal system with its swimming lanes, indicators, values and exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiekamer.history import render_history
from regiekamer.forms import service_saved

from . import export, selectors, services
from .forms import BaselineForm, MeasuredValueForm, PeriodForm, TargetCreateForm, TargetEditForm
from .models import EffectGoal, Indicator, MeasuredValue, ReportingPeriod, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def _indicator(code) -> Indicator:
    try:
        return selectors.indicator_detail(code)
    except Indicator.DoesNotExist:
        raise Http404 from None


def roadmap(request):
    lanes = list(selectors.horizons_top_down())
    indicators = [i for lane in lanes for i in lane.indicators.all()]
    progress = selectors.progress_by_indicator(indicators)
    for lane in lanes:
        lane.indicator_rows = [(i, progress[i.pk]) for i in lane.indicators.all()]
        lane.strategies = list(lane.change_strategies.all())
    rows = {row.horizon_id: row for row in selectors.roadmap_rows()}
    for lane in lanes:
        lane.row = rows.get(lane.pk)
    horizons, pillars, cells = selectors.change_strategy_matrix()
    matrix = [(h, [cells.get((h.pk, p.pk)) for p in pillars]) for h in horizons]
    return render(
        request,
        "roadmap/roadmap.html",
        {
            "lanes": lanes,
            "principles": selectors.principles(),
            "pillars": pillars,
            "matrix": matrix,
            "rows": [rows[h.pk] for h in sorted((r.horizon for r in rows.values()), key=lambda h: -h.months)],
        },
    )


@require_POST
def effect_goal_availability(request, pk):
    _require(selectors.user_is_office(request.user))
    goal = get_object_or_404(EffectGoal.objects.select_related("row__horizon"), pk=pk)
    try:
        services.effect_goal_availability_set(
            goal=goal, availability=request.POST.get("data_availability", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Raw-data availability saved."))
    return redirect(f"{reverse('roadmap:roadmap')}#lane-{goal.row.horizon.code}")


def roadmap_export(request):
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


def indicator_list(request):
    indicators = list(selectors.indicator_list().prefetch_related("targets__cluster", "targets__team"))
    progress = selectors.progress_by_indicator(indicators)
    return render(request, "roadmap/indicator_list.html", {"rows": [(i, progress[i.pk]) for i in indicators]})


def indicator_detail(request, code):
    indicator = _indicator(code)
    result = selectors.indicator_progress(indicator)
    user = request.user
    target = selectors.programme_target(indicator)
    chart = {
        "labels": [d.isoformat() for d, _v in result.series],
        "values": [float(v) for _d, v in result.series],
        "target": float(target.value) if target and target.value is not None else None,
        "targetLabel": _("Target"),
        "valueLabel": indicator.unit,
    }
    can_enter = selectors.user_can_enter_values(user, indicator)
    return render(
        request,
        "roadmap/indicator_detail.html",
        {
            "indicator": indicator,
            "progress": result,
            "chart": chart,
            "target": target,
            "targets": list(indicator.targets.all()),
            "values": list(selectors.values_for(indicator, user=user)),
            "can_enter": can_enter,
            "can_review": selectors.user_can_review_values(user, indicator),
            "is_office": selectors.user_is_office(user),
            "value_form": MeasuredValueForm(prefix="mv", initial={"unit": indicator.unit})
            if can_enter
            else None,
        },
    )


@require_POST
def value_create(request, code):
    indicator = _indicator(code)
    _require(selectors.user_can_enter_values(request.user, indicator))
    form = MeasuredValueForm(request.POST, prefix="mv")
    if form.is_valid() and service_saved(
        form, lambda data: services.measured_value_enter(indicator=indicator, actor=request.user, **data)
    ):
        messages.success(request, _("Value saved as a draft; it counts once the reviewer approves it."))
        return redirect(indicator)
    result = selectors.indicator_progress(indicator)
    return render(
        request,
        "roadmap/indicator_detail.html",
        {
            "indicator": indicator,
            "progress": result,
            "chart": None,
            "targets": list(indicator.targets.all()),
            "values": list(selectors.values_for(indicator, user=request.user)),
            "can_enter": True,
            "can_review": selectors.user_can_review_values(request.user, indicator),
            "is_office": selectors.user_is_office(request.user),
            "value_form": form,
        },
        status=400,
    )


@require_POST
def value_review(request, pk):
    value = get_object_or_404(MeasuredValue.objects.select_related("indicator"), pk=pk)
    _require(selectors.user_can_review_values(request.user, value.indicator))
    try:
        services.measured_value_review(
            measured_value=value, actor=request.user, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, _("Value reviewed."))
    return redirect(value.indicator)


def target_create(request, code):
    _require(selectors.user_is_office(request.user))
    indicator = _indicator(code)
    form = TargetCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if service_saved(
            form, lambda data: services.target_create(indicator=indicator, actor=request.user, **data)
        ):
            messages.success(request, _("Target added."))
            return redirect(indicator)
    return render(
        request, "roadmap/form.html", {"indicator": indicator, "form": form, "title": _("Add a target")}
    )


def target_edit(request, pk):
    _require(selectors.user_is_office(request.user))
    target = get_object_or_404(Target.objects.select_related("indicator"), pk=pk)
    form = TargetEditForm(
        request.POST or None,
        initial={"value": target.value, "by_date": target.by_date, "version": target.version},
    )
    if request.method == "POST" and form.is_valid():
        if service_saved(
            form,
            lambda data: services.target_update(
                target=target,
                expected_version=data["version"],
                actor=request.user,
                value=data["value"],
                by_date=data["by_date"],
                reason=data["reason"],
            ),
        ):
            messages.success(request, _("Target changed; the reason is in its history."))
            return redirect(target.indicator)
    return render(
        request,
        "roadmap/form.html",
        {"indicator": target.indicator, "form": form, "title": _("Change target")},
    )


def baseline_edit(request, code):
    _require(selectors.user_is_office(request.user))
    indicator = get_object_or_404(Indicator, code=code)
    form = BaselineForm(
        request.POST or None,
        initial={
            "baseline": indicator.baseline,
            "baseline_date": indicator.baseline_date,
            "version": indicator.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        if service_saved(
            form,
            lambda data: services.indicator_baseline_update(
                indicator=indicator,
                expected_version=data["version"],
                actor=request.user,
                baseline=data["baseline"],
                baseline_date=data["baseline_date"],
                reason=data["reason"],
            ),
        ):
            messages.success(request, _("Baseline changed; the reason is in its history."))
            return redirect(indicator)
    return render(
        request, "roadmap/form.html", {"indicator": indicator, "form": form, "title": _("Change baseline")}
    )


def indicator_export(request, code):
    indicator = _indicator(code)
    content = export.indicator_workbook(
        indicator=indicator,
        values=list(selectors.values_for(indicator, user=request.user)),
        targets=list(indicator.targets.all()),
        result=selectors.indicator_progress(indicator),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="indicator-{indicator.code}.xlsx"'
    return response


def indicator_history(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    return render_history(request, indicator, back_url=indicator.get_absolute_url())


def target_history(request, pk):
    target = get_object_or_404(Target.objects.select_related("indicator"), pk=pk)
    return render_history(request, target, back_url=target.indicator.get_absolute_url())


def value_history(request, pk):
    value = get_object_or_404(MeasuredValue.objects.select_related("indicator"), pk=pk)
    if value.status != MeasuredValue.Status.APPROVED:
        _require(selectors.user_sees_drafts(request.user))
    return render_history(request, value, back_url=value.indicator.get_absolute_url())


def period_list(request):
    is_office = selectors.user_is_office(request.user)
    form = PeriodForm(request.POST or None) if is_office else None
    if request.method == "POST":
        _require(is_office)
        if form.is_valid():
            if service_saved(form, lambda data: services.reporting_period_create(actor=request.user, **data)):
                messages.success(request, _("Reporting period added."))
                return redirect("roadmap:period-list")
    return render(
        request,
        "roadmap/period_list.html",
        {"periods": selectors.periods(), "form": form, "is_office": is_office},
    )


@require_POST
def period_lock(request, pk):
    _require(selectors.user_is_office(request.user))
    services.reporting_period_lock(period=get_object_or_404(ReportingPeriod, pk=pk), actor=request.user)
    messages.success(request, _("Reporting period locked."))
    return redirect("roadmap:period-list")
