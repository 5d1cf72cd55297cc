"""Worked examples computed by hand from the published formulas (steps in each test), plus properties."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from materials import methods as m
from materials.methods import CountrySupply, LansinkLadder, RLadder


# ----------------------------------------------------------------------------------------------------- HHI
def test_hhi_worked_example():
    # shares 50 %, 30 %, 20 %: 0.5² + 0.3² + 0.2² = 0.25 + 0.09 + 0.04 = 0.38
    assert m.hhi([0.5, 0.3, 0.2]) == pytest.approx(0.38)


def test_hhi_monopoly_and_equal_split():
    assert m.hhi([1.0]) == 1.0
    # four equal suppliers: 4 · 0.25² = 0.25 = 1/n
    assert m.hhi([0.25] * 4) == pytest.approx(0.25)


def test_hhi_rescales_rounded_shares():
    # 0.5 + 0.5 + 0.005 = 1.005 (within ± 0.01); rescaled: (0.5/1.005)²·2 + (0.005/1.005)² = 0.49502…
    expected = 2 * (0.5 / 1.005) ** 2 + (0.005 / 1.005) ** 2
    assert m.hhi([0.5, 0.5, 0.005]) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ([], "at least one"),
        ([0.5, 0.3], "sum to 1"),
        ([1.2, -0.2], "between 0 and 1"),
        ([float("nan"), 1.0], "finite"),
        (["x"], "must be a number"),
    ],
)
def test_hhi_refuses_bad_shares(shares, message):
    with pytest.raises(ValueError, match=message):
        m.hhi(shares)


@st.composite
def share_vectors(draw):
    weights = draw(st.lists(st.floats(min_value=0.001, max_value=1000), min_size=1, max_size=30))
    total = math.fsum(weights)
    return [weight / total for weight in weights]


@given(share_vectors())
def test_hhi_between_one_over_n_and_one(shares):
    value = m.hhi(shares)
    assert 1 / len(shares) - 1e-12 <= value <= 1.0


# ----------------------------------------------------------------------------------------------------- WGI
@pytest.mark.parametrize(
    ("estimate", "scaled"),
    [
        (1.0, 3.0),  # 5 − 2·1.0 = 3
        (-1.5, 8.0),  # 5 − 2·(−1.5) = 8
        (0.0, 5.0),
        (2.5, 0.0),  # 5 − 5 = 0
        (3.0, 0.0),  # 5 − 6 = −1 → clamped to 0
        (-3.0, 10.0),  # 5 + 6 = 11 → clamped to 10
    ],
)
def test_wgi_scaled(estimate, scaled):
    assert m.wgi_scaled(estimate) == pytest.approx(scaled)


def test_wgi_scaled_refuses_nan():
    with pytest.raises(ValueError, match="finite"):
        m.wgi_scaled(float("nan"))


# ------------------------------------------------------------------------------------------------ SR and EI
GLOBAL = [
    CountrySupply("CN", 0.8, m.wgi_scaled(-0.5)),  # 5 + 1 = 6.0
    CountrySupply("AU", 0.2, m.wgi_scaled(1.5)),  # 5 − 3 = 2.0
]
EU = [
    CountrySupply("CN", 0.5, 6.0, trade_factor=1.2),  # export restriction raises t to 1.2
    CountrySupply("NO", 0.5, m.wgi_scaled(1.75)),  # 5 − 3.5 = 1.5
]


def test_eu_supply_risk_worked_example():
    # HHI_WGI,GS = 0.8²·6·1 + 0.2²·2·1 = 3.84 + 0.08 = 3.92
    assert m.hhi_wgi(GLOBAL) == pytest.approx(3.92)
    # HHI_WGI,EU = 0.5²·6·1.2 + 0.5²·1.5·1 = 1.8 + 0.375 = 2.175
    assert m.hhi_wgi(EU) == pytest.approx(2.175)
    # IR = 0.6: bracket = 3.92·0.3 + 2.175·0.7 = 1.176 + 1.5225 = 2.6985
    # SR = 2.6985 · (1 − 0.1) · 0.9 = 2.6985 · 0.81 = 2.185785
    sr = m.eu_supply_risk(GLOBAL, EU, import_reliance=0.6, eol_rir=0.1, substitution_index=0.9)
    assert sr == pytest.approx(2.185785)


def test_eu_supply_risk_full_recycling_is_zero():
    # EoL-RIR = 1 → (1 − 1) = 0
    assert m.eu_supply_risk(GLOBAL, EU, import_reliance=0.6, eol_rir=1.0, substitution_index=0.9) == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"import_reliance": 1.5}, "import_reliance"),
        ({"eol_rir": -0.1}, "eol_rir"),
        ({"substitution_index": float("inf")}, "substitution_index"),
    ],
)
def test_eu_supply_risk_refuses_bad_arguments(kwargs, message):
    arguments = {"import_reliance": 0.5, "eol_rir": 0.1, "substitution_index": 0.9, **kwargs}
    with pytest.raises(ValueError, match=message):
        m.eu_supply_risk(GLOBAL, EU, **arguments)


def test_hhi_wgi_refuses_bad_wgi_and_trade_factor():
    with pytest.raises(ValueError, match=r"supply\[0\] \(CN\) wgi"):
        m.hhi_wgi([CountrySupply("CN", 1.0, 11.0)])
    with pytest.raises(ValueError, match="trade_factor"):
        m.hhi_wgi([CountrySupply("CN", 1.0, 5.0, trade_factor=0.5)])
    with pytest.raises(ValueError, match="at least one"):
        m.hhi_wgi([])


def test_eu_economic_importance_worked_example():
    # A: C25 0.6, C29 0.4; Q: C25 80, C29 200; max(Q) = 200; SI_EI = 0.95
    # Σ A·Q = 0.6·80 + 0.4·200 = 48 + 80 = 128; · 10/200 = 6.4; · 0.95 = 6.08
    ei = m.eu_economic_importance({"C25": 0.6, "C29": 0.4}, {"C25": 80, "C29": 200}, 200, 0.95)
    assert ei == pytest.approx(6.08)


def test_eu_economic_importance_refuses_bad_arguments():
    with pytest.raises(ValueError, match="no value for sector 'C29'"):
        m.eu_economic_importance({"C25": 0.6, "C29": 0.4}, {"C25": 80}, 200, 0.95)
    with pytest.raises(ValueError, match="exceeds max_value_added"):
        m.eu_economic_importance({"C25": 1.0}, {"C25": 300}, 200, 0.95)
    with pytest.raises(ValueError, match="max_value_added"):
        m.eu_economic_importance({"C25": 1.0}, {"C25": 0}, 0, 0.95)


@pytest.mark.parametrize(
    ("sr", "ei", "critical"),
    [
        (2.185785, 6.08, True),
        (1.0, 2.8, True),  # both thresholds inclusive
        (0.99, 5.0, False),
        (1.5, 2.79, False),
    ],
)
def test_is_critical(sr, ei, critical):
    assert m.is_critical(sr, ei) is critical


def test_is_critical_refuses_negative():
    with pytest.raises(ValueError, match="sr must not be negative"):
        m.is_critical(-1, 3)


fractions = st.floats(min_value=0, max_value=1)
concentrations = st.floats(min_value=0, max_value=20)


@given(concentrations, concentrations, concentrations, fractions, fractions, fractions)
def test_sr_monotone_in_each_concentration(low, high, other, ir, rir, si):
    low, high = sorted((low, high))
    kwargs = {"import_reliance": ir, "eol_rir": rir, "substitution_index": si}
    assert m.supply_risk_from_concentrations(low, other, **kwargs) <= m.supply_risk_from_concentrations(
        high, other, **kwargs
    )
    assert m.supply_risk_from_concentrations(other, low, **kwargs) <= m.supply_risk_from_concentrations(
        other, high, **kwargs
    )
    assert m.supply_risk_from_concentrations(low, other, **kwargs) >= 0


@given(share_vectors(), st.floats(min_value=0, max_value=10), fractions, fractions, fractions)
def test_sr_rises_when_two_suppliers_merge(shares, wgi, ir, rir, si):
    # Merging the first two countries (same governance) concentrates supply: SR must not fall.
    spread = [CountrySupply(f"C{i}", share, wgi) for i, share in enumerate(shares)]
    merged = ([CountrySupply("C0", shares[0] + shares[1], wgi)] if len(shares) > 1 else []) + spread[2:]
    if len(shares) == 1:
        merged = spread
    kwargs = {"import_reliance": ir, "eol_rir": rir, "substitution_index": si}
    before = m.eu_supply_risk(spread, spread, **kwargs)
    after = m.eu_supply_risk(merged, merged, **kwargs)
    assert after >= before - 1e-12
    assert not math.isnan(after)


# ------------------------------------------------------------------------------------------------------ MCI
def test_mci_worked_example():
    # M = 10 kg, F_R = 0.5, F_U = 0, C_R = 0.6, C_U = 0.1, E_C = 0.8, E_F = 0.9, L = 10, L_av = 5, U = U_av
    # V  = 10·(1 − 0.5 − 0)           = 5
    # W0 = 10·(1 − 0.6 − 0.1)         = 3
    # WC = 10·(1 − 0.8)·0.6           = 1.2
    # WF = 10·(1 − 0.9)·0.5 / 0.9     = 5/9 = 0.5556
    # W  = 3 + (5/9 + 1.2)/2          = 3 + 79/90 = 349/90 = 3.8778
    # LFI = (5 + 349/90) / (20 + (5/9 − 1.2)/2) = (799/90) / (1771/90) = 799/1771 = 0.451158
    # X = (10/5)·1 = 2, F(X) = 0.9/2 = 0.45
    # MCI = 1 − 0.45·799/1771 = 1 − 0.203021 = 0.796979
    result = m.material_circularity_indicator(
        mass=10,
        recycled_feedstock=0.5,
        collected_for_recycling=0.6,
        collected_for_reuse=0.1,
        recycling_efficiency_eol=0.8,
        recycling_efficiency_feedstock=0.9,
        lifetime=10,
        lifetime_industry_average=5,
    )
    assert result.virgin_feedstock == pytest.approx(5)
    assert result.unrecoverable_waste == pytest.approx(3)
    assert result.waste_recycling_eol == pytest.approx(1.2)
    assert result.waste_recycling_feedstock == pytest.approx(5 / 9)
    assert result.waste == pytest.approx(349 / 90)
    assert result.linear_flow_index == pytest.approx(799 / 1771)
    assert result.utility == pytest.approx(2)
    assert result.utility_factor == pytest.approx(0.45)
    assert result.mci == pytest.approx(1 - 0.45 * 799 / 1771)
    assert result.mci == pytest.approx(0.796979, abs=1e-6)


def test_mci_fully_linear_product_scores_point_one():
    # V = M, W = W0 = M → LFI = 2M / 2M = 1; X = 1 → MCI = 1 − 0.9 = 0.1
    assert m.material_circularity_indicator(mass=3).mci == pytest.approx(0.1)


def test_mci_fully_restorative_product_scores_one():
    # F_R = 1, C_R = 1, E_C = E_F = 1 → V = W = 0 → LFI = 0 → MCI = 1
    result = m.material_circularity_indicator(mass=3, recycled_feedstock=1, collected_for_recycling=1)
    assert result.mci == pytest.approx(1.0)


def test_mci_short_lived_linear_product_is_clamped_at_zero():
    # X = 0.5 → F(X) = 1.8; 1 − 1·1.8 = −0.8 → max(0, …) = 0
    assert m.material_circularity_indicator(mass=1, lifetime=1, lifetime_industry_average=2).mci == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mass": 0}, "mass must be greater than 0"),
        ({"mass": 1, "recycled_feedstock": 0.7, "reused_feedstock": 0.4}, "must not exceed 1"),
        ({"mass": 1, "collected_for_recycling": 0.7, "collected_for_reuse": 0.4}, "must not exceed 1"),
        ({"mass": 1, "recycled_feedstock": 0.5, "recycling_efficiency_feedstock": 0}, "greater than 0 when"),
        ({"mass": 1, "lifetime": -1}, "lifetime must be greater than 0"),
        ({"mass": 1, "collected_for_recycling": 1.1}, "between 0 and 1"),
    ],
)
def test_mci_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        m.material_circularity_indicator(**kwargs)


@given(
    st.floats(min_value=0.001, max_value=1e6),
    fractions,
    fractions,
    fractions,
    fractions,
    st.floats(min_value=0.01, max_value=1),
    st.floats(min_value=0.01, max_value=1),
    st.floats(min_value=0.01, max_value=100),
    st.floats(min_value=0.01, max_value=100),
)
def test_mci_between_zero_and_one(mass, fr, fu, cr, cu, ec, ef, lifetime, intensity):
    fu = min(fu, 1 - fr)
    cu = min(cu, 1 - cr)
    result = m.material_circularity_indicator(
        mass=mass,
        recycled_feedstock=fr,
        reused_feedstock=fu,
        collected_for_recycling=cr,
        collected_for_reuse=cu,
        recycling_efficiency_eol=ec,
        recycling_efficiency_feedstock=ef,
        lifetime=lifetime,
        intensity=intensity,
    )
    assert 0.0 <= result.mci <= 1.0
    assert 0.0 <= result.linear_flow_index <= 1.0


# -------------------------------------------------------------------------------------------------- ladders
def test_r_ladder_order_and_bands():
    assert list(RLadder) == sorted(RLadder)
    assert RLadder.REFUSE < RLadder.REPAIR < RLadder.RECOVER  # lower = more circular
    assert [r.code for r in m.r_band_members("R0-R2")] == ["R0", "R1", "R2"]
    assert [r.code for r in m.r_band_members("R3-R7")] == ["R3", "R4", "R5", "R6", "R7"]
    assert [r.code for r in m.r_band_members("R8-R9")] == ["R8", "R9"]
    assert RLadder.from_code("r6") is RLadder.REMANUFACTURE
    with pytest.raises(ValueError, match="R0 … R9"):
        RLadder.from_code("R10")
    with pytest.raises(ValueError, match="band"):
        m.r_band_members("R1-R3")


def test_lansink_ladder_order():
    assert LansinkLadder.PREVENTION == 1 and LansinkLadder.LANDFILL == 6
    assert LansinkLadder.RECYCLING < LansinkLadder.ENERGY_RECOVERY < LansinkLadder.INCINERATION
