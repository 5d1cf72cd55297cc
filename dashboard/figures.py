"""Industry figures of Werkwijze UPCM 2020, §1.2: consistency check, sorting and derived columns.

Pure functions over plain data (no Django): a table is a list of rows (mappings column -> int) plus the
row the source prints as "Totaal". The stated total is compared with the column sum, never used in its place.

Rule of the check: each printed value is rounded, so the sum of n rounded values may differ from the rounded
total; we allow ±1 per row counted: |sum − total| ≤ n is a rounding difference, anything larger is a real
mismatch."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# The value columns of every §1.2 table, in the order the source prints them.
VALUE_COLUMNS: tuple[str, ...] = (
    "jobs_thousands",
    "labour_volume_thousands",
    "orgs_0_50",
    "orgs_51_100",
    "orgs_over_100",
    "net_turnover_meur",
    "value_added_meur_per_year",
    "upcm_value_added_impact_meur_per_year",
    "co2_kt_per_year",
    "upcm_co2_impact_kt_per_year",
    "material_flows_mkg",
)

OK = "ok"
ROUNDING = "rounding"
MISMATCH = "mismatch"


@dataclass(frozen=True)
class ColumnCheck:
    """One column of one table: the sum over `rows_counted` rows against the stated total."""

    column: str
    rows_counted: int
    column_sum: int
    stated_total: int

    @property
    def difference(self) -> int:
        return self.column_sum - self.stated_total

    @property
    def status(self) -> str:
        if self.difference == 0:
            return OK
        if abs(self.difference) <= self.rows_counted:
            return ROUNDING
        return MISMATCH


@dataclass(frozen=True)
class TableCheck:
    """The consistency check of one table (e.g. "per province")."""

    table: str
    columns: tuple[ColumnCheck, ...]
    problems: tuple[str, ...] = field(default=())  # structural problems, e.g. no stated total

    @property
    def rounding(self) -> list[ColumnCheck]:
        return [c for c in self.columns if c.status == ROUNDING]

    @property
    def mismatches(self) -> list[ColumnCheck]:
        return [c for c in self.columns if c.status == MISMATCH]

    @property
    def is_consistent(self) -> bool:
        """True when no column differs by more than rounding and the table is complete."""
        return not self.mismatches and not self.problems


def check_table(
    table: str,
    rows: Sequence[Mapping[str, int]],
    total: Mapping[str, int] | None,
    columns: Iterable[str] = VALUE_COLUMNS,
) -> TableCheck:
    """Compare each column's sum over `rows` (the stated-total row excluded) with `total`."""
    columns = tuple(columns)
    if total is None:
        return TableCheck(table=table, columns=(), problems=("no stated total",))
    if not rows:
        return TableCheck(table=table, columns=(), problems=("no rows",))
    checks = tuple(
        ColumnCheck(
            column=column,
            rows_counted=len(rows),
            column_sum=sum(int(row[column]) for row in rows),
            stated_total=int(total[column]),
        )
        for column in columns
    )
    return TableCheck(table=table, columns=checks)


def has_real_mismatch(checks: Iterable[TableCheck]) -> bool:
    return any(not check.is_consistent for check in checks)


def report_lines(checks: Iterable[TableCheck], labels: Mapping[str, str] | None = None) -> list[str]:
    """A plain-text report: per table, the rounding differences and the real mismatches, then a verdict."""
    labels = labels or {}
    lines: list[str] = []
    checks = list(checks)
    for check in checks:
        lines.append(f"{check.table}:")
        for problem in check.problems:
            lines.append(f"  PROBLEM: {problem}")
        if not check.columns:
            continue
        lines.append(f"  rows counted: {check.columns[0].rows_counted}")
        for kind, items in (("rounding difference", check.rounding), ("REAL MISMATCH", check.mismatches)):
            for c in items:
                lines.append(
                    f"  {kind}: {labels.get(c.column, c.column)}: sum {c.column_sum}, "
                    f"stated total {c.stated_total}, difference {c.difference:+d}"
                )
        if not check.rounding and not check.mismatches:
            lines.append("  every column sum equals its stated total")
    verdict = "REAL MISMATCH" if has_real_mismatch(checks) else "OK (at most rounding differences)"
    lines.append(f"result: {verdict}")
    return lines


def sort_rows(
    rows: Sequence[Mapping],
    sort: str | None,
    *,
    label_key: str = "label",
    columns: Iterable[str] = VALUE_COLUMNS,
    default_key: str = "order",
) -> tuple[list[Mapping], str]:
    """Sort `rows` by `sort` ("column" ascending, "-column" descending; "label" by name). Unknown keys fall
    back to the source order. Returns the rows and the sort key actually applied ("" for the source order)."""
    allowed = {label_key, *columns}
    key = (sort or "").strip()
    descending = key.startswith("-")
    name = key.lstrip("-")
    if name not in allowed:
        return sorted(rows, key=lambda r: r.get(default_key, 0)), ""
    if name == label_key:
        ordered = sorted(rows, key=lambda r: str(r[name]).casefold(), reverse=descending)
    else:
        ordered = sorted(rows, key=lambda r: r[name], reverse=descending)
    return ordered, ("-" if descending else "") + name


def impact_percent(impact: int, base: int) -> float | None:
    """The UPCM impact as a percentage of the current value (one decimal); None when the base is 0."""
    if base == 0:
        return None
    return round(100 * impact / base, 1)


def read_csv_table(path: Path, label_columns: Sequence[str]) -> tuple[list[dict], dict | None]:
    """Read one of catalogue/data/maakindustrie_*.csv: the body rows and the "Totaal" row (values as int)."""
    body: list[dict] = []
    total: dict | None = None
    with path.open(newline="", encoding="utf-8") as handle:
        for order, raw in enumerate(csv.DictReader(handle)):
            label = " ".join(raw[c] for c in label_columns if raw.get(c)).strip()
            row = {"label": label, "order": order, **{c: int(raw[c]) for c in VALUE_COLUMNS}}
            if raw[label_columns[-1]].strip().casefold() == "totaal":
                total = row
            else:
                body.append(row)
    return body, total
