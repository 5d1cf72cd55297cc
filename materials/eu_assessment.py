"""Reading and validating the EU criticality assessment 2023 as a material data release (pure, no Django).

The file is ``materials/data/eu-crm-2023/assessment.csv`` (its README says where every figure comes from):
one row per material and stage, with supply risk (SR), economic importance (EI), end-of-life recycling input
rate (EoL-RIR), import reliance, the main global supplier and the main supplier to the EU with their shares,
whether the material is on the EU list, and the row's source. A source cell may end in ``| FLAG: ...``:
where the sources disagree, or why a cell is empty.

What the loader makes of it (see the README of the data folder for the reasons):

* a row whose material is a catalogue raw material (``material(name)``, the catalogue's own names, not its
  aliases) gives that material's stage rows; ``CATALOGUE_NAMES`` maps the study's names the catalogue spells
  otherwise, and a group written "Light rare earth elements (LREE)" is found by its name without the brackets;
* a row whose material is an element of a group row (``member(name)`` finds the group by the catalogue's
  aliases) is stored with the group as that element's row; the group's own figures stay the group's;
* any other row is not loaded, and listed in ``Assessment.skipped``;
* the headline SR of a material is the SR of its bottleneck stage, the higher stage value; it is missing when
  a stage row has none (the README: "do not take a maximum over the filled rows"), and the FLAG of that row
  says why. EI and EoL-RIR are one value per material.

Every problem is collected with its row and column; one problem refuses the whole file.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from regiekamer.texts import Message, gettext_noop

from .dataset import DatasetError

COLUMNS = (
    "material",
    "stage",
    "supply_risk",
    "economic_importance",
    "eol_rir",
    "import_reliance",
    "main_global_supplier",
    "main_global_supplier_share",
    "main_eu_supplier",
    "main_eu_supplier_share",
    "critical_2023",
    "source",
)
TABLE = "assessment"
YEAR = 2023
STAGES = ("extraction", "processing", "")
FLAG_MARK = "| FLAG:"
# The study's names that the catalogue (the names of the Act, Annex II) spells otherwise.
# "Titanium" of the study is assessed apart from titanium metal; the catalogue calls it "Titanium ore" and
# keeps "titanium" an alias of titanium metal, which is what a bill of materials means by it.
CATALOGUE_NAMES = {"aluminium/bauxite": "Bauxite/alumina/aluminium", "titanium": "Titanium ore"}
# Country names of the source that differ from the English names in catalogue/data/countries.csv.
COUNTRY_NAMES = {"Congo, D.R.": "CD", "Russia": "RU"}
HEADLINES = ("supply_risk", "economic_importance", "eol_rir")
_GROUP_SUFFIX = re.compile(r"\s*\(([A-Za-z]+)\)\s*$")


@dataclass(frozen=True)
class StageRow:
    """One row of the file: a stage of a material, or of an element of a group (`element` its name)."""

    row: int
    element: str
    stage: str
    supply_risk: float | None
    economic_importance: float | None
    eol_rir: float | None
    import_reliance: float | None
    main_global_supplier: tuple[str, ...]
    main_global_supplier_share: float | None
    main_eu_supplier: tuple[str, ...]
    main_eu_supplier_share: float | None
    critical: bool
    source: str
    flags: str
    is_bottleneck: bool = False


@dataclass(frozen=True)
class Headline:
    """A headline figure of a material: its value (None: the source has none), source and the file's note."""

    value: float | None
    source: str
    note: str = ""


@dataclass
class AssessedMaterial:
    material_id: object
    label: str
    stages: list[StageRow] = field(default_factory=list)
    elements: list[StageRow] = field(default_factory=list)
    headline: dict[str, Headline] = field(default_factory=dict)
    # The main global supplier(s) of one stage with the share (several where the source's shares tie), the
    # stage and the row's source; the rest of the supply is "other or unknown" (see `main_suppliers`).
    suppliers: tuple[tuple[str, float], ...] = ()
    supplier_stage: str = ""
    supplier_source: str = ""


@dataclass
class Assessment:
    materials: list[AssessedMaterial]
    skipped: list[str]  # the file's material names that are not loaded (not in the catalogue)
    source: str  # the publication, as the file's source cells name it first


def read_csv(text: str) -> tuple[list[str], list[dict]]:
    """(header, rows) of the file's text."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows = list(reader)
    return [name.strip() for name in (reader.fieldnames or [])], rows


def publication(source: str) -> str:
    """The first sentence of a source cell: the publication its figures come from (at most 300 characters)."""
    head = source.split(FLAG_MARK, 1)[0].strip()
    first = head.split(". ", 1)[0].strip().rstrip(".")
    return first[:300]


def _problem(number: int, column: str, template: str, **params) -> Message:
    return Message(
        gettext_noop("%(table)s row %(row)s: %(detail)s"),
        table=TABLE,
        row=number,
        detail=Message(
            gettext_noop("%(column)s: %(detail)s"), column=column, detail=Message(template, **params)
        ),
    )


def _optional_number(text: str, *, fraction: bool) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(Message(gettext_noop("'%(value)s' is not a number"), value=text)) from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(Message(gettext_noop("'%(value)s' is not a number"), value=text))
    if fraction and not 0.0 <= number <= 1.0:
        raise ValueError(Message(gettext_noop("%(value)s is not between 0 and 1"), value=text))
    if number < 0:
        raise ValueError(Message(gettext_noop("%(value)s is below 0"), value=text))
    return number


def _group_name(name: str) -> list[str]:
    """The names to look a file name up by: itself, the catalogue's spelling, without a "(LREE)" suffix."""
    names = [name]
    if name.lower() in CATALOGUE_NAMES:
        names.append(CATALOGUE_NAMES[name.lower()])
    match = _GROUP_SUFFIX.search(name)
    if match:
        names += [name[: match.start()], match.group(1)]
    return names


def validate(
    header: Sequence[str],
    rows: Iterable[Mapping[str, object]],
    *,
    material: Callable[[str], tuple[object, str] | None],
    member: Callable[[str], tuple[object, str] | None],
    country: Callable[[str], str | None],
) -> Assessment:
    """Validate the file; return the assessed materials or raise DatasetError naming every bad row and column.

    `material(name)` finds a catalogue raw material by its own names, `member(name)` by any name including the
    aliases (an element finds its group), both as (id, display name); `country(name)` gives the ISO code of an
    English country name. Row numbers count the header as row 1."""
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise DatasetError(
            [
                Message(
                    gettext_noop("%(table)s: missing column(s) %(columns)s"),
                    table=TABLE,
                    columns=", ".join(missing),
                )
            ]
        )
    problems: list[Message] = []
    parsed: list[tuple[str, StageRow]] = []
    for number, raw in enumerate(rows, start=2):
        row = {key: ("" if value is None else str(value)) for key, value in raw.items() if key}
        parsed_row = _parse_row(number, row, country, problems)
        if parsed_row is not None:
            parsed.append((row["material"].strip(), parsed_row))
    if not parsed and not problems:
        problems.append(Message(gettext_noop("%(table)s: the file has no rows"), table=TABLE))

    materials: dict[object, AssessedMaterial] = {}
    groups: set[object] = set()
    pending: list[tuple[str, StageRow]] = []
    for name, stage_row in parsed:
        own = next((hit for candidate in _group_name(name) if (hit := material(candidate))), None)
        if own is None:
            pending.append((name, stage_row))
            continue
        key, label = own
        entry = materials.setdefault(key, AssessedMaterial(material_id=key, label=label))
        entry.stages.append(stage_row)
        if stage_row.stage == "":
            groups.add(key)
    skipped: list[str] = []
    for name, stage_row in pending:
        group = member(name)
        if group is None or group[0] not in groups:
            if name not in skipped:
                skipped.append(name)
            continue
        materials[group[0]].elements.append(replace(stage_row, element=name))

    for entry in materials.values():
        _check_entry(entry, problems)
    if problems:
        raise DatasetError(problems)  # type: ignore[arg-type]
    for entry in materials.values():
        _headlines(entry)
        _main_suppliers(entry, problems)
    if problems:
        raise DatasetError(problems)  # type: ignore[arg-type]
    first_source = next((stage_row.source for _name, stage_row in parsed), "")
    return Assessment(
        materials=sorted(materials.values(), key=lambda item: item.label),
        skipped=skipped,
        source=publication(first_source),
    )


def _parse_row(
    number: int, row: Mapping[str, str], country: Callable[[str], str | None], problems: list[Message]
) -> StageRow | None:
    count = len(problems)
    name = row.get("material", "").strip()
    if not name:
        problems.append(_problem(number, "material", gettext_noop("is empty")))
    stage = row.get("stage", "").strip()
    if stage not in STAGES:
        problems.append(
            _problem(
                number,
                "stage",
                gettext_noop("'%(value)s' is not extraction, processing or empty"),
                value=stage,
            )
        )
    numbers: dict[str, float | None] = {}
    for column, fraction in (
        ("supply_risk", False),
        ("economic_importance", False),
        ("eol_rir", True),
        ("import_reliance", True),
        ("main_global_supplier_share", True),
        ("main_eu_supplier_share", True),
    ):
        try:
            numbers[column] = _optional_number(row.get(column, ""), fraction=fraction)
        except ValueError as error:
            problems.append(_problem(number, column, gettext_noop("%(error)s"), error=error.args[0]))
    suppliers: dict[str, tuple[str, ...]] = {}
    for column in ("main_global_supplier", "main_eu_supplier"):
        names = [part.strip() for part in row.get(column, "").split(";") if part.strip()]
        codes = []
        for country_name in names:
            code = COUNTRY_NAMES.get(country_name) or country(country_name)
            if code is None:
                problems.append(
                    _problem(number, column, gettext_noop("unknown country '%(name)s'"), name=country_name)
                )
            else:
                codes.append(code)
        suppliers[column] = tuple(codes)
        share_column = f"{column}_share"
        if share_column in numbers and bool(names) != (numbers[share_column] is not None):
            problems.append(
                _problem(
                    number,
                    share_column,
                    gettext_noop("a supplier and its share are given together or not at all"),
                )
            )
    critical = row.get("critical_2023", "").strip().lower()
    if critical not in ("yes", "no"):
        problems.append(
            _problem(number, "critical_2023", gettext_noop("'%(value)s' is not yes or no"), value=critical)
        )
    source = row.get("source", "").strip()
    source_text, _mark, flags = source.partition(FLAG_MARK)
    if not source_text.strip():
        problems.append(_problem(number, "source", gettext_noop("is empty")))
    if len(problems) > count:
        return None
    return StageRow(
        row=number,
        element="",
        stage=stage,
        supply_risk=numbers["supply_risk"],
        economic_importance=numbers["economic_importance"],
        eol_rir=numbers["eol_rir"],
        import_reliance=numbers["import_reliance"],
        main_global_supplier=suppliers["main_global_supplier"],
        main_global_supplier_share=numbers["main_global_supplier_share"],
        main_eu_supplier=suppliers["main_eu_supplier"],
        main_eu_supplier_share=numbers["main_eu_supplier_share"],
        critical=critical == "yes",
        source=source_text.strip(),
        flags=flags.strip(),
    )


def _check_entry(entry: AssessedMaterial, problems: list[Message]) -> None:
    seen: set[tuple[str, str]] = set()
    for stage_row in [*entry.stages, *entry.elements]:
        key = (stage_row.element, stage_row.stage)
        if key in seen:
            problems.append(
                _problem(
                    stage_row.row,
                    "stage",
                    gettext_noop("%(material)s is given twice for this stage"),
                    material=stage_row.element or entry.label,
                )
            )
        seen.add(key)
    if any(stage_row.stage == "" for stage_row in entry.stages) and len(entry.stages) > 1:
        problems.append(
            _problem(
                entry.stages[-1].row,
                "stage",
                gettext_noop("%(material)s has a group row and stage rows"),
                material=entry.label,
            )
        )
    for column in ("economic_importance", "eol_rir"):
        values = {getattr(stage_row, column) for stage_row in entry.stages} - {None}
        if len(values) > 1:
            problems.append(
                _problem(
                    entry.stages[-1].row,
                    column,
                    gettext_noop("%(material)s has different values in its stages"),
                    material=entry.label,
                )
            )


def _notes(rows: Iterable[StageRow]) -> str:
    return " / ".join(dict.fromkeys(stage_row.flags for stage_row in rows if stage_row.flags))


def _headlines(entry: AssessedMaterial) -> None:
    """The headline figures of a material and its bottleneck stage(s) (see the module docstring)."""
    stages = entry.stages
    source = publication(stages[0].source)
    risks = [stage_row.supply_risk for stage_row in stages]
    if None in risks:
        empty = [stage_row for stage_row in stages if stage_row.supply_risk is None]
        entry.headline["supply_risk"] = Headline(None, source, _notes(empty))
    else:
        highest = max(risk for risk in risks if risk is not None)
        entry.stages = [
            replace(stage_row, is_bottleneck=bool(stage_row.stage) and stage_row.supply_risk == highest)
            for stage_row in stages
        ]
        entry.headline["supply_risk"] = Headline(highest, source)
    for column in ("economic_importance", "eol_rir"):
        values = [
            getattr(stage_row, column) for stage_row in stages if getattr(stage_row, column) is not None
        ]
        if values:
            entry.headline[column] = Headline(values[0], source)
        else:
            entry.headline[column] = Headline(None, source, _notes(stages))


def _main_suppliers(entry: AssessedMaterial, problems: list[Message]) -> None:
    """The stage whose main global supplier a material's supplier shares are: the bottleneck stage where it
    names one, else the first stage that does (extraction before processing). A group has none (its element
    rows carry them). Tied countries each have the share; together they may not exceed the whole."""
    rows = [row for row in entry.stages if row.stage and row.main_global_supplier]
    rows.sort(key=lambda row: (not row.is_bottleneck, STAGES.index(row.stage)))
    if not rows:
        return
    row = rows[0]
    share = row.main_global_supplier_share or 0.0
    if share * len(row.main_global_supplier) > 1.0 + 1e-9:
        problems.append(
            _problem(
                row.row,
                "main_global_supplier_share",
                gettext_noop("the tied suppliers' shares sum to more than 1"),
            )
        )
        return
    entry.suppliers = tuple((country, share) for country in row.main_global_supplier)
    entry.supplier_stage = row.stage
    entry.supplier_source = row.source


def rest_share(suppliers: Sequence[tuple[str, float]]) -> float:
    """The share of the supply the named suppliers leave: other or unknown countries (rounded to 6 places)."""
    return round(max(0.0, 1.0 - math.fsum(share for _country, share in suppliers)), 6)


SUPPLIER_SECTION = "Appendix 7 p.78"


def supplier_source(source: str) -> str:
    """The source of a supplier share: the publication and, where the row's source names it, the report
    section the global supply shares come from."""
    first = publication(source)
    return f"{first}, {SUPPLIER_SECTION}" if SUPPLIER_SECTION in source else first
