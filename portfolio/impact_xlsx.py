"""The impact sheet as an Excel template, both ways (openpyxl, no database).

One worksheet 'Impactsheet'; every row is one fact: column A the key, B the Dutch label, C.. the values. Lists
(goals, results, ...) are one row per item, in order. The CO₂ total row is a formula for the reader and is
ignored on import (it is always computed from the bands); the CO₂ total the project states is a row of its
own ('co2_stated'), kept as stated, with a notice row when it differs from the bands (ignored on import too).
The innovation functions F1-F8 are one row each, the level in the sheet's words (Hoog, Middel, Laag,
Onbekend; empty: not stated). `parse` returns the data in the form of portfolio.services.impact_sheet_save's
arguments, or the problems, each naming sheet, cell and reason.

The sheet carries the version of the impact sheet it was exported from ('based_on', row 3): an import of a
file exported before another version was saved is refused, as the browser form refuses a stale edit
(issue 15, finding 7). Before openpyxl opens an upload, regiekamer.uploads.check_xlsx holds it to LIMITS
(finding 2): the template is some sixty rows; a sheet of millions of cells is refused unread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any, cast

from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from regiekamer import xlsx
from regiekamer.texts import Message, gettext_noop, translate
from regiekamer.uploads import UploadRefused, XlsxLimits, check_xlsx

from .reporting import CONTRIBUTION_LEVELS, PERFORMANCE_GOALS, SUPPLY_RISK_SCALE, co2_check

SHEET = "Impactsheet"
TEMPLATE = "regiekamer-impactsheet"
TEMPLATE_VERSION = "2"  # 2: the 'based_on' row (the version the sheet was exported from)
BASED_ON_ROW = 3
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
LIMITS = XlsxLimits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_unpacked_bytes=20 * 1024 * 1024,
    max_cells=20_000,
    max_rows=9_999,
    max_columns=26,
)
CO2_KEYS = (
    ("co2_r0_r2", "R0-R2 Circulair design (kt/jr)"),
    ("co2_r3_r7", "R3-R7 Levensduurverlenging (kt/jr)"),
    ("co2_r8_r9", "R8-R9 Recycling (kt/jr)"),
)
LIST_KEYS = {
    "goal": ("goals", "Doel"),
    "result": ("results", "Resultaat"),
    "activity": ("activities", "Activiteit"),
    "module": ("modules", "Module"),
    "sbi": ("sbi_codes", "Productgroep (SBI)"),
    "material": ("raw_materials", "Kritiek materiaal"),
}
TEXT_KEYS = {"stakeholders": "Stakeholders", "target_groups": "Doelgroepen", "change_agents": "Change agents"}
LEVELS = dict(CONTRIBUTION_LEVELS)
INNOVATION_CODES = tuple(f"F{number}" for number in range(1, 9))
PERFORMANCE_CODES = {code for code, _label, _horizon in PERFORMANCE_GOALS} | {"business_propositions"}


@dataclass(frozen=True)
class Problem:
    cell: str
    reason: str

    def __str__(self) -> str:
        if self.cell == "-":  # about the whole file, not one cell
            return translate(self.reason)
        return f"{SHEET}!{self.cell}: {translate(self.reason)}"


@dataclass
class Parsed:
    """What `parse` read: the data (None when there is any problem: nothing half-read), the project number,
    the version the sheet was exported from, and the cell of each (row key, value) for later problems."""

    data: dict | None
    number: str
    based_on: int | None
    problems: list[Problem]
    cells: dict[tuple[str, str], str]
    based_on_cell: str = f"C{BASED_ON_ROW}"

    def cell_of(self, key: str, value: str) -> str:
        """The C-cell of the first row `key` with `value` ('-' when there is none)."""
        return self.cells.get((key, value), "-")


def _word(value, scale: dict[str, str]):
    """A stored code as the sheet's word ('high' -> 'Hoog'); empty stays empty."""
    return scale.get(str(value), value) if value else None


def _code(value, scale: dict[str, str]) -> str | None:
    """A word or a code of `scale` read back as its code (case-insensitive); None when it is neither."""
    text = _text(value)
    for code, word in scale.items():
        if text.casefold() in (code.casefold(), word.casefold()):
            return code
    return None


def export(
    *,
    project_number: str,
    data: dict,
    based_on_version: int,
    innovation_names: dict[str, str] | None = None,
) -> bytes:
    """Write `data` (the arguments of impact_sheet_save, with codes for cluster, SBI and materials), exported
    from version `based_on_version` of the project's impact sheet (0: none yet). `innovation_names` names
    the functions F1-F8 for the reader (column E)."""
    names = innovation_names or {}
    workbook = xlsx.new_workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook has one sheet
    sheet.title = SHEET
    rows: list[list] = [
        ["template", "Sjabloon", TEMPLATE, TEMPLATE_VERSION],
        ["project", "Project nr", project_number],
        [
            "based_on",
            "Gebaseerd op versie (niet wijzigen: een nieuwere versie wordt niet overschreven)",
            based_on_version,
        ],
        ["status_date", "Status per", data.get("status_date")],
    ]
    for key in ("goal", "result"):
        field, label = LIST_KEYS[key]
        rows += [[key, label, item] for item in data.get(field, [])]
    rows += [
        ["milestone", "Mijlpaal (jaar, tekst)", m.get("year"), m.get("text")]
        for m in data.get("milestones", [])
    ]
    rows += [["activity", "Activiteit", item] for item in data.get("activities", [])]
    rows.append(["cluster", "Productcluster", data.get("cluster") or None])
    for key in ("sbi", "module", "material"):
        field, label = LIST_KEYS[key]
        rows += [[key, label, item] for item in data.get(field, [])]
    rows += [
        ["size", "Omvang (groep, hoeveelheid, eenheid)", f.get("group"), f.get("quantity"), f.get("unit")]
        for f in data.get("size_figures", [])
    ]
    first_co2 = len(rows) + 1
    rows += [[key, label, _number_out(data.get(key))] for key, label in CO2_KEYS]
    total_row = len(rows) + 1
    rows.append(["co2_total", "Totaal CO2 (kt/jr, berekend)", None])
    rows.append(
        ["co2_stated", "CO2 volgens het project (kt/jr, opgegeven)", _number_out(data.get("co2_stated"))]
    )
    check = co2_check(data.get("co2_stated"), {key: data.get(key) for key, _label in CO2_KEYS})
    if check.differs:
        rows.append(
            [
                "co2_notice",
                "Let op",
                f"De opgegeven CO2 ({_dutch_number(check.stated)}) wijkt af van de som van de banden "
                f"({_dutch_number(check.computed)}); het dashboard telt de som van de banden.",
            ]
        )
    rows += [
        [
            "effect",
            "Effectdoel (dimensie, horizon, omschrijving)",
            e.get("dimension"),
            e.get("horizon"),
            e.get("description"),
        ]
        for e in data.get("effect_contributions", [])
    ]
    risk_words = dict(SUPPLY_RISK_SCALE)
    rows.append(
        [
            "supply_risk",
            "Afname risico ({})".format(" / ".join(risk_words.values())),
            _word(data.get("supply_risk_change"), risk_words),
        ]
    )
    rows.append(
        [
            "added_value",
            "Toegevoegde waarde M€ (waarde, basisjaar)",
            _number_out(data.get("added_value_meur")),
            data.get("added_value_base_year"),
        ]
    )
    functions = data.get("innovation_functions") or {}
    level_words = " / ".join(LEVELS.values())
    rows += [
        [
            "innovation_function",
            f"Innovatiefunctie (code, bijdrage: {level_words})",
            code,
            _word(functions.get(code), LEVELS),
            names.get(code),
        ]
        for code in INNOVATION_CODES
    ]
    performance_labels = {code: f"{label} ({horizon})" for code, label, horizon in PERFORMANCE_GOALS}
    rows += [
        [
            "performance",
            "Prestatiedoel (code, bijdrage)",
            code,
            level if code == "business_propositions" else _word(level, LEVELS),
            performance_labels.get(code, "Col business proposities (0-3 mnd)"),
        ]
        for code, level in data.get("performance", {}).items()
    ]
    rows += [[key, label, data.get(key, "")] for key, label in TEXT_KEYS.items()]
    for row in rows:
        sheet.append(row)
    xlsx.put_formula(sheet, f"C{total_row}", f"=SUM(C{first_co2}:C{first_co2 + 2})")
    sheet["A1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 60
    return xlsx.workbook_bytes(workbook)


def _number_out(value):
    if value is None or value == "":
        return None
    return (
        float(value)
        if isinstance(value, Decimal) and value != value.to_integral()
        else (int(value) if isinstance(value, Decimal | int) else value)
    )


def _dutch_number(value: Decimal | None) -> str:
    """26 as '26', 20.5 as '20,5' (the sheet is Dutch)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    return text.replace(".", ",")


def _number_in(value, cell: str, problems: list[Problem]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        problems.append(Problem(cell, Message(gettext_noop("expected a number"))))
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        problems.append(
            Problem(cell, Message(gettext_noop("expected a number, found text '%(value)s'"), value=value))
        )
        return None


def _not_one_of(value, allowed) -> Message:
    return Message(
        gettext_noop("'%(value)s' is not one of %(allowed)s"), value=value, allowed=", ".join(allowed)
    )


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse(content: bytes) -> Parsed:
    """Read an uploaded template (no database). The file is held to LIMITS before openpyxl opens it."""
    cells: dict[tuple[str, str], str] = {}

    def refused(problem: Problem) -> Parsed:
        return Parsed(data=None, number="", based_on=None, problems=[problem], cells=cells)

    try:
        check_xlsx(content, LIMITS)
    except UploadRefused as error:
        return refused(Problem("-", str(error)))
    try:
        # Read-only: cells are read row by row within LIMITS (a cell, merged range or hyperlink further out
        # costs nothing); the formulas as their text.
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable file is the same answer to the person uploading it
        return refused(Problem("-", Message(gettext_noop("not an Excel (.xlsx) file"))))
    try:
        return _read(workbook, cells)
    except Exception:  # noqa: BLE001 - a part openpyxl only reads now (read-only) may be damaged too
        return refused(Problem("-", Message(gettext_noop("not an Excel (.xlsx) file"))))
    finally:
        workbook.close()


def _read(workbook: Any, cells: dict[tuple[str, str], str]) -> Parsed:
    """The template's rows, read from the opened (read-only) workbook."""
    problems: list[Problem] = []

    def refused(problem: Problem) -> Parsed:
        return Parsed(data=None, number="", based_on=None, problems=[problem], cells=cells)

    if SHEET not in workbook.sheetnames:
        return refused(
            Problem(
                "-",
                Message(
                    gettext_noop("the workbook has no sheet '%(sheet)s': not the impact-sheet template"),
                    sheet=SHEET,
                ),
            )
        )
    sheet = workbook[SHEET]
    if sheet["A1"].value != "template" or sheet["C1"].value != TEMPLATE:
        return refused(
            Problem(
                "C1",
                Message(
                    gettext_noop("not the impact-sheet template (expected '%(template)s')"), template=TEMPLATE
                ),
            )
        )
    if str(sheet["D1"].value) != TEMPLATE_VERSION:
        problems.append(
            Problem(
                "D1",
                Message(
                    gettext_noop("template version %(found)s is not supported (expected %(expected)s)"),
                    found=sheet["D1"].value,
                    expected=TEMPLATE_VERSION,
                ),
            )
        )
    data: dict = {field: [] for field, _label in LIST_KEYS.values()}
    data.update(
        milestones=[],
        size_figures=[],
        effect_contributions=[],
        innovation_functions={},
        performance={},
        supply_risk_change="",
        added_value_meur=None,
        added_value_base_year=None,
        cluster="",
        co2_r0_r2=None,
        co2_r3_r7=None,
        co2_r8_r9=None,
        co2_stated=None,
        status_date=None,
        **{key: "" for key in TEXT_KEYS},
    )
    number = ""
    based_on: int | None = None
    based_on_cell = f"C{BASED_ON_ROW}"
    seen_status = False
    for row in sheet.iter_rows(min_row=2, max_row=LIMITS.max_rows, max_col=LIMITS.max_columns):
        key = _text(row[0].value)
        if not key:
            continue
        values = [cell.value for cell in row[2:]] + [None, None, None]
        ref = f"C{row[0].row}"
        cells.setdefault((key, _text(values[0])), ref)
        if key == "project":
            number = _text(values[0])
        elif key == "based_on":
            based_on_cell = ref
            based_on_number = _number_in(values[0], ref, problems)
            if (
                based_on_number is None
                or based_on_number != based_on_number.to_integral()
                or based_on_number < 0
            ):
                problems.append(
                    Problem(ref, Message(gettext_noop("required: the version the sheet was exported from")))
                )
            else:
                based_on = int(based_on_number)
        elif key == "status_date":
            seen_status = True
            value = values[0]
            if isinstance(value, datetime):
                data["status_date"] = value.date()
            elif isinstance(value, date):
                data["status_date"] = value
            elif value is None or not _text(value):
                problems.append(Problem(ref, Message(gettext_noop("required: the 'status per' date"))))
            else:
                try:
                    data["status_date"] = date.fromisoformat(_text(value))
                except ValueError:
                    problems.append(
                        Problem(ref, Message(gettext_noop("expected a date, found '%(value)s'"), value=value))
                    )
        elif key in LIST_KEYS:
            if _text(values[0]):
                data[LIST_KEYS[key][0]].append(_text(values[0]))
        elif key == "milestone":
            if _text(values[1]):
                data["milestones"].append({"year": _text(values[0]), "text": _text(values[1])})
        elif key == "cluster":
            data["cluster"] = _text(values[0])
        elif key == "size":
            if any(_text(v) for v in values[:3]):
                data["size_figures"].append(
                    {"group": _text(values[0]), "quantity": _text(values[1]), "unit": _text(values[2])}
                )
        elif key in dict(CO2_KEYS):
            data[key] = _number_in(values[0], ref, problems)
        elif key == "co2_stated":
            data["co2_stated"] = _number_in(values[0], ref, problems)
        elif key in ("co2_total", "co2_notice"):
            continue  # computed, never read
        elif key == "effect":
            if any(_text(v) for v in values[:3]):
                data["effect_contributions"].append(
                    {
                        "dimension": _text(values[0]),
                        "horizon": _text(values[1]),
                        "description": _text(values[2]),
                    }
                )
        elif key == "supply_risk":
            value = _text(values[0])
            code = _code(value, dict(SUPPLY_RISK_SCALE)) if value else ""
            if code is None:
                problems.append(Problem(ref, _not_one_of(value, dict(SUPPLY_RISK_SCALE).values())))
            else:
                data["supply_risk_change"] = code
        elif key == "added_value":
            data["added_value_meur"] = _number_in(values[0], ref, problems)
            year = _number_in(values[1], f"D{row[0].row}", problems)
            data["added_value_base_year"] = int(year) if year is not None else None
        elif key == "innovation_function":
            code, level = _text(values[0]).upper(), _text(values[1])
            if code not in INNOVATION_CODES:
                problems.append(
                    Problem(
                        ref,
                        Message(
                            gettext_noop("'%(code)s' is not an innovation function F1-F8"), code=values[0]
                        ),
                    )
                )
            elif code in data["innovation_functions"]:
                problems.append(Problem(ref, Message(gettext_noop("%(code)s is given twice"), code=code)))
            elif level:  # an empty level: the sheet states nothing for this function
                found = _code(level, LEVELS)
                if found is None:
                    problems.append(
                        Problem(
                            f"D{row[0].row}",
                            Message(
                                gettext_noop("%(code)s: %(problem)s"),
                                code=code,
                                problem=_not_one_of(level, LEVELS.values()),
                            ),
                        )
                    )
                else:
                    data["innovation_functions"][code] = found
        elif key == "performance":
            code, level = _text(values[0]), _text(values[1])
            if code not in PERFORMANCE_CODES:
                problems.append(
                    Problem(
                        ref,
                        Message(gettext_noop("'%(code)s' is not a performance goal of the sheet"), code=code),
                    )
                )
            elif code == "business_propositions":
                data["performance"][code] = level
            elif _code(level, LEVELS) is None:
                problems.append(Problem(f"D{row[0].row}", _not_one_of(level, LEVELS.values())))
            else:
                data["performance"][code] = _code(level, LEVELS)
        elif key in TEXT_KEYS:
            data[key] = _text(values[0])
        else:
            problems.append(
                Problem(f"A{row[0].row}", Message(gettext_noop("unknown row key '%(key)s'"), key=key))
            )
    if not number:
        problems.append(Problem("C2", Message(gettext_noop("required: the project number"))))
    if not any(key == "based_on" for key, _value in cells):
        problems.append(
            Problem(
                f"A{BASED_ON_ROW}",
                Message(gettext_noop("required row 'based_on' is missing: download the template again")),
            )
        )
    if not seen_status:
        problems.append(Problem("A4", Message(gettext_noop("required row 'status_date' is missing"))))
    return Parsed(
        data=None if problems else data,
        number=number,
        based_on=based_on,
        problems=problems,
        cells=cells,
        based_on_cell=based_on_cell,
    )
