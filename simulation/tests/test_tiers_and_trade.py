"""Worked examples of the export licence (and the governance that lengthens it), the two supply tiers (mining,
then refining) and the imports of scrap in the net outflow. Every expected figure is computed here from the
model's equations (docs/simulation-odd.md), in both implementations; randomness is off (CALM)."""

from dataclasses import replace

import numpy as np
import pytest

from simulation import kernel, reference
from simulation.spec import (
    DemandSurge,
    ExportLicence,
    ExportRestriction,
    MaterialInput,
    NewCapacity,
    Parameters,
    ProductGroup,
    Scenario,
    SpecError,
    Supplier,
    licence_delay,
    policy_schedule,
)

GROUPS = (ProductGroup("29", "auto", 0.6), ProductGroup("28", "machines", 0.4))
# Linear steady state of MG (as in test_kernel): collection 0.39 / 0.8 = 0.4875, half exported, efficiency
# 0.8: secondary 19.5, primary need 80.5, mining (and refining) capacity 1.1 × 80.5 = 88.55, China 87 %.
MG = MaterialInput(
    code="Mg",
    name="Magnesium",
    suppliers=(Supplier("CN", 0.87), Supplier("RU", 0.05), Supplier("IL", 0.04), Supplier("KZ", 0.04)),
    eol_recycling_rate=0.39,
    groups=GROUPS,
)
CALM = Parameters(outage_probability=0.0, demand_noise=0.0)
IMPLEMENTATIONS = [kernel.run, reference.run]


def scenario(**kwargs):
    defaults = dict(material=MG, horizon=12, producers=8, manufacturers=6, params=CALM)
    return Scenario(**{**defaults, **kwargs})


def with_governance(value):
    first, *rest = MG.suppliers
    return replace(MG, suppliers=(replace(first, governance=value), *rest))


# -- export licence -------------------------------------------------------------------------------------


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_an_export_licence_stops_exports_for_its_delay_then_they_flow(run):
    # Given a licence regime on China's exports from quarter 4 with a delay of 2 quarters (no governance
    # figure, so no extra delay)
    licence = ExportLicence(country="CN", start=4, delay=2)
    # When the model runs
    result = run(scenario(interventions=(licence,)))
    # Then quarters 4 and 5 get nothing from China, quarter 6 gets it again
    factors = [policy.export_factor[0] for policy in policy_schedule(scenario(interventions=(licence,)))]
    assert factors == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    unmet = result.series["unmet"]
    assert unmet[:3] == pytest.approx([0, 0, 0], abs=1e-9)
    # Quarter 4 (price still 1, demand 100): need 80.5, the others offer 13 % of 88.55.
    assert unmet[3] == pytest.approx(80.5 - 0.13 * 88.55)
    assert unmet[4] > 0
    # Quarter 6: need at most 80.5 (the price is above 1, so demand is below 100), capacity 88.55 again.
    assert unmet[5] == pytest.approx(0, abs=1e-9)


def test_a_licence_delay_is_refused_outside_1_to_40():
    with pytest.raises(SpecError) as refused:
        scenario(interventions=(ExportLicence(country="CN", start=1, delay=0),)).validate()
    assert "interventions.0.delay" in refused.value.errors


# -- governance -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "governance, delay",
    [
        (None, 2),  # no estimate: no extra delay
        (0.6, 2),  # good governance: none either
        (-0.5, 3),  # 2 + ⌈2 × 0.5⌉
        (-1.0, 4),  # 2 + ⌈2 × 1.0⌉
        (-1.2, 5),  # 2 + ⌈2 × 1.2⌉ = 2 + ⌈2.4⌉
    ],
)
def test_poor_governance_lengthens_the_licence_delay(governance, delay):
    item = ExportLicence(country="CN", start=4, delay=2)
    assert licence_delay(item, scenario(material=with_governance(governance))) == delay


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_governance_changes_the_outcome_of_a_licence(run):
    # Given the same licence regime on a supplier with good and with poor governance
    licence = ExportLicence(country="CN", start=4, delay=2)
    good = run(scenario(material=with_governance(0.6), interventions=(licence,)))
    poor = run(scenario(material=with_governance(-1.0), interventions=(licence,)))
    # Then exports stop for 2 quarters under good governance and for 4 under poor (2 + 2 × 1.0)
    assert good.series["unmet"][5] == pytest.approx(0, abs=1e-9)
    assert all(poor.series["unmet"][3:7] > 0)
    assert poor.series["unmet"][7] == pytest.approx(0, abs=1e-9)
    assert poor.summary["total_shortage"] > good.summary["total_shortage"]
    assert poor.summary["price_peak"] > good.summary["price_peak"]


def test_governance_leaves_a_quota_as_it_is():
    quota = ExportRestriction(country="CN", start=4, duration=2, depth=0.5)
    assert policy_schedule(
        scenario(material=with_governance(-1.0), interventions=(quota,))
    ) == policy_schedule(scenario(material=with_governance(0.6), interventions=(quota,)))


# -- two tiers: mining, then refining -------------------------------------------------------------------

# Mining is spread evenly over A and B, but A refines 90 % and B 10 %. No recycling (EoL rate 0): the
# primary need is all of demand, 100; mining and refining capacity 1.1 × 100 = 110 each.
TWO_TIERS = MaterialInput(
    code="X",
    name="X",
    suppliers=(Supplier("A", 0.5, refining_share=0.9), Supplier("B", 0.5, refining_share=0.1)),
    eol_recycling_rate=0.0,
    groups=GROUPS,
)


def even_refining():
    """TWO_TIERS with refining spread like mining (the default when the data has no refining shares)."""
    return replace(TWO_TIERS, suppliers=tuple(replace(s, refining_share=None) for s in TWO_TIERS.suppliers))


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_refining_in_a_country_binds_where_mining_does_not(run):
    # Steady state: A refines its own 55 and the 44 of ore B cannot refine (110 in all): no shortage.
    calm = run(scenario(material=TWO_TIERS, horizon=4))
    assert calm.series["unmet"] == pytest.approx([0, 0, 0, 0], abs=1e-9)
    assert calm.series["hhi"][0] == pytest.approx(0.9**2 + 0.1**2)
    # Given a ban on A's exports (refined metal and ore)
    ban = ExportRestriction(country="A", start=1, duration=0, depth=1.0)
    result = run(scenario(material=TWO_TIERS, interventions=(ban,), horizon=4))
    # Then B mines 55 but refines only 11 (10 % of 110): the refining tier binds, unmet 100 − 11 = 89.
    assert result.series["primary"][0] == pytest.approx(11.0)
    assert result.series["unmet"][0] == pytest.approx(89.0)
    # With refining spread like mining, B would refine all its 55: unmet 45.
    even = even_refining()
    assert run(scenario(material=even, interventions=(ban,), horizon=4)).series["unmet"][0] == pytest.approx(
        45.0
    )


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_too_little_refining_capacity_binds_while_the_mines_have_ore(run):
    # Given no spare refining capacity (100) beside 10 % spare mining (110), and demand 5 % up
    params = replace(CALM, refining_spare_capacity=0.0)
    material = replace(
        TWO_TIERS, suppliers=tuple(replace(s, refining_share=None) for s in TWO_TIERS.suppliers)
    )
    surge = DemandSurge(start=1, duration=0, factor=1.05)
    result = run(scenario(material=material, interventions=(surge,), params=params, horizon=2))
    # Then the need is 105, the mines could give 110, the refiners give 100: unmet 5.
    assert result.series["primary"][0] == pytest.approx(100.0)
    assert result.series["unmet"][0] == pytest.approx(5.0)
    # With 10 % spare refining the same surge is met in full.
    met = run(scenario(material=material, interventions=(surge,), horizon=2))
    assert met.series["unmet"][0] == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_new_refining_capacity_arrives_before_new_mining(run):
    # Given a ban by China and new capacity in the Netherlands (mine and refinery), with demand that does
    # not respond to the price (no elasticity, no thrifting) and no investment in response to prices
    params = replace(CALM, invest_rate=0.0, elasticity=0.0, thrift_rate=0.0)
    ban = ExportRestriction(country="CN", start=1, duration=0, depth=1.0)
    plain = run(scenario(interventions=(ban,), params=params))
    more = run(scenario(interventions=(ban, NewCapacity(country="NL", start=1, amount=0.5)), params=params))
    # Then the refinery (lead time 4) has no ore of its own before the mine (lead time 8) produces, and
    # the other countries refine all their own ore: nothing changes before quarter 9.
    assert np.allclose(plain.series["primary"][:8], more.series["primary"][:8])
    # From quarter 9 the Dutch mine and refinery add 0.5 × 80.5 = 40.25 (the need stays 80.5).
    assert more.series["primary"][8] - plain.series["primary"][8] == pytest.approx(40.25)


# -- scrap imports in the net outflow --------------------------------------------------------------------


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_scrap_imports_are_subtracted_from_the_net_outflow(run):
    # Given imports of scrap of 10 % of base demand per quarter (10)
    material = replace(MG, scrap_imports=0.1)
    result = run(scenario(material=material))
    s = result.series
    # Then the recyclers hold 0.4875 × 0.5 × 100 + 10 = 34.375 and supply 0.8 × 34.375 = 27.5
    assert np.allclose(s["secondary"], 27.5)
    assert np.allclose(s["primary"], 100 - 27.5)
    # and the net outflow is the exported scrap minus the imported: 24.375 − 10 = 14.375 per quarter.
    assert np.allclose(s["net_outflow"], 14.375)
    assert np.allclose(s["price"], 1.0)
    # Without imports the net outflow is the exported scrap alone.
    assert np.allclose(run(scenario()).series["net_outflow"], 24.375)


@pytest.mark.parametrize("run", IMPLEMENTATIONS)
def test_more_imports_than_exports_make_the_net_outflow_negative(run):
    # Circular: 0.85 × 10 % = 8.5 exported per quarter; imports 20: net outflow 8.5 − 20 = −11.5.
    result = run(scenario(material=replace(MG, scrap_imports=0.2), configuration="circular"))
    assert np.allclose(result.series["net_outflow"], -11.5)


def test_negative_scrap_imports_are_refused():
    with pytest.raises(SpecError) as refused:
        scenario(material=replace(MG, scrap_imports=-0.1)).validate()
    assert "material.scrap_imports" in refused.value.errors


def test_refining_shares_must_sum_to_one():
    bad = replace(
        TWO_TIERS, suppliers=(Supplier("A", 0.5, refining_share=0.9), Supplier("B", 0.5, refining_share=0.3))
    )
    with pytest.raises(SpecError) as refused:
        scenario(material=bad).validate()
    assert "material.suppliers" in refused.value.errors
