"""Goal-data pages of the roadmap: the raw-data availability of each effect goal (§4.4's coloured squares),
the means per horizon and team with the parties that mobilise them (§3.1.1, §4.3), and each
indicator's target, baseline and measurement period. Thin: read through selectors, write through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.authorization import can, permission_required
from catalogue.models import Horizon
from programme.models import Team
from regiekamer.concurrency import EditConflict
from regiekamer.forms import flash_errors, service_saved
from regiekamer.history import render_history

from . import means, selectors, services
from .forms_goals import AvailabilityForm, IndicatorSettingsForm, MeansEditForm, MeansForm
from .models import EffectGoal, Indicator, Means, Target
from .views import AuthenticatedHttpRequest

# --- raw-data availability (§4.4: "Ruwe data is: beschikbaar, deels beschikbaar, niet beschikbaar") ---


def _availability_initial(goal: EffectGoal) -> dict[str, Any]:
    return {
        "data_availability": goal.data_availability,
        "availability_source": goal.availability_source,
        "availability_date": goal.availability_date,
        "availability_note": goal.availability_note,
    }


def _availability_page(
    request: AuthenticatedHttpRequest, *, bound: AvailabilityForm | None = None, bound_pk: int | None = None
) -> HttpResponse:
    rows = []
    for goal in selectors.effect_goals():
        form = bound if goal.pk == bound_pk else None
        if form is None:
            form = AvailabilityForm(prefix=f"g{goal.pk}", initial=_availability_initial(goal))
        rows.append((goal, form))
    return render(
        request,
        "roadmap/data_availability.html",
        {"rows": rows},
        status=400 if bound is not None else 200,
    )


@require_safe
@permission_required("roadmap.set_data_availability")
def data_availability(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _availability_page(request)


@require_POST
@permission_required("roadmap.set_data_availability")
def effect_goal_availability(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(EffectGoal.objects.select_related("row__horizon"), pk=pk)
    form = AvailabilityForm(request.POST, prefix=f"g{goal.pk}")
    if form.is_valid() and service_saved(
        form,
        lambda data: services.effect_goal_availability_set(
            goal=goal,
            availability=data["data_availability"],
            source=data["availability_source"],
            date=data["availability_date"],
            note=data["availability_note"],
            actor=request.user,
        ),
    ):
        messages.success(request, _("Raw-data availability saved."))
        return redirect(f"{reverse('roadmap:data-availability')}#goal-{goal.pk}")
    return _availability_page(request, bound=form, bound_pk=goal.pk)


@permission_required("roadmap.view_roadmap")
def effect_goal_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(EffectGoal, pk=pk)
    return render_history(request, goal, back_url=reverse("roadmap:roadmap"))


# --- means per horizon and team ---


def means_context(entries: list[Means]) -> dict[str, Any]:
    """Means grouped per horizon (longest first) with the money totals per horizon, per team and overall."""
    items = selectors.means_items(entries)
    by_horizon = means.money_by(items, key="horizon")
    by_team = means.money_by(items, key="team")
    horizons: dict[int, Horizon] = {m.horizon_id: m.horizon for m in entries}
    teams: dict[int, Team] = {m.team_id: m.team for m in entries}
    return {
        "horizon_groups": [
            {
                "horizon": horizon,
                "entries": [m for m in entries if m.horizon_id == horizon.pk],
                "money": by_horizon[horizon.pk],
            }
            for horizon in sorted(horizons.values(), key=lambda h: -h.months)
        ],
        "team_totals": [
            (team, by_team[team.pk]) for team in sorted(teams.values(), key=lambda t: (t.order, t.name))
        ],
        "money": means.money_total(items),
    }


def _means_page(
    request: AuthenticatedHttpRequest, form: MeansForm | None, *, status: int = 200
) -> HttpResponse:
    can_manage = can(request.user, "roadmap.manage_means")
    if form is None and can_manage:
        form = MeansForm()
    return render(
        request,
        "roadmap/means_list.html",
        {**means_context(list(selectors.means_list())), "form": form, "can_manage": can_manage},
        status=status,
    )


@require_safe
@permission_required("roadmap.view_roadmap")
def means_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _means_page(request, None)


@require_POST
@permission_required("roadmap.manage_means")
def means_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeansForm(request.POST)
    if form.is_valid() and service_saved(
        form, lambda data: services.means_create(actor=request.user, **data)
    ):
        messages.success(request, _("Means recorded."))
        return redirect("roadmap:means-list")
    return _means_page(request, form, status=400)


@permission_required("roadmap.manage_means")
def means_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.means_list(), pk=pk)
    form = MeansEditForm(
        request.POST or None,
        initial={
            "horizon": item.horizon,
            "team": item.team,
            "kind": item.kind,
            "description": item.description,
            "amount": item.amount,
            "mobilised_by": list(item.mobilised_by.all()),
            "source": item.source,
            "version": item.version,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.means_update(
                item=item,
                expected_version=data.pop("version"),
                actor=request.user,
                **data,
            ),
        )
    ):
        messages.success(request, _("Means changed; the previous values are in its history."))
        return redirect("roadmap:means-list")
    return render(
        request,
        "roadmap/means_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("roadmap.manage_means")
def means_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Means, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.means_delete(item=item, expected_version=version, actor=request.user)
    except EditConflict as conflict:
        flash_errors(request, conflict)
    else:
        messages.success(request, _("Means removed; its history keeps it."))
    return redirect("roadmap:means-list")


@permission_required("roadmap.view_roadmap")
def means_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Means, pk=pk)
    return render_history(request, item, back_url=reverse("roadmap:means-list"))


# --- targets, baselines and measurement periods of every indicator ---


@require_safe
@permission_required("roadmap.view_roadmap")
def indicator_settings_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    indicators = list(selectors.indicator_list().prefetch_related("targets__cluster", "targets__team"))
    return render(
        request,
        "roadmap/indicator_settings_list.html",
        {
            "rows": [(i, selectors.programme_target(i)) for i in indicators],
            "can_edit": (
                can(request.user, "roadmap.edit_targets") and can(request.user, "roadmap.edit_baseline")
            ),
        },
    )


@permission_required("roadmap.edit_targets")
def indicator_settings(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("horizon"), code=code)
    target: Target | None = selectors.programme_target(indicator)
    form = IndicatorSettingsForm(
        request.POST or None,
        initial={
            "target_value": target.value if target else None,
            "target_by_date": target.by_date if target else None,
            "baseline": indicator.baseline,
            "baseline_date": indicator.baseline_date,
            "measurement_start": indicator.measurement_start,
            "measurement_end": indicator.measurement_end,
            "measurement_frequency": indicator.measurement_frequency,
            "version": indicator.version,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and service_saved(
            form,
            lambda data: services.indicator_goal_settings_update(
                indicator=indicator, expected_version=data.pop("version"), actor=request.user, **data
            ),
        )
    ):
        messages.success(
            request, _("Target, baseline and measurement period saved; the reason is in the history.")
        )
        return redirect("roadmap:indicator-settings-list")
    return render(
        request,
        "roadmap/form.html",
        {"indicator": indicator, "form": form, "title": _("Target, baseline and measurement period")},
        status=400 if request.method == "POST" else 200,
    )
