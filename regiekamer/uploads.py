"""Upload limits, checked before anything parses an uploaded file (issue 15, finding 2).

Three layers, outermost first:

- `RequestBodyLimitMiddleware` refuses a request whose declared body (CONTENT_LENGTH) is larger than
  settings.UPLOAD_MAX_REQUEST_BYTES with 413, before Django reads a byte of it: a 1 GiB multipart body is
  neither read nor written to a temporary file. (Under WSGI a body without CONTENT_LENGTH is read as empty.)
  Under ASGI, Django's handler reads the whole body into a temporary file before any middleware runs, so
  `RequestBodyLimitASGIMiddleware` (wrapped around the application in regiekamer/asgi.py) does the same
  outside Django: 413 for a declared Content-Length over the limit without reading the body, and for a body
  sent without one (chunked) it stops reading as soon as the body passes the limit.
- `FileSizeLimitUploadHandler`, the first upload handler, stops storing a file part once it passes
  settings.UPLOAD_MAX_FILE_BYTES: the rest is counted and dropped, and the file arrives as an empty
  `OversizedUpload` whose `size` is the size that was sent, so every form's and service's size check refuses
  it with its own message.
- `check_xlsx(content, limits)` inspects an .xlsx as the zip it is, without parsing a worksheet: the number
  of entries, the unpacked size (total and per entry), the compression ratio, and, streaming every part in
  bounded chunks, the number of cells, rows and shared strings and any row numbered past the limit. A DTD
  anywhere is refused. Only then may openpyxl open the file, and each import reads it in read-only mode
  within its limits (max_row, max_col), ignoring the sheet's declared dimension: a far cell, a merged range
  or a hyperlink range cost nothing there. A bomb is refused in a fraction of a second, with a message naming
  the limit.

The zip's stated sizes can be trusted as bounds: Python's zipfile (which openpyxl reads through) never
returns more bytes of an entry than its stated size.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.cookie import parse_cookie
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MIB = 1024 * 1024
CHUNK = 1 * MIB  # decompressed bytes scanned at a time
RATIO_FROM_BYTES = 1 * MIB  # the ratio is judged for entries that unpack to more than this
MAX_TAG = 1 * MIB  # no tag of a workbook part is anywhere near this long


class UploadRefused(ValueError):
    """An uploaded file breaks a limit; str() is the message for the person who sent it."""


def _number(value: float, decimals: int = 0) -> str:
    return number_format(value, decimals, force_grouping=True)


def _megabytes(size: int) -> str:
    return _number(size / MIB, 0 if size % MIB == 0 else 1)


# --- the request body -------------------------------------------------------------------------------------


class RequestBodyLimitMiddleware:
    """413 for a request body larger than settings.UPLOAD_MAX_REQUEST_BYTES, judged on CONTENT_LENGTH
    before the body is read (placed before every middleware that reads request.POST, CSRF's included)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as an empty body
        if length > limit:
            return self.refuse(request, length, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, length: int, limit: int) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        return body_refusal(path=request.path, language=language, length=length, limit=limit)


def body_refusal(*, path: str, language: str | None, length: int | None, limit: int) -> HttpResponse:
    """The 413 answer for a body over `limit` bytes: `length` is its declared size, None for a body sent
    without one (stopped once it passed the limit). JSON under /api/, the 413 page elsewhere, in the language
    of the language cookie (`language`; Dutch when none)."""
    with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        if length is None:
            message = _(
                "What you sent is more than %(limit)s MB; at most %(limit)s MB can be uploaded at once. "
                "Nothing was saved."
            ) % {"limit": _megabytes(limit)}
        else:
            message = _(
                "What you sent is %(size)s MB; at most %(limit)s MB can be uploaded at once. Nothing was "
                "saved."
            ) % {"size": _megabytes(length), "limit": _megabytes(limit)}
        if path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=413)
        else:
            response = HttpResponse(render_to_string("413.html", {"message": message}), status=413)
    # The length lets the client read the answer while the rest of its body is never read. (No
    # 'Connection: close': WSGI forbids hop-by-hop headers from the application; the server closes a
    # connection whose body was not read.)
    response["Content-Length"] = str(len(response.content))
    return response


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]  # Django's handler types its arguments narrower


class RequestBodyLimitASGIMiddleware:
    """The body limit (settings.UPLOAD_MAX_REQUEST_BYTES) for the ASGI entry point, around Django's ASGI
    handler, which reads a whole body into a temporary file before any Django middleware runs.

    - A declared Content-Length over the limit: 413 at once; the application is not called and not a byte
      of the body is read.
    - A body without a (truthful) Content-Length: its chunks are counted as the application reads them; the
      chunk that passes the limit is not handed on. The application is told the client went away
      (`http.disconnect`: Django's handler drops the request it was reading) and the client gets the 413,
      unless the application had already started a response. Nothing more of the body is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        try:
            declared: int | None = int(headers.get(b"content-length", b""))
        except ValueError:
            declared = None  # none or malformed: the chunks are counted
        cookies = parse_cookie(headers.get(b"cookie", b"").decode("latin-1"))
        language = cookies.get(settings.LANGUAGE_COOKIE_NAME)
        path = scope.get("path", "")
        if declared is not None and declared > limit:
            await self._send(send, body_refusal(path=path, language=language, length=declared, limit=limit))
            return

        received = 0
        refused = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if refused and not started:
                return  # the 413 follows once the application returns
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracked_send)
        if refused and not started:
            await self._send(send, body_refusal(path=path, language=language, length=None, limit=limit))

    @staticmethod
    async def _send(send: Send, response: HttpResponse) -> None:
        headers = [(name.lower().encode(), value.encode("latin-1")) for name, value in response.items()]
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": headers,
            }
        )
        await send({"type": "http.response.body", "body": response.content})


class OversizedUpload(UploadedFile):
    """A file part that passed the per-file limit: no content, the size that was sent."""

    def __init__(self, *, name: str, content_type: str | None, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size, charset=charset)


class FileSizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes a file's chunks on to the storing handlers until the file
    passes settings.UPLOAD_MAX_FILE_BYTES, then counts and drops the rest (nothing more is stored) and hands
    over an OversizedUpload in place of the file."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_BYTES:
            self.oversized = True
            return None  # not passed on: the storing handlers keep what they had
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.oversized:
            return None  # the storing handler after this one returns the file
        return OversizedUpload(
            name=self.file_name or "",
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
        )


# --- an .xlsx as a zip --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class XlsxLimits:
    """What one import accepts. `max_rows` is a power of ten less one (9,999; 999,999), so a row number
    beyond it is recognised by its length alone. `max_columns` is for the import's reader, which reads no
    column past it (openpyxl's iter_rows(max_col=...)): a cell far to the right costs nothing there."""

    max_bytes: int
    max_unpacked_bytes: int
    max_cells: int
    max_rows: int
    max_columns: int = 26
    max_entries: int = 200
    max_ratio: int = 100

    def __post_init__(self) -> None:
        if str(self.max_rows).strip("9"):
            raise ValueError("max_rows must be 9, 99, 999, ...")


_PREFIX = rb"(?:[A-Za-z_][\w.\-]{0,31}:)?"
# The elements counted: cells, rows and shared strings, in every part (whatever a part's name: the workbook's
# relationships may place a sheet anywhere). A name is followed by white space, '/' or '>'. Each match holds
# exactly one '<', at its start, so a chunk cut just before a '<' never splits one.
_COUNTED = re.compile(rb"<" + _PREFIX + rb"(c|row|si)[\s/>]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _far_row(limits: XlsxLimits) -> re.Pattern[bytes]:
    """A row numbered past `max_rows` (openpyxl yields every row before it, empty ones included). Starts
    with the literal 'row', so the regular expression engine skips to each row at memory speed; it matches
    `<row` and `<x:row` alike. (A cell's own reference does not place it in read-only openpyxl: its row is
    the row element's, its column is cut off by max_col. The sheet's declared dimension is ignored by the
    readers: reset_dimensions or explicit bounds.)"""
    digits = len(str(limits.max_rows))
    return re.compile(rb"row\s[^<>]*?\br\s*=\s*[\"']\s*0*[1-9][0-9]{%d}" % digits)


def check_xlsx(content: bytes, limits: XlsxLimits) -> None:
    """Refuse (UploadRefused, a message naming the limit) an .xlsx that breaks `limits`, before it is
    parsed. A file that is not a zip at all is left to the parser, which says it is no workbook."""
    if len(content) > limits.max_bytes:
        raise UploadRefused(
            _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": _megabytes(len(content)), "limit": _megabytes(limits.max_bytes)}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise UploadRefused(
                _("The workbook consists of %(count)s parts; at most %(limit)s are accepted.")
                % {"count": _number(len(entries)), "limit": _number(limits.max_entries)}
            )
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > limits.max_unpacked_bytes:
            raise UploadRefused(
                _(
                    "The workbook unpacks to %(size)s MB; at most %(limit)s MB is accepted. Remove what the "
                    "import does not need, or split the file."
                )
                % {"size": _megabytes(unpacked), "limit": _megabytes(limits.max_unpacked_bytes)}
            )
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > RATIO_FROM_BYTES and ratio > limits.max_ratio:
                raise UploadRefused(
                    _(
                        "Part %(part)s of the workbook is compressed %(ratio)s times; at most %(limit)s "
                        "times is accepted (a normal workbook is far less): the file is refused as a zip "
                        "bomb."
                    )
                    % {"part": entry.filename, "ratio": _number(ratio), "limit": _number(limits.max_ratio)}
                )
        counts = dict.fromkeys((b"c", b"row", b"si"), 0)
        far_row = _far_row(limits)
        for entry in entries:
            _PartScan(entry.filename, limits, counts, far_row).run(archive, entry)


class _PartScan:
    """One part, streamed in chunks: refuse a DTD, count cells, rows and shared strings across the workbook,
    refuse a row numbered past the limit. Every pattern lies inside one tag (from its '<' to its '>'), so a
    chunk is checked up to the last tag still open at its end, which is carried over to the next. Memory:
    about two chunks; time: some milliseconds per unpacked megabyte."""

    def __init__(
        self, part: str, limits: XlsxLimits, counts: dict[bytes, int], far_row: re.Pattern[bytes]
    ) -> None:
        self.part, self.limits, self.counts, self.far_row = part, limits, counts, far_row

    def run(self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
        carry = b""
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(CHUNK):
                    buffer = carry + chunk
                    cut = buffer.rfind(b"<")
                    if cut == -1 or buffer.find(b">", cut) != -1:
                        segment, carry = buffer, b""
                    else:
                        segment, carry = buffer[:cut], buffer[cut:]
                        if len(carry) > MAX_TAG:
                            raise UploadRefused(
                                _("Part %(part)s of the workbook is not a readable workbook part.")
                                % {"part": self.part}
                            )
                    self.check(segment)
                self.check(carry)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            return  # a damaged or encrypted part: the parser refuses the file as unreadable

    def check(self, segment: bytes) -> None:
        limits, counts = self.limits, self.counts
        if _DTD.search(segment):
            raise UploadRefused(
                _("Part %(part)s of the workbook declares a DTD, which a workbook never needs.")
                % {"part": self.part}
            )
        names = _COUNTED.findall(segment)
        for name in counts:
            counts[name] += names.count(name)
        if counts[b"c"] > limits.max_cells or counts[b"si"] > limits.max_cells:
            raise UploadRefused(
                _("The workbook has more cells than the %(limit)s this import accepts.")
                % {"limit": _number(limits.max_cells)}
            )
        if counts[b"row"] > limits.max_rows:
            raise UploadRefused(
                _("The workbook has more rows than the %(limit)s this import accepts.")
                % {"limit": _number(limits.max_rows)}
            )
        if self.far_row.search(segment):
            raise UploadRefused(
                _(
                    "The sheet has rows numbered beyond %(limit)s; at most %(limit)s rows are accepted. "
                    "Delete the rows after the data."
                )
                % {"limit": _number(limits.max_rows)}
            )


# --- a PDF, on its parsed structure -------------------------------------------------------------------------

# What makes a PDF act when it is opened or clicked, rather than show: scripts, launching programs, sending
# or fetching data, carrying other files, multimedia and 3D (which can carry scripts), XFA forms. Names are
# compared after the parser has decoded them (/J#61vaScript is /JavaScript).
PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent", "/RichMediaSettings"}
)
PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/RichMediaExecute",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/Sound",
        "/Movie",
        "/GoTo3DView",
    }
)
PDF_ACTIVE_TYPES = frozenset({"/EmbeddedFile"})
PDF_ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
PDF_MAX_OBJECTS = 100_000


class PdfUnreadable(UploadRefused):
    """The file cannot be parsed as a PDF (so it cannot be checked either)."""


def pdf_active_content(content: bytes) -> list[str]:
    """The active parts of a PDF (sorted PDF names, empty for a plain document), found on the structure the
    PDF library (pikepdf, on qpdf) parsed: every object, those inside compressed object streams included,
    and every dictionary nested in them; names as the parser decoded them. Raises PdfUnreadable for a file
    that is no readable PDF, is encrypted with a password, or has more than PDF_MAX_OBJECTS objects."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError as error:
        raise PdfUnreadable(_("The PDF is protected with a password; upload it without one.")) from error
    except (pikepdf.PdfError, ValueError, OSError) as error:
        raise PdfUnreadable(_("The file cannot be read as a PDF.")) from error
    with pdf:
        try:
            declared = int(pdf.trailer.get("/Size", 0))
        except (TypeError, ValueError):
            declared = 0
        if declared > PDF_MAX_OBJECTS:
            raise PdfUnreadable(
                _("The PDF has %(count)s objects; at most %(limit)s are accepted.")
                % {"count": _number(declared), "limit": _number(PDF_MAX_OBJECTS)}
            )
        try:
            found = _pdf_walk(pikepdf, [pdf.trailer, *pdf.objects])
        except (pikepdf.PdfError, RecursionError) as error:
            raise PdfUnreadable(_("The file cannot be read as a PDF.")) from error
    return sorted(found)


def _pdf_walk(pikepdf: Any, roots: list[Any]) -> set[str]:
    """Every dictionary reachable from `roots` without following indirect references (each indirect object
    is a root of its own), checked for PDF_ACTIVE_*. Iterative: nesting depth is the file's to choose."""
    found: set[str] = set()
    stack = list(roots)
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > 20 * PDF_MAX_OBJECTS:
            raise PdfUnreadable(_("The PDF is too complex to check."))
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if isinstance(item, pikepdf.Dictionary):
            keys = set(item.keys())
            found |= keys & PDF_ACTIVE_KEYS
            action = item.get("/S")
            if isinstance(action, pikepdf.Name) and str(action) in PDF_ACTIVE_ACTIONS:
                found.add(str(action))
            for key, kinds in (("/Type", PDF_ACTIVE_TYPES), ("/Subtype", PDF_ACTIVE_SUBTYPES)):
                value = item.get(key)
                if isinstance(value, pikepdf.Name) and str(value) in kinds:
                    found.add(str(value))
            opening = item.get("/OpenAction")
            if isinstance(opening, pikepdf.Dictionary) and str(opening.get("/S", "")) != "/GoTo":
                found.add("/OpenAction")
            children = [item.get(key) for key in keys]
        elif isinstance(item, pikepdf.Array):
            children = list(item)
        else:
            continue
        stack.extend(child for child in children if not getattr(child, "is_indirect", False))
    return found
