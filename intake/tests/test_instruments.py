"""Support instruments of seed 2 §1 as data, and the eligibility quick check."""

import pytest

from intake import instruments
from intake.instruments import Consortium


def test_instruments_from_the_source():
    ckp = instruments.instrument("ckp")
    assert (ckp.min_smes, ckp.max_smes, ckp.max_large_companies) == (3, 6, 1)
    assert (ckp.min_months, ckp.max_months) == (12, 24)
    assert (ckp.max_subsidy_share_percent, ckp.max_subsidy_per_entrepreneur_eur) == (50, 20000)
    moonshot = instruments.instrument("moonshot")
    assert (moonshot.min_months, moonshot.max_months) == (6, 12)
    breakthrough = instruments.instrument("ketendoorbraak")
    assert (breakthrough.min_months, breakthrough.max_months) == (36, 48)
    assert all(
        item.source_section.startswith("Instructie ketendoorbraakprojecten, §1")
        for item in instruments.instruments()
    )


def test_four_phases_in_order():
    phases = instruments.phases()
    assert [p.code for p in phases] == ["initiatie", "verkenning", "uitvoering", "competitief"]
    assert [p.instrument for p in phases] == ["", "moonshot", "ketendoorbraak", ""]
    assert "geen actieve rol" in phases[0].versnellingshuis_role
    assert phases[1].duration == "6 maanden - 1 jaar" and phases[2].duration == "3 - 4 jaar"


def fits(consortium):
    return {fit.code: fit.fits for fit in instruments.eligibility(consortium)}


@pytest.mark.parametrize(
    ("smes", "large", "months", "expected"),
    [
        (3, 1, 24, True),
        (6, 0, 12, True),
        (2, 0, 24, False),  # too few SMEs
        (7, 0, 24, False),  # too many SMEs
        (4, 2, 24, False),  # more than one large company
        (4, 0, 25, False),  # longer than 2 years
        (4, 0, 11, False),  # shorter than 1 year
    ],
)
def test_ckp_rules(smes, large, months, expected):
    consortium = Consortium(
        smes=smes,
        large_companies=large,
        whole_chain=False,
        signed_ambition=False,
        plan_of_action=False,
        months=months,
    )
    assert fits(consortium)["ckp"] is expected


def test_whole_chain_without_ambition_fits_the_exploration():
    consortium = Consortium(
        smes=12, large_companies=4, whole_chain=True, signed_ambition=False, plan_of_action=False, months=9
    )
    assert fits(consortium) == {"ckp": False, "moonshot": True, "ketendoorbraak": False}


def test_signed_ambition_and_plan_fit_the_breakthrough_for_3_to_4_years():
    consortium = Consortium(
        smes=12, large_companies=4, whole_chain=True, signed_ambition=True, plan_of_action=True, months=48
    )
    assert fits(consortium) == {"ckp": False, "moonshot": False, "ketendoorbraak": True}
    too_long = Consortium(
        smes=12, large_companies=4, whole_chain=True, signed_ambition=True, plan_of_action=True, months=49
    )
    reasons = {fit.code: fit.reasons for fit in instruments.eligibility(too_long)}["ketendoorbraak"]
    assert [(reason.template, reason.params) for reason in reasons] == [
        (
            "%(name)s runs %(min)s to %(max)s months; you asked for %(n)s.",
            {"name": "Ketendoorbraakproject", "min": 36, "max": 48, "n": 49},
        ),
    ]
    assert reasons[0] == "Ketendoorbraakproject runs 36 to 48 months; you asked for 49."
