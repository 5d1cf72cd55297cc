"""The kernel and the reference model against figures computed by hand (steady state, a ban, a stockpile),
the refusals of bad input (each naming its field), and the invariants."""

from dataclasses import replace

import numpy as np
import pytest

from simulation import kernel, reference
from simulation.spec import (
    CIRCULAR,
    CollectionRate,
    DemandSurge,
    ExportRestriction,
    InvariantError,
    LifetimeExtension,
    MaterialInput,
    NewCapacity,
    Parameters,
    ProductGroup,
    Scenario,
    ScrapExportLimit,
    SpecError,
    StockpileRelease,
    Substitution,
    Supplier,
    intervention_from_dict,
)

MG = MaterialInput(
    code="Mg",
    name="Magnesium",
    suppliers=(Supplier("CN", 0.87), Supplier("RU", 0.05), Supplier("IL", 0.04), Supplier("KZ", 0.04)),
    eol_recycling_rate=0.39,
    groups=(
        ProductGroup("29", "auto", 0.5),
        ProductGroup("28", "machines", 0.3),
        ProductGroup("25", "metal", 0.2),
    ),
)
# No randomness: outages and demand noise off, so every figure can be computed by hand.
CALM = Parameters(outage_probability=0.0, demand_noise=0.0)
IMPLEMENTATIONS = [kernel.run, reference.run]


def scenario(**kwargs):
    defaults = dict(material=MG, horizon=12, producers=8, manufacturers=6, params=CALM)
    return Scenario(**{**defaults, **kwargs})


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_linear_steady_state_by_hand(run):
    # Linear: collection 0.39 / 0.8 = 0.4875, half exported; recycled at home 0.4875 × 0.5 × 0.8 = 0.195.
    result = run(scenario())
    s = result.series
    assert np.allclose(s["price"], 1.0)
    assert np.allclose(s["unmet"], 0.0)
    assert np.allclose(s["recycling_share"], 0.195)
    assert np.allclose(s["net_outflow"], 0.4875 * 0.5 * 100)  # exported scrap: 24.375 per step
    assert np.allclose(s["primary"], 80.5)
    # HHI of the delivered primary supply: the shares themselves.
    assert np.allclose(s["hhi"], 0.87**2 + 0.05**2 + 0.04**2 + 0.04**2)


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_circular_recycles_more(run):
    result = run(scenario(configuration=CIRCULAR))
    # collection 0.85, 10 % exported, efficiency 0.9: 0.85 × 0.9 × 0.9 = 0.6885 of demand is secondary.
    assert np.allclose(result.series["recycling_share"], 0.6885)
    assert np.allclose(result.series["net_outflow"], 0.85 * 0.1 * 100)


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_a_ban_by_the_dominant_supplier_by_hand(run):
    # Capacity 1.1 × 80.5 = 88.55, of which China 87 %: a ban leaves 11.5115 for a need of 80.5.
    result = run(scenario(interventions=(ExportRestriction(country="CN", start=1, duration=4, depth=1.0),)))
    assert result.series["unmet"][0] == pytest.approx(80.5 - 88.55 * 0.13)
    # The price rises: exp(3 × short − 0.2 × (0 − 0.1)) with short = 68.9885 / 100.
    assert result.series["price"][0] == pytest.approx(np.exp(3.0 * 0.689885 + 0.2 * 0.1))
    # Shortage per product group in proportion to its demand.
    assert result.unmet_by_group[0] == pytest.approx([0.5 * 68.9885, 0.3 * 68.9885, 0.2 * 68.9885])
    # No supply from China: the HHI of what was delivered is that of the three others (5, 4, 4 of 13).
    assert result.series["hhi"][0] == pytest.approx((25 + 16 + 16) / 169)


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_stockpile_release_covers_its_rate(run):
    ban = ExportRestriction(country="CN", start=1, duration=4, depth=1.0)
    without = run(scenario(interventions=(ban,)))
    with_stock = run(
        scenario(interventions=(ban, StockpileRelease(start=1, duration=4, size=2.0, rate=0.25)))
    )
    assert without.series["unmet"][0] - with_stock.series["unmet"][0] == pytest.approx(25.0)


def test_interventions_move_outputs_the_right_way():
    ban = ExportRestriction(country="CN", start=2, duration=6, depth=0.5)
    base = kernel.run(scenario(interventions=(ban,), horizon=20)).summary
    runs = {
        "limit": (ScrapExportLimit(start=1, max_share=0.0),),
        "collection": (CollectionRate(start=1, rate=0.9),),
        "capacity": (NewCapacity(country="NL", start=1, amount=0.5),),
        "substitution": (Substitution(start=1, reduction=0.3, ramp=1),),
    }
    out = {k: kernel.run(scenario(interventions=(ban, *v), horizon=20)).summary for k, v in runs.items()}
    assert out["limit"]["total_net_outflow"] < base["total_net_outflow"]
    assert out["collection"]["mean_recycling_share"] > base["mean_recycling_share"]
    assert out["substitution"]["total_shortage"] < base["total_shortage"]
    surge = kernel.run(
        scenario(interventions=(ban, DemandSurge(start=2, duration=6, factor=1.5)), horizon=20)
    )
    assert surge.summary["total_shortage"] > base["total_shortage"]
    longer = kernel.run(scenario(interventions=(LifetimeExtension(start=1, factor=1.5),), horizon=20))
    assert longer.series["stock_in_use"][-1] > kernel.run(scenario(horizon=20)).series["stock_in_use"][-1]


def test_new_capacity_arrives_after_the_lead_time():
    ban = ExportRestriction(country="CN", start=1, duration=0, depth=1.0)
    plain = kernel.run(scenario(interventions=(ban,), horizon=12, params=replace(CALM, invest_rate=0.0)))
    more = kernel.run(
        scenario(
            interventions=(ban, NewCapacity(country="NL", start=1, amount=0.5)),
            horizon=12,
            params=replace(CALM, invest_rate=0.0),
        )
    )
    # Lead time 8: ordered at step 1, producing from step 9.
    assert np.allclose(plain.series["primary"][:8], more.series["primary"][:8])
    assert more.series["primary"][8] > plain.series["primary"][8]


def test_same_seed_same_run_and_never_nan():
    a = kernel.run(scenario(params=Parameters(), seed=7, horizon=30))
    b = kernel.run(scenario(params=Parameters(), seed=7, horizon=30))
    assert all(np.array_equal(a.series[k], b.series[k]) for k in a.series)
    assert all(np.isfinite(v).all() for v in a.series.values())


@pytest.mark.parametrize(
    "change, field",
    [
        (
            dict(material=replace(MG, suppliers=(Supplier("CN", 0.8), Supplier("RU", 0.1)))),
            "material.suppliers",
        ),
        (dict(horizon=0), "horizon"),
        (dict(interventions=(NewCapacity(country="NL", start=1, amount=-0.2),)), "interventions.0.amount"),
        (
            dict(interventions=(ExportRestriction(country="XX", start=1, depth=0.5),)),
            "interventions.0.country",
        ),
        (
            dict(interventions=(ExportRestriction(country="CN", start=12, depth=0.5),)),
            "interventions.0.start",
        ),
        (
            dict(interventions=(ExportRestriction(country="CN", start=10, duration=5, depth=0.5),)),
            "interventions.0.duration",
        ),
        (dict(interventions=(ExportRestriction(country="CN", start=1, depth=1.5),)), "interventions.0.depth"),
        (dict(configuration="spiral"), "configuration"),
        (dict(params=replace(CALM, lead_time=-1)), "params.lead_time"),
    ],
)
def test_bad_input_is_refused_naming_the_field(change, field):
    with pytest.raises(SpecError) as refused:
        kernel.run(scenario(**change))
    assert field in refused.value.errors


def test_unknown_intervention_kind_is_refused():
    with pytest.raises(SpecError) as refused:
        intervention_from_dict({"kind": "meteor", "start": 1})
    assert "interventions.kind" in refused.value.errors
    assert intervention_from_dict({"kind": "demand_surge", "start": 2, "factor": 1.2}) == DemandSurge(
        start=2, factor=1.2
    )


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_a_broken_invariant_stops_the_run_naming_step_and_agent(run):
    # A negative share (refused by validation, so it is skipped here) gives a producer negative capacity.
    broken = replace(MG, suppliers=(Supplier("CN", 1.1), Supplier("RU", -0.1)))
    with pytest.raises(InvariantError) as stopped:
        run(scenario(material=broken), validate=False)
    assert stopped.value.step == 1
    assert "mine" in stopped.value.agent and "RU" in stopped.value.agent
