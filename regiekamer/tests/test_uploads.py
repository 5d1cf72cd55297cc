"""Upload limits before parsing (issue 15, finding 2) and the PDF check on the parsed structure (finding 4):
the request body, the per-file cap, an .xlsx as a zip, a PDF's active content. Every hostile file is made
here, small: the limits are what is tested, not the size of a real bomb (bench/upload_bombs.py has that)."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.utils import translation
from openpyxl import Workbook

from regiekamer import uploads
from regiekamer.tests import xlsx_bombs
from regiekamer.tests.pdf_samples import BYPASSES, annotation, pdf_bytes

LIMITS = uploads.XlsxLimits(
    max_bytes=1024 * 1024, max_unpacked_bytes=4 * 1024 * 1024, max_cells=5_000, max_rows=999, max_columns=26
)


@pytest.fixture(autouse=True)
def english():
    """The source texts (a request through the middleware chooses its own language)."""
    with translation.override("en"):
        yield


def _refusal(content: bytes, limits: uploads.XlsxLimits = LIMITS) -> str:
    with pytest.raises(uploads.UploadRefused) as error:
        uploads.check_xlsx(content, limits)
    return str(error.value)


# --- the request body ---


class EndlessBody:
    """A request body that would be `size` bytes; counts what is read of it."""

    def __init__(self, size: int) -> None:
        self.size, self.read_bytes = size, 0

    def read(self, size: int = -1) -> bytes:
        size = self.size - self.read_bytes if size is None or size < 0 else size
        chunk = b"x" * min(size, self.size - self.read_bytes, 64 * 1024)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "json"), [("/stakeholders/import/", False), ("/api/intake/applications/", True)]
)
def test_a_1_gib_body_is_refused_unread(client, path, json):
    body = EndlessBody(1024**3)
    response = client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.read_bytes == 0  # neither read nor written to a temporary file
    assert int(response["Content-Length"]) == len(response.content)  # the client can read it at once
    assert "Connection" not in response  # a hop-by-hop header, which WSGI servers refuse
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    text = response.json()["detail"] if json else response.content.decode()
    assert "Wat u verstuurde is 1.024 MB; er kan hoogstens 11 MB tegelijk worden geüpload." in text


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_on(client):
    response = client.post("/stakeholders/import/", {"file": SimpleUploadedFile("a.csv", b"naam\nX\n")})
    assert response.status_code != 413


@override_settings(UPLOAD_MAX_FILE_BYTES=64 * 1024)
def test_a_file_part_past_the_cap_is_not_stored_and_keeps_its_size():
    big = SimpleUploadedFile("groot.xlsx", b"0" * (200 * 1024))
    request = RequestFactory().post("/portfolio/20-001/impact/import/", {"file": big, "note": "x"})
    upload = request.FILES["file"]
    assert isinstance(upload, uploads.OversizedUpload)
    assert (upload.name, upload.size, upload.read()) == ("groot.xlsx", 200 * 1024, b"")
    assert request.POST["note"] == "x"  # the rest of the form is read as usual
    small = RequestFactory().post("/", {"file": SimpleUploadedFile("klein.xlsx", b"1" * 1000)}).FILES["file"]
    assert not isinstance(small, uploads.OversizedUpload) and small.read() == b"1" * 1000


# --- an .xlsx as a zip ---


def test_an_ordinary_workbook_passes():
    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, 201):
        sheet.append([f"naam {row}", row, -row * 1.5, "=SUM(B1:B2)" if row == 1 else None])
    sheet.merge_cells("A1:B1")
    sheet["C1"].hyperlink = "https://example.org"
    buffer = io.BytesIO()
    workbook.save(buffer)
    uploads.check_xlsx(buffer.getvalue(), LIMITS)  # its theme's r="50000" attributes mean no cell


def test_a_file_that_is_no_zip_is_left_to_the_parser():
    uploads.check_xlsx(b"naam;kvk\nX;1\n", LIMITS)


def test_millions_of_cells_in_a_small_file_are_refused_on_the_count():
    bomb = xlsx_bombs.inline_string_bomb(20_000)
    assert len(bomb) < 100_000
    with translation.override("nl"):
        assert _refusal(bomb) == "De werkmap heeft meer cellen dan de 5.000 die deze import accepteert."


def test_rows_past_the_limit_are_refused():
    rows = ([] for _ in range(1_500))  # empty rows: no cells, only the rows openpyxl yields
    assert "more rows than the 999" in _refusal(xlsx_bombs.rows_sheet(rows))


@pytest.mark.parametrize(
    ("case", "content"),
    [
        ("the last row of Excel", lambda: xlsx_bombs.far_cell("A1048576")),
        ("a row past the limit", lambda: xlsx_bombs.far_cell("A1000")),
        ("a row number of 30 digits", lambda: xlsx_bombs.far_cell("A" + "9" * 30)),
        (
            "white space, single quotes, a prefix",
            lambda: xlsx_bombs.workbook(["<sheetData><x:row\n r\t=  '0001000'/></sheetData>"]),
        ),
    ],
)
def test_a_row_numbered_past_the_limit_is_refused(case, content):
    """Read-only openpyxl yields every row up to the highest row number, empty ones included."""
    assert "rows numbered beyond 999" in _refusal(content()), case


def test_a_far_row_a_megabyte_into_the_sheet_is_found_across_chunks():
    padding = "<sheetPr>" + "<!-- padding -->" * 80_000 + "</sheetPr>"
    content = xlsx_bombs.workbook([padding, "<sheetData>", padding, '<row r="123456"/>', "</sheetData>"])
    roomy = uploads.XlsxLimits(
        max_bytes=1024 * 1024,
        max_unpacked_bytes=4 * 1024 * 1024,
        max_cells=5_000,
        max_rows=999,
        max_ratio=10_000,
    )
    assert "rows numbered beyond 999" in _refusal(content, roomy)


@pytest.mark.parametrize(
    "content",
    [
        lambda: xlsx_bombs.far_cell("XFD1"),
        lambda: xlsx_bombs.rows_sheet([["a"]], dimension="A1:XFD1048576"),
        lambda: xlsx_bombs.rows_sheet(
            [["a"]], extra='<mergeCells count="1"><mergeCell ref="A1:XFD999"/></mergeCells>'
        ),
        lambda: xlsx_bombs.rows_sheet([["a"]], extra='<hyperlinks><hyperlink ref="A1:XFD999"/></hyperlinks>'),
    ],
)
def test_far_columns_and_ranges_pass_the_check_and_cost_the_readers_nothing(content):
    """The readers open the file read-only within their limits (max_row, max_col) and ignore the declared
    dimension: openpyxl in full mode would have made every cell of these ranges."""
    from openpyxl import load_workbook

    data = content()
    uploads.check_xlsx(data, LIMITS)
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = list(sheet.iter_rows(values_only=True, max_row=LIMITS.max_rows, max_col=LIMITS.max_columns))
    workbook.close()
    assert len(rows) <= 2 and all(len(row) <= LIMITS.max_columns for row in rows)


def test_a_sheet_placed_outside_xl_worksheets_is_checked_too():
    content = xlsx_bombs.far_cell("A1048576")
    moved = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(moved, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            name = item.filename
            if name == "xl/worksheets/sheet1.xml":
                name = "xl/theme/theme9.xml"
            data = data.replace(b"worksheets/sheet1.xml", b"theme/theme9.xml")
            target.writestr(name, data)
    assert "rows numbered beyond 999" in _refusal(moved.getvalue())


def test_a_dtd_is_refused():
    content = xlsx_bombs.workbook(["<sheetData/>"], head='<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    assert "declares a DTD" in _refusal(content)


def test_the_zip_itself_is_held_to_its_limits():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(300):
            archive.writestr(f"x/{index}.txt", "x")
    assert "consists of 300 parts" in _refusal(buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", b"\0" * (5 * 1024 * 1024))
    assert "unpacks to 5 MB" in _refusal(buffer.getvalue())
    roomy = uploads.XlsxLimits(
        max_bytes=1024 * 1024, max_unpacked_bytes=64 * 1024 * 1024, max_cells=5_000, max_rows=999
    )
    assert "times; at most 100 times is accepted" in _refusal(buffer.getvalue(), roomy)
    assert "at most 1 MB is accepted" in _refusal(b"PK" + b"0" * (1024 * 1024), roomy)


def test_the_row_limit_must_be_recognisable_by_length():
    with pytest.raises(ValueError):
        uploads.XlsxLimits(max_bytes=1, max_unpacked_bytes=1, max_cells=1, max_rows=1000)


# --- a PDF on its parsed structure ---


@pytest.mark.parametrize("case", BYPASSES)
def test_active_content_is_found_on_the_parsed_structure(case):
    make, expected, hidden = BYPASSES[case]
    content = make()
    assert [name for name in hidden if name in content] == []
    assert uploads.pdf_active_content(content) == expected


def test_a_plain_pdf_with_links_and_a_first_page_view_passes():
    def build(pdf: pikepdf.Pdf) -> None:
        annotation(pdf, pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org"))
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])

    assert uploads.pdf_active_content(pdf_bytes(build, object_streams=True)) == []


@pytest.mark.parametrize("content", [b"%PDF-1.4\n1 0 obj<<>>endobj\n", b"not a pdf at all", b""])
def test_a_file_that_cannot_be_parsed_is_refused(content):
    with pytest.raises(uploads.PdfUnreadable):
        uploads.pdf_active_content(content)


def test_a_password_protected_pdf_is_refused():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(user="geheim", owner="geheim"))
    with pytest.raises(uploads.PdfUnreadable, match="password"):
        uploads.pdf_active_content(buffer.getvalue())
