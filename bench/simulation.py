"""Benchmark of the supply-network simulation (issue 20): prints figures, times nothing as a test.

1. The Mesa reference model and the NumPy kernel side by side, at 1,000 and 10,000 agents × 100 steps, and
   their ratio (goal: the kernel ≥ 10× faster at 10,000 agents).
2. The wall time of a 200-run sweep on Dask with 1 and with 2 workers (goal: ≥ 1.8× from the second
   worker), with one run per task and with the sweep's chunks of runs per task (`sweep.CHUNK`).
3. Memory of a streamed sweep (default 10,000 runs; `--sweep-runs N` for fewer), measured for this sweep
   alone: the client's peak of Python allocations during the sweep (tracemalloc, started just before it),
   the client's RSS before and after it, and the workers' RSS before and after it — flat when results are
   streamed. (Not ru_maxrss: that is the peak over the process's life, so the Mesa runs of part 1 set it.)

    .venv/bin/python bench/simulation.py [--sweep-runs 10000] [--skip-mesa-10000] [--sweep-only]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
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
    """The resident memory of this process now (not its lifetime peak)."""
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep-runs", type=int, default=10_000)
    parser.add_argument("--skip-mesa-10000", action="store_true")
    parser.add_argument("--sweep-only", action="store_true", help="Parts 2 and 3 only.")
    args = parser.parse_args()
    print(f"(machine: {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start)")

    print("1. Mesa reference model against the NumPy kernel (100 steps, magnesium, 50 % export cut)")
    print(f"{'agents':>8} {'Mesa (s)':>10} {'kernel (s)':>11} {'ratio':>8}")
    for agents in () if args.sweep_only else (1_000, 10_000):
        item = scenario(agents)
        fast = timed(kernel.run, item, repeat=3)
        if agents == 10_000 and args.skip_mesa_10000:
            print(f"{agents:>8} {'skipped':>10} {fast:>11.3f}")
            continue
        slow = timed(reference.run, item)
        print(f"{agents:>8} {slow:>10.3f} {fast:>11.3f} {slow / fast:>7.1f}×")

    print("\n2. A 200-run sweep on Dask (1,000 agents × 100 steps per run)")
    runs = [replace(scenario(1_000), seed=s) for s in range(200)]
    start = time.perf_counter()
    for item in runs:
        sweep.run_one(item)
    print(f"   the 200 runs in this process, without Dask: {time.perf_counter() - start:.2f} s")

    def cpu_seconds() -> float:
        times = __import__("psutil").Process().cpu_times()
        return times.user + times.system

    for chunk in (1, sweep.CHUNK):
        times = {}
        for workers in (1, 2):
            with sweep.client(workers=workers) as c:
                c.run(lambda: __import__("simulation.kernel"))  # warm the workers (imports)
                cpu_before = sum(c.run(cpu_seconds).values())
                start = time.perf_counter()
                done = sweep.stream(c, runs, lambda i, r: None, window=8, chunk=chunk)
                times[workers] = time.perf_counter() - start
                cpu = sum(c.run(cpu_seconds).values()) - cpu_before
            print(
                f"   {chunk:>2} run(s) per task, {workers} worker(s): {times[workers]:.2f} s for {done} runs "
                f"(workers' CPU time {cpu:.2f} s; load average {os.getloadavg()[0]:.1f})"
            )
        print(f"   {chunk:>2} run(s) per task: speed-up from the second worker {times[1] / times[2]:.2f}×")

    print(f"\n3. Memory of a streamed sweep of {args.sweep_runs:,} runs (40 agents × 40 steps each)")
    small = scenario(40, steps=40)
    with sweep.client(workers=2) as c:
        before = rss_mb()
        worker_before = sum(c.run(lambda: __import__("psutil").Process().memory_info().rss).values()) / 2**20
        kept = {"n": 0, "peak_sum": 0.0}

        def keep(index: int, summary: dict[str, float]) -> None:
            kept["n"] += (
                1  # streamed: only a running total is kept here (the job writes rows to the database)
            )
            kept["peak_sum"] += summary["price_peak"]

        tracemalloc.start()
        start = time.perf_counter()
        sweep.stream(c, (replace(small, seed=s) for s in range(args.sweep_runs)), keep, window=64)
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        after = rss_mb()
        worker_after = sum(c.run(lambda: __import__("psutil").Process().memory_info().rss).values()) / 2**20
    print(
        f"   {kept['n']:,} runs in {elapsed:.1f} s; "
        f"mean price peak {kept['peak_sum'] / max(1, kept['n']):.2f}"
    )
    print(f"   client: peak of Python allocations during the sweep (tracemalloc) {peak / 2**20:.1f} MB")
    print(f"   client RSS: {before:.0f} MB before the sweep, {after:.0f} MB after ({after - before:+.0f} MB)")
    print(f"   workers' RSS (sum of 2): {worker_before:.0f} MB before, {worker_after:.0f} MB after")


if __name__ == "__main__":
    main()
