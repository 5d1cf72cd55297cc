"""Hostile .xlsx files for the upload-limit tests and bench/upload_bombs.py, written as zips by hand
(streamed: a bomb is never held unpacked in memory). Each is a valid workbook that openpyxl opens."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _workbook(sheet_name: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
        f'xmlns:r="{DOC_RELS}"><sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row(number: int, values: Iterable[str]) -> str:
    cells = "".join(
        f'<c r="{_column(column)}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        for column, value in enumerate(values, start=1)
    )
    return f'<row r="{number}">{cells}</row>'


def workbook(
    sheet_xml: Iterable[str], *, sheet_name: str = "Sheet1", level: int = 9, head: str = ""
) -> bytes:
    """A one-sheet workbook whose worksheet part is `head` + the pieces of `sheet_xml`, streamed into the
    zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{head}'
                f'<worksheet xmlns="{MAIN}">'.encode()
            )
            pending: list[str] = []
            for piece in sheet_xml:
                pending.append(piece)
                if len(pending) >= 4096:
                    part.write("".join(pending).encode())
                    pending.clear()
            part.write("".join(pending).encode())
            part.write(b"</worksheet>")
    return buffer.getvalue()


def rows_sheet(
    rows: Iterable[Iterable[str]], *, sheet_name: str = "Sheet1", dimension: str = "", extra: str = ""
) -> bytes:
    """A sheet with these rows (inline strings), an optional declared dimension and XML after the data."""

    def pieces() -> Iterator[str]:
        if dimension:
            yield f'<dimension ref="{dimension}"/>'
        yield "<sheetData>"
        for number, values in enumerate(rows, start=1):
            yield _row(number, values)
        yield "</sheetData>"
        yield extra

    return workbook(pieces(), sheet_name=sheet_name)


def inline_string_bomb(
    cells: int, *, first_rows: Iterable[Iterable[str]] = (), sheet_name: str = "Sheet1", width: int = 20
) -> bytes:
    """`first_rows` (a real header or template start), then `cells` inline-string cells in rows of `width`:
    a few megabytes that unpack to hundreds (the finding's 5 MB file of millions of cells)."""
    head = [list(values) for values in first_rows]

    def pieces() -> Iterator[str]:
        yield "<sheetData>"
        for number, values in enumerate(head, start=1):
            yield _row(number, values)
        number = len(head)
        for start in range(0, cells, width):
            number += 1
            yield _row(number, ["x"] * min(width, cells - start))
        yield "</sheetData>"

    return workbook(pieces(), sheet_name=sheet_name)


def far_cell(reference: str = "XFD1048576", *, first_rows: Iterable[Iterable[str]] = (), **kwargs) -> bytes:
    """A handful of bytes whose one cell lies at `reference`: openpyxl walks every row and column up to it."""
    rows = [list(values) for values in first_rows]
    column = reference.rstrip("0123456789")
    number = reference[len(column) :]

    def pieces() -> Iterator[str]:
        yield "<sheetData>"
        for index, values in enumerate(rows, start=1):
            yield _row(index, values)
        yield f'<row r="{number}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'
        yield "</sheetData>"

    return workbook(pieces(), **kwargs)
