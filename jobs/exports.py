"""Exports of filtered lists (issues 17 and 19): every list page exports exactly what its filter shows, as
XLSX or CSV, from one declaration per list.

An app declares a list once, in its `exports` (or `export`) module, which registers it:

    PROJECTS = ListExport(name="portfolio.projects", title=_("Projects"), action="portfolio.view_portfolio",
                          build=project_table)

`build(user, query)` reads the page's own filter from the query string (the same selector the page uses, so
the file holds what the page shows) and returns a Table: headers, the number of rows, and the rows as an
iterator that reads the database in chunks. A list of at most EXPORT_INLINE_ROWS rows is written at once and
sent; a longer one becomes a job of the job system (progress, cancel, download when done) that builds the same
table for the same user from the same query string. The worker checks the user's right again before it reads.

Both formats are safe to open: XLSX through regiekamer.xlsx (formula-safe, Dutch number and date formats);
CSV with a byte-order mark, semicolons (Excel in Dutch reads a comma as the decimal sign), Dutch decimal
commas and dates, and a text that starts like a formula prefixed with an apostrophe."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.authorization import check, require
from regiekamer import xlsx
from regiekamer.texts import Message, gettext_noop

if TYPE_CHECKING:
    from accounts.models import User

    from .models import JobRun
    from .runtime import JobContext

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
JOB_KIND = "jobs.list_export"
# The progress bar moves this many times in an export, whatever its length: the number of queries an export
# makes does not grow with its rows (issue 17), and a long one still shows its progress.
PROGRESS_WRITES = 50


def progress_step(total: int) -> int:
    """Rows written between two progress reports of an export of `total` rows."""
    return max(1, -(-total // PROGRESS_WRITES))


@dataclass(frozen=True)
class Table:
    headers: Sequence[str | Promise]
    count: int
    rows: Iterable[Sequence[Any]]
    filename: str  # without the extension, e.g. "portfolio-realisatie"
    caption: str | None = None  # the filters, written above the XLSX table when given


Builder = Callable[["User", QueryDict], Table]


_EXPORTS: dict[str, ListExport] = {}


@dataclass(frozen=True)
class ListExport:
    """A list that can be exported; declaring it (in the app's `exports` or `export` module) registers it."""

    name: str
    title: str | Promise
    action: str  # the permission to read the list
    build: Builder
    # Called with (person, filter, number of rows) whenever the list is exported, written at once or by the
    # job: an export of personal data is logged.
    on_export: Callable[[User, QueryDict, int], None] | None = None

    def __post_init__(self) -> None:
        _EXPORTS[self.name] = self


def _discover() -> None:
    """Import every domain app's export module, so a worker that loaded no URLs knows every list."""
    for app in settings.DOMAIN_APPS:
        for module in (f"{app}.exports", f"{app}.export"):
            if find_spec(module) is not None:
                import_module(module)


def get(name: str) -> ListExport | None:
    if name not in _EXPORTS:
        _discover()
    return _EXPORTS.get(name)


def names() -> list[str]:
    _discover()
    return sorted(_EXPORTS)


# --- writing ------------------------------------------------------------------------------------------------


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d-m-Y H:i")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal | float | int):
        return str(value).replace(".", formats.get_format("DECIMAL_SEPARATOR"))  # no thousands separator
    text = str(value)
    return "'" + text if xlsx.starts_like_formula(text) else text


def counted(rows: Iterable[Any], on_row: Callable[[int], None] | None) -> Iterator[Any]:
    """`rows`, calling `on_row` with the number of each row once it has been taken (the progress of a job)."""
    for number, row in enumerate(rows, start=1):
        yield row
        if on_row:
            on_row(number)


def csv_bytes(table: Table, *, on_row: Callable[[int], None] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_value(str(header)) for header in table.headers])
    for row in counted(table.rows, on_row):
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table, title: str, *, on_row: Callable[[int], None] | None = None) -> bytes:
    return xlsx.list_workbook(
        title, [str(header) for header in table.headers], counted(table.rows, on_row), caption=table.caption
    )


def file_bytes(title: str | Promise, table: Table, fmt: str, *, on_row: Callable[[int], None] | None = None):
    if fmt == "csv":
        return csv_bytes(table, on_row=on_row)
    return xlsx_bytes(table, str(title), on_row=on_row)


def file_name(table: Table, fmt: str) -> str:
    return f"{table.filename}-{timezone.localdate().strftime('%Y%m%d')}.{fmt}"


# --- the use case -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """Either the file (small lists) or the job that makes it."""

    content: bytes = b""
    filename: str = ""
    job: JobRun | None = None


def export_list(*, actor: User, name: str, fmt: str, query: QueryDict) -> Exported:
    """The list `name` filtered by `query` as `fmt`: written now when it has at most EXPORT_INLINE_ROWS
    rows, else queued as a job for `actor` (the same export of the same filter twice at once is refused)."""
    export = get(name)
    if export is None or fmt not in FORMATS:
        raise LookupError(name)
    permit = require(actor, export.action)
    table = export.build(actor, query)
    if table.count <= settings.EXPORT_INLINE_ROWS:
        if export.on_export is not None:
            export.on_export(actor, query, table.count)
        return Exported(content=file_bytes(export.title, table, fmt), filename=file_name(table, fmt))
    from . import services

    return Exported(
        job=services.start(
            actor=actor,
            kind=JOB_KIND,
            params={"export": name, "format": fmt, "query": query.urlencode()},
            view_action=export.action,
            dedupe_key=f"{JOB_KIND}:{actor.pk}:{name}:{fmt}:{query.urlencode()}",
            granted_by=permit,
        )
    )


def run_export_job(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """The job: the same table for the same user (whose right is checked again), written with progress."""
    export = get(params["export"])
    if export is None:
        raise LookupError(params["export"])
    if not check(context.actor, export.action):
        raise PermissionDenied(export.action)
    table = export.build(context.actor, QueryDict(params["query"]))
    if export.on_export is not None:
        export.on_export(context.actor, QueryDict(params["query"]), table.count)
    fmt = params["format"]
    return write_output(
        context,
        rows=table.count,
        name=file_name(table, fmt),
        write=lambda on_row: file_bytes(export.title, table, fmt, on_row=on_row),
    )


def write_output(
    context: JobContext, *, rows: int, name: str, write: Callable[[Callable[[int], None]], bytes]
) -> dict[str, Any]:
    """What every export job does around writing its file: `write(on_row)` writes `rows` rows, calling
    `on_row` after each, and the progress bar moves PROGRESS_WRITES times; the file becomes the job's output
    `name`, and the job's page says how many rows it holds."""
    step = Message(gettext_noop("Rows written"))
    context.progress(0, rows, step=step)
    every = progress_step(rows)

    def on_row(number: int) -> None:
        if number % every == 0:
            context.progress(number, rows, step=step)

    content = write(on_row)
    context.progress(rows, rows, step=step)
    context.save_output(name, content)
    context.message(Message(gettext_noop("%(n)s rows exported."), n=rows))
    return {"rows": rows}


def download(table: Table, fmt: str, *, title: str | Promise) -> HttpResponse:
    """A table written at once as `fmt` ("csv" or "xlsx"; anything else is a 404) and sent as a download:
    for a file that is always small (one scenario, one mailing list) and needs no job."""
    if fmt not in FORMATS:
        raise Http404(_("Unknown format."))
    return response(Exported(content=file_bytes(title, table, fmt), filename=file_name(table, fmt)))


def response(exported: Exported) -> HttpResponse:
    fmt = exported.filename.rsplit(".", 1)[-1]
    answer = HttpResponse(exported.content, content_type=FORMATS[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return answer


def to_job_page(request: Any, job: JobRun) -> HttpResponse:
    """An export too long to write in the request has been started as `job`: its page, where the file can be
    downloaded when it is done."""
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.info(
        request,
        _("The list is long: it is being written in the background. Download it here when it is done."),
    )
    return redirect("jobs:detail", pk=job.pk)


def view(export: ListExport) -> Callable[..., HttpResponse]:
    """The download view of `export` for an app's urls: `path("export.xlsx", exports.view(PROJECTS),
    {"fmt": "xlsx"}, name=...)`. Values the URL captures (a team code) join the filters. A small list is sent
    at once; a long one is started as a job and the person is taken to its page."""
    from accounts.authorization import permission_required

    @permission_required(export.action)
    def export_view(request: Any, fmt: str, **captured: str) -> HttpResponse:
        query = request.GET.copy()
        for key, value in captured.items():
            query[key] = value
        exported = export_list(actor=request.user, name=export.name, fmt=fmt, query=query)
        if exported.job is None:
            return response(exported)
        return to_job_page(request, exported.job)

    export_view.__name__ = f"export_{export.name.replace('.', '_')}"
    return export_view


def _jobs_table(user: Any, query: QueryDict) -> Table:
    from .selectors import jobs_table

    return jobs_table(user, query)


JOBS = ListExport(
    name="jobs.jobs", title=_("Background jobs"), action="jobs.view_all_jobs", build=_jobs_table
)
