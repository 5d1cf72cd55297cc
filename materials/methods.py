"""Published indicators for raw-material supply risk and product circularity, as plain typed functions.

No Django here: an analyst can ``from materials.methods import *`` in a notebook. Every function validates its
arguments and raises ``ValueError`` naming the argument; none returns NaN, infinity or a negative risk.

Sources
-------
* EU CRM 2017: European Commission (2017), *Methodology for establishing the EU list of critical raw
  materials — Guidelines*, Publications Office of the EU, ISBN 978-92-79-68051-9 (the method behind the
  2017, 2020 and 2023 lists). Supply risk (SR) §3, economic importance (EI) §2, thresholds SR ≥ 1, EI ≥ 2.8.
* MCI: Ellen MacArthur Foundation & Granta Design (2015, updated 2019), *Circularity Indicators — An
  Approach to Measuring Circularity: Methodology*, "Material Circularity Indicator for a product"
  (technical cycle).
* Herfindahl-Hirschman index: Hirschman (1964), "The paternity of an index", AER 54(5); on fractions as in
  the EU CRM method.
* R-ladder: Potting, Hekkert, Worrell & Hanemaaijer (2017), *Circular economy: measuring innovation in the
  product chain*, PBL publication 2544; bands R0–R2 / R3–R7 / R8–R9 as on the UPCM impact sheet
  (werkwijze-upcm-2020, §4.4).
* Lansink ladder: Wet milieubeheer art. 10.4 / Landelijk Afvalbeheerplan (LAP, since 2002),
  werkwijze-upcm-2020 Bijlage 4, categorisering 2.3.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

SHARE_TOLERANCE = 0.01  # shares "sum to 1 ± 0.01"
SR_THRESHOLD = 1.0  # EU CRM 2017 §4: critical if SR ≥ 1 ...
EI_THRESHOLD = 2.8  # ... and EI ≥ 2.8


# ------------------------------------------------------------------------------------------ validation
def _finite(name: str, value: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def _fraction(name: str, value: float) -> float:
    number = _finite(name, value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must lie between 0 and 1, got {value!r}")
    return number


def _positive(name: str, value: float) -> float:
    number = _finite(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return number


def _non_negative(name: str, value: float) -> float:
    number = _finite(name, value)
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return number


def _shares(name: str, shares: Iterable[float]) -> list[float]:
    values = [_fraction(f"{name}[{index}]", share) for index, share in enumerate(shares)]
    if not values:
        raise ValueError(f"{name} must contain at least one share")
    total = math.fsum(values)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"{name} must sum to 1 ± {SHARE_TOLERANCE}, they sum to {total:.4f}")
    return values


# --------------------------------------------------------------------------------------- concentration
def hhi(shares: Iterable[float]) -> float:
    """Herfindahl-Hirschman index of market shares given as fractions.

    Formula: HHI = Σ_i s_i², with s_i ∈ [0, 1] and Σ s_i = 1 (± 0.01; the shares are rescaled to sum to
    exactly 1
    first, so rounding in a published table cannot push the index below 1/n). Range: 1/n (n equal
    suppliers) to 1
    (a monopoly). Source: Hirschman (1964); used on fractions in EU CRM 2017 §3.1.
    """
    values = _shares("shares", shares)
    total = math.fsum(values)
    result = math.fsum((share / total) ** 2 for share in values)
    return min(1.0, result)


def wgi_scaled(estimate: float) -> float:
    """Rescale a Worldwide Governance Indicator estimate (≈ −2.5 … +2.5, higher = better governance) to
    0–10, where
    10 is the poorest governance, as the EU CRM 2017 method does (§3.1.2).

    Formula: WGI_scaled = 5 − 2·estimate, clamped to [0, 10]. Example: estimate 1.0 → 3.0; −1.5 → 8.0.
    """
    value = _finite("estimate", estimate)
    return min(10.0, max(0.0, 5.0 - 2.0 * value))


@dataclass(frozen=True)
class CountrySupply:
    """One supplying country: its share of supply (fraction), its scaled WGI (0–10) and the trade factor t.

    t is the EU CRM 2017 trade-related variable (§3.1.3): 1 without export restrictions, raised by export
    taxes,
    quotas or bans and lowered again by an EU trade agreement; the method caps it at 2."""

    country: str
    share: float
    wgi: float
    trade_factor: float = 1.0


def hhi_wgi(supply: Sequence[CountrySupply], *, name: str = "supply") -> float:
    """The governance-weighted concentration HHI_WGI,t = Σ_c (S_c)² · WGI_c · t_c of EU CRM 2017 §3.1.

    Shares are fractions summing to 1 (± 0.01), WGI_c ∈ [0, 10] (use `wgi_scaled`), t_c ∈ [1, 2]. Range
    0–20."""
    if not supply:
        raise ValueError(f"{name} must list at least one supplying country")
    _shares(f"{name} shares", [entry.share for entry in supply])
    total = 0.0
    for index, entry in enumerate(supply):
        label = f"{name}[{index}] ({entry.country})"
        wgi = _finite(f"{label} wgi", entry.wgi)
        if not 0.0 <= wgi <= 10.0:
            raise ValueError(f"{label} wgi must lie between 0 and 10 (scaled WGI), got {entry.wgi!r}")
        trade = _finite(f"{label} trade_factor", entry.trade_factor)
        if not 1.0 <= trade <= 2.0:
            raise ValueError(f"{label} trade_factor must lie between 1 and 2, got {entry.trade_factor!r}")
        total += entry.share**2 * wgi * trade
    return total


def supply_risk_from_concentrations(
    hhi_wgi_global: float,
    hhi_wgi_eu: float,
    *,
    import_reliance: float,
    eol_rir: float,
    substitution_index: float,
) -> float:
    """EU CRM 2017 supply risk from the two governance-weighted concentrations (§3, equation 3):

        SR = [HHI_WGI,GS · IR/2 + HHI_WGI,EU · (1 − IR/2)] · (1 − EoL-RIR) · SI_SR

    IR = import reliance, EoL-RIR = end-of-life recycling input rate, SI_SR = substitution index for supply
    risk, all
    fractions. Both coefficients are ≥ 0, so SR never decreases when either concentration rises."""
    global_term = _non_negative("hhi_wgi_global", hhi_wgi_global)
    eu_term = _non_negative("hhi_wgi_eu", hhi_wgi_eu)
    ir = _fraction("import_reliance", import_reliance)
    rir = _fraction("eol_rir", eol_rir)
    si = _fraction("substitution_index", substitution_index)
    return (global_term * ir / 2 + eu_term * (1 - ir / 2)) * (1 - rir) * si


def eu_supply_risk(
    global_supply: Sequence[CountrySupply],
    eu_sourcing: Sequence[CountrySupply],
    import_reliance: float,
    eol_rir: float,
    substitution_index: float,
) -> float:
    """Supply risk SR by the EU CRM 2017 methodology (European Commission 2017, §3):

        SR = [HHI_WGI,t(GS) · IR/2 + HHI_WGI,t(EU sourcing) · (1 − IR/2)] · (1 − EoL-RIR) · SI_SR
        HHI_WGI,t = Σ_c (S_c)² · WGI_c · t_c

    `global_supply` lists the global producing countries (GS), `eu_sourcing` the countries the EU actually
    sources
    from (domestic production plus imports); shares are fractions summing to 1. Critical if SR ≥ 1 (with EI
    ≥ 2.8)."""
    return supply_risk_from_concentrations(
        hhi_wgi(global_supply, name="global_supply"),
        hhi_wgi(eu_sourcing, name="eu_sourcing"),
        import_reliance=import_reliance,
        eol_rir=eol_rir,
        substitution_index=substitution_index,
    )


def eu_economic_importance(
    sector_shares: Mapping[str, float],
    sector_value_added: Mapping[str, float],
    max_value_added: float,
    substitution_index: float,
) -> float:
    """Economic importance EI by the EU CRM 2017 methodology (European Commission 2017, §2):

        EI = Σ_s (A_s · Q_s) · 10 / max(Q) · SI_EI

    A_s = share of the material's end uses in NACE Rev. 2 (2-digit) sector s (fractions summing to 1), Q_s
    = the
    sector's value added, max(Q) = the largest value added of the NACE 2-digit manufacturing sectors (same
    unit),
    SI_EI = substitution index for economic importance (fraction). The factor 10/max(Q) scales EI to 0–10."""
    if not sector_shares:
        raise ValueError("sector_shares must list at least one sector")
    _shares("sector_shares", sector_shares.values())
    top = _positive("max_value_added", max_value_added)
    si = _fraction("substitution_index", substitution_index)
    weighted = 0.0
    for sector, share in sector_shares.items():
        if sector not in sector_value_added:
            raise ValueError(f"sector_value_added has no value for sector {sector!r}")
        value_added = _non_negative(f"sector_value_added[{sector!r}]", sector_value_added[sector])
        if value_added > top:
            raise ValueError(
                f"sector_value_added[{sector!r}] = {value_added} exceeds max_value_added = {top}"
            )
        weighted += share * value_added
    return weighted * 10.0 / top * si


def is_critical(sr: float, ei: float) -> bool:
    """EU CRM 2017 §4: a raw material is critical when SR ≥ 1 and EI ≥ 2.8 (both thresholds inclusive)."""
    return _non_negative("sr", sr) >= SR_THRESHOLD and _non_negative("ei", ei) >= EI_THRESHOLD


# ----------------------------------------------------------------------------------------- circularity
@dataclass(frozen=True)
class MciResult:
    """The intermediate quantities of the MCI calculation (kg, except LFI, X, F(X) and MCI, which are
    ratios)."""

    virgin_feedstock: float  # V
    unrecoverable_waste: float  # W0
    waste_recycling_eol: float  # WC
    waste_recycling_feedstock: float  # WF
    waste: float  # W
    linear_flow_index: float  # LFI
    utility: float  # X
    utility_factor: float  # F(X)
    mci: float


def material_circularity_indicator(
    *,
    mass: float,
    recycled_feedstock: float = 0.0,
    reused_feedstock: float = 0.0,
    collected_for_recycling: float = 0.0,
    collected_for_reuse: float = 0.0,
    recycling_efficiency_eol: float = 1.0,
    recycling_efficiency_feedstock: float = 1.0,
    lifetime: float = 1.0,
    lifetime_industry_average: float = 1.0,
    intensity: float = 1.0,
    intensity_industry_average: float = 1.0,
) -> MciResult:
    """Material Circularity Indicator of a product in the technical cycle (Ellen MacArthur Foundation & Granta
    Design 2015/2019, *Circularity Indicators — Methodology*, §2.3–2.6):

        V   = M · (1 − F_R − F_U)                     virgin feedstock
        W0  = M · (1 − C_R − C_U)                     waste to landfill / energy recovery
        W_C = M · (1 − E_C) · C_R                     waste from recycling the product's parts at end of use
        W_F = M · (1 − E_F) · F_R / E_F               waste from producing the recycled feedstock
        W   = W0 + (W_F + W_C) / 2
        LFI = (V + W) / (2M + (W_F − W_C) / 2)        linear flow index, 0 … 1
        X   = (L / L_av) · (U / U_av)                 utility
        F(X) = 0.9 / X
        MCI = max(0, 1 − LFI · F(X))

    M = mass (kg); F_R, F_U = fractions of feedstock from recycled and reused sources; C_R, C_U = fractions
    collected
    for recycling and for component reuse; E_C = efficiency of the recycling process at end of use; E_F =
    efficiency
    of the recycling process that makes the recycled feedstock; L, L_av = lifetime and industry-average
    lifetime;
    U, U_av = functional units (intensity of use) and industry average. A fully linear product of average
    utility
    scores 0.1; a fully restorative one 1. F_R + F_U and C_R + C_U must not exceed 1; E_F must be > 0 when
    F_R > 0.
    """
    m = _positive("mass", mass)
    fr = _fraction("recycled_feedstock", recycled_feedstock)
    fu = _fraction("reused_feedstock", reused_feedstock)
    cr = _fraction("collected_for_recycling", collected_for_recycling)
    cu = _fraction("collected_for_reuse", collected_for_reuse)
    ec = _fraction("recycling_efficiency_eol", recycling_efficiency_eol)
    ef = _fraction("recycling_efficiency_feedstock", recycling_efficiency_feedstock)
    if fr + fu > 1.0 + 1e-9:
        raise ValueError(f"recycled_feedstock + reused_feedstock must not exceed 1, got {fr + fu:.4f}")
    if cr + cu > 1.0 + 1e-9:
        raise ValueError(
            f"collected_for_recycling + collected_for_reuse must not exceed 1, got {cr + cu:.4f}"
        )
    if fr > 0 and ef == 0:
        raise ValueError("recycling_efficiency_feedstock must be greater than 0 when recycled_feedstock > 0")
    lifetime_ratio = _positive("lifetime", lifetime) / _positive(
        "lifetime_industry_average", lifetime_industry_average
    )
    intensity_ratio = _positive("intensity", intensity) / _positive(
        "intensity_industry_average", intensity_industry_average
    )

    v = m * max(0.0, 1 - fr - fu)
    w0 = m * max(0.0, 1 - cr - cu)
    wc = m * (1 - ec) * cr
    wf = m * (1 - ef) * fr / ef if fr > 0 else 0.0
    w = w0 + (wf + wc) / 2
    lfi = (v + w) / (2 * m + (wf - wc) / 2)
    lfi = min(1.0, max(0.0, lfi))
    x = lifetime_ratio * intensity_ratio
    fx = 0.9 / x
    mci = min(1.0, max(0.0, 1 - lfi * fx))
    return MciResult(v, w0, wc, wf, w, lfi, x, fx, mci)


# --------------------------------------------------------------------------------------------- ladders
class RLadder(IntEnum):
    """The R-ladder (Potting et al. 2017): lower = more circular. Values are the rungs R0 … R9."""

    REFUSE = 0
    RETHINK = 1
    REDUCE = 2
    REUSE = 3
    REPAIR = 4
    REFURBISH = 5
    REMANUFACTURE = 6
    REPURPOSE = 7
    RECYCLE = 8
    RECOVER = 9

    @property
    def code(self) -> str:
        return f"R{self.value}"

    @property
    def band(self) -> str:
        """The impact sheet's band: "R0-R2" circular design, "R3-R7" lifetime extension, "R8-R9" recycling."""
        if self.value <= 2:
            return BAND_DESIGN
        if self.value <= 7:
            return BAND_LIFETIME
        return BAND_RECYCLING

    @classmethod
    def from_code(cls, code: str) -> RLadder:
        text = str(code).strip().upper()
        if len(text) != 2 or text[0] != "R" or not text[1].isdigit():
            raise ValueError(f"R-strategy code must be R0 … R9, got {code!r}")
        return cls(int(text[1]))


BAND_DESIGN = "R0-R2"
BAND_LIFETIME = "R3-R7"
BAND_RECYCLING = "R8-R9"
R_BANDS: tuple[str, str, str] = (BAND_DESIGN, BAND_LIFETIME, BAND_RECYCLING)


def r_band_members(band: str) -> list[RLadder]:
    """The rungs of a band, most circular first."""
    if band not in R_BANDS:
        raise ValueError(f"band must be one of {', '.join(R_BANDS)}, got {band!r}")
    return [rung for rung in RLadder if rung.band == band]


class LansinkLadder(IntEnum):
    """Ladder van Lansink (Wet milieubeheer art. 10.4, LAP): waste treatment, 1 = most desirable."""

    PREVENTION = 1  # preventie
    REUSE = 2  # (voorbereiding voor) hergebruik van producten
    RECYCLING = 3  # materiaalhergebruik / recycling
    ENERGY_RECOVERY = 4  # andere nuttige toepassing: verbranden met energieterugwinning
    INCINERATION = 5  # verbranden als vorm van verwijdering
    LANDFILL = 6  # storten
