"""Quota of supported chain-breakthrough projects (seed 2 §3 "Randvoorwaarden", last point):

"tot en met 2024 per Transitie Agenda drie projecten ondersteund kunnen worden tussen 2023 en 2030. Vanaf 2025
wordt het principe 'first come, first serve' gehanteerd. We verwachten in totaal 25 ketendoorbraakprojecten te
ondersteunen."

Read here as: an approval dated up to and including 31 December 2024 may not give its transition agenda a
fourth supported project; an approval from 1 January 2025 has no per-agenda cap, but takes its turn by
submission time while the expected total of 25 is nearly used up; and approvals fall inside the 2023-2030
programme period. An approval that breaks a rule is refused unless the steering group overrides it with a
recorded reason.

Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from regiekamer.texts import Message, gettext_noop

PERIOD_START = date(2023, 1, 1)
PERIOD_END = date(2030, 12, 31)
AGENDA_CAP_LAST_DAY = date(2024, 12, 31)
AGENDA_CAP = 3
TOTAL_EXPECTED = 25

OUTSIDE_PERIOD = "outside_period"
AGENDA_CAP_REACHED = "agenda_cap"
TOTAL_REACHED = "total"
NOT_FIRST_COME = "first_come"

BREACH_MESSAGES = {
    OUTSIDE_PERIOD: gettext_noop("The decision date lies outside the NPCE period 2023-2030."),
    AGENDA_CAP_REACHED: gettext_noop(
        "Through 2024 at most three projects per transition agenda are supported; this agenda already has "
        "%(agenda_count)s."
    ),
    TOTAL_REACHED: gettext_noop(
        "About 25 projects are supported in total; %(total_count)s are already supported."
    ),
    NOT_FIRST_COME: gettext_noop(
        "From 2025 first come, first served: %(earlier)s application(s) submitted earlier still wait for a "
        "decision, and only %(remaining)s place(s) of the expected 25 remain."
    ),
}


@dataclass(frozen=True)
class Supported:
    """An approved (supported) project: its transition agenda and the date of the approval."""

    agenda: str
    decided_on: date


@dataclass(frozen=True)
class QuotaState:
    decision_date: date
    agenda: str
    rule: str  # "agenda_cap" through 2024, "first_come" from 2025
    agenda_count: int
    agenda_cap: int | None
    total_count: int
    total_expected: int
    remaining: int
    earlier_pending: int
    breaches: tuple[str, ...] = field(default=())

    @property
    def allows_approval(self) -> bool:
        return not self.breaches

    @property
    def params(self) -> dict:
        return {
            "agenda_count": self.agenda_count,
            "total_count": self.total_count,
            "earlier": self.earlier_pending,
            "remaining": self.remaining,
        }

    @property
    def breach_messages(self) -> tuple[Message, ...]:
        """Why an approval breaks the quota, one message per breach (regiekamer.texts.translate shows it)."""
        return tuple(Message(BREACH_MESSAGES[code], **self.params) for code in self.breaches)


def quota_state(
    *,
    supported: list[Supported],
    agenda: str,
    decision_date: date,
    submitted_at: datetime | None = None,
    pending_submitted_at: list[datetime] | tuple = (),
) -> QuotaState:
    """The quota as it stands for approving one more project of `agenda` on `decision_date`.

    `supported` are the projects approved so far (this application excluded); `pending_submitted_at` the
    submission times of the other applications still waiting for a decision."""
    in_period = [item for item in supported if PERIOD_START <= item.decided_on <= PERIOD_END]
    agenda_count = sum(1 for item in in_period if item.agenda == agenda)
    total_count = len(in_period)
    remaining = max(TOTAL_EXPECTED - total_count, 0)
    earlier = 0
    if submitted_at is not None:
        earlier = sum(1 for moment in pending_submitted_at if moment < submitted_at)
    breaches = []
    if not PERIOD_START <= decision_date <= PERIOD_END:
        breaches.append(OUTSIDE_PERIOD)
    if decision_date <= AGENDA_CAP_LAST_DAY:
        rule, cap = "agenda_cap", AGENDA_CAP
        if agenda_count >= AGENDA_CAP:
            breaches.append(AGENDA_CAP_REACHED)
    else:
        rule, cap = "first_come", None
        if remaining > 0 and earlier >= remaining:
            breaches.append(NOT_FIRST_COME)
    if total_count >= TOTAL_EXPECTED:
        breaches.append(TOTAL_REACHED)
    return QuotaState(
        decision_date=decision_date,
        agenda=agenda,
        rule=rule,
        agenda_count=agenda_count,
        agenda_cap=cap,
        total_count=total_count,
        total_expected=TOTAL_EXPECTED,
        remaining=remaining,
        earlier_pending=earlier,
        breaches=tuple(breaches),
    )
