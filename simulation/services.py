"""Use cases of the simulation app: start a scenario (validated before anything runs, then a background job),
and the job's work: the runs per material and configuration, the interaction matrix, the sweep on Dask with
its Sobol indices. Every write is atomic; the Scenario is audited (who ran it, when, with what)."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import RawMaterial
from jobs import services as jobs_services
from jobs.runtime import JobCancelled
from materials.models import SweetSpot
from regiekamer.texts import Message, gettext_noop, translate
from roadmap.models import EffectGoal

from . import analysis, kernel, selectors, spec, sweep
from .models import Scenario, ScenarioRun, SweepRun

RUN_JOB = "simulation.run"
MAX_SWEEP_SIZE = 4096
# Agent counts of a saved run: enough manufacturers for one per product group of §1.2.1 and some more.
PRODUCERS, MANUFACTURERS = 40, 44
# The setting each intervention's sweep varies, and the range around the chosen value.
SWEPT = {
    "export_restriction": "depth",
    "export_licence": "delay",
    "demand_surge": "factor",
    "new_capacity": "amount",
    "collection_rate": "rate",
    "scrap_export_limit": "max_share",
    "stockpile_release": "size",
    "substitution": "reduction",
    "lifetime_extension": "factor",
}
CONFIGURATION_NAMES = {spec.LINEAR: gettext_noop("Linear"), spec.CIRCULAR: gettext_noop("Circular")}
UPPER = {"depth": 1.0, "rate": 1.0, "max_share": 1.0, "reduction": 1.0}


def _spec_errors(error: spec.SpecError) -> ValidationError:
    return ValidationError({key: translate(message) for key, message in error.errors.items()})


def build(
    *,
    material: spec.MaterialInput,
    configuration: str,
    interventions: list[dict[str, Any]],
    horizon: int,
    seed: int,
) -> spec.Scenario:
    """The model scenario of one material and configuration. An export restriction or new capacity without a
    country is the material's dominant supplier (resp. the EU). Raises SpecError naming the field."""
    items = []
    for index, data in enumerate(interventions):
        data = dict(data)
        if data.get("kind") in ("export_restriction", "export_licence") and not data.get("country"):
            data["country"] = material.dominant_supplier
        if data.get("kind") == "new_capacity" and not data.get("country"):
            data["country"] = "EU"
        items.append(spec.intervention_from_dict(data, prefix=f"interventions.{index}"))
    return spec.Scenario(
        material=material,
        configuration=configuration,
        interventions=tuple(items),
        horizon=horizon,
        seed=seed,
        producers=PRODUCERS,
        manufacturers=MANUFACTURERS,
    ).validate()


def material_inputs(materials: list[RawMaterial]) -> dict[str, spec.MaterialInput]:
    """The model inputs of `materials`; a material without supplier data is refused, naming it."""
    found: dict[str, spec.MaterialInput] = {}
    for material in materials:
        data = selectors.material_input(material)
        if data is None:
            raise ValidationError(
                {
                    "materials": _(
                        "%(material)s has no supplier countries or recycling rate in the material data."
                    )
                    % {"material": material.label}
                }
            )
        found[material.code] = data
    return found


@transaction.atomic
def scenario_start(
    *,
    actor: User,
    title: str,
    materials: list[RawMaterial],
    comparison: str = "both",
    interventions: list[dict[str, Any]] | None = None,
    horizon: int = 40,
    seed: int = 0,
    sweep_size: int = 0,
    sweet_spot: SweetSpot | None = None,
    effect_goal: EffectGoal | None = None,
    scrap_imports: float = 0.0,
) -> Scenario:
    """Check every input against the model (a refusal names its field; nothing runs), save the scenario
    and start its job. `scrap_imports`: scrap and secondary material coming into the country per quarter, as
    a share of base demand; no data set gives it, so it is the user's assumption (0 by default), saved with
    the inputs and labelled so on the page."""
    permit = require(actor, "simulation.run_scenario")
    interventions = list(interventions or [])
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("A scenario needs a title.")})
    if not materials:
        raise ValidationError({"materials": _("Choose at least one material.")})
    if comparison not in ("both", spec.LINEAR, spec.CIRCULAR):
        raise ValidationError({"comparison": _("Unknown configuration.")})
    if not 0 <= sweep_size <= MAX_SWEEP_SIZE:
        raise ValidationError(
            {"sweep_size": _("The sweep size is between 0 and %(max)s.") % {"max": MAX_SWEEP_SIZE}}
        )
    if sweep_size and not interventions:
        raise ValidationError({"sweep_size": _("A sweep varies the interventions' settings: add one.")})
    if effect_goal is not None and not selectors.supply_security_goals().filter(pk=effect_goal.pk).exists():
        raise ValidationError(
            {"effect_goal": _("A simulation can only be linked to a supply-security effect goal.")}
        )
    if not isinstance(scrap_imports, int | float) or not 0 <= scrap_imports <= 10:
        raise ValidationError(
            {"scrap_imports": _("The scrap imports are between 0 and 1000 % of demand per quarter.")}
        )
    data = {
        code: replace(item, scrap_imports=float(scrap_imports))
        for code, item in material_inputs(materials).items()
    }
    configurations = [spec.LINEAR, spec.CIRCULAR] if comparison == "both" else [comparison]
    for material in data.values():
        for configuration in configurations:
            try:
                build(
                    material=material,
                    configuration=configuration,
                    interventions=interventions,
                    horizon=horizon,
                    seed=seed,
                )
            except spec.SpecError as refused:
                raise _spec_errors(refused) from None
    scenario = Scenario(
        title=title,
        comparison=comparison,
        interventions=interventions,
        horizon=horizon,
        seed=seed,
        sweep_size=sweep_size,
        sweet_spot=sweet_spot,
        effect_goal=effect_goal,
        run_by=actor,
        inputs={code: _input_json(item) for code, item in data.items()},
    )
    scenario._history_user = actor  # type: ignore[attr-defined]
    scenario.save()
    scenario.materials.set(materials)
    job = jobs_services.start(
        actor=actor,
        kind=RUN_JOB,
        params={"scenario": scenario.pk},
        view_action="simulation.view_scenarios",
        link=scenario.get_absolute_url(),
        granted_by=permit,
    )
    Scenario.objects.filter(pk=scenario.pk).update(job=job)
    scenario.job = job
    return scenario


def _input_json(item: spec.MaterialInput) -> dict[str, Any]:
    return {
        "name": item.name,
        "suppliers": [
            {"country": s.country, "share": s.share, "governance": s.governance}
            | ({"refining_share": s.refining_share} if s.refining_share is not None else {})
            for s in item.suppliers
        ],
        "eol_recycling_rate": item.eol_recycling_rate,
        "scrap_imports": item.scrap_imports,
        "groups": [{"code": g.code, "name": g.name, "share": g.share} for g in item.groups],
        "sources": list(item.sources),
    }


def _material_from_json(code: str, data: dict[str, Any]) -> spec.MaterialInput:
    return spec.MaterialInput(
        code=code,
        name=data["name"],
        suppliers=tuple(
            spec.Supplier(
                country=s["country"],
                share=s["share"],
                governance=s.get("governance"),
                refining_share=s.get("refining_share"),
            )
            for s in data["suppliers"]
        ),
        eol_recycling_rate=data["eol_recycling_rate"],
        scrap_imports=data.get("scrap_imports", 0.0),
        groups=tuple(
            spec.ProductGroup(code=g["code"], name=g["name"], share=g["share"]) for g in data["groups"]
        ),
        sources=tuple(data.get("sources", ())),
    )


def model_scenarios(scenario: Scenario) -> list[tuple[RawMaterial, spec.Scenario]]:
    """The model scenarios of a saved scenario, from the input data it saved (reproducible from the seed)."""
    result = []
    for material in scenario.materials.all().order_by("name"):
        data = _material_from_json(material.code, scenario.inputs[material.code])
        for configuration in scenario.configurations():
            result.append(
                (
                    material,
                    build(
                        material=data,
                        configuration=configuration,
                        interventions=scenario.interventions,
                        horizon=scenario.horizon,
                        seed=scenario.seed,
                    ),
                )
            )
    return result


def sweep_bounds(model: spec.Scenario) -> dict[str, tuple[float, float]]:
    """Per intervention, its main setting from half to one and a half times the chosen value."""
    bounds = {}
    for index, item in enumerate(model.interventions):
        name = SWEPT[item.kind]
        value = float(getattr(item, name))
        low, high = value * 0.5, value * 1.5
        if item.kind == "lifetime_extension":
            low, high = 1.0, max(1.01, value * 1.5)
        if item.kind == "export_licence":  # whole quarters, at least one (the model reads int(value))
            low, high = max(1.0, value * 0.5), max(2.0, value * 1.5)
        high = min(high, UPPER.get(name, high))
        if high <= low:
            low, high = max(0.0, high - 0.1), high
        bounds[f"interventions.{index}.{name}"] = (low, high)
    return bounds


def scenario_execute(scenario: Scenario, context: Any) -> dict[str, Any]:
    """The job's work. Idempotent: a restarted job replaces the outputs of the run it lost."""
    models = model_scenarios(scenario)
    plan = sweep_plan(scenario, models) if scenario.sweep_size else []
    # one unit per kernel run, per interaction matrix and per run of the sweep
    total = len(models) * (2 if scenario.interventions else 1) + sum(len(item[3]) for item in plan)
    done = 0
    interactions: dict[str, Any] = {}
    with transaction.atomic():
        ScenarioRun.objects.filter(scenario=scenario).delete()
        SweepRun.objects.filter(scenario=scenario).delete()
    for material, model in models:
        context.progress(
            done,
            total,
            step=Message(
                gettext_noop("Running %(material)s, %(configuration)s"),
                material=material.label,
                configuration=Message(CONFIGURATION_NAMES[model.configuration]),
            ),
        )
        result = kernel.run(model)
        payload = result.to_dict()
        ScenarioRun.objects.create(
            scenario=scenario,
            material=material,
            configuration=model.configuration,
            series=payload["series"],
            unmet_by_group=payload["unmet_by_group"],
            summary=payload["summary"],
        )
        done += 1
        if model.interventions:
            base = replace(model, interventions=())
            matrix = analysis.interaction_matrix(
                base, list(model.interventions), seeds=(model.seed, model.seed + 1, model.seed + 2)
            )
            interactions.setdefault(material.code, {})[model.configuration] = {
                "reference": matrix["reference"],
                "alone": matrix["alone"],
                "pairs": [p.__dict__ for p in matrix["pairs"]],
            }
            done += 1
        context.check_cancelled()
    sobol: dict[str, Any] = {}
    if plan:
        context.progress(done, total, step=Message(gettext_noop("Sweep on Dask")))
        sobol = run_sweep(scenario, plan, context, done=done, total=total)
    Scenario.objects.filter(pk=scenario.pk).update(
        interactions=interactions, sobol=sobol, status=Scenario.Status.DONE, finished_at=timezone.now()
    )
    context.progress(total, total, step=Message(gettext_noop("Done")))
    return {"scenario": scenario.pk, "runs": len(models)}


SweepPlan = list[tuple[RawMaterial, spec.Scenario, dict[str, Any], Any]]


def sweep_plan(scenario: Scenario, models: list[tuple[RawMaterial, spec.Scenario]]) -> SweepPlan:
    """Per material and configuration: the Sobol problem and its Saltelli samples (one run each)."""
    plan = []
    for material, model in models:
        bounds = sweep_bounds(model)
        problem, samples = analysis.sobol_samples(bounds, scenario.sweep_size, seed=scenario.seed)
        plan.append((material, model, problem, samples))
    return plan


def run_sweep(scenario: Scenario, plan: SweepPlan, context: Any, *, done: int, total: int) -> dict[str, Any]:
    """The Sobol sweep of every material and configuration, one Dask task per run, each result written to
    the database as it finishes and counted in the job's progress (`done` units before it, of `total`);
    then the indices, read back from the database. A cancelled job stops the sweep at the next result."""
    from SALib.analyze import sobol as sobol_analyze

    out: dict[str, Any] = {}
    runs = sum(len(samples) for _, _, _, samples in plan)
    finished = 0
    workers = int(os.environ.get("SIMULATION_DASK_WORKERS", "2"))
    with sweep.client(workers=workers) as dask_client:
        for material, model, problem, samples in plan:

            def scenarios(model: Any = model, problem: Any = problem, samples: Any = samples) -> Any:
                for row in samples:
                    item = model
                    for name, value in zip(problem["names"], row, strict=True):
                        item = analysis.with_setting(item, name, float(value))
                    yield item

            def write(
                index: int,
                summary: dict[str, float],
                material: Any = material,
                model: Any = model,
                problem: Any = problem,
                samples: Any = samples,
            ) -> None:
                nonlocal finished
                SweepRun.objects.create(
                    scenario=scenario,
                    material=material,
                    configuration=model.configuration,
                    index=index,
                    settings=dict(zip(problem["names"], map(float, samples[index]), strict=True)),
                    summary=summary,
                )
                finished += 1
                try:
                    context.progress(
                        done + finished,
                        total,
                        step=Message(
                            gettext_noop("Sweep on Dask: %(finished)s of %(runs)s runs"),
                            finished=finished,
                            runs=runs,
                        ),
                    )
                except JobCancelled:
                    pass  # cancelled() below says so, and the sweep stops there

            def cancelled() -> bool:
                try:
                    context.check_cancelled()
                except JobCancelled:
                    return True
                return False

            sweep.stream(dask_client, scenarios(), write, cancelled=cancelled)
            context.check_cancelled()
            rows = SweepRun.objects.filter(
                scenario=scenario, material=material, configuration=model.configuration
            ).order_by("index")
            summaries = [row.summary for row in rows]
            indices = {}
            for key in analysis.OUTCOMES:
                y = np.array([s[key] for s in summaries])
                if len(y) != len(samples) or np.allclose(y, y[0]):
                    continue
                found = sobol_analyze.analyze(problem, y, calc_second_order=True, seed=scenario.seed)
                indices[key] = {
                    "S1": [float(v) for v in found["S1"]],
                    "ST": [float(v) for v in found["ST"]],
                    "S2": [[None if np.isnan(v) else float(v) for v in row] for row in found["S2"]],
                }
            out.setdefault(material.code, {})[model.configuration] = {
                "names": problem["names"],
                "indices": indices,
            }
    return out
