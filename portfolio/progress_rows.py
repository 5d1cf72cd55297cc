"""The rules of a progress report's rows (Bijlage 8, voortgangsrapportage), without Django: amounts, grant
lines, risk and issue lines, and the milestone months of the timeline.

Each function cleans what was typed and returns the problems it found as :class:`RowProblem` values (the
argument they concern, a translatable :class:`~regiekamer.texts.Message`, and the row and column, or the
milestone, to put the message next to). ``portfolio.services.progress`` turns them into one ValidationError.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from regiekamer.texts import Message, gettext_noop

from .reporting import MILESTONES

RISK_STATUS_DEFAULT = "open"


@dataclasses.dataclass(frozen=True)
class RowProblem:
    """A problem of one argument of the report: `field` names it; `params` carry where it is (``row`` and
    ``column`` for a line, ``code`` and ``column`` for a milestone) and the message's parameters."""

    field: str
    message: Message
    code: str = "invalid"
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


def clean_text(value: object) -> str:
    return str(value if value is not None else "").strip()


def as_month(value: object) -> datetime.date | None:
    """A milestone month as the first day of its month; ISO text ('2021-02' or '2021-02-15') or a date.
    ValueError when it is neither."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value).strip()
    return datetime.date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)


def as_amount(value: object) -> Decimal | None:
    """A money amount as Decimal, or None when empty; ValueError when not a number."""
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(value) from error
    if not amount.is_finite():
        raise ValueError(value)
    return amount


def lines(values: Iterable[object] | None) -> list[str]:
    """The non-empty lines of a list of texts."""
    return [text for text in (clean_text(value) for value in values or []) if text]


def report_lines(
    rows: Iterable[Mapping[str, Any]] | None, *, field: str, kind: Message
) -> tuple[list[dict[str, str]], list[RowProblem]]:
    """Risk or issue lines {text, owner, status}: a line needs its text; lines without any value are left
    out; the status defaults to open."""
    cleaned: list[dict[str, str]] = []
    problems: list[RowProblem] = []
    for index, row in enumerate(rows or []):
        values = {key: clean_text(row.get(key) or "") for key in ("text", "owner", "status")}
        if not any(values.values()):
            continue
        if not values["text"]:
            problems.append(
                RowProblem(
                    field,
                    Message(
                        gettext_noop(
                            "%(kind)s, line %(line)s: describe it; an owner or status alone is not enough."
                        ),
                        kind=kind,
                        line=index + 1,
                    ),
                    code="row",
                    params={"row": index, "column": "text"},
                )
            )
            continue
        values["status"] = values["status"] or RISK_STATUS_DEFAULT
        cleaned.append(values)
    return cleaned, problems


def funding_lines(
    funding: Iterable[Mapping[str, Any]] | None,
) -> tuple[list[dict[str, str]], list[RowProblem]]:
    """Grant lines {funder, amount}: both needed, amount ≥ 0, a funder once (ignoring case)."""
    cleaned: list[dict[str, str]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for index, line in enumerate(funding or []):
        funder = clean_text(line.get("funder") or "")
        problem: Message | None = None
        column = "funder"
        amount: Decimal | None = None
        try:
            amount = as_amount(line.get("amount"))
        except ValueError:
            problem, column = Message(gettext_noop("the amount is not a number")), "amount"
        if problem is None and not funder:
            problem = Message(gettext_noop("every grant line names its funder"))
        elif problem is None and amount is None:
            problem = Message(gettext_noop("the amount granted by %(funder)s is missing"), funder=funder)
            column = "amount"
        elif problem is None and amount is not None and amount < 0:
            problem, column = Message(gettext_noop("an amount cannot be negative")), "amount"
        elif problem is None and funder.casefold() in seen:
            problem = Message(
                gettext_noop("%(funder)s is already on line %(other)s; one line per funder"),
                funder=funder,
                other=seen[funder.casefold()] + 1,
            )
        if problem is not None:
            problems.append(
                RowProblem(
                    "funding",
                    Message(
                        gettext_noop("Grant line %(line)s: %(problem)s."), line=index + 1, problem=problem
                    ),
                    code="row",
                    params={"row": index, "column": column},
                )
            )
            continue
        seen[funder.casefold()] = index
        cleaned.append({"funder": funder, "amount": str(amount)})
    return cleaned, problems


def milestone_months(
    milestones: Mapping[str, Mapping[str, Any] | None] | None,
    start: datetime.date | None,
    end: datetime.date | None,
) -> tuple[dict[str, dict[str, str]], list[RowProblem]]:
    """{code: {planned, actual}} as ISO dates of the first of the month, each inside the timeline (a month
    outside it would not show on the Gantt row)."""
    labels = dict(MILESTONES)
    unknown = sorted(set(milestones or {}) - set(labels))
    if unknown:
        return {}, [
            RowProblem(
                "milestones",
                Message(gettext_noop("Unknown milestone(s): %(codes)s"), codes=", ".join(unknown)),
            )
        ]
    cleaned: dict[str, dict[str, str]] = {}
    problems: list[RowProblem] = []
    kinds = (("planned", Message(gettext_noop("planned"))), ("actual", Message(gettext_noop("actual"))))
    for code, entry in (milestones or {}).items():
        months: dict[str, str] = {}
        for kind, kind_label in kinds:
            where = {"code": code, "column": kind}
            try:
                month = as_month((entry or {}).get(kind))
            except ValueError:
                problems.append(
                    RowProblem(
                        "milestones",
                        Message(
                            gettext_noop("%(milestone)s, %(kind)s: not a month."),
                            milestone=labels[code],
                            kind=kind_label,
                        ),
                        code="month",
                        params=where,
                    )
                )
                continue
            if month is None:
                continue
            if start and end and start <= end and not start.replace(day=1) <= month <= end.replace(day=1):
                problems.append(
                    RowProblem(
                        "milestones",
                        Message(
                            gettext_noop(
                                "%(milestone)s, %(kind)s: %(month)s lies outside the timeline "
                                "(%(start)s to %(end)s)."
                            ),
                            milestone=labels[code],
                            kind=kind_label,
                            month=month.strftime("%m-%Y"),
                            start=start.strftime("%m-%Y"),
                            end=end.strftime("%m-%Y"),
                        ),
                        code="month",
                        params=where,
                    )
                )
                continue
            months[kind] = month.isoformat()
        if months:
            cleaned[code] = months
    return cleaned, problems
