"""Benchmark of the supply-network simulation (issue 20): prints figures, times nothing as a test.

1. The Mesa reference model and the NumPy kernel side by side, at 1,000 and 10,000 agents × 100 steps, and
   their ratio (goal: the kernel ≥ 10× faster at 10,000 agents).
2. The wall time of a 200-run sweep on Dask with 1 and with 2 workers (goal: ≥ 1.8× from the second
   worker).
3. Peak memory of a streamed sweep (default 10,000 runs; `--sweep-runs N` for fewer): the client's peak RSS
   and the workers' memory, before and after — flat when results are streamed.

    .venv/bin/python bench/simulation.py [--sweep-runs 10000] [--skip-mesa-10000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulation import kernel, reference, sweep  # noqa: E402
from simulation.inputs import from_files  # noqa: E402
from simulation.spec import ExportRestriction, Scenario  # noqa: E402


def scenario(agents: int, steps: int = 100, seed: int = 0) -> Scenario:
    material = from_files("Magnesium", code="Mg")
    cut = ExportRestriction(country="CN", start=10, duration=20, depth=0.5)
    return Scenario(
        material=material,
        interventions=(cut,),
        horizon=steps,
        seed=seed,
        producers=agents // 2,
        manufacturers=agents - agents // 2,
    )


def timed(run, item: Scenario, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(item)
        best = min(best, time.perf_counter() - start)
    return best


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep-runs", type=int, default=10_000)
    parser.add_argument("--skip-mesa-10000", action="store_true")
    args = parser.parse_args()

    print("1. Mesa reference model against the NumPy kernel (100 steps, magnesium, 50 % export cut)")
    print(f"{'agents':>8} {'Mesa (s)':>10} {'kernel (s)':>11} {'ratio':>8}")
    for agents in (1_000, 10_000):
        item = scenario(agents)
        fast = timed(kernel.run, item, repeat=3)
        if agents == 10_000 and args.skip_mesa_10000:
            print(f"{agents:>8} {'skipped':>10} {fast:>11.3f}")
            continue
        slow = timed(reference.run, item)
        print(f"{agents:>8} {slow:>10.3f} {fast:>11.3f} {slow / fast:>7.1f}×")

    print("\n2. A 200-run sweep on Dask (1,000 agents × 100 steps per run, one run per task)")
    runs = [replace(scenario(1_000), seed=s) for s in range(200)]
    times = {}
    for workers in (1, 2):
        with sweep.client(workers=workers) as c:
            c.submit(sweep.run_one, runs[0]).result()  # warm the workers
            start = time.perf_counter()
            done = sweep.stream(c, runs, lambda i, r: None, window=8)
            times[workers] = time.perf_counter() - start
        print(f"   {workers} worker(s): {times[workers]:.2f} s for {done} runs")
    print(f"   speed-up from the second worker: {times[1] / times[2]:.2f}×")

    print(f"\n3. Peak memory of a streamed sweep of {args.sweep_runs:,} runs (40 agents × 40 steps each)")
    small = scenario(40, steps=40)
    before = rss_mb()
    with sweep.client(workers=2) as c:
        worker_before = sum(c.run(lambda: __import__("psutil").Process().memory_info().rss).values()) / 2**20
        kept = {"n": 0, "peak_sum": 0.0}

        def keep(index: int, summary: dict[str, float]) -> None:
            kept["n"] += (
                1  # streamed: only a running total is kept here (the job writes rows to the database)
            )
            kept["peak_sum"] += summary["price_peak"]

        start = time.perf_counter()
        sweep.stream(c, (replace(small, seed=s) for s in range(args.sweep_runs)), keep, window=64)
        elapsed = time.perf_counter() - start
        worker_after = sum(c.run(lambda: __import__("psutil").Process().memory_info().rss).values()) / 2**20
    after = rss_mb()
    print(
        f"   {kept['n']:,} runs in {elapsed:.1f} s; "
        f"mean price peak {kept['peak_sum'] / max(1, kept['n']):.2f}"
    )
    print(f"   client peak RSS: {before:.0f} MB before, {after:.0f} MB after")
    print(f"   workers' RSS (sum of 2): {worker_before:.0f} MB before, {worker_after:.0f} MB after")


if __name__ == "__main__":
    main()
