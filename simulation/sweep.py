"""Parameter sweeps and replications on Dask distributed: one task runs a chunk of `chunk` runs.

A local cluster by default (`workers` processes, one thread each); with `SIMULATION_DASK_SCHEDULER` (a
scheduler address such as tcp://10.0.0.5:8786) the runs go to that cluster, on as many hosts as it has.
Results are streamed: at most `window` tasks are in flight, and each finished summary goes to `on_result`
(the job writes it to the database) and is not kept here, so memory stays flat however long the sweep.
`cancelled()` is asked between results; a cancelled sweep cancels what is still queued.

Why chunks: a kernel run of a saved scenario takes milliseconds, about what Dask spends scheduling,
serialising and reporting one task; with one run per task the scheduler, not the workers, set the pace and
a second worker made the sweep slower (docs/simulation-odd.md, "Performance", has the measurements).

Why a short low-level log: Dask keeps the last `distributed.admin.low-level-log-length` batches of messages
(default 1,000) for debugging, on the scheduler and on each worker, and a compute-task message carries its
chunk's scenarios. With the default, a sweep's memory grew by ~2 KB a run until 1,000 batches were kept (about
11 MB on the scheduler alone); with LOG_LENGTH it stops growing after the first few dozen tasks. A cluster at
SIMULATION_DASK_SCHEDULER keeps its own setting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .spec import Scenario

SCHEDULER_SETTING = "SIMULATION_DASK_SCHEDULER"


CHUNK = 10  # runs per task (the benchmark's measurements, docs/simulation-odd.md)
LOG_LENGTH = 32  # Dask's low-level logs (message batches kept for debugging) on a local cluster


def run_one(scenario: Scenario) -> dict[str, float]:
    """One run of the kernel, its summary only (the series stay on the worker)."""
    from . import kernel

    return kernel.run(scenario).summary


def run_chunk(scenarios: list[Scenario]) -> list[dict[str, float]]:
    """The task: the runs of one chunk, their summaries in order."""
    return [run_one(scenario) for scenario in scenarios]


@contextmanager
def client(*, workers: int = 2, address: str | None = None) -> Iterator[Any]:
    """A Dask client: to `address` (or the SIMULATION_DASK_SCHEDULER setting), else to a new local cluster."""
    import dask
    from dask.distributed import Client, LocalCluster

    address = address or os.environ.get(SCHEDULER_SETTING) or None
    if address:
        with Client(address) as c:
            yield c
        return
    with (
        dask.config.set({"distributed.admin.low-level-log-length": LOG_LENGTH}),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def stream(
    dask_client: Any,
    scenarios: Iterable[Scenario],
    on_result: Callable[[int, dict[str, float]], None],
    *,
    window: int = 64,
    chunk: int = CHUNK,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Run the scenarios in tasks of `chunk` runs, at most `window` tasks in flight; `on_result(index,
    summary)` for each run as its task finishes (in any order of tasks). Returns the number of runs
    finished."""
    from dask.distributed import as_completed

    iterator = enumerate(scenarios)
    pending = as_completed()
    first_of: dict[str, int] = {}

    def submit_next() -> bool:
        batch = []
        for index, scenario in iterator:
            batch.append((index, scenario))
            if len(batch) == chunk:
                break
        if not batch:
            return False
        future = dask_client.submit(run_chunk, [item for _, item in batch], pure=False)
        first_of[future.key] = batch[0][0]
        pending.add(future)
        return True

    for _ in range(window):
        if not submit_next():
            break
    done = 0
    for future in pending:
        first = first_of.pop(future.key)
        for offset, summary in enumerate(future.result()):
            on_result(first + offset, summary)
            done += 1
        future.release()
        if cancelled():
            for other in list(pending.futures):
                other.cancel()
            break
        submit_next()
    return done


def run_summaries(
    scenarios: Sequence[Scenario], *, workers: int = 2, address: str | None = None
) -> list[dict[str, float]]:
    """All summaries in input order (for analyses that need them together, e.g. Sobol)."""
    results: list[dict[str, float] | None] = [None] * len(scenarios)

    def keep(index: int, summary: dict[str, float]) -> None:
        results[index] = summary

    with client(workers=workers, address=address) as c:
        stream(c, scenarios, keep)
    return [r for r in results if r is not None]
