"""The readable reference implementation of the supply-network model, in Mesa 3 (3.3 on Python 3.11).

Every actor is a Mesa agent with its own state and its own step; the model calls them in the order of
docs/simulation-odd.md ("Process overview and scheduling"). It follows the same rules as the fast kernel
(`simulation.kernel`) and reads the same per-step policy (`simulation.spec.policy_schedule`), but draws its
random numbers through Mesa's own generator (`agent.random`), so the two are compared statistically
(simulation/tests/test_equivalence.py), not draw by draw. `batch_run` is not used (it is removed in Mesa 4):
sweeps go through `simulation.sweep`."""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from .kernel import TOLERANCE, RunResult, summarise
from .spec import (
    UNNAMED,
    InvariantError,
    Policy,
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


class SupplierCountry(mesa.Agent):
    """A supplier country: its export policy (the share of its refined output it lets out: quota, ban,
    licences still pending)."""

    def __init__(self, model: SupplyNetwork, code: str, index: int):
        super().__init__(model)
        self.code, self.index, self.export_factor = code, index, 1.0

    def apply(self, policy: Policy) -> None:
        self.export_factor = policy.export_factor[self.index]


class Plant(mesa.Agent):
    """Capacity in a supplier country, with ordered capacity arriving after its tier's lead time."""

    def __init__(self, model: SupplyNetwork, country: SupplierCountry, capacity: float):
        super().__init__(model)
        self.country = country
        self.capacity = self.base_capacity = self.committed = capacity
        self.orders: dict[int, float] = {}
        self.committed_orders: dict[int, float] = {}

    def lead_time(self) -> int:
        raise NotImplementedError

    def receive_orders(self, step: int) -> None:
        self.capacity += self.orders.pop(step, 0.0)
        self.committed += self.committed_orders.pop(step, 0.0)

    def order(self, step: int, size: float, *, committed: bool = False) -> None:
        due = step + self.lead_time()
        self.orders[due] = self.orders.get(due, 0.0) + size
        if committed:
            self.committed_orders[due] = self.committed_orders.get(due, 0.0) + size

    def adapt(self, step: int, price: float) -> None:
        p = self.model.params
        if price > p.invest_threshold:
            self.order(step, p.invest_rate * math.log(price / p.invest_threshold) * self.base_capacity)
        elif price < 1.0:
            self.capacity = self.committed + (self.capacity - self.committed) * (1.0 - p.retire_rate)


class Mine(Plant):
    """A mine in a supplier country (first tier): produces its capacity unless in outage."""

    output = 0.0

    def lead_time(self) -> int:
        return self.model.params.lead_time

    def produce(self) -> float:
        up = self.random.random() >= self.model.params.outage_probability
        self.output = self.capacity if up else 0.0
        return self.output


class Refiner(Plant):
    """The refiners of a supplier country (second tier): they refine the country's own ore first, within
    their capacity, then their share of the ore other countries let out; the country lets out its export
    factor of what they refine."""

    refined = offer = 0.0

    def lead_time(self) -> int:
        return self.model.params.refining_lead_time

    def refine_own(self, mined: float) -> float:
        """Refine the country's own ore; return the ore left over that the country lets out."""
        self.refined = min(mined, self.capacity)
        return (mined - self.refined) * self.country.export_factor

    def make_offer(self, pooled: float, room: float) -> float:
        """Take a share of the `pooled` ore in proportion to spare capacity (of `room` in all); offer the
        country's export factor of the refined output."""
        if room > 0:
            self.refined += (self.capacity - self.refined) * pooled / room
        self.offer = self.refined * self.country.export_factor
        return self.offer


class Manufacturer(mesa.Agent):
    """A manufacturer in a product group: demand from its share of the group, price elasticity, thrifting."""

    def __init__(self, model: SupplyNetwork, group: int, weight: float):
        super().__init__(model)
        self.group, self.weight, self.intensity, self.demand = group, weight, 1.0, 0.0

    def state_demand(self, policy: Policy, price: float) -> float:
        p = self.model.params
        noise = max(0.0, 1.0 + p.demand_noise * self.random.gauss(0.0, 1.0))
        self.demand = (
            self.weight
            * p.base_demand
            * policy.demand_factor
            * self.intensity
            * (1.0 - policy.substitution)
            * price ** (-p.elasticity)
            * noise
        )
        return self.demand

    def adapt(self, price: float) -> None:
        p = self.model.params
        if price > p.thrift_threshold:
            self.intensity = max(
                p.thrift_floor, self.intensity - p.thrift_rate * math.log(price / p.thrift_threshold)
            )
        else:
            self.intensity += p.thrift_recovery * (1.0 - self.intensity)


class ProductsInUse(mesa.Agent):
    """The stock of products in use, by age, leaving with a Weibull lifetime distribution."""

    def __init__(self, model: SupplyNetwork, cohorts: list[float]):
        super().__init__(model)
        self.cohorts = cohorts

    def age(self, inflow: float, hazard: list[float]) -> float:
        leaving = [c * h for c, h in zip(self.cohorts, hazard, strict=True)]
        remaining = [c - out for c, out in zip(self.cohorts, leaving, strict=True)]
        self.cohorts = [inflow, *remaining[:-1]]
        return sum(leaving)


class Recycler(mesa.Agent):
    """Collectors and recyclers: collect end-of-life scrap, export part of it, recycle the rest at home."""

    def __init__(self, model: SupplyNetwork, scrap: float):
        super().__init__(model)
        self.scrap = scrap

    def supply(self, policy: Policy) -> tuple[float, float]:
        secondary = policy.recycling_efficiency * self.scrap
        loss = self.scrap - secondary
        self.scrap = 0.0
        return secondary, loss

    def collect(self, policy: Policy, end_of_life: float) -> tuple[float, float]:
        collected = policy.collection_rate * end_of_life
        exported = policy.scrap_export_share * collected
        self.scrap += collected - exported
        return exported, end_of_life - collected


class Stockpile(mesa.Agent):
    """A strategic stockpile, released to cover shortage while a release is active."""

    def __init__(self, model: SupplyNetwork, level: float):
        super().__init__(model)
        self.level = level

    def release(self, policy: Policy, shortfall: float) -> float:
        amount = min(self.level, policy.stockpile_rate * self.model.params.base_demand, shortfall)
        self.level -= amount
        return amount


class SupplyNetwork(mesa.Model):
    """The supply network of one material under one scenario."""

    def __init__(self, scenario: Scenario):
        super().__init__(seed=scenario.seed)
        self.scenario, self.params = scenario, scenario.params
        p = scenario.params
        config = scenario.config()
        self.schedule_of_policies = policy_schedule(scenario)
        self.ages = max_age(p)
        self.hazards: dict[float, list[float]] = {}
        base = p.base_demand
        self.countries = [SupplierCountry(self, c, i) for i, c in enumerate(all_countries(scenario))]
        self.stock = ProductsInUse(self, steady_state_stock(self.hazard(config.lifetime_factor), base))
        self.imports = scenario.material.scrap_imports * base
        self.recycler = Recycler(
            self, config.collection_rate * (1.0 - config.scrap_export_share) * base + self.imports
        )
        self.need0 = base - min(base, config.recycling_efficiency * self.recycler.scrap)
        total = (1.0 + p.spare_capacity) * max(self.need0, 1e-9 * base) / (1.0 - p.outage_probability)
        refining = (
            (1.0 + p.refining_spare_capacity) * max(self.need0, 1e-9 * base) / (1.0 - p.outage_probability)
        )
        suppliers = scenario.material.suppliers
        country_of = producer_countries(scenario)
        count = [country_of.count(i) for i in range(len(suppliers))]
        self.producers = [
            Mine(self, self.countries[i], total * suppliers[i].share / count[i]) for i in country_of
        ]
        # The mines of new capacity (interventions), idle until their capacity arrives.
        self.new_producers: list[Mine] = []
        for policy in self.schedule_of_policies:
            for country, _amount in policy.new_capacity:
                country_agent = next(c for c in self.countries if c.code == country)
                self.new_producers.append(Mine(self, country_agent, 0.0))
        self.producers += self.new_producers
        self.next_new = 0
        self.refiners = [
            Refiner(self, country, refining * suppliers[i].refining if i < len(suppliers) else 0.0)
            for i, country in enumerate(self.countries)
        ]
        groups = scenario.material.groups
        group_of = manufacturer_groups(scenario)
        self.manufacturers = [Manufacturer(self, g, groups[g].share / group_of.count(g)) for g in group_of]
        self.stockpile = Stockpile(self, initial_stockpile(scenario))
        self.price = 1.0
        self.records: list[dict[str, Any]] = []

    def hazard(self, factor: float) -> list[float]:
        if factor not in self.hazards:
            p = self.params
            self.hazards[factor] = lifetime_hazard(p.mean_lifetime * factor, p.lifetime_shape, self.ages)
        return self.hazards[factor]

    def stocks(self) -> float:
        return sum(self.stock.cohorts) + self.recycler.scrap + self.stockpile.level

    def step(self) -> None:
        p = self.params
        t = len(self.records) + 1
        policy = self.schedule_of_policies[t - 1]
        before = self.stocks()
        # 1. policies apply
        for country in self.countries:
            country.apply(policy)
        for code, amount in policy.new_capacity:
            producer = self.new_producers[self.next_new]
            self.next_new += 1
            size = amount * self.need0 / (1.0 - p.outage_probability)
            producer.order(t, size, committed=True)
            next(r for r in self.refiners if r.country.code == code).order(t, size, committed=True)
        for plant in [*self.producers, *self.refiners]:
            plant.receive_orders(t)
        # 2. recyclers supply secondary material
        secondary, process_loss = self.recycler.supply(policy)
        # 3. manufacturers state their demand
        demand = sum(m.state_demand(policy, self.price) for m in self.manufacturers)
        # 4. secondary first, then primary within capacity and export limits
        used_secondary = min(secondary, demand)
        secondary_export = secondary - used_secondary
        need = demand - used_secondary
        mined = [0.0] * len(self.countries)
        for producer in self.producers:
            mined[producer.country.index] += producer.produce()
        surplus = sum(refiner.refine_own(mined[i]) for i, refiner in enumerate(self.refiners))
        room = sum(refiner.capacity - refiner.refined for refiner in self.refiners)
        pooled = min(surplus, room)
        available = sum(refiner.make_offer(pooled, room) for refiner in self.refiners)
        primary = min(need, available)
        # 5. the market clears
        residual = need - primary
        release = self.stockpile.release(policy, residual)
        unmet = max(0.0, residual - release)
        short = unmet / demand if demand > 0 else 0.0
        spare = max(0.0, available - need) / max(self.need0, 1e-9 * p.base_demand) - p.spare_capacity
        log_price = (1.0 - p.price_reversion) * math.log(self.price) + p.price_shortage_response * short
        log_price -= p.price_spare_response * spare
        self.price = min(p.max_price, math.exp(log_price))
        # 6. manufacturers and producers adapt
        for m in self.manufacturers:
            m.adapt(self.price)
        for plant in [*self.producers, *self.refiners]:
            plant.adapt(t, self.price)
        # 7. products put in use, products reaching their end of life
        end_of_life = self.stock.age(used_secondary + primary + release, self.hazard(policy.lifetime_factor))
        # 8. collection, export of scrap, domestic recycling (next step)
        exported, lost = self.recycler.collect(policy, end_of_life)
        self.recycler.scrap += self.imports
        self.check(t, before, primary + self.imports, exported + secondary_export + lost + process_loss)

        by_country: dict[str, float] = {}
        if available > 0:
            for refiner in self.refiners:
                by_country[refiner.country.code] = refiner.offer * primary / available
        groups = self.scenario.material.groups
        unmet_by_group = [0.0] * len(groups)
        for m in self.manufacturers:
            unmet_by_group[m.group] += m.demand * short
        used = used_secondary + primary + release
        self.records.append(
            {
                "price": self.price,
                "demand": demand,
                "unmet": unmet,
                "primary": primary,
                "secondary": used_secondary,
                "recycling_share": used_secondary / used if used > 0 else 0.0,
                "hhi": hhi(by_country.values(), [code != UNNAMED for code in by_country]),
                "net_outflow": exported + secondary_export - self.imports,
                "stock_in_use": sum(self.stock.cohorts),
                "unmet_by_group": unmet_by_group,
            }
        )

    def check(self, t: int, before: float, inflow: float, outflow: float) -> None:
        for plant in [*self.producers, *self.refiners]:
            if not math.isfinite(plant.capacity) or plant.capacity < -TOLERANCE:
                kind = "mine" if isinstance(plant, Mine) else "refiner"
                raise InvariantError(
                    step=t,
                    agent=f"{kind} {plant.unique_id} ({plant.country.code})",
                    detail="capacity",
                )
        if any(c < -TOLERANCE or not math.isfinite(c) for c in self.stock.cohorts):
            raise InvariantError(step=t, agent="in-use stock", detail="a cohort is negative or not a number")
        if self.recycler.scrap < -TOLERANCE:
            raise InvariantError(step=t, agent="recycler", detail="negative scrap")
        if self.stockpile.level < -TOLERANCE:
            raise InvariantError(step=t, agent="stockpile", detail="negative stock")
        if not (math.isfinite(self.price) and self.price > 0):
            raise InvariantError(step=t, agent="market", detail=f"price {self.price!r}")
        residual = inflow - (self.stocks() - before) - outflow
        if abs(residual) > TOLERANCE * max(1.0, self.params.base_demand):
            raise InvariantError(step=t, agent="network (mass balance)", detail=f"residual {residual!r}")


def run(scenario: Scenario, *, validate: bool = True) -> RunResult:
    """Run one scenario on the Mesa reference model."""
    if validate:
        scenario.validate()
    model = SupplyNetwork(scenario)
    for _ in range(scenario.horizon):
        model.step()
    keys = ("price", "demand", "unmet", "primary", "secondary", "recycling_share", "hhi", "net_outflow")
    series = {key: np.array([r[key] for r in model.records]) for key in (*keys, "stock_in_use")}
    unmet_by_group = np.array([r["unmet_by_group"] for r in model.records])
    return RunResult(
        scenario=scenario,
        series=series,
        unmet_by_group=unmet_by_group,
        summary=summarise(series, scenario.params.base_demand),
    )
