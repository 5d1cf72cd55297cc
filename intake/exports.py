"""The application list as a file (jobs.exports: XLSX or CSV, as a job when long): the applications the
person may see, filtered by status as the list page is."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jobs import exports

from . import selectors
from .models import Status


def status_filter(query: QueryDict) -> str:
    """The list's ?status=, ignored when it names no status."""
    status = query.get("status", "")
    return status if status in Status.values else ""


def application_table(user: Any, query: QueryDict) -> exports.Table:
    status = status_filter(query)
    applications = selectors.application_list(user, status=status)
    headers = [
        _("Title"),
        _("Consortium"),
        _("NPCE product group"),
        _("Transition agenda"),
        _("Parties"),
        _("Submitted"),
        _("Status"),
    ]
    rows = (
        [
            application.title,
            str(application.consortium),
            str(application.product_group) if application.product_group else "",
            str(application.transition_agenda) if application.transition_agenda else "",
            application.party_count,  # type: ignore[attr-defined]  # annotated by the selector
            application.submitted_at,
            application.get_status_display(),
        ]
        for application in applications.iterator(chunk_size=1000)
    )
    filename = f"aanvragen-{status}" if status else "aanvragen"
    return exports.Table(headers=headers, count=applications.count(), rows=rows, filename=filename)


APPLICATIONS = exports.ListExport(
    name="intake.applications",
    title=_("Applications"),
    action="intake.view_applications",
    build=application_table,
)
