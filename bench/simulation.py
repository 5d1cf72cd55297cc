"""Benchmark of the supply-network simulation (issue 20): prints figures, times nothing as a test.

1. The Mesa reference model and the NumPy kernel side by side, at 1,000 and 10,000 agents × 100 steps, and
   their ratio (goal: the kernel ≥ 10× faster at 10,000 agents).
2. The wall time of a 200-run sweep on Dask with 1 and with 2 workers (goal: ≥ 1.8× from the second
   worker), of runs of 1,000 and of 10,000 agents × 100 steps, with one run per task and with the sweep's
   chunks of runs per task (`sweep.CHUNK`); median of 3 sweeps.
3. Memory of a streamed sweep (default 10,000 runs; `--sweep-runs N` for fewer), measured for this sweep
   alone, after 2,000 runs and at the end: the client's Python allocations (tracemalloc, started just
   before the sweep), the client's RSS and the workers' RSS against before — flat when results are
   streamed: the same after 2,000 runs as after 10,000. (Not ru_maxrss: that is the peak over the process's
   life, so the Mesa runs of part 1 set it.)

    .venv/bin/python bench/simulation.py [--sweep-runs 10000] [--skip-mesa-10000] [--sweep-only]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulation import kernel, reference, sweep  # noqa: E402
from simulation.inputs import from_files  # noqa: E402
from simulation.spec import ExportRestriction, Scenario  # noqa: E402

REPEAT = 3  # sweeps per configuration in part 2 (the median is compared)


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
    parser.add_argument("--memory-only", action="store_true", help="Part 3 only.")
    args = parser.parse_args()
    if args.memory_only:
        memory(args)
        return
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

    def cpu_seconds() -> float:
        times = __import__("psutil").Process().cpu_times()
        return times.user + times.system

    for agents in (1_000, 10_000):
        print(f"\n2. A 200-run sweep on Dask ({agents:,} agents × 100 steps per run)")
        runs = [replace(scenario(agents), seed=s) for s in range(200)]
        start = time.perf_counter()
        for item in runs:
            sweep.run_one(item)
        print(f"   the 200 runs in this process, without Dask: {time.perf_counter() - start:.2f} s")
        for chunk in (1, sweep.CHUNK):
            times = {}
            for workers in (1, 2):
                with sweep.client(workers=workers) as c:
                    c.run(lambda: __import__("simulation.kernel"))  # warm the workers (imports)
                    walls, cpus = [], []
                    for _ in range(REPEAT):
                        cpu_before = sum(c.run(cpu_seconds).values())
                        start = time.perf_counter()
                        done = sweep.stream(c, runs, lambda i, r: None, window=8, chunk=chunk)
                        walls.append(time.perf_counter() - start)
                        cpus.append(sum(c.run(cpu_seconds).values()) - cpu_before)
                    times[workers] = statistics.median(walls)
                print(
                    f"   {chunk:>2} run(s) per task, {workers} worker(s): "
                    f"{times[workers]:.2f} s for {done} runs, "
                    f"median of {REPEAT} ({', '.join(f'{w:.2f}' for w in walls)}; workers' CPU time "
                    f"{statistics.median(cpus):.2f} s; load average {os.getloadavg()[0]:.1f})"
                )
            speed_up = times[1] / times[2]
            print(f"   {chunk:>2} run(s) per task: speed-up from the second worker {speed_up:.2f}×")

    # Part 3 in a process of its own, so that it measures this sweep alone (the clusters of part 2 leave
    # allocations behind in this one that would be counted).
    command = [sys.executable, __file__, "--memory-only", "--sweep-runs", str(args.sweep_runs)]
    sys.exit(subprocess.run(command, check=False).returncode)  # noqa: S603 (this script itself)


def memory(args: argparse.Namespace) -> None:
    print(f"\n3. Memory of a streamed sweep of {args.sweep_runs:,} runs (40 agents × 40 steps), 2 workers")
    small = scenario(40, steps=40)
    checkpoints = sorted({min(2_000, args.sweep_runs), args.sweep_runs})
    with sweep.client(workers=2) as c:

        def workers_rss() -> float:
            return sum(c.run(lambda: __import__("psutil").Process().memory_info().rss).values()) / 2**20

        sweep.stream(c, (replace(small, seed=10**6 + s) for s in range(200)), lambda i, r: None)  # warm up
        before, worker_before = rss_mb(), workers_rss()
        kept = {"n": 0, "peak_sum": 0.0}

        def keep(index: int, summary: dict[str, float]) -> None:
            kept["n"] += 1  # streamed: a running total only (the job writes rows to the database)
            kept["peak_sum"] += summary["price_peak"]

        def held() -> tuple[int, int]:
            """The client's Python allocations still held (after a collection), the least of three readings
            0.2 s apart: a message in flight (a worker's heartbeat, megabytes at times) is not the sweep's."""
            readings = []
            for _ in range(3):
                gc.collect()
                readings.append(tracemalloc.get_traced_memory())
                time.sleep(0.2)
            return min(r[0] for r in readings), max(r[1] for r in readings)

        print(f"   before: client RSS {before:.0f} MB, workers' RSS (sum of 2) {worker_before:.0f} MB")
        tracemalloc.start()
        start = time.perf_counter()
        done = 0
        for checkpoint in checkpoints:
            scenarios = (replace(small, seed=s) for s in range(done, checkpoint))
            sweep.stream(c, scenarios, keep, window=64)
            done = checkpoint
            current, peak = held()
            print(
                f"   after {done:>6,} runs ({time.perf_counter() - start:.1f} s): "
                f"client RSS {rss_mb():.0f} MB "
                f"({rss_mb() - before:+.0f}), Python allocations now {current / 2**20:.1f} MB "
                f"(peak {peak / 2**20:.1f} MB), workers' RSS {workers_rss():.0f} MB "
                f"({workers_rss() - worker_before:+.0f})"
            )
        tracemalloc.stop()
    print(f"   {kept['n']:,} runs; mean price peak {kept['peak_sum'] / max(1, kept['n']):.2f}")


if __name__ == "__main__":
    main()
