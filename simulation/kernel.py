"""The fast kernel of the supply-network model: agent state in NumPy arrays, one vectorised update per step.

It follows the rules of docs/simulation-odd.md (the same rules as the Mesa reference model in
`simulation.reference`) and reads the per-step policy from `simulation.spec.policy_schedule`. Each step, in
this order: policies apply (and ordered capacity arrives), recyclers supply secondary material, manufacturers
state their demand, primary supply fills the rest through two tiers (mines, then the refiners of each
country) within capacity and export limits (quota, ban, pending licences), the market clears (a
stockpile covers what it can, the rest is unmet, the price responds to shortage and spare capacity),
manufacturers and producers adapt, products reach their end of life, scrap is collected and recycled at home
or exported. The invariants (mass balance, no negative stock, price > 0, no NaN) are checked every step; a
broken one stops the run with the step and the agent named (`InvariantError`). NumPy is enough: every loop is
over the agents of one step, and those are array operations (Numba is not needed)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .spec import (
    UNNAMED,
    InvariantError,
    Scenario,
    all_countries,
    hhi,
    initial_stockpile,
    lifetime_hazard,
    manufacturer_groups,
    max_age,
    policy_schedule,
    producer_countries,
    steady_state_stock,
)

TOLERANCE = 1e-7


@dataclass
class RunResult:
    """The outputs of one run, one value per step (steps 1 … horizon)."""

    scenario: Scenario
    series: dict[str, np.ndarray]
    unmet_by_group: np.ndarray  # steps × product groups
    summary: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": {key: [float(v) for v in values] for key, values in self.series.items()},
            "unmet_by_group": {
                group.code: [float(v) for v in self.unmet_by_group[:, i]]
                for i, group in enumerate(self.scenario.material.groups)
            },
            "summary": dict(self.summary),
        }


def summarise(series: dict[str, np.ndarray], base_demand: float) -> dict[str, float]:
    """The key outcomes of a run: price peak, total shortage (in steps of base demand), total net outflow
    (idem), mean recycling share, final stock in use, the step of the price peak, and the final price."""
    price = series["price"]
    return {
        "price_peak": float(price.max()),
        "price_peak_step": float(int(price.argmax()) + 1),
        "final_price": float(price[-1]),
        "total_shortage": float(series["unmet"].sum() / base_demand),
        "total_net_outflow": float(series["net_outflow"].sum() / base_demand),
        "mean_recycling_share": float(series["recycling_share"].mean()),
        "final_stock_in_use": float(series["stock_in_use"][-1] / base_demand),
        "min_demand": float(series["demand"].min() / base_demand),
        "final_demand": float(series["demand"][-1] / base_demand),
    }


def _check(step: int, agent: str, ok: bool, detail: str) -> None:
    if not ok:
        raise InvariantError(step=step, agent=agent, detail=detail)


def run(scenario: Scenario, *, validate: bool = True) -> RunResult:
    """Run one scenario; the same seed gives the same result."""
    if validate:
        scenario.validate()
    p = scenario.params
    config = scenario.config()
    schedule = policy_schedule(scenario)
    rng = np.random.default_rng(scenario.seed)
    horizon = scenario.horizon
    countries = all_countries(scenario)
    named = [c != UNNAMED for c in countries]  # the HHI sums the named suppliers' squares (a lower bound)
    n_suppliers = len(scenario.material.suppliers)
    groups = scenario.material.groups

    # -- initial state: the steady state of the configuration at price 1 --
    ages = max_age(p)
    hazard_cache: dict[float, np.ndarray] = {}

    def hazard(factor: float) -> np.ndarray:
        if factor not in hazard_cache:
            hazard_cache[factor] = np.array(lifetime_hazard(p.mean_lifetime * factor, p.lifetime_shape, ages))
        return hazard_cache[factor]

    base = p.base_demand
    imports = scenario.material.scrap_imports * base  # scrap and secondary material coming in per step
    stock: np.ndarray = np.array(steady_state_stock(list(hazard(config.lifetime_factor)), base))
    # recyclers' inventory: the domestic scrap they keep and the imported scrap
    scrap = config.collection_rate * (1.0 - config.scrap_export_share) * base + imports
    need0 = base - min(base, config.recycling_efficiency * scrap)
    capacity_total = (1.0 + p.spare_capacity) * max(need0, 1e-9 * base) / (1.0 - p.outage_probability)
    refining_total = (
        (1.0 + p.refining_spare_capacity) * max(need0, 1e-9 * base) / (1.0 - p.outage_probability)
    )

    country_of = np.array(producer_countries(scenario), dtype=np.int64)
    shares = np.array([s.share for s in scenario.material.suppliers])
    per_country = np.bincount(country_of, minlength=n_suppliers)
    capacity = capacity_total * shares[country_of] / per_country[country_of]
    # The producers that interventions add (capacity zero until their order arrives).
    added = [item for policy in schedule for item in policy.new_capacity]
    if added:
        country_of = np.concatenate([country_of, [countries.index(c) for c, _ in added]])
        capacity = np.concatenate([capacity, np.zeros(len(added))])
    capacity0 = capacity.copy()
    committed = capacity.copy()  # capacity that is not mothballed when prices are low (initial and decided)
    n_producers = len(capacity)
    pipeline = np.zeros((n_producers, horizon + p.lead_time + 2))
    committed_due = np.zeros_like(pipeline)
    added_index = len(capacity) - len(added)
    # Refiners: one per country, refining what the country's mines produce (second tier).
    n_countries = len(countries)
    refining = np.zeros(n_countries)
    refining[:n_suppliers] = refining_total * np.array([s.refining for s in scenario.material.suppliers])
    refining0 = refining.copy()
    refining_committed = refining.copy()
    refining_pipeline = np.zeros((n_countries, horizon + p.refining_lead_time + 2))
    refining_committed_due = np.zeros_like(refining_pipeline)

    group_of = np.array(manufacturer_groups(scenario), dtype=np.int64)
    group_share = np.array([g.share for g in groups])
    per_group = np.bincount(group_of, minlength=len(groups))
    weight = group_share[group_of] / per_group[group_of]
    intensity = np.ones(len(group_of))

    stockpile = initial_stockpile(scenario)
    price = 1.0

    out = {key: np.zeros(horizon) for key in ("price", "demand", "unmet", "primary", "secondary")}
    out.update({key: np.zeros(horizon) for key in ("recycling_share", "hhi", "net_outflow", "stock_in_use")})
    unmet_by_group = np.zeros((horizon, len(groups)))

    for t in range(1, horizon + 1):
        policy = schedule[t - 1]
        before = stock.sum() + scrap + stockpile
        # 1. policies apply: capacity decided now is ordered; ordered capacity due now arrives.
        for country, amount in policy.new_capacity:
            size = amount * need0 / (1.0 - p.outage_probability)
            pipeline[added_index, t + p.lead_time] += size
            committed_due[added_index, t + p.lead_time] += size
            added_index += 1
            refining_pipeline[countries.index(country), t + p.refining_lead_time] += size
            refining_committed_due[countries.index(country), t + p.refining_lead_time] += size
        capacity = capacity + pipeline[:, t]
        committed = committed + committed_due[:, t]
        refining = refining + refining_pipeline[:, t]
        refining_committed = refining_committed + refining_committed_due[:, t]
        export_factor = np.array(policy.export_factor)
        # 2. recyclers supply secondary material from the scrap they hold.
        secondary = policy.recycling_efficiency * scrap
        process_loss = scrap - secondary
        scrap = 0.0
        # 3. manufacturers state their demand.
        noise = np.maximum(0.0, 1.0 + p.demand_noise * rng.standard_normal(len(weight)))
        demand_f = (
            weight
            * base
            * policy.demand_factor
            * intensity
            * (1.0 - policy.substitution)
            * price ** (-p.elasticity)
            * noise
        )
        demand = demand_f.sum()
        # 4. secondary first, primary fills the rest within capacity and export limits.
        used_secondary = min(secondary, demand)
        secondary_export = secondary - used_secondary
        need = demand - used_secondary
        # Mines produce (unless in outage); each country's refiners refine its own ore first, within their
        # capacity; ore left over goes, as far as the country's export factor lets it out, to the spare
        # refining capacity of every country (pro rata). Refined output is so at most the smaller of the two
        # tiers; each country lets out its export factor of what its refiners produce.
        up = rng.random(n_producers) >= p.outage_probability
        mined = np.bincount(country_of, weights=capacity * up, minlength=n_countries)
        own = np.minimum(mined, refining)
        surplus = float(((mined - own) * export_factor).sum())
        spare_refining = refining - own
        room = float(spare_refining.sum())
        pooled = min(surplus, room)
        refined = own + (spare_refining * (pooled / room) if room > 0 else 0.0)
        offer = refined * export_factor
        available = offer.sum()
        primary = min(need, available)
        delivered = offer * (primary / available) if available > 0 else np.zeros(n_countries)
        # 5. the market clears: the stockpile covers what it can, the rest is unmet; the price responds.
        residual = need - primary
        release = min(stockpile, policy.stockpile_rate * base, residual)
        stockpile -= release
        unmet = max(0.0, residual - release)
        short = unmet / demand if demand > 0 else 0.0
        unmet_by_group[t - 1] = np.bincount(group_of, weights=demand_f, minlength=len(groups)) * short
        spare = max(0.0, available - need) / max(need0, 1e-9 * base) - p.spare_capacity
        log_price = (1.0 - p.price_reversion) * math.log(price) + p.price_shortage_response * short
        log_price -= p.price_spare_response * spare
        price = min(p.max_price, math.exp(log_price))
        # 6. manufacturers thrift (or regain intensity), producers order new capacity.
        if price > p.thrift_threshold:
            intensity = np.maximum(
                p.thrift_floor, intensity - p.thrift_rate * math.log(price / p.thrift_threshold)
            )
        else:
            intensity = intensity + p.thrift_recovery * (1.0 - intensity)
        if price > p.invest_threshold:
            order = p.invest_rate * math.log(price / p.invest_threshold)
            pipeline[:, t + p.lead_time] += order * capacity0
            refining_pipeline[:, t + p.refining_lead_time] += order * refining0
        elif price < 1.0:
            capacity = committed + (capacity - committed) * (1.0 - p.retire_rate)
            refining = refining_committed + (refining - refining_committed) * (1.0 - p.retire_rate)
        # 7. products are put in use; products reach their end of life.
        inflow = used_secondary + primary + release
        h = hazard(policy.lifetime_factor)
        leaving = stock * h
        end_of_life = leaving.sum()
        stock = np.concatenate([[inflow], (stock - leaving)[:-1]])
        # 8. scrap is collected, exported or kept for the domestic recyclers.
        collected = policy.collection_rate * end_of_life
        lost = end_of_life - collected
        exported = policy.scrap_export_share * collected
        scrap = collected - exported + imports
        net_outflow = exported + secondary_export - imports

        # invariants
        for name, arr in (
            ("mine", capacity),
            ("refiner", refining),
            ("manufacturer", intensity),
            ("in-use stock", stock),
        ):
            bad = np.flatnonzero(~np.isfinite(arr) | (arr < -TOLERANCE))
            if bad.size:
                i = int(bad[0])
                agent = f"{name} {i}"
                if name == "mine":
                    agent += f" ({countries[country_of[i]]})"
                elif name == "refiner":
                    agent += f" ({countries[i]})"
                raise InvariantError(
                    step=t, agent=agent, detail=f"value {arr[i]!r} is negative or not a number"
                )
        _check(t, "recycler", math.isfinite(scrap) and scrap >= -TOLERANCE, f"scrap {scrap!r}")
        _check(t, "stockpile", math.isfinite(stockpile) and stockpile >= -TOLERANCE, f"stock {stockpile!r}")
        _check(t, "market", math.isfinite(price) and price > 0, f"price {price!r}")
        after = stock.sum() + scrap + stockpile
        leaving_total = exported + secondary_export + lost + process_loss
        residual_mass = primary + imports - (after - before) - leaving_total
        _check(
            t,
            "network (mass balance)",
            abs(residual_mass) <= TOLERANCE * max(1.0, base),
            f"inflow - outflow - change in stocks = {residual_mass!r}",
        )

        used = used_secondary + primary + release
        by_country = delivered  # per country of `countries`; the unnamed rest counts in the total only
        out["price"][t - 1] = price
        out["demand"][t - 1] = demand
        out["unmet"][t - 1] = unmet
        out["primary"][t - 1] = primary
        out["secondary"][t - 1] = used_secondary
        out["recycling_share"][t - 1] = used_secondary / used if used > 0 else 0.0
        out["hhi"][t - 1] = hhi(by_country, named)
        out["net_outflow"][t - 1] = net_outflow
        out["stock_in_use"][t - 1] = stock.sum()
    return RunResult(
        scenario=scenario, series=out, unmet_by_group=unmet_by_group, summary=summarise(out, base)
    )
