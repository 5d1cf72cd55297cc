"""Reading and validating a material data set (pure, no Django).

A data set has two tables, as two CSV files in one folder (``indicators.csv``, ``producers.csv``) or as two
sheets of one workbook (``indicators``, ``producers``):

* indicators: ``material, indicator, value, source, year`` — one value per row, each with its source and year;
* producers: ``material, country, share, wgi_estimate, export_restriction, source, year`` — producing
countries
  with their share of world production (fractions, summing to 1 ± 0.01 per material), the country's Worldwide
  Governance Indicator estimate (−2.5 … 2.5) and whether it restricts exports.

HHI, weighted WGI and the share of production under export restrictions are calculated from the producers
when the
indicators table does not give them. Every problem is collected with its table and row; one problem refuses
the
whole file.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from regiekamer.texts import Message, gettext_noop

from . import methods
from .risk import INDICATORS

INDICATOR_COLUMNS = ("material", "indicator", "value", "source", "year")
PRODUCER_COLUMNS = ("material", "country", "share", "wgi_estimate", "export_restriction", "source", "year")

# Allowed range of each indicator (inclusive); None = no upper bound.
RANGES: dict[str, tuple[float, float | None]] = {
    "hhi": (0.0, 1.0),
    "weighted_wgi": (0.0, 10.0),
    "export_restrictions": (0.0, 1.0),
    "companionality": (0.0, 1.0),
    "eol_recycling_rate": (0.0, 1.0),
    "price_volatility": (0.0, None),
    "reserve_production_ratio": (0.0, None),
    "csr_risk": (0.0, 10.0),
    "environmental_risk": (0.0, 10.0),
    "supply_risk": (0.0, None),
    "eol_rir": (0.0, 1.0),
}
TRUE_WORDS = {"1", "true", "yes", "ja", "y", "j", "x"}
FALSE_WORDS = {"0", "false", "no", "nee", "n", ""}


MAX_READ_ROWS = 99_999  # rows of an uploaded sheet read at all (blank ones included)
MAX_READ_COLUMNS = 26


class DatasetError(ValueError):
    """The data set is refused; `problems` lists every problem as "table row N: message"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "; ".join(problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"The data set was refused, nothing was loaded: {shown}{more}")


@dataclass(frozen=True)
class Value:
    value: float
    source: str
    year: int
    calculated: bool = False  # from the producers (HHI, weighted WGI, export-restricted share)


@dataclass(frozen=True)
class Producer:
    country: str
    share: float
    wgi_estimate: float
    export_restriction: bool
    source: str
    year: int


@dataclass
class MaterialData:
    material_id: object
    label: str
    values: dict[str, Value] = field(default_factory=dict)
    producers: list[Producer] = field(default_factory=list)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _problem(table: str, number: int, template: str, **params) -> Message:
    """ "<table> row <n>: <detail>", translatable in the Django layer (regiekamer.texts.translate)."""
    return Message(
        gettext_noop("%(table)s row %(row)s: %(detail)s"),
        table=table,
        row=number,
        detail=Message(template, **params),
    )


def _number(value: object) -> float:
    text = _text(value).replace(",", ".") if isinstance(value, str) else value
    if text == "" or text is None:
        raise ValueError(Message(gettext_noop("is empty")))
    try:
        number = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(Message(gettext_noop("%(value)s is not a number"), value=repr(value))) from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(Message(gettext_noop("%(value)s is not a finite number"), value=repr(value)))
    return number


def _year(value: object) -> int:
    number = _number(value)
    if number != int(number) or not 1900 <= number <= 2100:
        raise ValueError(
            Message(gettext_noop("%(value)s is not a year between 1900 and 2100"), value=repr(value))
        )
    return int(number)


def read_csv_folder(folder: Path) -> tuple[list[dict], list[dict]]:
    """Rows of indicators.csv and producers.csv in `folder`."""
    tables: list[list[dict]] = []
    for name in ("indicators.csv", "producers.csv"):
        path = Path(folder) / name
        if not path.exists():
            raise DatasetError(
                [
                    Message(
                        gettext_noop("%(name)s: file is missing in %(folder)s"), name=name, folder=str(folder)
                    )
                ]
            )
        with path.open(encoding="utf-8-sig", newline="") as handle:
            tables.append(list(csv.DictReader(handle)))
    return tables[0], tables[1]


def read_xlsx(content: bytes) -> tuple[list[dict], list[dict]]:
    """Rows of the sheets 'indicators' and 'producers' of a workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise DatasetError(
            [
                Message(
                    gettext_noop("the file is not a readable .xlsx workbook (%(error)s)"),
                    error=error.__class__.__name__,
                )
            ]
        ) from None
    tables: list[list[dict]] = []
    for name in ("indicators", "producers"):
        if name not in workbook.sheetnames:
            raise DatasetError(
                [
                    Message(
                        gettext_noop("sheet '%(name)s' is missing (found: %(found)s)"),
                        name=name,
                        found=", ".join(workbook.sheetnames),
                    )
                ]
            )
        sheet = workbook[name]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # the declared dimension is the file's claim: no row is padded to it
        # At most MAX_READ_ROWS rows of MAX_READ_COLUMNS columns: a cell further out costs nothing.
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_READ_ROWS, max_col=MAX_READ_COLUMNS))
        if not rows:
            tables.append([])
            continue
        header = [_text(cell).lower() for cell in rows[0]]
        while header and not header[-1]:
            header.pop()  # the columns after the last heading (rows are read MAX_READ_COLUMNS wide)
        tables.append(
            [dict(zip(header, row, strict=False)) for row in rows[1:] if any(_text(cell) for cell in row)]
        )
    return tables[0], tables[1]


def validate(
    indicator_rows: Iterable[Mapping],
    producer_rows: Iterable[Mapping],
    resolve: Callable[[str], tuple[object, str] | None],
) -> list[MaterialData]:
    """Validate both tables; return the data per material or raise DatasetError naming every bad row.

    `resolve(name)` returns (material id, display name) for a known raw material, None otherwise. Row numbers
    count the header as row 1, as a spreadsheet shows them."""
    problems: list[str] = []
    materials: dict[object, MaterialData] = {}
    indicator_rows = list(indicator_rows)
    producer_rows = list(producer_rows)

    def material_for(table: str, number: int, row: Mapping) -> MaterialData | None:
        name = _text(row.get("material"))
        if not name:
            problems.append(_problem(table, number, gettext_noop("material is empty")))
            return None
        found = resolve(name)
        if found is None:
            problems.append(
                _problem(table, number, gettext_noop("unknown raw material '%(name)s'"), name=name)
            )
            return None
        key, label = found
        return materials.setdefault(key, MaterialData(material_id=key, label=label))

    for table, rows, columns in (
        ("indicators", indicator_rows, INDICATOR_COLUMNS),
        ("producers", producer_rows, PRODUCER_COLUMNS),
    ):
        if rows:
            missing = [column for column in columns if column not in rows[0]]
            if missing:
                raise DatasetError(
                    [
                        Message(
                            gettext_noop("%(table)s: missing column(s) %(columns)s"),
                            table=table,
                            columns=", ".join(missing),
                        )
                    ]
                )

    for number, row in enumerate(indicator_rows, start=2):
        data = material_for("indicators", number, row)
        indicator = _text(row.get("indicator"))
        if indicator not in INDICATORS:
            problems.append(
                _problem(
                    "indicators",
                    number,
                    gettext_noop("unknown indicator '%(indicator)s' (expected one of %(expected)s)"),
                    indicator=indicator,
                    expected=", ".join(INDICATORS),
                )
            )
            continue
        try:
            value = _number(row.get("value"))
        except ValueError as error:
            problems.append(
                _problem("indicators", number, gettext_noop("value %(error)s"), error=error.args[0])
            )
            continue
        low, high = RANGES[indicator]
        if value < low or (high is not None and value > high):
            if high is None:
                template = gettext_noop(
                    "%(indicator)s = %(value)s is outside the allowed range (at least %(low)s)"
                )
            else:
                template = gettext_noop(
                    "%(indicator)s = %(value)s is outside the allowed range (between %(low)s and %(high)s)"
                )
            problems.append(
                _problem(
                    "indicators",
                    number,
                    template,
                    indicator=indicator,
                    value=f"{value:g}",
                    low=f"{low:g}",
                    high="" if high is None else f"{high:g}",
                )
            )
            continue
        source = _text(row.get("source"))
        if not source:
            problems.append(_problem("indicators", number, gettext_noop("source is empty")))
            continue
        try:
            year = _year(row.get("year"))
        except ValueError as error:
            problems.append(
                _problem("indicators", number, gettext_noop("year %(error)s"), error=error.args[0])
            )
            continue
        if data is None:
            continue
        if indicator in data.values:
            problems.append(
                _problem(
                    "indicators",
                    number,
                    gettext_noop("%(indicator)s of %(material)s is given twice"),
                    indicator=indicator,
                    material=data.label,
                )
            )
            continue
        data.values[indicator] = Value(value, source, year)

    first_row: dict[object, int] = {}
    for number, row in enumerate(producer_rows, start=2):
        data = material_for("producers", number, row)
        country = _text(row.get("country")).upper()
        if len(country) != 2 or not country.isalpha():
            problems.append(
                _problem(
                    "producers",
                    number,
                    gettext_noop("country '%(country)s' is not a two-letter ISO code"),
                    country=country,
                )
            )
            continue
        try:
            share = _number(row.get("share"))
            if not 0.0 <= share <= 1.0:
                raise ValueError(
                    Message(gettext_noop("%(value)s is not between 0 and 1"), value=f"{share:g}")
                )
        except ValueError as error:
            problems.append(
                _problem("producers", number, gettext_noop("share %(error)s"), error=error.args[0])
            )
            continue
        try:
            wgi = _number(row.get("wgi_estimate"))
            if not -2.5 <= wgi <= 2.5:
                raise ValueError(
                    Message(gettext_noop("%(value)s is not between -2.5 and 2.5"), value=f"{wgi:g}")
                )
        except ValueError as error:
            problems.append(
                _problem("producers", number, gettext_noop("wgi_estimate %(error)s"), error=error.args[0])
            )
            continue
        flag = _text(row.get("export_restriction")).lower()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            problems.append(
                _problem(
                    "producers",
                    number,
                    gettext_noop("export_restriction '%(flag)s' is not yes/no"),
                    flag=flag,
                )
            )
            continue
        source = _text(row.get("source"))
        if not source:
            problems.append(_problem("producers", number, gettext_noop("source is empty")))
            continue
        try:
            year = _year(row.get("year"))
        except ValueError as error:
            problems.append(
                _problem("producers", number, gettext_noop("year %(error)s"), error=error.args[0])
            )
            continue
        if data is None:
            continue
        if any(producer.country == country for producer in data.producers):
            problems.append(
                _problem(
                    "producers",
                    number,
                    gettext_noop("%(country)s is listed twice for %(material)s"),
                    country=country,
                    material=data.label,
                )
            )
            continue
        first_row.setdefault(data.material_id, number)
        data.producers.append(Producer(country, share, wgi, flag in TRUE_WORDS, source, year))

    for data in materials.values():
        if not data.producers:
            continue
        total = math.fsum(producer.share for producer in data.producers)
        if abs(total - 1.0) > methods.SHARE_TOLERANCE:
            problems.append(
                _problem(
                    "producers",
                    first_row[data.material_id],
                    gettext_noop("the shares of %(material)s sum to %(total)s, not 1 ± %(tolerance)s"),
                    material=data.label,
                    total=f"{total:.3f}",
                    tolerance=methods.SHARE_TOLERANCE,
                )
            )
    if problems:
        raise DatasetError(problems)
    for data in materials.values():
        derive(data)
    return sorted(materials.values(), key=lambda item: item.label)


def derive(data: MaterialData) -> None:
    """Fill HHI, weighted WGI and export-restricted share from the producers when not given directly."""
    if not data.producers:
        return
    sources = sorted({producer.source for producer in data.producers})
    year = max(producer.year for producer in data.producers)
    source = "; ".join(sources)
    shares = [producer.share for producer in data.producers]
    total = math.fsum(shares)
    computed = {
        "hhi": methods.hhi(shares),
        "weighted_wgi": math.fsum(p.share * methods.wgi_scaled(p.wgi_estimate) for p in data.producers)
        / total,
        "export_restrictions": min(
            1.0, math.fsum(p.share for p in data.producers if p.export_restriction) / total
        ),
    }
    for indicator, value in computed.items():
        data.values.setdefault(indicator, Value(round(value, 6), source[:300], year, calculated=True))
