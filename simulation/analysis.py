"""Interaction analysis (what Bijlage 11 asks: risks that "amplify each other more than proportionally, or
reduce each other"), pure.

- `interaction_matrix`: every intervention alone and every pair together, on the same seeds (common random
  numbers); for each pair and output, the combined effect against the sum of the two effects alone:
  *synergy* when the pair does more than the sum (in absolute size), *antagonism* when less, *additive* when
  within the tolerance.
- `sobol`: variance-based sensitivity with second-order indices (SALib's Saltelli sampling and Sobol
  analysis) over a sweep of intervention settings, so interactions are measured, not guessed.

Runs go through a `runner` (a function from a list of scenarios to their summaries): the kernel in-process by
default, or the Dask sweep (`simulation.sweep.run_summaries`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import numpy as np

from . import kernel
from .spec import Intervention, Scenario

OUTCOMES = ("price_peak", "total_shortage", "total_net_outflow", "mean_recycling_share")
SYNERGY, ANTAGONISM, ADDITIVE = "synergy", "antagonism", "additive"

Runner = Callable[[Sequence[Scenario]], list[dict[str, float]]]


def local_runner(scenarios: Sequence[Scenario]) -> list[dict[str, float]]:
    return [kernel.run(s).summary for s in scenarios]


def _mean(runner: Runner, scenarios: list[Scenario]) -> dict[str, float]:
    summaries = runner(scenarios)
    return {key: float(np.mean([s[key] for s in summaries])) for key in OUTCOMES}


@dataclass(frozen=True)
class PairEffect:
    first: int
    second: int
    output: str
    alone_first: float
    alone_second: float
    together: float
    interaction: float  # together − (alone_first + alone_second)
    kind: str


def quarters_without(unmet: Sequence[float], *, base_demand: float, share: float) -> float | None:
    """A product group's unmet demand over a run in quarters of its own base demand (its `share` of
    `base_demand`): how many quarters of its supply it went without; None for a group without demand."""
    own = base_demand * share
    return sum(unmet) / own if own > 0 else None


def classify(alone_a: float, alone_b: float, together: float, *, tolerance: float) -> str:
    """Synergy when the pair's effect is larger in size than the sum of the parts, antagonism when smaller."""
    total = alone_a + alone_b
    if abs(together - total) <= tolerance:
        return ADDITIVE
    return SYNERGY if abs(together) > abs(total) else ANTAGONISM


def interaction_matrix(
    base: Scenario,
    interventions: Sequence[Intervention],
    *,
    seeds: Sequence[int] = (0, 1, 2),
    runner: Runner = local_runner,
    relative_tolerance: float = 0.02,
) -> dict[str, Any]:
    """Effects of each intervention alone and of each pair, relative to `base` (whose own interventions
    stay), averaged over `seeds`. Returns the outcomes and one PairEffect per pair and output."""

    def outcome(extra: tuple[Intervention, ...]) -> dict[str, float]:
        return _mean(
            runner,
            [replace(base, interventions=(*base.interventions, *extra), seed=seed) for seed in seeds],
        )

    reference = outcome(())
    alone = [outcome((item,)) for item in interventions]
    pairs: list[PairEffect] = []
    for a, b in combinations(range(len(interventions)), 2):
        together = outcome((interventions[a], interventions[b]))
        for key in OUTCOMES:
            ea, eb = alone[a][key] - reference[key], alone[b][key] - reference[key]
            et = together[key] - reference[key]
            tolerance = relative_tolerance * max(abs(reference[key]), abs(ea) + abs(eb), 1e-9)
            pairs.append(
                PairEffect(
                    first=a,
                    second=b,
                    output=key,
                    alone_first=ea,
                    alone_second=eb,
                    together=et,
                    interaction=et - (ea + eb),
                    kind=classify(ea, eb, et, tolerance=tolerance),
                )
            )
    return {"reference": reference, "alone": alone, "pairs": pairs}


def with_setting(scenario: Scenario, name: str, value: float) -> Scenario:
    """`scenario` with one setting changed: `interventions.<i>.<field>` or `params.<field>`."""
    parts = name.split(".")
    if parts[0] == "interventions" and len(parts) == 3:
        items = list(scenario.interventions)
        current = items[int(parts[1])]
        kind = type(getattr(current, parts[2]))
        items[int(parts[1])] = replace(current, **{parts[2]: kind(value)})
        return replace(scenario, interventions=tuple(items))
    if parts[0] == "params" and len(parts) == 2:
        kind = type(getattr(scenario.params, parts[1]))
        return replace(scenario, params=replace(scenario.params, **{parts[1]: kind(value)}))
    raise KeyError(name)


def sobol_samples(
    bounds: dict[str, tuple[float, float]], n: int, *, seed: int = 0
) -> tuple[dict, np.ndarray]:
    """SALib problem and Saltelli samples (n × (2k + 2) rows, second order included)."""
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": len(bounds), "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}
    return problem, sobol_sample.sample(problem, n, calc_second_order=True, seed=seed)


def sobol(
    base: Scenario,
    bounds: dict[str, tuple[float, float]],
    *,
    n: int = 64,
    runner: Runner = local_runner,
    seed: int = 0,
) -> dict[str, dict[str, Any]]:
    """First-order, total and second-order Sobol indices of each outcome over the settings in `bounds`."""
    from SALib.analyze import sobol as sobol_analyze

    problem, samples = sobol_samples(bounds, n, seed=seed)
    scenarios = []
    for row in samples:
        scenario = base
        for name, value in zip(problem["names"], row, strict=True):
            scenario = with_setting(scenario, name, float(value))
        scenarios.append(scenario)
    summaries = runner(scenarios)
    result: dict[str, dict[str, Any]] = {}
    for key in OUTCOMES:
        y = np.array([s[key] for s in summaries])
        if np.allclose(y, y[0]):
            continue  # no variance: no indices
        indices = sobol_analyze.analyze(problem, y, calc_second_order=True, seed=seed)
        result[key] = {
            "names": problem["names"],
            "S1": [float(v) for v in indices["S1"]],
            "ST": [float(v) for v in indices["ST"]],
            "S2": [[None if np.isnan(v) else float(v) for v in row] for row in indices["S2"]],
        }
    return result
