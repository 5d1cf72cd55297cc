"""Pages of the simulation app: the saved scenarios, a new scenario (started as a job), a scenario's results
(charts with linear and circular overlaid, outcomes, interaction matrix, Sobol indices, input data) and its
download as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.authorization import permission_required
from jobs.exports import download
from materials.selectors import country_names
from regiekamer.pagination import html_page
from regiekamer.texts import translate

from . import analysis, charts, exports, selectors, services, spec
from .forms import INTERVENTION_FIELDS, ScenarioForm
from .models import Scenario

OUTCOME_LABELS = {
    "price_peak": lambda: _("Price peak (index)"),
    "total_shortage": lambda: _("Total shortage (quarters of demand)"),
    "total_net_outflow": lambda: _("Net outflow (quarters of demand)"),
    "mean_recycling_share": lambda: _("Recycling input share (mean)"),
}
KIND_LABELS = {
    analysis.SYNERGY: lambda: _("synergy"),
    analysis.ANTAGONISM: lambda: _("antagonism"),
    analysis.ADDITIVE: lambda: _("additive"),
}


@permission_required("simulation.view_scenarios")
def scenario_list(request) -> HttpResponse:
    page = html_page(request, selectors.scenario_list())
    context = {"page": page, "scenarios": page.object_list, **supplier_data_context()}
    return render(request, "simulation/scenario_list.html", context)


@permission_required("simulation.run_scenario")
def scenario_new(request) -> HttpResponse:
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interventions = form.interventions()
        data = {
            key: form.cleaned_data[key] for key in ("title", "comparison", "horizon", "seed", "sweep_size")
        }
        data["scrap_imports"] = float(form.cleaned_data.get("scrap_imports") or 0) / 100
        try:
            scenario = services.scenario_start(
                actor=request.user,
                materials=list(form.cleaned_data["materials"]),
                interventions=interventions,
                sweet_spot=form.cleaned_data.get("sweet_spot"),
                effect_goal=form.cleaned_data.get("effect_goal"),
                **data,
            )
        except ValidationError as refused:
            for key, problems in refused.message_dict.items():
                form.add_error(form.field_of(key, interventions), problems)
        else:
            messages.success(
                request, _("The simulation was started; the results appear here when it is done.")
            )
            return redirect(scenario)
    return render(request, "simulation/scenario_form.html", {"form": form, **supplier_data_context()})


def supplier_data_context() -> dict[str, Any]:
    """Where the model's supplier data come from, and which supply-security materials it cannot run."""
    releases = selectors.supplier_releases()
    names = ", ".join(f"{release.label} ({release.code})" for release in releases) or "—"
    return {
        "supplier_releases": releases,
        "without_suppliers": [
            _(
                "%(material)s: no supplier data in the material data: %(releases)s has no supplier countries "
                "and shares for it, so it cannot be simulated."
            )
            % {"material": material.label, "releases": names}
            for material in selectors.goal_materials_without_suppliers()
        ],
    }


def _number(digits: int):
    return lambda value: number_format(value, digits)


def _percent(value: float) -> str:
    return number_format(value * 100, 0) + " %"


def _intervention_text(item: dict[str, Any]) -> str:
    label = str(INTERVENTION_FIELDS[item["kind"]][0]) if item["kind"] in INTERVENTION_FIELDS else item["kind"]
    parts = []
    if item.get("country"):
        parts.append(item["country"])
    if "start" in item:
        parts.append(_("from quarter %(n)s") % {"n": item["start"]})
    if item.get("duration"):
        parts.append(_("for %(n)s quarters") % {"n": item["duration"]})
    for name in ("depth", "rate", "max_share", "reduction", "amount"):
        if name in item:
            parts.append(_percent(item[name]))
    if "delay" in item:
        parts.append(_("licence delay %(n)s quarters") % {"n": item["delay"]})
    if "factor" in item:
        parts.append("× " + number_format(item["factor"], 2))
    return f"{label} ({', '.join(parts)})"


def _charts(runs: list[Any], material: str) -> list[tuple[str, str]]:
    names = {"linear": _("Linear"), "circular": _("Circular")}
    specs = [
        ("price", _("Price (index, 1 = before the run)"), _number(1), 1.0),
        ("unmet", _("Unmet demand (% of base demand)"), _number(0), 1.0),
        ("recycling_share", _("Recycling input share (%)"), _number(0), 100.0),
        ("net_outflow", _("Net outflow (% of base demand)"), _number(0), 1.0),
    ]
    svgs: list[tuple[str, str]] = []
    for key, title, fmt, scale in specs:
        lines = [
            charts.Line(
                label=names[run.configuration],
                values=[v * scale for v in run.series[key]],
                css=run.configuration,
            )
            for run in runs
        ]
        svgs.append(
            (
                title,
                mark_safe(  # noqa: S308 - built by charts.line_chart, every text escaped there
                    charts.line_chart(
                        lines,
                        title=title,
                        x_label=_("Quarter"),
                        number=fmt,
                        chart_id=f"chart-{material}-{key}",
                    )
                ),
            )
        )
    return svgs


def unmet_by_group(runs: list[Any], groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Per product group and configuration, the unmet demand over the run in quarters of the group's own
    base demand (its share of the base demand): how many quarters of its supply the group went without."""
    base = spec.Parameters().base_demand
    names = {"linear": _("Linear"), "circular": _("Circular")}
    rows = []
    for group in groups:
        cells = []
        for run in runs:
            quarters = analysis.quarters_without(
                run.unmet_by_group.get(group["code"], []), base_demand=base, share=group["share"]
            )
            # rounded first: number_format cuts a float's digits off rather than rounding them
            cells.append("—" if quarters is None else number_format(round(quarters, 2), 2))
        rows.append({"name": f"{group['name'][:1].upper()}{group['name'][1:]}", "cells": cells})
    return {"headers": [names[run.configuration] for run in runs], "rows": rows}


def _matrix(scenario: Scenario, code: str, configuration: str) -> dict[str, Any] | None:
    data = scenario.interactions.get(code, {}).get(configuration)
    if not data:
        return None
    texts = [_intervention_text(item) for item in scenario.interventions]
    rows = []
    by_pair: dict[tuple[int, int], dict[str, Any]] = {}
    for pair in data["pairs"]:
        by_pair.setdefault((pair["first"], pair["second"]), {})[pair["output"]] = pair
    for (a, b), outputs in by_pair.items():
        cells = []
        for key in analysis.OUTCOMES:
            pair = outputs[key]
            digits = 3 if key == "mean_recycling_share" else 2
            cells.append(
                {
                    "kind": pair["kind"],
                    "label": KIND_LABELS[pair["kind"]](),
                    "alone": number_format(pair["alone_first"] + pair["alone_second"], digits),
                    "together": number_format(pair["together"], digits),
                }
            )
        rows.append({"first": texts[a], "second": texts[b], "cells": cells})
    return {"headers": [OUTCOME_LABELS[k]() for k in analysis.OUTCOMES], "rows": rows}


def _sobol(scenario: Scenario, code: str, configuration: str) -> dict[str, Any] | None:
    data = scenario.sobol.get(code, {}).get(configuration)
    if not data or not data.get("indices"):
        return None
    texts = []
    for name in data["names"]:
        index = int(name.split(".")[1])
        texts.append(_intervention_text(scenario.interventions[index]))
    tables = []
    for key, found in data["indices"].items():
        first = [
            {"name": texts[i], "s1": number_format(found["S1"][i], 2), "st": number_format(found["ST"][i], 2)}
            for i in range(len(texts))
        ]
        second = [
            {"a": texts[i], "b": texts[j], "s2": number_format(found["S2"][i][j], 2)}
            for i in range(len(texts))
            for j in range(i + 1, len(texts))
            if found["S2"][i][j] is not None
        ]
        tables.append({"output": OUTCOME_LABELS[key](), "first": first, "second": second})
    return {"tables": tables}


@permission_required("simulation.view_scenarios")
def scenario_detail(request, pk: int) -> HttpResponse:
    try:
        scenario = selectors.scenario_detail(pk)
    except Scenario.DoesNotExist as error:
        raise Http404(_("No such scenario.")) from error
    runs = list(scenario.runs.all())
    materials = []
    all_codes = [s["country"] for data in scenario.inputs.values() for s in data["suppliers"]]
    names = country_names(all_codes)
    for material in scenario.materials.all():
        mine = [run for run in runs if run.material_id == material.pk]
        data = scenario.inputs.get(material.code, {})
        outcomes = [
            {
                "configuration": run.get_configuration_display(),
                "price_peak": number_format(run.summary["price_peak"], 2),
                "peak_step": int(run.summary["price_peak_step"]),
                "shortage": number_format(run.summary["total_shortage"], 2),
                "outflow": number_format(run.summary["total_net_outflow"], 2),
                "recycling": _percent(run.summary["mean_recycling_share"]),
                "min_demand": _percent(run.summary["min_demand"]),
            }
            for run in mine
        ]
        materials.append(
            {
                "material": material,
                "charts": _charts(mine, material.code) if mine else [],
                "outcomes": outcomes,
                "matrices": [
                    {"configuration": dict(spec_labels())[c], "matrix": m}
                    for c in scenario.configurations()
                    if (m := _matrix(scenario, material.code, c))
                ],
                "sobol": [
                    {"configuration": dict(spec_labels())[c], "sobol": s}
                    for c in scenario.configurations()
                    if (s := _sobol(scenario, material.code, c))
                ],
                "unmet_by_group": unmet_by_group(mine, data.get("groups", [])) if mine else None,
                "suppliers": [
                    {
                        "name": (
                            names.get(s["country"], s["country"])
                            if s["country"] != spec.UNNAMED
                            else _("other or unknown")
                        ),
                        "share": number_format(s["share"] * 100, 1) + " %",
                        "refining": (
                            number_format(s["refining_share"] * 100, 1) + " %"
                            if s.get("refining_share") is not None
                            else ""
                        ),
                        "governance": (
                            number_format(s["governance"], 2) if s.get("governance") is not None else "—"
                        ),
                    }
                    for s in data.get("suppliers", [])
                ],
                # Mining and refining shares apart (the EU assessment per stage), else one share for both.
                "two_stages": any(s.get("refining_share") is not None for s in data.get("suppliers", [])),
                # The concentration (HHI) is a lower bound when part of the supply is of unknown countries.
                "unnamed_rest": any(s["country"] == spec.UNNAMED for s in data.get("suppliers", [])),
                "eol_rate": _percent(data["eol_recycling_rate"]) if data else "",
                "scrap_imports": _percent(data.get("scrap_imports", 0.0)) if data else "",
                "scrap_imports_assumed": bool(data) and not data.get("scrap_imports"),
                "sources": data.get("sources", []),
            }
        )
    context = {
        "scenario": scenario,
        "materials": materials,
        "interventions": [_intervention_text(item) for item in scenario.interventions],
        "done": scenario.status == Scenario.Status.DONE,
        "job_message": translate(scenario.job.get_status_display()) if scenario.job else "",
    }
    return render(request, "simulation/scenario_detail.html", context)


def spec_labels() -> list[tuple[str, str]]:
    return [(spec.LINEAR, _("Linear")), (spec.CIRCULAR, _("Circular"))]


@permission_required("simulation.view_scenarios")
def scenario_export(request, pk: int, fmt: str) -> HttpResponse:
    try:
        scenario = selectors.scenario_detail(pk)
    except Scenario.DoesNotExist as error:
        raise Http404(_("No such scenario.")) from error
    return download(exports.scenario_table(scenario), fmt, title=_("Simulation"))
