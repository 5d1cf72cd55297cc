"""Formula injection checks for every XLSX export's tests (issue 15, finding 5): a value that starts like a
formula must come out as text, unchanged; a negative number stays a number."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

# A cell of this text in Excel: a link that sends the reader (and the sheet's data) elsewhere.
INJECTED = '=HYPERLINK("http://x","y")'
INJECTED_OTHERS = ("+1+1", "-1+1", "@SUM(1)", "\t=1+1")


def cells(content: bytes) -> list:
    """Every cell of every sheet of an .xlsx, read back as Excel would (formulas as formulas)."""
    workbook = load_workbook(BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_written_as_text(content: bytes, *values: str) -> None:
    """Each of `values` is in some cell of the workbook, unchanged and as text (data type 's'), and no cell
    holds it as a formula."""
    found = cells(content)
    for value in values:
        holding = [cell for cell in found if cell.value == value]
        assert holding, f"{value!r} is not in the export"
        assert {cell.data_type for cell in holding} == {"s"}, [(c.coordinate, c.data_type) for c in holding]


def formulas(content: bytes) -> dict[str, str]:
    """The formulas of the export's first sheet, by cell (those the export means to write)."""
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"}
