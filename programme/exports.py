"""The decision list as a file (jobs.exports: XLSX or CSV, as a job when long), filtered as its page is."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jobs import exports

from . import selectors


def decision_table(user: Any, query: QueryDict) -> exports.Table:
    """Every decision of the steering meetings, or of one team's (?team=code), as the list page shows them."""
    code = query.get("team", "")
    decisions = selectors.decision_list(team_code=code)
    headers = [
        _("Meeting date"),
        _("Team"),
        _("Number"),
        _("Kind"),
        _("Decision"),
        _("Reasoning"),
        _("Decides on"),
        _("Corrects"),
        _("Corrected by"),
        _("Recorded by"),
    ]
    rows = (
        [
            decision.meeting.date,
            decision.meeting.team.name,
            decision.sequence,
            decision.get_kind_display(),
            decision.text,
            decision.reasoning,
            str(subject) if (subject := decision.shown_subject) is not None else "",
            str(decision.supersedes) if decision.supersedes else "",
            ", ".join(str(newer) for newer in decision.superseded_by.all()),
            str(decision.recorded_by),
        ]
        for decision in decisions.iterator(chunk_size=1000)
    )
    filename = f"besluiten-{code or 'programma'}"
    return exports.Table(headers=headers, count=decisions.count(), rows=rows, filename=filename)


DECISIONS = exports.ListExport(
    name="programme.decisions",
    title=_("Decisions"),
    action="programme.view_meetings",
    build=decision_table,
)
