"""Interaction analysis (synergy / antagonism per pair and output), Sobol indices with second order, and the
Dask sweep that streams its results."""

from dataclasses import replace

import pytest

from simulation import analysis, sweep
from simulation.spec import CollectionRate, ExportRestriction, Scenario, ScrapExportLimit

from .test_kernel import CALM, MG


@pytest.mark.parametrize(
    "a, b, together, kind",
    [
        (1.0, 1.0, 3.0, analysis.SYNERGY),  # more than the sum
        (1.0, 1.0, 1.5, analysis.ANTAGONISM),  # less than the sum
        (1.0, 1.0, 2.0, analysis.ADDITIVE),
        (-1.0, -1.0, -3.0, analysis.SYNERGY),  # in size: reductions that reinforce each other
        (2.0, -1.0, 0.2, analysis.ANTAGONISM),
    ],
)
def test_classify(a, b, together, kind):
    assert analysis.classify(a, b, together, tolerance=0.01) == kind


def test_interaction_matrix_covers_every_pair_and_output():
    base = Scenario(material=MG, horizon=16, producers=6, manufacturers=6, params=CALM)
    items = [
        ExportRestriction(country="CN", start=2, duration=6, depth=0.5),
        CollectionRate(start=1, rate=0.9),
        ScrapExportLimit(start=1, max_share=0.0),
    ]
    matrix = analysis.interaction_matrix(base, items, seeds=(0,))
    assert len(matrix["pairs"]) == 3 * len(analysis.OUTCOMES)
    # Without the cut there is no shortage: collection and the scrap-export limit alone change none.
    pair = next(p for p in matrix["pairs"] if (p.first, p.second, p.output) == (1, 2, "total_shortage"))
    assert (pair.alone_first, pair.alone_second, pair.together) == (0.0, 0.0, 0.0)
    assert pair.kind == analysis.ADDITIVE
    # Keeping scrap at home and collecting more: both raise the recycling share, and together they do more
    # than the sum (the extra collected scrap is no longer exported): synergy.
    both = next(p for p in matrix["pairs"] if (p.first, p.second, p.output) == (1, 2, "mean_recycling_share"))
    assert both.kind == analysis.SYNERGY


def test_sobol_with_second_order_indices():
    base = Scenario(
        material=MG,
        horizon=12,
        producers=5,
        manufacturers=5,
        params=CALM,
        interventions=(
            ExportRestriction(country="CN", start=1, depth=0.5),
            CollectionRate(start=1, rate=0.5),
        ),
    )
    result = analysis.sobol(
        base, {"interventions.0.depth": (0.1, 0.9), "interventions.1.rate": (0.3, 1.0)}, n=16
    )
    shortage = result["total_shortage"]
    assert shortage["names"] == ["interventions.0.depth", "interventions.1.rate"]
    # The cut's depth drives the shortage far more than the collection rate.
    assert shortage["ST"][0] > shortage["ST"][1]
    assert len(shortage["S2"]) == 2 and shortage["S2"][0][1] is not None


def test_with_setting_refuses_an_unknown_name():
    with pytest.raises(KeyError):
        analysis.with_setting(Scenario(material=MG), "nothing.here", 1.0)


@pytest.mark.scenario
def test_dask_sweep_streams_results_and_cancels():
    base = Scenario(material=MG, horizon=8, producers=5, manufacturers=5)
    seen: dict[int, float] = {}
    with sweep.client(workers=1) as c:
        # 12 runs in tasks of 5 (5, 5 and 2), at most 2 tasks in flight: every run reported once
        done = sweep.stream(
            c,
            (replace(base, seed=s) for s in range(12)),
            lambda i, r: seen.update({i: r["price_peak"]}),
            window=2,
            chunk=5,
        )
        assert done == 12 and sorted(seen) == list(range(12))
        # the same seed gives the same summary, whichever task ran it
        assert seen[3] == sweep.run_one(replace(base, seed=3))["price_peak"]
        stopped = sweep.stream(
            c,
            (replace(base, seed=s) for s in range(50)),
            lambda i, r: None,
            window=2,
            chunk=4,
            cancelled=lambda: True,
        )
    assert stopped == 4  # the first finished task's runs, then nothing more


@pytest.mark.scenario
def test_a_long_sweep_keeps_only_a_short_log_of_the_messages_it_sent():
    """Dask keeps the last batches of messages it sent (with the runs' scenarios in them) for debugging; a
    sweep's client keeps only LOG_LENGTH of them, on the scheduler and on the workers, so its memory stops
    growing after a few dozen tasks (bench/simulation.py measures it)."""
    base = Scenario(material=MG, horizon=4, producers=5, manufacturers=5)
    with sweep.client(workers=1) as c:
        runs = 3 * sweep.LOG_LENGTH * 2
        scenarios = (replace(base, seed=s) for s in range(runs))
        assert sweep.stream(c, scenarios, lambda i, r: None, chunk=2) == runs
        scheduler = c.cluster.scheduler
        logs = [stream.recent_message_log for stream in scheduler.stream_comms.values()]
        logs += [stream.recent_message_log for stream in scheduler.client_comms.values()]
        kept = c.run(
            lambda dask_worker: [
                dask_worker.batched_stream.recent_message_log.maxlen,
                len(dask_worker.state.stimulus_log),
                len(dask_worker.state.log),
            ]
        )
    assert logs and all(log.maxlen == sweep.LOG_LENGTH for log in logs)
    assert sum(len(log) for log in logs) <= len(logs) * sweep.LOG_LENGTH
    for maxlen, stimuli, transitions in kept.values():
        assert maxlen == sweep.LOG_LENGTH and stimuli <= sweep.LOG_LENGTH and transitions <= sweep.LOG_LENGTH


def test_quarters_without_is_the_unmet_sum_over_the_groups_own_demand():
    # a group with 25 % of a base demand of 100 misses 10 + 15 units: (10 + 15) / 25 = 1 quarter
    assert analysis.quarters_without([10.0, 15.0], base_demand=100.0, share=0.25) == 1.0
    assert analysis.quarters_without([5.0], base_demand=100.0, share=0.0) is None
