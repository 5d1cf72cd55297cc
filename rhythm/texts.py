"""What a notification says, in the reader's language: its title (the inbox line and the e-mail's subject)
and its body (the e-mail). Parameters are stored with the notification as plain values (dates as ISO
strings) and formatted here, in the language asked for, so the inbox shows a Dutch reader Dutch and an
English reader English, whatever language the e-mail was sent in."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from .models import Kind, Notification


def _date(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT") if value else ""


def _time(value: str) -> str:
    return time_format(datetime.time.fromisoformat(value), "TIME_FORMAT") if value else ""


def title(kind: str, params: dict[str, Any]) -> str:
    """The one-line title of a notification of `kind` with `params`, in the active language."""
    p = dict(params)
    if kind == Kind.REPORT_DUE_SOON:
        return _("Progress report of %(project)s due on %(due)s") % {
            "project": p.get("project", ""),
            "due": _date(p.get("due", "")),
        }
    if kind == Kind.REPORT_DUE_TODAY:
        return _("Progress report of %(project)s due today") % {"project": p.get("project", "")}
    if kind == Kind.REPORT_OVERDUE:
        return _("Progress report of %(project)s is overdue (due %(due)s)") % {
            "project": p.get("project", ""),
            "due": _date(p.get("due", "")),
        }
    if kind == Kind.MEETING_INVITATION:
        return _("Invitation: steering meeting %(team)s on %(date)s at %(time)s") % {
            "team": p.get("team", ""),
            "date": _date(p.get("date", "")),
            "time": _time(p.get("time", "")),
        }
    if kind == Kind.PROJECT_DECISION:
        return _("Decision about %(project)s") % {"project": p.get("project", "")}
    if kind == Kind.VALUE_AWAITING_APPROVAL:
        return _("Value of %(indicator)s awaits your approval") % {"indicator": p.get("indicator", "")}
    if kind == Kind.APPLICATION_STATUS:
        return _("Application %(application)s: %(status)s") % {
            "application": p.get("application", ""),
            "status": _status_label(p.get("status", "")),
        }
    return str(Kind(kind).label)


def _status_label(code: str) -> str:
    from intake.models import Status

    return str(Status(code).label) if code in Status.values else code


def body(kind: str, params: dict[str, Any], *, is_copy: bool) -> str:
    """The e-mail's text, in the active language."""
    p = dict(params)
    lines: list[str] = [title(kind, params), ""]
    if kind in (Kind.REPORT_DUE_SOON, Kind.REPORT_DUE_TODAY, Kind.REPORT_OVERDUE):
        if is_copy and p.get("lead"):
            lines.append(
                _("You receive a copy as the team lead of %(team)s; the project lead is %(lead)s.")
                % {"team": p.get("team", ""), "lead": p.get("lead", "")}
            )
        elif is_copy:
            lines.append(
                _(
                    "You receive this as the team lead of %(team)s: the project has no project lead with an "
                    "account."
                )
                % {"team": p.get("team", "")}
            )
        lines.append(
            _("The project reports every %(months)s months; this report was due on %(due)s.")
            % {"months": p.get("months", ""), "due": _date(p.get("due", ""))}
            if kind == Kind.REPORT_OVERDUE
            else _("The project reports every %(months)s months; the next report is due on %(due)s.")
            % {"months": p.get("months", ""), "due": _date(p.get("due", ""))}
        )
    elif kind == Kind.MEETING_INVITATION:
        if p.get("location"):
            lines.append(_("Location: %(location)s") % {"location": p["location"]})
        lines += ["", _("Agenda:"), p.get("agenda") or _("No agenda items yet.")]
        lines += ["", _("The attached calendar file adds the meeting to your calendar.")]
    elif kind == Kind.PROJECT_DECISION:
        lines += [
            p.get("text", ""),
            "",
            _("Recorded by the steering meeting of %(team)s on %(date)s.")
            % {
                "team": p.get("team", ""),
                "date": _date(p.get("date", "")),
            },
        ]
    elif kind == Kind.VALUE_AWAITING_APPROVAL:
        lines.append(
            _("A value dated %(date)s was entered; as the indicator's reviewer you approve or reject it.")
            % {"date": _date(p.get("date", ""))}
        )
    elif kind == Kind.APPLICATION_STATUS:
        lines.append(
            _("The status of your consortium's application changed from %(old)s to %(new)s.")
            % {"old": _status_label(p.get("from", "")) or "-", "new": _status_label(p.get("status", ""))}
        )
    return "\n".join(lines)


def rendered(notification: Notification, language: str) -> tuple[str, str]:
    """(subject, body) of `notification` in `language`."""
    with translation.override(language):
        return (
            title(notification.kind, notification.params),
            body(notification.kind, notification.params, is_copy=notification.is_copy),
        )
