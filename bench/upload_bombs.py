"""Upload bombs against the imports (issue 15, finding 2): time and peak memory to refuse them.

The finding: a 5 MB .xlsx of millions of inline-string cells took more than 3.4 GB in the impact-sheet
import, and a 0.5 MB one 31.6 s and 872 MiB (and was imported). The target: a 5 MB bomb refused in under
2 s with under 200 MB of memory. Each import's first step is run on the bomb as the import runs it: the
impact-sheet template's parse (portfolio.impact_xlsx.parse), the register's read (stakeholders.importer.
read_table) and the bill of materials' limits (materials.services.BOM_LIMITS, checked before bom.read_xlsx).

    .venv/bin/python bench/upload_bombs.py                     # the 5 MB bomb and a small look at openpyxl
    UPLOAD_BENCH_MB=2 .venv/bin/python bench/upload_bombs.py   # a smaller bomb

Two bombs: the finding's (5 MB of cells with references, deflated), which the impact sheet and the bill of
materials refuse on its unpacked size from the zip's directory, the register too (it takes up to 60 MB
unpacked); and one just past the register's 1,000,000 cells within its unpacked limit, whose cells the
register streams and counts to the end. Memory is the peak of Python allocations during the refusal
(tracemalloc), time is measured in a second run without tracing, and the process's peak resident size
(ru_maxrss) includes the bombs themselves. For comparison, openpyxl reading a bomb of 30,000 cells without
the limits (what every upload did before).
Exits 1 when a refusal takes 2 s or more or 200 MB or more.
"""

from __future__ import annotations

import io
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS, TARGET_MB = 2.0, 200


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.test")
    import django

    django.setup()


def _bomb(megabytes: float, *, cells: int | None = None) -> bytes:
    """About `megabytes` of deflated worksheet of one-letter inline strings, as the finding's file (or
    `cells` of them)."""
    from regiekamer.tests import xlsx_bombs

    count = cells or int(megabytes * 369_000)  # about 2.84 bytes a cell once deflated (measured)
    return xlsx_bombs.inline_string_bomb(count, width=50)


def _unpacked(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(entry.file_size for entry in archive.infolist())


def _measure(label: str, run) -> tuple[float, float]:
    """The peak of Python allocations (tracemalloc), then the time in a second run without tracing
    (tracemalloc slows every allocation; the second run is also the warm one, as in a running worker)."""
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    start = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - start
    print(f"  {label:<40} {seconds:7.3f} s  {peak:8.1f} MB peak  {outcome}")
    return seconds, peak


def main() -> int:
    _setup()
    from django.utils import translation

    from materials.services import BOM_LIMITS
    from portfolio import impact_xlsx
    from regiekamer.tests import xlsx_bombs
    from regiekamer.uploads import UploadRefused, check_xlsx
    from stakeholders import importer

    translation.activate("nl")
    megabytes = float(os.environ.get("UPLOAD_BENCH_MB", "5"))

    def impact(content: bytes):
        return lambda: "; ".join(str(problem) for problem in impact_xlsx.parse(content).problems)[:90]

    def register(content: bytes):
        def run():
            try:
                importer.read_table(file_name="register.xlsx", data=content)
            except importer.ImportFileError as error:
                return str(error)[:90]
            return "ACCEPTED"

        return run

    def bill_of_materials(content: bytes):
        def run():
            try:
                check_xlsx(content, BOM_LIMITS)
            except UploadRefused as error:
                return str(error)[:90]
            return "ACCEPTED"

        return run

    worst_seconds = worst_mb = 0.0
    bombs = (
        (
            f"the finding's bomb, {megabytes:g} MB",
            lambda: _bomb(megabytes * 0.97),
        ),  # just under the byte limits
        ("a bomb past the register's 1,000,000 cells", lambda: _bomb(0, cells=1_050_000)),
    )
    for title, make in bombs:
        built = time.perf_counter()
        content = make()
        print(
            f"{title}: {len(content) / 2**20:.2f} MB, unpacks to {_unpacked(content) / 2**20:,.0f} MB "
            f"(built in {time.perf_counter() - built:.1f} s)"
        )
        for label, run in (
            ("impact-sheet import (portfolio)", impact(content)),
            ("register import (stakeholders)", register(content)),
            ("bill of materials upload (materials)", bill_of_materials(content)),
        ):
            seconds, peak = _measure(label, run)
            worst_seconds, worst_mb = max(worst_seconds, seconds), max(worst_mb, peak)
        del content
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident size (bombs included): {rss:.0f} MB")

    from openpyxl import load_workbook

    small = xlsx_bombs.inline_string_bomb(30_000, width=50)
    print(f"without the limits, openpyxl on a bomb of 30,000 cells ({len(small) / 1024:.0f} kB):")
    _measure(
        "load_workbook (the former impact-sheet parse)", lambda: len(load_workbook(io.BytesIO(small))._sheets)
    )

    ok = worst_seconds < TARGET_SECONDS and worst_mb < TARGET_MB and rss < TARGET_MB + 100
    verdict = "OK" if ok else "FAIL"
    print(
        f"{verdict}: slowest refusal {worst_seconds:.3f} s (target < {TARGET_SECONDS} s), "
        f"largest peak {worst_mb:.1f} MB (target < {TARGET_MB} MB)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
