"""Banding by the stated thresholds; worst indicator; perspective for action."""

import pytest

from materials import risk


@pytest.mark.parametrize(
    ("indicator", "value", "band"),
    [
        ("hhi", 0.14, "low"),
        ("hhi", 0.15, "medium"),
        ("hhi", 0.25, "high"),
        ("eol_recycling_rate", 0.60, "low"),
        ("eol_recycling_rate", 0.50, "low"),
        ("eol_recycling_rate", 0.30, "medium"),
        ("eol_recycling_rate", 0.05, "high"),
        ("reserve_production_ratio", 12, "high"),
        ("reserve_production_ratio", 50, "medium"),
        ("reserve_production_ratio", 100, "low"),
        ("weighted_wgi", 6.2, "high"),
        ("csr_risk", 9, "high"),
        ("companionality", None, "unknown"),
    ],
)
def test_bands(indicator, value, band):
    assert risk.DEFAULT_THRESHOLDS[indicator].band(value) == band


def test_worst_indicator_and_actions():
    # Antimony-like: HHI 0.6538 (severity (0.6538−0.15)/0.10 = 5.04), R/P 12 years (severity (12−100)/(25−100)
    # = 1.17), EoL-RR 0.10 (exactly the high threshold? 0.10 is not < 0.10 → medium)
    profile = risk.material_risk(
        "Antimony", {"hhi": 0.6538, "reserve_production_ratio": 12, "eol_recycling_rate": 0.10}
    )
    assert profile.worst.indicator == "hhi"
    assert profile.band == "high"
    bands = {item.indicator: item.band for item in profile.indicators}
    assert bands["eol_recycling_rate"] == "medium" and bands["reserve_production_ratio"] == "high"
    assert bands["price_volatility"] == "unknown"
    # worst first: concentration (diversify, secure recycled, substitute, stockpile), then depletion,
    # recycling
    assert profile.actions == [
        "diversify_suppliers",
        "secure_recycled_supply",
        "substitute",
        "stockpile",
        "design_for_disassembly",
    ]
    assert profile.r_strategies == ["R0", "R1", "R2", "R3", "R4", "R5", "R6", "R8"]


def test_product_is_as_exposed_as_its_most_exposed_material():
    copper = risk.material_risk("Copper", {"hhi": 0.18}, kg=1.8)
    gallium = risk.material_risk("Gallium", {"hhi": 0.65}, kg=0.02, critical=True)
    product = risk.ProductRisk("Motor", [copper, gallium])
    assert product.indicator_band("hhi") == ("high", "Gallium")
    assert product.worst[0].material == "Gallium" and product.band == "high"
    assert product.kg == pytest.approx(1.82) and product.critical_kg == pytest.approx(0.02)


def test_thresholds_are_configurable():
    limits = risk.thresholds_with({"hhi": {"low_below": 0.5, "high_from": 0.7}})
    assert limits["hhi"].band(0.6538) == "medium"
    assert limits["hhi"].describe() == "low < 0.5 ≤ medium < 0.7 ≤ high"
    with pytest.raises(ValueError, match="unknown indicator"):
        risk.thresholds_with({"luck": {"low_below": 1}})
