"""Translated labels for the codes the pure modules (risk, sweetspots, fingerprint) return, and figures as the
reader writes them (0,15 in Dutch, 0.15 in English). Their messages (materials.bom, materials.dataset) are
regiekamer.texts Messages, shown with regiekamer.texts.translate."""

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from materials import risk, sweetspots
from materials.models import Indicator

BANDS = {
    "low": gettext_lazy("low"),
    "medium": gettext_lazy("medium"),
    "high": gettext_lazy("high"),
    # an indicator the current material data release has no value for (never guessed)
    "unknown": gettext_lazy("no data"),
}
BAND_CSS = {"low": "rk-status--ok", "medium": "rk-status--warn", "high": "rk-status--bad", "unknown": ""}

RISK_TYPES = {
    "concentration": gettext_lazy("concentration of supply"),
    "geopolitics": gettext_lazy("governance of producing countries"),
    "trade": gettext_lazy("export restrictions"),
    "by_product": gettext_lazy("by-product dependence"),
    "recycling": gettext_lazy("little recycling"),
    "price": gettext_lazy("price volatility"),
    "depletion": gettext_lazy("depletion of reserves"),
    "reputation": gettext_lazy("reputation (CSR)"),
    "environment": gettext_lazy("environmental impact of mining"),
    "supply": gettext_lazy("EU supply risk"),
}

ACTIONS = {
    "substitute": gettext_lazy("Substitute the material"),
    "design_for_disassembly": gettext_lazy("Design for disassembly"),
    "secure_recycled_supply": gettext_lazy("Secure recycled supply"),
    "diversify_suppliers": gettext_lazy("Diversify suppliers"),
    "stockpile": gettext_lazy("Stockpile"),
}

CRITERIA = {
    "co2": gettext_lazy("UPCM impact on CO₂"),
    "value_added": gettext_lazy("UPCM impact on value added"),
    "material_flows": gettext_lazy("Material flows"),
    "critical_materials": gettext_lazy("Critical-material dependence"),
    "innovation": gettext_lazy("Innovation readiness (F1–F8)"),
}

R_BANDS = {
    "R0-R2": gettext_lazy("R0–R2 circular design"),
    "R3-R7": gettext_lazy("R3–R7 lifetime extension"),
    "R8-R9": gettext_lazy("R8–R9 recycling"),
}


def indicator_label(code: str) -> str:
    return str(Indicator(code).label)


def figure(value: float | int | None, decimals: int = 3) -> str:
    """A number in the reader's notation: at most `decimals` decimals and no trailing zeros, thousands grouped
    (Dutch 1.234,5; English 1,234.5); "—" for no value."""
    if value is None:
        return "—"
    places = decimals
    while places > 0 and round(float(value), places) == round(float(value), places - 1):
        places -= 1
    return number_format(round(float(value), places), decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction 0-1 as a percentage in the reader's notation (0.675 → "67,5%" in Dutch)."""
    if fraction is None:
        return "—"
    return f"{figure(fraction * 100, decimals)}%"


def threshold_text(limit: risk.Threshold) -> str:
    """The bands of one indicator in words and figures of the reader's language, e.g. Dutch
    "laag < 0,15 ≤ middel < 0,25 ≤ hoog" (risk.Threshold.describe is the same in plain English)."""
    low, high = figure(limit.low_below, 4), figure(limit.high_from, 4)
    words = {key: str(BANDS[key]) for key in (risk.LOW, risk.MEDIUM, risk.HIGH)}
    if limit.low_below == limit.high_from:  # two bands (the EU supply risk)
        if limit.higher_is_riskier:
            return f"{words['low']} < {low} ≤ {words['high']}"
        return f"{words['high']} < {low} ≤ {words['low']}"
    if limit.higher_is_riskier:
        return f"{words['low']} < {low} ≤ {words['medium']} < {high} ≤ {words['high']}"
    return f"{words['high']} < {high} ≤ {words['medium']} < {low} ≤ {words['low']}"


def reasoning_text(row: Any) -> list[str]:
    """Sentences explaining a scoping row's recommended band and score."""
    sentences = []
    for code, raw in row.reasons:
        # Figures in the reader's language: 0,75 in Dutch, 0.75 in English.
        params = {
            key: number_format(value, 2) if isinstance(value, float) else value for key, value in raw.items()
        }
        if code == "design":
            sentences.append(
                _(
                    "Innovation readiness %(readiness)s ≥ %(threshold)s: the cluster's innovation system can "
                    "carry circular design (R0–R2)."
                )
                % {**params, "threshold": figure(sweetspots.READINESS_FOR_DESIGN, 2)}
            )
        elif code == "recycling":
            sentences.append(
                _(
                    "Critical-material dependence %(dependence)s ≥ %(threshold)s: secure recycled supply "
                    "first (R8–R9)."
                )
                % {**params, "threshold": figure(sweetspots.DEPENDENCE_FOR_RECYCLING, 2)}
            )
        elif code == "lifetime":
            sentences.append(
                _(
                    "Innovation readiness %(readiness)s < %(readiness_threshold)s and critical-material "
                    "dependence %(dependence)s < %(dependence_threshold)s: functional value retention on the "
                    "0–5 year horizon (R3–R7; Werkwijze UPCM 2020, §3.1.1)."
                )
                % {
                    **params,
                    "readiness_threshold": figure(sweetspots.READINESS_FOR_DESIGN, 2),
                    "dependence_threshold": figure(sweetspots.DEPENDENCE_FOR_RECYCLING, 2),
                }
            )
        elif code == "top":
            if params["criteria"]:
                names = ", ".join(str(CRITERIA[key]) for key in params["criteria"])
                sentences.append(_("The score rests most on: %(criteria)s.") % {"criteria": names})
        elif code == "no_scans":
            sentences.append(
                _(
                    "No company in this product group has scanned its bill of materials yet; "
                    "critical-material dependence counts as 0."
                )
            )
        elif code == "no_innovation":
            sentences.append(
                _("The cluster's innovation functions have not been scored; readiness counts as 0.")
            )
    return sentences


# ------------------------------------------------------------------------------------------ fingerprint
INNOVATION_LEVELS = {
    "unknown": gettext_lazy("Unknown"),
    "low": gettext_lazy("Low"),
    "medium": gettext_lazy("Medium"),
    "high": gettext_lazy("High"),
}
SERVES = {
    "sbi": gettext_lazy("product group (SBI) on the impact sheet"),
    "cluster": gettext_lazy("product cluster of the impact sheet"),
}

# ------------------------------------------------------------------------------------------------- MCI
# (symbol, formula, what it is, attribute of methods.MciResult, unit); the formulas are the method's own
# (Ellen MacArthur Foundation & Granta Design 2015/2019), written as in materials.methods.
MCI_TERMS = (
    ("V", "V = M · (1 − F_R − F_U)", gettext_lazy("virgin feedstock"), "virgin_feedstock", "kg"),
    ("W₀", "W₀ = M · (1 − C_R − C_U)", gettext_lazy("unrecoverable waste"), "unrecoverable_waste", "kg"),
    (
        "W_C",
        "W_C = M · (1 − E_C) · C_R",
        gettext_lazy("waste from recycling the product at end of use"),
        "waste_recycling_eol",
        "kg",
    ),
    (
        "W_F",
        "W_F = M · (1 − E_F) · F_R / E_F",
        gettext_lazy("waste from making the recycled feedstock"),
        "waste_recycling_feedstock",
        "kg",
    ),
    ("W", "W = W₀ + (W_F + W_C) / 2", gettext_lazy("waste"), "waste", "kg"),
    (
        "LFI",
        "LFI = (V + W) / (2M + (W_F − W_C) / 2)",
        gettext_lazy("linear flow index"),
        "linear_flow_index",
        "",
    ),
    ("X", "X = (L / L_av) · (U / U_av)", gettext_lazy("utility"), "utility", ""),
    ("F(X)", "F(X) = 0.9 / X", gettext_lazy("utility factor"), "utility_factor", ""),
    ("MCI", "MCI = max(0, 1 − LFI · F(X))", gettext_lazy("Material Circularity Indicator"), "mci", ""),
)
