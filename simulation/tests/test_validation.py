"""The validation case: the rare-earth export quotas of 2010–2014 (docs/simulation-validation.md). The test
fails when the model loses the historical pattern: a price spike of an order of magnitude about a year
after the cut, a demand response (thrifting) of at least a fifth, and a recovery of the price within two
years of the peak while the quota is still in force."""

import numpy as np
import pytest

from simulation import kernel, reference, validation


@pytest.mark.parametrize("run", [kernel.run, reference.run])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rare_earth_quota_pattern(run, seed):
    result = run(validation.scenario(seed))
    price, demand = result.series["price"], result.series["demand"]
    peak_step = int(np.argmax(price)) + 1
    peak = price.max()
    cut_step = 1
    # price spike: an order of magnitude, about a year after the cut
    assert validation.PEAK_AT_LEAST <= peak <= validation.PEAK_AT_MOST
    low, high = validation.PEAK_QUARTERS_AFTER_CUT
    assert low <= peak_step - cut_step <= high
    # demand response: thrifting and substitution lower demand by at least a fifth
    assert demand.min() <= (1 - validation.DEMAND_FALL_AT_LEAST) * demand[0]
    # recovery: within two years of the peak the price is below a third of it, with the quota still in force
    later = price[peak_step - 1 + validation.RECOVERY_WITHIN]
    assert later <= validation.RECOVERY_BELOW * peak
    assert peak_step + validation.RECOVERY_WITHIN <= 1 + 18


def test_without_the_quota_there_is_no_episode():
    from dataclasses import replace

    calm = kernel.run(replace(validation.scenario(0), interventions=()))
    assert calm.series["price"].max() < 1.5
