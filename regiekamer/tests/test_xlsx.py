"""regiekamer.xlsx, the one place spreadsheets are made (issue 15, finding 5): text that starts like a formula
is text, numbers and dates keep their types, only put_formula writes a formula; and no other module makes or
saves a workbook itself. Each export's own test (in its app) puts a formula-like value through it."""

from __future__ import annotations

import ast
import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from regiekamer import xlsx
from regiekamer.tests.xlsx_checks import INJECTED, INJECTED_OTHERS

ROOT = Path(settings.BASE_DIR)
STARTS = [INJECTED, *INJECTED_OTHERS, "\r=1+1", "\n=1+1"]


def _read(content: bytes):
    return load_workbook(BytesIO(content)).worksheets[0]


@pytest.mark.parametrize("value", STARTS)
def test_a_list_export_writes_each_formula_start_as_text(value):
    sheet = _read(xlsx.list_workbook("Lijst", ["Naam", "Bedrag"], [[value, -12.5]]))
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == (value, "s", True)
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-12.5, "n")


@pytest.mark.parametrize("value", STARTS)
def test_a_worksheet_export_writes_each_formula_start_as_text_and_keeps_its_own_formulas(value):
    workbook = xlsx.new_workbook()
    sheet = workbook.active
    sheet.append([value, -3, Decimal("-1.5"), datetime.date(2020, 3, 1), "gewone tekst", None])
    sheet["A3"] = "Totaal"
    xlsx.put_formula(sheet, "B3", "=SUM(B1:C1)")
    read = _read(xlsx.workbook_bytes(workbook))
    assert (read["A1"].value, read["A1"].data_type) == (value, "s")
    assert [(read[c].value, read[c].data_type) for c in ("B1", "C1")] == [(-3, "n"), (-1.5, "n")]
    assert read["D1"].is_date and read["E1"].quotePrefix is False
    assert (read["B3"].value, read["B3"].data_type) == ("=SUM(B1:C1)", "f")


def test_a_write_only_sheet_gets_safe_cells():
    workbook = xlsx.new_workbook(write_only=True)
    sheet = workbook.create_sheet("Lijst")
    xlsx.append(sheet, [INJECTED, -1, None, datetime.date(2021, 1, 2)])
    read = _read(xlsx.workbook_bytes(workbook))
    assert [(cell.value, cell.data_type) for cell in read[1]][:3] == [(INJECTED, "s"), (-1, "n"), (None, "n")]
    assert read["D1"].number_format == xlsx.DATE_FORMAT


def test_a_time_with_a_zone_is_written_as_the_local_time():
    # openpyxl refuses a datetime with a time zone; the list shows the local (Amsterdam) time, so must Excel.
    moment = datetime.datetime(2021, 6, 1, 10, 30, tzinfo=datetime.UTC)  # 12:30 in summer time
    sheet = _read(xlsx.list_workbook("Lijst", ["Ingediend"], [[moment]]))
    assert sheet["A2"].value == datetime.datetime(2021, 6, 1, 12, 30)  # noqa: DTZ001 - Excel's naive local time
    assert sheet["A2"].number_format == xlsx.DATETIME_FORMAT


def _modules() -> list[Path]:
    skipped = {".venv", "tests", "migrations", "node_modules", "static", "var", "bench", "scripts", "e2e"}
    return [
        path
        for path in ROOT.rglob("*.py")
        if not skipped & set(path.relative_to(ROOT).parts) and path != ROOT / "regiekamer" / "xlsx.py"
    ]


def test_no_module_but_regiekamer_xlsx_makes_or_saves_a_workbook():
    """A new export that made its own Workbook() would skip the formula check: every export goes through
    regiekamer.xlsx (new_workbook ... workbook_bytes). Reading uploads (load_workbook) is another matter."""
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {  # `if TYPE_CHECKING:` imports name the type, they make nothing
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            imported = isinstance(node, ast.ImportFrom) and node.module == "openpyxl"
            if imported and any(alias.name == "Workbook" for alias in node.names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports openpyxl.Workbook")
            if isinstance(node, ast.Attribute) and node.attr == "Workbook":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} uses openpyxl.Workbook")
    assert offenders == []
