"""Scoping table for sweet spots (werkwijze-upcm-2020 Bijlage 2 principle 6, §3.1.1, §5.5) — pure, no Django.

Per product group (SBI division) five criteria, each scaled to 0–1:

* ``co2`` — the UPCM impact on CO₂ (kt/yr, §1.2 "impact UPCM"), as a share of the largest in the table;
* ``value_added`` — the UPCM impact on value added (M€/yr), idem;
* ``material_flows`` — the material flows (M kg), idem;
* ``critical_materials`` — dependence on critical raw materials from the scans of companies in the group: the
  share of scanned mass in EU-critical materials, weighted by each material's supply-risk band (high 1, medium
  0.5, low 0.25, unknown 0.5); 0 when no company in the group has scanned;
* ``innovation`` — readiness of the cluster's innovation system: the mean level of F1–F8 (0 unknown … 3
high) / 3.

score = Σ w_c · x_c / Σ w_c (0–1). The weights are shown and can be changed by the user.

Recommended R-strategy band (a stated rule, the programme's reading of §3.1.1 and principle 6):
1. innovation readiness ≥ 0.67 → R0–R2 circular design (the innovation system can carry redesign);
2. otherwise critical-material dependence ≥ 0.5 → R8–R9 recycling (secure recycled supply first);
3. otherwise → R3–R7 lifetime extension (functional value retention on the 0–5 year horizon, §3.1.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

CRITERIA: tuple[str, ...] = ("co2", "value_added", "material_flows", "critical_materials", "innovation")
DEFAULT_WEIGHTS: dict[str, float] = {
    "co2": 3.0,
    "value_added": 2.0,
    "material_flows": 1.0,
    "critical_materials": 2.0,
    "innovation": 1.0,
}
BAND_WEIGHT = {"high": 1.0, "medium": 0.5, "low": 0.25, "unknown": 0.5}
READINESS_FOR_DESIGN = 0.67
DEPENDENCE_FOR_RECYCLING = 0.5


@dataclass(frozen=True)
class ScopingInput:
    sbi: str
    label: str
    cluster: str
    co2_impact_kt: float
    value_added_impact_meur: float
    material_flows_mkg: float
    critical_dependence: float | None = None
    innovation_readiness: float | None = None
    cluster_code: str = ""  # the cluster's code ("" when the group has none): matches a project's cluster


@dataclass
class ScopingRow:
    item: ScopingInput
    scaled: dict[str, float]
    score: float
    band: str
    reasons: list[tuple[str, dict]] = field(default_factory=list)
    rank: int = 0


def validate_weights(weights: Mapping[str, float]) -> dict[str, float]:
    result = {}
    for criterion in CRITERIA:
        value = float(weights.get(criterion, DEFAULT_WEIGHTS[criterion]))
        if not 0.0 <= value <= 10.0:
            raise ValueError(f"weight of {criterion} must lie between 0 and 10, got {value:g}")
        result[criterion] = value
    if sum(result.values()) <= 0:
        raise ValueError("at least one weight must be greater than 0")
    return result


def critical_dependence(masses: list[tuple[float, bool, str]]) -> float | None:
    """From (kg, is EU-critical, risk band) per scanned material: Σ kg·critical·band weight / Σ kg."""
    total = sum(kg for kg, _critical, _band in masses)
    if total <= 0:
        return None
    weighted = sum(kg * BAND_WEIGHT.get(band, 0.5) for kg, critical, band in masses if critical)
    return weighted / total


def innovation_readiness(levels: list[int]) -> float | None:
    """Mean level (0 unknown … 3 high) of the scored innovation functions, divided by 3."""
    if not levels:
        return None
    return sum(levels) / (3 * len(levels))


def recommend_band(item: ScopingInput) -> tuple[str, tuple[str, dict]]:
    readiness = item.innovation_readiness or 0.0
    dependence = item.critical_dependence or 0.0
    if readiness >= READINESS_FOR_DESIGN:
        return "R0-R2", ("design", {"readiness": readiness})
    if dependence >= DEPENDENCE_FOR_RECYCLING:
        return "R8-R9", ("recycling", {"dependence": dependence})
    return "R3-R7", ("lifetime", {"readiness": readiness, "dependence": dependence})


def score_table(items: list[ScopingInput], weights: Mapping[str, float] | None = None) -> list[ScopingRow]:
    """Scale, weigh and rank the product groups; highest score first (ties: by SBI code)."""
    weights = validate_weights(weights or DEFAULT_WEIGHTS)
    maxima = {
        "co2": max((abs(item.co2_impact_kt) for item in items), default=0.0),
        "value_added": max((abs(item.value_added_impact_meur) for item in items), default=0.0),
        "material_flows": max((abs(item.material_flows_mkg) for item in items), default=0.0),
    }

    def share(value: float, key: str) -> float:
        return abs(value) / maxima[key] if maxima[key] else 0.0

    rows = []
    total_weight = sum(weights.values())
    for item in items:
        scaled = {
            "co2": share(item.co2_impact_kt, "co2"),
            "value_added": share(item.value_added_impact_meur, "value_added"),
            "material_flows": share(item.material_flows_mkg, "material_flows"),
            "critical_materials": item.critical_dependence or 0.0,
            "innovation": item.innovation_readiness or 0.0,
        }
        score = sum(weights[key] * scaled[key] for key in CRITERIA) / total_weight
        band, reason = recommend_band(item)
        contributions = sorted(CRITERIA, key=lambda key: -weights[key] * scaled[key])
        reasons = [reason, ("top", {"criteria": [key for key in contributions[:2] if scaled[key] > 0]})]
        if item.critical_dependence is None:
            reasons.append(("no_scans", {}))
        if item.innovation_readiness is None:
            reasons.append(("no_innovation", {}))
        rows.append(ScopingRow(item, scaled, score, band, reasons))
    rows.sort(key=lambda row: (-row.score, row.item.sbi))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows
