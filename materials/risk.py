"""Risk banding and the perspective for action of the raw-material scanner (pure, no Django).

Each indicator is banded low / medium / high by two thresholds. The thresholds are stated here, shown on every
profile, and can be replaced by passing another ``thresholds`` mapping (the programme's setting
``MATERIALS_RISK_THRESHOLDS`` overrides single entries). Rationale of the defaults:

* HHI: the US DoJ/FTC merger guidelines (2010): unconcentrated < 0.15, highly concentrated ≥ 0.25.
* weighted WGI (EU CRM scale 0–10, 10 = poorest governance): 5.0 is a world-average estimate of 0; < 3.5 means
  an average estimate above +0.75.
* export restrictions, companionality: share of production; ≥ 0.5 means most of the supply (Nassar, Graedel &
  Harper 2015, "By-product metals are technologically essential but have problematic supply", classify metals
  mined mostly as by-product as the riskiest).
* end-of-life recycling rate (lower is riskier): UNEP (2011) "Recycling rates of metals" bins: < 10 % low,
  ≥ 50 % high recycling.
* price volatility (annualised standard deviation of yearly price changes): < 0.20 calm, ≥ 0.40 volatile.
* reserves / production (years, lower is riskier): ≥ 100 years comfortable, < 25 years tight.
* CSR and environmental risk (0–10, 10 = worst): thirds of the scale.
* EU supply risk (SR, the EU criticality assessment 2023): the EU's own threshold, SR ≥ 1.0 is high (a
  material with SR ≥ 1.0 and economic importance ≥ 2.8 is critical, European Commission 2023, Final Report);
  below it low. Two bands only: the EU method has no middle one.
* end-of-life recycling input rate (EoL-RIR, lower is riskier): the UNEP (2011) bins as for the recycling rate
  (its periodic tables bin the recycled content alike): < 10 % high risk, ≥ 50 % low.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LOW, MEDIUM, HIGH, UNKNOWN = "low", "medium", "high", "unknown"
BAND_ORDER = {UNKNOWN: -1, LOW: 0, MEDIUM: 1, HIGH: 2}


@dataclass(frozen=True)
class Threshold:
    """`medium` from `low_below` on, `high` from `high_from` on; reversed when `higher_is_riskier` is False
    (then high risk below `high_from` and low risk from `low_below` on)."""

    low_below: float
    high_from: float
    higher_is_riskier: bool = True

    def band(self, value: float | None) -> str:
        if value is None:
            return UNKNOWN
        if self.higher_is_riskier:
            if value >= self.high_from:
                return HIGH
            return MEDIUM if value >= self.low_below else LOW
        if value < self.high_from:
            return HIGH
        return LOW if value >= self.low_below else MEDIUM

    def severity(self, value: float | None) -> float:
        """Position on the scale between the two thresholds (0 at the low one, 1 at the high one); breaks ties
        between indicators in the same band."""
        if value is None:
            return -1.0
        span = self.high_from - self.low_below
        if span == 0:
            return 0.0
        return (value - self.low_below) / span

    def describe(self) -> str:
        if self.low_below == self.high_from:  # two bands
            if self.higher_is_riskier:
                return f"low < {self.low_below:g} ≤ high"
            return f"high < {self.low_below:g} ≤ low"
        if self.higher_is_riskier:
            return f"low < {self.low_below:g} ≤ medium < {self.high_from:g} ≤ high"
        return f"high < {self.high_from:g} ≤ medium < {self.low_below:g} ≤ low"


DEFAULT_THRESHOLDS: dict[str, Threshold] = {
    "hhi": Threshold(0.15, 0.25),
    "weighted_wgi": Threshold(3.5, 5.0),
    "export_restrictions": Threshold(0.10, 0.50),
    "companionality": Threshold(0.20, 0.50),
    "eol_recycling_rate": Threshold(0.50, 0.10, higher_is_riskier=False),
    "price_volatility": Threshold(0.20, 0.40),
    "reserve_production_ratio": Threshold(100.0, 25.0, higher_is_riskier=False),
    "csr_risk": Threshold(3.33, 6.67),
    "environmental_risk": Threshold(3.33, 6.67),
    "supply_risk": Threshold(1.0, 1.0),
    "eol_rir": Threshold(0.50, 0.10, higher_is_riskier=False),
}
INDICATORS: tuple[str, ...] = tuple(DEFAULT_THRESHOLDS)

# Risk type of each indicator.
RISK_TYPE = {
    "hhi": "concentration",
    "weighted_wgi": "geopolitics",
    "export_restrictions": "trade",
    "companionality": "by_product",
    "eol_recycling_rate": "recycling",
    "price_volatility": "price",
    "reserve_production_ratio": "depletion",
    "csr_risk": "reputation",
    "environmental_risk": "environment",
    "supply_risk": "supply",
    "eol_rir": "recycling",
}

SUBSTITUTE, DESIGN_FOR_DISASSEMBLY, SECURE_RECYCLED, DIVERSIFY, STOCKPILE = (
    "substitute",
    "design_for_disassembly",
    "secure_recycled_supply",
    "diversify_suppliers",
    "stockpile",
)
ACTIONS: tuple[str, ...] = (SUBSTITUTE, DESIGN_FOR_DISASSEMBLY, SECURE_RECYCLED, DIVERSIFY, STOCKPILE)

# Perspective for action (handelingsperspectief) per risk type, most effective first, and the R-strategies of
# the R-ladder (Potting et al. 2017) that address it.
PERSPECTIVE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "concentration": ((DIVERSIFY, SECURE_RECYCLED, SUBSTITUTE, STOCKPILE), ("R0", "R1", "R2", "R8")),
    "geopolitics": ((DIVERSIFY, STOCKPILE, SECURE_RECYCLED, SUBSTITUTE), ("R1", "R2", "R8")),
    "trade": ((DIVERSIFY, STOCKPILE, SECURE_RECYCLED), ("R2", "R3", "R8")),
    "by_product": ((SUBSTITUTE, SECURE_RECYCLED), ("R0", "R1", "R2", "R8")),
    "recycling": ((DESIGN_FOR_DISASSEMBLY, SECURE_RECYCLED), ("R1", "R3", "R4", "R5", "R6", "R8")),
    "price": ((STOCKPILE, DIVERSIFY, SUBSTITUTE), ("R2", "R3", "R4")),
    "depletion": ((SUBSTITUTE, DESIGN_FOR_DISASSEMBLY, SECURE_RECYCLED), ("R0", "R1", "R2", "R3", "R8")),
    "reputation": ((DIVERSIFY, SECURE_RECYCLED, SUBSTITUTE), ("R0", "R2", "R8")),
    "environment": ((SUBSTITUTE, SECURE_RECYCLED, DESIGN_FOR_DISASSEMBLY), ("R0", "R1", "R2", "R8")),
    # the EU's SR combines concentration, governance, trade, recycling and substitution: the actions of all
    "supply": ((DIVERSIFY, SECURE_RECYCLED, SUBSTITUTE, STOCKPILE), ("R0", "R1", "R2", "R8")),
}


def thresholds_with(overrides: Mapping[str, Mapping[str, float] | Threshold] | None) -> dict[str, Threshold]:
    """The default thresholds with some replaced, e.g. {"hhi": {"low_below": 0.1, "high_from": 0.3}}."""
    result = dict(DEFAULT_THRESHOLDS)
    for key, value in (overrides or {}).items():
        if key not in result:
            raise ValueError(f"unknown indicator {key!r} in the risk thresholds")
        if isinstance(value, Threshold):
            result[key] = value
        else:
            base = result[key]
            result[key] = Threshold(
                float(value.get("low_below", base.low_below)),
                float(value.get("high_from", base.high_from)),
                bool(value.get("higher_is_riskier", base.higher_is_riskier)),
            )
    return result


@dataclass(frozen=True)
class IndicatorBand:
    indicator: str
    value: float | None
    band: str
    severity: float
    risk_type: str
    actions: tuple[str, ...]
    r_strategies: tuple[str, ...]


@dataclass
class MaterialRisk:
    """The profile of one material: banded indicators, worst indicator, perspective for action. `material` is
    the name shown, `code` the material's stable key (the catalogue's code)."""

    material: str
    kg: float = 0.0
    critical: bool = False
    strategic: bool = False
    indicators: list[IndicatorBand] = field(default_factory=list)
    code: str = ""

    @property
    def worst(self) -> IndicatorBand | None:
        known = [item for item in self.indicators if item.band != UNKNOWN]
        if not known:
            return None
        return max(known, key=lambda item: (BAND_ORDER[item.band], item.severity))

    @property
    def band(self) -> str:
        worst = self.worst
        return worst.band if worst else UNKNOWN

    @property
    def actions(self) -> list[str]:
        """Actions for the medium and high indicators, in the order of the worst indicator first."""
        ordered = sorted(
            (item for item in self.indicators if item.band in (MEDIUM, HIGH)),
            key=lambda item: (-BAND_ORDER[item.band], -item.severity),
        )
        seen: list[str] = []
        for item in ordered:
            for action in item.actions:
                if action not in seen:
                    seen.append(action)
        return seen

    @property
    def r_strategies(self) -> list[str]:
        codes = {
            code for item in self.indicators if item.band in (MEDIUM, HIGH) for code in item.r_strategies
        }
        return sorted(codes, key=lambda code: int(code[1:]))


def material_risk(
    material: str,
    values: Mapping[str, float | None],
    *,
    kg: float = 0.0,
    critical: bool = False,
    strategic: bool = False,
    thresholds: Mapping[str, Threshold] | None = None,
    code: str = "",
) -> MaterialRisk:
    """Band every indicator of one material. Missing indicators are 'unknown' (never guessed)."""
    limits = thresholds or DEFAULT_THRESHOLDS
    risk = MaterialRisk(material=material, kg=kg, critical=critical, strategic=strategic, code=code)
    for indicator in INDICATORS:
        value = values.get(indicator)
        limit = limits[indicator]
        risk_type = RISK_TYPE[indicator]
        actions, strategies = PERSPECTIVE[risk_type]
        risk.indicators.append(
            IndicatorBand(
                indicator, value, limit.band(value), limit.severity(value), risk_type, actions, strategies
            )
        )
    return risk


@dataclass
class ProductRisk:
    """A product is as exposed as its most exposed material: per indicator the worst band of its materials."""

    product: str
    materials: list[MaterialRisk]

    @property
    def kg(self) -> float:
        return sum(item.kg for item in self.materials)

    def indicator_band(self, indicator: str) -> tuple[str, str | None]:
        """(band, material causing it) for one indicator."""
        best: tuple[int, float, str, str | None] = (BAND_ORDER[UNKNOWN], -1.0, UNKNOWN, None)
        for material in self.materials:
            for item in material.indicators:
                if item.indicator == indicator:
                    key = (BAND_ORDER[item.band], item.severity, item.band, material.material)
                    if key[:2] > best[:2]:
                        best = key
        return best[2], best[3]

    @property
    def worst(self) -> tuple[MaterialRisk, IndicatorBand] | None:
        candidates = [(material, material.worst) for material in self.materials if material.worst]
        if not candidates:
            return None
        material, item = max(candidates, key=lambda pair: (BAND_ORDER[pair[1].band], pair[1].severity))
        return material, item

    @property
    def band(self) -> str:
        worst = self.worst
        return worst[1].band if worst else UNKNOWN

    @property
    def critical_kg(self) -> float:
        return sum(item.kg for item in self.materials if item.critical)
