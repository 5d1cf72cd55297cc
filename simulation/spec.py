"""The specification of the supply-network model (S14, Bijlage 11 "Onderzoek kwetsbaarheid waardeketens"),
shared by its two implementations: the fast NumPy kernel (`simulation.kernel`) and the Mesa 3 reference model
(`simulation.reference`). Pure: no Django, no ORM. docs/simulation-odd.md describes the model (ODD protocol).

What is here: the inputs (a material with its supplier countries and shares, its product groups), the model
parameters (assumptions, each named and documented), the linear and circular configurations, the
interventions (combinable, frozen dataclasses), the validation of a scenario (every refusal names its field),
and the *policy schedule*: per step, what the interventions and the configuration impose (export factor per
country, demand multiplier, collection rate, ...). Both implementations read the schedule, so the rules that
interventions impose are written once; the agents' own behaviour is implemented twice, from the rules in the
ODD document."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, ClassVar

from regiekamer.texts import Message, gettext_noop

LINEAR = "linear"
CIRCULAR = "circular"
CONFIGURATIONS = (LINEAR, CIRCULAR)


class SpecError(ValueError):
    """A scenario refused before anything runs: `errors` maps each field to its reason."""

    def __init__(self, errors: dict[str, Message]):
        self.errors = errors
        super().__init__("; ".join(f"{key}: {value}" for key, value in errors.items()))


class InvariantError(RuntimeError):
    """An invariant broke during a run: the run stops, naming the step and the agent."""

    def __init__(self, *, step: int, agent: str, detail: str):
        self.step, self.agent, self.detail = step, agent, detail
        super().__init__(f"step {step}, {agent}: {detail}")


# -- inputs ---------------------------------------------------------------------------------------------


# The country of the supplier row for the rest of the supply, "other or unknown" countries: the EU 2023
# assessment names only the main global supplier and its share. The rest is not one supplier: never the
# target of an export policy, no governance, and left out of the concentration's numerator (`hhi`).
UNNAMED = ""


@dataclass(frozen=True)
class Supplier:
    """A supplier country of the material: its share of the supply to the home market (of mining, and of
    refining when `refining_share` is given; None: refining is spread like mining, the data has no refining
    shares) and its governance (World Governance Indicator estimate, -2.5 … 2.5; None when the data set has
    none), which lengthens the licence delay of its export licences (`licence_delay`)."""

    country: str
    share: float
    governance: float | None = None
    export_restriction: bool = False
    refining_share: float | None = None

    @property
    def refining(self) -> float:
        return self.share if self.refining_share is None else self.refining_share


@dataclass(frozen=True)
class ProductGroup:
    """Manufacturers of one product group: their share of the material's demand."""

    code: str
    name: str
    share: float


@dataclass(frozen=True)
class MaterialInput:
    """One material as the model sees it. `eol_recycling_rate`: the fraction of end-of-life material that
    is recycled today (the data set's end-of-life recycling rate); `sources` names where each figure comes
    from."""

    code: str
    name: str
    suppliers: tuple[Supplier, ...]
    eol_recycling_rate: float
    groups: tuple[ProductGroup, ...]
    sources: tuple[str, ...] = ()
    # Scrap and secondary material imported per step, as a share of base demand (0 when no source gives it).
    scrap_imports: float = 0.0

    @property
    def dominant_supplier(self) -> str:
        """The largest named supplier of refined material, what the home market buys and an export policy
        limits (by mining share where the data has one share for both); never the unnamed rest, even when it
        is the larger share; UNNAMED when the data names none, which an export policy then refuses."""
        named = [s for s in self.suppliers if s.country != UNNAMED]
        return max(named, key=lambda s: (s.refining, s.share)).country if named else UNNAMED


@dataclass(frozen=True)
class Parameters:
    """Model parameters: assumptions, not data (docs/simulation-odd.md, "Submodels", gives each its reason).
    One step is one quarter."""

    base_demand: float = 100.0  # index: the home market's demand per step at price 1
    spare_capacity: float = 0.10  # primary capacity above the base primary need
    price_shortage_response: float = 3.0  # alpha: log-price rise per unit of shortage ratio
    price_spare_response: float = 0.2  # beta: log-price fall per unit of spare capacity above normal
    price_reversion: float = 0.10  # gamma: share of the log-price gap closed per step
    elasticity: float = 0.05  # short-run price elasticity of demand (all groups)
    thrift_rate: float = 0.02  # intensity lost per step per unit of price above the threshold
    thrift_threshold: float = 1.5
    thrift_floor: float = 0.55  # intensity never falls below this (the material's essential uses)
    thrift_recovery: float = 0.01  # share of the lost intensity regained per step when prices are normal
    invest_rate: float = 0.03  # new capacity ordered per step per unit of price above the threshold
    invest_threshold: float = 1.5
    lead_time: int = 8  # steps from an order of new mining capacity to output
    refining_spare_capacity: float = 0.10  # refining capacity above the base primary need
    refining_lead_time: int = 4  # steps from an order of new refining capacity to output
    governance_delay: float = 2.0  # extra steps of licence delay per unit of WGI estimate below zero
    retire_rate: float = 0.05  # share of the capacity built in response to prices mothballed per step below 1
    mean_lifetime: float = 40.0  # steps (10 years) a product stays in use, on average
    lifetime_shape: float = 2.5  # Weibull shape of the lifetime distribution
    outage_probability: float = 0.02  # chance per step that a producer delivers nothing
    demand_noise: float = 0.05  # standard deviation of a manufacturer's demand per step (share)
    max_price: float = 1000.0  # the price index is capped here (a runaway price is a modelling error)

    def validate(self) -> dict[str, Message]:
        errors: dict[str, Message] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                errors[f"params.{f.name}"] = Message(gettext_noop("Must be a number of zero or more."))
        if not errors:
            if self.base_demand <= 0:
                errors["params.base_demand"] = Message(gettext_noop("Must be more than zero."))
            if self.mean_lifetime < 1:
                errors["params.mean_lifetime"] = Message(gettext_noop("Must be at least one step."))
            if self.lifetime_shape <= 0:
                errors["params.lifetime_shape"] = Message(gettext_noop("Must be more than zero."))
            for name in ("lead_time", "refining_lead_time"):
                if not isinstance(getattr(self, name), int):
                    errors[f"params.{name}"] = Message(gettext_noop("Must be a whole number."))
            for name in ("outage_probability", "thrift_floor", "price_reversion", "retire_rate"):
                if getattr(self, name) > 1:
                    errors[f"params.{name}"] = Message(gettext_noop("Must be between 0 and 1."))
        return errors


@dataclass(frozen=True)
class Configuration:
    """How the end of life is organised: the linear or the circular configuration of the same network."""

    name: str
    collection_rate: float
    recycling_efficiency: float
    scrap_export_share: float
    lifetime_factor: float

    @classmethod
    def of(cls, name: str, material: MaterialInput) -> Configuration:
        """Linear: today's end-of-life recycling rate of the material (collection × efficiency), half of the
        collected scrap exported. Circular: collection, domestic recycling, lifetime extension (R3–R7) and
        design for disassembly (higher recovery). The circular settings are the programme's ambition as
        assumptions (docs/simulation-odd.md), not measured figures."""
        if name == LINEAR:
            efficiency = 0.8
            return cls(
                name=LINEAR,
                collection_rate=min(1.0, material.eol_recycling_rate / efficiency),
                recycling_efficiency=efficiency,
                scrap_export_share=0.5,
                lifetime_factor=1.0,
            )
        if name == CIRCULAR:
            return cls(
                name=CIRCULAR,
                collection_rate=0.85,
                recycling_efficiency=0.9,
                scrap_export_share=0.1,
                lifetime_factor=1.25,
            )
        raise SpecError({"configuration": Message(gettext_noop("Unknown configuration."))})


# -- interventions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intervention:
    """Base of the interventions: active from `start` for `duration` steps (0: to the end of the run)."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    start: int = 0
    duration: int = 0

    def active(self, step: int) -> bool:
        return step >= self.start and (self.duration == 0 or step < self.start + self.duration)

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors: dict[str, Message] = {}
        if (
            not isinstance(self.start, int)
            or isinstance(self.start, bool)
            or self.start < 0
            or self.start >= scenario.horizon
        ):
            errors[f"{prefix}.start"] = Message(
                gettext_noop("The start must lie within the horizon (step 0 to %(last)s)."),
                last=scenario.horizon - 1,
            )
        if not isinstance(self.duration, int) or isinstance(self.duration, bool) or self.duration < 0:
            errors[f"{prefix}.duration"] = Message(gettext_noop("Must be a whole number of zero or more."))
        elif isinstance(self.start, int) and self.start + self.duration > scenario.horizon:
            errors[f"{prefix}.duration"] = Message(
                gettext_noop("The intervention would end after the horizon (%(horizon)s steps)."),
                horizon=scenario.horizon,
            )
        return errors

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}


def _fraction(value: float, key: str, errors: dict[str, Message], *, upper: float = 1.0) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0 or value > upper:
        errors[key] = Message(gettext_noop("Must be between 0 and %(upper)s."), upper=upper)


def _export_country(country: Any, scenario: Scenario, key: str, errors: dict[str, Message]) -> None:
    """An export policy (quota, ban, licence) targets a named supplier country of the material, never the
    unnamed rest of the supply (other or unknown countries)."""
    if country == UNNAMED:
        errors[key] = Message(
            gettext_noop(
                "Other or unknown countries are not one supplier: an export policy needs a named supplier "
                "country of this material."
            )
        )
    elif not isinstance(country, str) or country not in {s.country for s in scenario.material.suppliers}:
        errors[key] = Message(
            gettext_noop("%(country)s is not a supplier country of this material."), country=country
        )


@dataclass(frozen=True)
class ExportRestriction(Intervention):
    """A supplier country exports only (1 - depth) of its refined output: a quota (depth < 1) or a ban
    (depth 1)."""

    kind: ClassVar[str] = "export_restriction"
    label: ClassVar[str] = gettext_noop("Export restriction")
    country: str = ""
    depth: float = 0.5

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _export_country(self.country, scenario, f"{prefix}.country", errors)
        _fraction(self.depth, f"{prefix}.depth", errors)
        return errors


@dataclass(frozen=True)
class ExportLicence(Intervention):
    """A supplier country makes its exports subject to a licence: in the first steps of the regime nothing
    leaves while the licences are processed; after `delay` steps (lengthened by poor governance,
    `licence_delay`) exports under licence flow again."""

    kind: ClassVar[str] = "export_licence"
    label: ClassVar[str] = gettext_noop("Export licence")
    country: str = ""
    delay: int = 2

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _export_country(self.country, scenario, f"{prefix}.country", errors)
        if not isinstance(self.delay, int) or isinstance(self.delay, bool) or not 1 <= self.delay <= 40:
            errors[f"{prefix}.delay"] = Message(gettext_noop("Must be a whole number from 1 to 40."))
        return errors


def licence_delay(item: ExportLicence, scenario: Scenario) -> int:
    """The steps before exports under licence flow: the stated delay, plus `governance_delay` steps per
    unit of the country's governance (WGI estimate) below zero, rounded up (no estimate: no extra)."""
    supplier = next((s for s in scenario.material.suppliers if s.country == item.country), None)
    governance = supplier.governance if supplier is not None else None
    if governance is None or governance >= 0:
        return item.delay
    return item.delay + math.ceil(round(scenario.params.governance_delay * -governance, 6))


@dataclass(frozen=True)
class DemandSurge(Intervention):
    """Demand of every product group multiplied by `factor` while active."""

    kind: ClassVar[str] = "demand_surge"
    label: ClassVar[str] = gettext_noop("Demand surge")
    factor: float = 1.3

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _fraction(self.factor, f"{prefix}.factor", errors, upper=10.0)
        return errors


@dataclass(frozen=True)
class NewCapacity(Intervention):
    """New primary capacity in `country` (an EU project, a new mine), `amount` as a share of the base
    primary need, decided at `start` and producing after the model's lead time."""

    kind: ClassVar[str] = "new_capacity"
    label: ClassVar[str] = gettext_noop("New primary capacity")
    country: str = ""
    amount: float = 0.2

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        if not self.country or not isinstance(self.country, str):
            errors[f"{prefix}.country"] = Message(gettext_noop("Name the country of the new capacity."))
        if not isinstance(self.amount, int | float) or not math.isfinite(self.amount) or self.amount < 0:
            errors[f"{prefix}.amount"] = Message(gettext_noop("A capacity cannot be negative."))
        return errors


@dataclass(frozen=True)
class CollectionRate(Intervention):
    """The collection rate of end-of-life products raised to `rate`."""

    kind: ClassVar[str] = "collection_rate"
    label: ClassVar[str] = gettext_noop("Higher collection rate")
    rate: float = 0.8

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _fraction(self.rate, f"{prefix}.rate", errors)
        return errors


@dataclass(frozen=True)
class ScrapExportLimit(Intervention):
    """At most `max_share` of the collected scrap may be exported."""

    kind: ClassVar[str] = "scrap_export_limit"
    label: ClassVar[str] = gettext_noop("Scrap-export limit")
    max_share: float = 0.1

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _fraction(self.max_share, f"{prefix}.max_share", errors)
        return errors


@dataclass(frozen=True)
class StockpileRelease(Intervention):
    """A strategic stockpile of `size` steps of base demand, held from the start and released (at most
    `rate` of base demand per step) to cover shortage while active."""

    kind: ClassVar[str] = "stockpile_release"
    label: ClassVar[str] = gettext_noop("Stockpile release")
    size: float = 1.0
    rate: float = 0.25

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _fraction(self.size, f"{prefix}.size", errors, upper=100.0)
        _fraction(self.rate, f"{prefix}.rate", errors)
        return errors


@dataclass(frozen=True)
class Substitution(Intervention):
    """A substitution programme: the material intensity of every product group falls by `reduction`,
    phased in linearly over `ramp` steps from the start."""

    kind: ClassVar[str] = "substitution"
    label: ClassVar[str] = gettext_noop("Substitution programme")
    reduction: float = 0.2
    ramp: int = 8

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        _fraction(self.reduction, f"{prefix}.reduction", errors)
        if not isinstance(self.ramp, int) or self.ramp < 1:
            errors[f"{prefix}.ramp"] = Message(gettext_noop("Must be a whole number of one or more."))
        return errors


@dataclass(frozen=True)
class LifetimeExtension(Intervention):
    """Products put in use while active last `factor` times as long (repair, refurbishment: R3–R7)."""

    kind: ClassVar[str] = "lifetime_extension"
    label: ClassVar[str] = gettext_noop("Lifetime extension")
    factor: float = 1.25

    def validate(self, scenario: Scenario, prefix: str) -> dict[str, Message]:
        errors = super().validate(scenario, prefix)
        if not isinstance(self.factor, int | float) or not 1.0 <= self.factor <= 3.0:
            errors[f"{prefix}.factor"] = Message(gettext_noop("Must be between 1 and 3."))
        return errors


INTERVENTION_KINDS: dict[str, type[Intervention]] = {
    cls.kind: cls
    for cls in (
        ExportRestriction,
        ExportLicence,
        DemandSurge,
        NewCapacity,
        CollectionRate,
        ScrapExportLimit,
        StockpileRelease,
        Substitution,
        LifetimeExtension,
    )
}


def intervention_from_dict(data: dict[str, Any], prefix: str = "interventions") -> Intervention:
    kind = data.get("kind")
    cls = INTERVENTION_KINDS.get(str(kind))
    if cls is None:
        raise SpecError({f"{prefix}.kind": Message(gettext_noop("Unknown intervention."))})
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - names - {"kind"})
    if unknown:
        raise SpecError({f"{prefix}.{unknown[0]}": Message(gettext_noop("Unknown setting."))})
    try:
        return cls(**{key: value for key, value in data.items() if key != "kind"})
    except TypeError:
        raise SpecError({prefix: Message(gettext_noop("Invalid settings."))}) from None


# -- scenario -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One run: a material, a configuration, interventions, a horizon (steps), a seed and the agent counts."""

    material: MaterialInput
    configuration: str = LINEAR
    interventions: tuple[Intervention, ...] = ()
    horizon: int = 40
    seed: int = 0
    producers: int = 20
    manufacturers: int = 40
    params: Parameters = field(default_factory=Parameters)

    def validate(self) -> Scenario:
        """Refuse a scenario that cannot run, naming every field; returns the scenario itself."""
        errors: dict[str, Message] = {}
        m = self.material
        if not m.suppliers:
            errors["material.suppliers"] = Message(gettext_noop("The material has no supplier countries."))
        else:
            total = sum(s.share for s in m.suppliers)
            if any(s.share < 0 for s in m.suppliers):
                errors["material.suppliers"] = Message(gettext_noop("A supplier share cannot be negative."))
            elif abs(total - 1.0) > 0.005:
                errors["material.suppliers"] = Message(
                    gettext_noop("The supplier shares sum to %(total)s, not to 1."), total=round(total, 3)
                )
            if any(s.refining_share is not None for s in m.suppliers) and (
                any(s.refining < 0 for s in m.suppliers)
                or abs(sum(s.refining for s in m.suppliers) - 1.0) > 0.005
            ):
                errors["material.suppliers"] = Message(
                    gettext_noop("The refining shares of the supplier countries do not sum to 1.")
                )
            if len({s.country for s in m.suppliers}) != len(m.suppliers):
                errors["material.suppliers"] = Message(gettext_noop("A supplier country is listed twice."))
        if not m.groups:
            errors["material.groups"] = Message(gettext_noop("The material has no product groups."))
        elif abs(sum(g.share for g in m.groups) - 1.0) > 0.005 or any(g.share < 0 for g in m.groups):
            errors["material.groups"] = Message(gettext_noop("The product-group shares do not sum to 1."))
        if not 0 <= m.eol_recycling_rate <= 1:
            errors["material.eol_recycling_rate"] = Message(gettext_noop("Must be between 0 and 1."))
        if (
            not isinstance(m.scrap_imports, int | float)
            or not math.isfinite(m.scrap_imports)
            or not 0 <= m.scrap_imports <= 10
        ):
            errors["material.scrap_imports"] = Message(
                gettext_noop("Must be between 0 and %(upper)s."), upper=10
            )
        if self.configuration not in CONFIGURATIONS:
            errors["configuration"] = Message(gettext_noop("Unknown configuration."))
        if not isinstance(self.horizon, int) or self.horizon < 1:
            errors["horizon"] = Message(gettext_noop("The horizon must be at least one step."))
        elif self.horizon > 400:
            errors["horizon"] = Message(gettext_noop("The horizon is at most 400 steps (100 years)."))
        if not isinstance(self.producers, int) or self.producers < max(1, len(m.suppliers)):
            errors["producers"] = Message(gettext_noop("At least one producer per supplier country."))
        if not isinstance(self.manufacturers, int) or self.manufacturers < max(1, len(m.groups)):
            errors["manufacturers"] = Message(gettext_noop("At least one manufacturer per product group."))
        errors.update(self.params.validate())
        if "horizon" not in errors:
            for index, intervention in enumerate(self.interventions):
                errors.update(intervention.validate(self, f"interventions.{index}"))
        if errors:
            raise SpecError(errors)
        return self

    def with_config(self, configuration: str) -> Scenario:
        return replace(self, configuration=configuration)

    def config(self) -> Configuration:
        return Configuration.of(self.configuration, self.material)

    def to_dict(self) -> dict[str, Any]:
        return {
            "material": self.material.code,
            "scrap_imports": self.material.scrap_imports,
            "configuration": self.configuration,
            "interventions": [i.to_dict() for i in self.interventions],
            "horizon": self.horizon,
            "seed": self.seed,
            "producers": self.producers,
            "manufacturers": self.manufacturers,
            "params": asdict(self.params),
        }


# -- shared derived quantities --------------------------------------------------------------------------


def lifetime_hazard(mean: float, shape: float, max_age: int) -> list[float]:
    """The discrete hazard per age step (0 … max_age-1) of a Weibull lifetime with the given mean and shape;
    everything still in use at the last age leaves then (hazard 1)."""
    scale = mean / math.gamma(1.0 + 1.0 / shape)
    hazard = []
    for age in range(max_age):
        s0 = math.exp(-((age / scale) ** shape))
        s1 = math.exp(-(((age + 1) / scale) ** shape))
        hazard.append(1.0 - s1 / s0 if s0 > 0 else 1.0)
    hazard[-1] = 1.0
    return hazard


def max_age(params: Parameters) -> int:
    return int(math.ceil(3.0 * params.mean_lifetime * 3.0))  # room for a lifetime extension up to 3×


def steady_state_stock(hazard: Sequence[float], inflow: float) -> list[float]:
    """The in-use stock per age when `inflow` enters every step for ever: inflow × survival to each age."""
    stock, surviving = [], inflow
    for h in hazard:
        stock.append(surviving)
        surviving *= 1.0 - h
    return stock


def producer_countries(scenario: Scenario) -> list[int]:
    """Index of the supplier country of each producer: producers spread over the countries by share, at
    least one per country (largest remainder)."""
    suppliers = scenario.material.suppliers
    n = scenario.producers
    exact = [s.share * n for s in suppliers]
    counts = [max(1, int(math.floor(x))) for x in exact]
    order = sorted(range(len(suppliers)), key=lambda i: exact[i] - math.floor(exact[i]), reverse=True)
    k = 0
    while sum(counts) < n:
        counts[order[k % len(order)]] += 1
        k += 1
    while sum(counts) > n:
        largest = max(range(len(counts)), key=lambda i: counts[i])
        counts[largest] -= 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


def manufacturer_groups(scenario: Scenario) -> list[int]:
    """Index of the product group of each manufacturer, spread like the producers."""
    groups = scenario.material.groups
    n = scenario.manufacturers
    exact = [g.share * n for g in groups]
    counts = [max(1, int(math.floor(x))) for x in exact]
    order = sorted(range(len(groups)), key=lambda i: exact[i] - math.floor(exact[i]), reverse=True)
    k = 0
    while sum(counts) < n:
        counts[order[k % len(order)]] += 1
        k += 1
    while sum(counts) > n:
        largest = max(range(len(counts)), key=lambda i: counts[i])
        counts[largest] -= 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


@dataclass(frozen=True)
class Policy:
    """What holds in one step: set by the configuration and the active interventions."""

    export_factor: tuple[float, ...]  # per supplier country: quota or ban, and licences still pending
    demand_factor: float
    collection_rate: float
    scrap_export_share: float
    recycling_efficiency: float
    lifetime_factor: float
    substitution: float  # share of intensity removed by substitution programmes
    stockpile_rate: float  # share of base demand the stockpile may release this step
    new_capacity: tuple[tuple[str, float], ...]  # (country, amount as share of base primary need) decided now


def all_countries(scenario: Scenario) -> list[str]:
    """The supplier countries, then the countries of new capacity that supply nothing yet."""
    countries = [s.country for s in scenario.material.suppliers]
    for item in scenario.interventions:
        if isinstance(item, NewCapacity) and item.country not in countries:
            countries.append(item.country)
    return countries


def policy_schedule(scenario: Scenario) -> list[Policy]:
    """The policy of every step of the run (step 1 … horizon; index 0 is step 1)."""
    config = scenario.config()
    countries = all_countries(scenario)
    schedule = []
    for step in range(1, scenario.horizon + 1):
        export = [1.0] * len(countries)
        demand, collection, export_share = 1.0, config.collection_rate, config.scrap_export_share
        lifetime, substitution, stockpile_rate = config.lifetime_factor, 0.0, 0.0
        new: list[tuple[str, float]] = []
        for item in scenario.interventions:
            if isinstance(item, NewCapacity):
                if step == max(1, item.start):
                    new.append((item.country, float(item.amount)))
                continue
            if not item.active(step):
                continue
            if isinstance(item, ExportRestriction):
                i = countries.index(item.country)
                export[i] *= 1.0 - item.depth
            elif isinstance(item, ExportLicence):
                if step < max(1, item.start) + licence_delay(item, scenario):
                    export[countries.index(item.country)] = 0.0
            elif isinstance(item, DemandSurge):
                demand *= item.factor
            elif isinstance(item, CollectionRate):
                collection = max(collection, item.rate)
            elif isinstance(item, ScrapExportLimit):
                export_share = min(export_share, item.max_share)
            elif isinstance(item, StockpileRelease):
                stockpile_rate += item.rate
            elif isinstance(item, Substitution):
                phase = min(1.0, (step - item.start + 1) / item.ramp)
                substitution = 1.0 - (1.0 - substitution) * (1.0 - item.reduction * phase)
            elif isinstance(item, LifetimeExtension):
                lifetime = max(lifetime, config.lifetime_factor * item.factor)
        schedule.append(
            Policy(
                export_factor=tuple(export),
                demand_factor=demand,
                collection_rate=collection,
                scrap_export_share=export_share,
                recycling_efficiency=config.recycling_efficiency,
                lifetime_factor=lifetime,
                substitution=substitution,
                stockpile_rate=stockpile_rate,
                new_capacity=tuple(new),
            )
        )
    return schedule


def initial_stockpile(scenario: Scenario) -> float:
    return sum(
        i.size * scenario.params.base_demand
        for i in scenario.interventions
        if isinstance(i, StockpileRelease)
    )


def hhi(shares: Iterable[float], named: Iterable[bool] | None = None) -> float:
    """Herfindahl-Hirschman index of supply shares (0–1; 1 is one supplier). With `named` (one flag per
    share), only the named suppliers' squared shares are summed, each share still of the whole supply: the
    unnamed rest (other or unknown countries) is of an unknown split, so the result is a lower bound, the
    index if the rest were spread over infinitely many small suppliers (docs/simulation-odd.md)."""
    values = [max(0.0, s) for s in shares]
    flags = [True] * len(values) if named is None else list(named)
    total = sum(values)
    if total <= 0:
        return 0.0
    return sum((v / total) ** 2 for v, flag in zip(values, flags, strict=True) if flag)


OUTPUTS = (
    "price",
    "demand",
    "unmet",
    "primary",
    "secondary",
    "recycling_share",
    "hhi",
    "net_outflow",
    "stock_in_use",
)
