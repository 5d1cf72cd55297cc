"""Pages of the stakeholder analysis as a cycle (§3.2.2, Bijlage 4): the rounds, each round's five phases
with their status, who finished them and when, and what they produced, phase 4's six criteria and
placements, and the comparison of a round with the previous one. Thin: reads in cycle_selectors, writes in
services/cycle.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.authorization import can, permission_required
from accounts.models import User
from regiekamer.forms import service_saved
from regiekamer.history import render_history

from . import cycle_horizons, cycle_selectors
from .forms_cycle import CompleteForm, PhaseForm, PlacementForm, RoundStartForm
from .models import AnalysisRound, FrontrunnerChoice, RoundPhase
from .services import cycle as services


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed @permission_required: its user is a signed-in User (the actor services want)."""

    user: User


DELIVERABLE_LABELS = RoundPhase.DICT_LABELS["deliverables"]
# Where in the register what each phase produces (Bijlage 4) lives.
DELIVERABLE_LINKS = {
    0: [
        ("stakeholders:import-upload", gettext_lazy("Import stakeholders")),
        ("stakeholders:coverage", gettext_lazy("Coverage of the slimme tool")),
    ],
    1: [
        ("stakeholders:organisation-list", gettext_lazy("Stakeholder register")),
        ("stakeholders:people-list", gettext_lazy("People")),
        ("stakeholders:network", gettext_lazy("Collaborations")),
    ],
    2: [
        ("stakeholders:organisation-list", gettext_lazy("Categorisations in the register")),
        ("stakeholders:mendelow", gettext_lazy("Issue analyses")),
    ],
    3: [("stakeholders:mendelow", gettext_lazy("Mendelow matrix"))],
    4: [
        ("stakeholders:communication-plan", gettext_lazy("Communication plan")),
        ("stakeholders:risk-register", gettext_lazy("Stakeholder risk register")),
    ],
}
CRITERIA_LABELS = [
    gettext_lazy("right sector"),
    gettext_lazy("circularity"),
    gettext_lazy("innovation of the environmental investment"),
    gettext_lazy("relevance for the UPCM programme"),
    gettext_lazy("part of (chain) collaborations"),
    gettext_lazy("frontrunner position"),
]


def _round(number: int) -> AnalysisRound:
    try:
        return cycle_selectors.round_detail(number)
    except AnalysisRound.DoesNotExist:
        raise Http404 from None


@require_safe
@permission_required("stakeholders.view_cycle")
def cycle_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    running = cycle_selectors.open_round()
    can_manage = can(request.user, "stakeholders.manage_cycle")
    return render(
        request,
        "stakeholders/cycle_overview.html",
        {
            "rounds": list(cycle_selectors.rounds()),
            "running": running,
            "can_manage": can_manage,
            "form": RoundStartForm() if can_manage and running is None else None,
        },
    )


@require_POST
@permission_required("stakeholders.manage_cycle")
def round_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RoundStartForm(request.POST)
    started = form.is_valid() and service_saved(
        form,
        lambda data: services.round_start(actor=request.user, title=data["title"]),
    )
    if started:
        messages.success(request, _("Round %(number)s started.") % {"number": started.number})
        return redirect("stakeholders:cycle-round", number=started.number)
    return render(
        request,
        "stakeholders/cycle_overview.html",
        {
            "rounds": list(cycle_selectors.rounds()),
            "running": cycle_selectors.open_round(),
            "can_manage": True,
            "form": form,
        },
        status=400,
    )


def _phase_rows(
    analysis_round: AnalysisRound, *, can_manage: bool, bound: tuple[int, PhaseForm] | None
) -> list[dict[str, Any]]:
    live = cycle_selectors.deliverable_counts() if analysis_round.is_open else {}
    rows = []
    for phase in analysis_round.phases.all():
        counts = phase.deliverables if phase.status == RoundPhase.Status.DONE else live.get(phase.phase, {})
        form = None
        if can_manage and analysis_round.is_open:
            if bound is not None and bound[0] == phase.phase:
                form = bound[1]
            else:
                form = PhaseForm(
                    prefix=f"p{phase.phase}",
                    initial={"status": phase.status, "notes": phase.notes, "version": phase.version},
                )
        rows.append(
            {
                "phase": phase,
                "deliverables": [
                    (DELIVERABLE_LABELS.get(key, key), value)
                    for key, value in counts.items()
                    if not cycle_horizons.is_horizon_key(key)
                ],
                "frozen": phase.status == RoundPhase.Status.DONE,
                "links": [(reverse(name), label) for name, label in DELIVERABLE_LINKS.get(phase.phase, [])],
                "form": form,
            }
        )
    return rows


def _round_page(
    request: AuthenticatedHttpRequest,
    analysis_round: AnalysisRound,
    *,
    phase_form: tuple[int, PhaseForm] | None = None,
    placement_form: PlacementForm | None = None,
    complete_form: CompleteForm | None = None,
) -> HttpResponse:
    can_manage = can(request.user, "stakeholders.manage_cycle")
    previous, comparison = cycle_selectors.comparison(analysis_round)
    standings = cycle_selectors.standings(analysis_round)
    editable = can_manage and analysis_round.is_open
    class_labels = dict(FrontrunnerChoice.choices)
    horizons = cycle_horizons.round_counts(analysis_round)
    previous_horizons = cycle_horizons.round_counts(previous) if previous is not None else None
    return render(
        request,
        "stakeholders/cycle_round.html",
        {
            "round": analysis_round,
            "phases": _phase_rows(analysis_round, can_manage=can_manage, bound=phase_form),
            "previous": previous,
            "comparison": comparison,
            "moves": [
                (m.standing, class_labels.get(m.before, m.before), class_labels.get(m.after, m.after))
                for m in (comparison.moved if comparison else [])
            ],
            "horizon_rows": cycle_horizons.horizon_rows(horizons) if horizons is not None else None,
            "horizon_comparison": cycle_horizons.horizon_rows(horizons or {}, previous_horizons or {})
            if previous is not None
            else None,
            "criteria_labels": CRITERIA_LABELS,
            "criteria": cycle_selectors.criteria_table(standings),
            "placements": list(cycle_selectors.placements(analysis_round)),
            "placement_form": (placement_form or PlacementForm()) if editable else None,
            "complete_form": (complete_form or CompleteForm(initial={"version": analysis_round.version}))
            if editable
            else None,
            "can_manage": can_manage,
        },
        status=400 if (phase_form or placement_form or complete_form) else 200,
    )


@require_safe
@permission_required("stakeholders.view_cycle")
def round_detail(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    return _round_page(request, _round(number))


@require_POST
@permission_required("stakeholders.manage_cycle")
def phase_update(request: AuthenticatedHttpRequest, number: int, phase: int) -> HttpResponse:
    analysis_round = _round(number)
    record = get_object_or_404(RoundPhase.objects.select_related("round"), round=analysis_round, phase=phase)
    form = PhaseForm(request.POST, prefix=f"p{phase}")
    if form.is_valid() and service_saved(
        form,
        lambda data: services.phase_update(
            phase=record,
            expected_version=data["version"],
            actor=request.user,
            status=data["status"],
            notes=data["notes"],
        ),
    ):
        messages.success(request, _("Phase %(phase)s saved.") % {"phase": phase})
        return redirect(f"{reverse('stakeholders:cycle-round', args=[number])}#phase-{phase}")
    return _round_page(request, _round(number), phase_form=(phase, form))


@require_POST
@permission_required("stakeholders.manage_cycle")
def placement_create(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    analysis_round = _round(number)
    form = PlacementForm(request.POST)
    if form.is_valid() and service_saved(
        form,
        lambda data: services.placement_record(analysis_round=analysis_round, actor=request.user, **data),
    ):
        messages.success(request, _("Placement recorded."))
        return redirect(f"{reverse('stakeholders:cycle-round', args=[number])}#placements")
    return _round_page(request, analysis_round, placement_form=form)


@require_POST
@permission_required("stakeholders.manage_cycle")
def round_complete(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    analysis_round = _round(number)
    form = CompleteForm(request.POST)
    if form.is_valid() and service_saved(
        form,
        lambda data: services.round_complete(
            analysis_round=analysis_round,
            expected_version=data["version"],
            actor=request.user,
        ),
    ):
        messages.success(
            request,
            _("Round %(number)s completed; its classification is kept for the next round.")
            % {"number": number},
        )
        return redirect("stakeholders:cycle-round", number=number)
    return _round_page(request, analysis_round, complete_form=form)


@require_safe
@permission_required("stakeholders.view_cycle")
def round_history(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    analysis_round = _round(number)
    return render_history(
        request, analysis_round, back_url=reverse("stakeholders:cycle-round", args=[number])
    )


@require_safe
@permission_required("stakeholders.view_cycle")
def phase_history(request: AuthenticatedHttpRequest, number: int, phase: int) -> HttpResponse:
    record = get_object_or_404(RoundPhase, round__number=number, phase=phase)
    return render_history(request, record, back_url=reverse("stakeholders:cycle-round", args=[number]))
