"""Means (middelen) per horizon and team, and what they add up to where they are money.

§3.1.1 names the means per horizon ("middelen (financiële middelen, kennis, mensen, etc.)"); §4.3 has
the parties of a team's steering meeting mobilise them: "niet alleen ... de financiële middelen, maar ook
toegang tot kennis, technologieën, partners en netwerken". Only money has an amount; the other kinds are
described. A money item whose amount is not known yet is counted apart, never as zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

MONEY = "money"


@dataclass(frozen=True)
class Item:
    """One means item as the totals need it."""

    kind: str
    amount: Decimal | None
    horizon: object = None
    team: object = None


@dataclass(frozen=True)
class MoneyTotal:
    """The known amounts added up, and how many money items have no amount yet."""

    total: Decimal
    items: int
    without_amount: int

    @property
    def any(self) -> bool:
        return self.items > 0

    @property
    def known(self) -> bool:
        """Whether at least one amount is known: a total of only unknown amounts is not shown as € 0."""
        return self.items > self.without_amount


def money_total(items: Iterable[Item]) -> MoneyTotal:
    """The sum of the money items' known amounts; items of other kinds do not count."""
    money = [item for item in items if item.kind == MONEY]
    known = [item.amount for item in money if item.amount is not None]
    return MoneyTotal(
        total=sum(known, Decimal("0")), items=len(money), without_amount=len(money) - len(known)
    )


def money_by(items: Iterable[Item], *, key: str) -> dict[object, MoneyTotal]:
    """Money totals per horizon (`key="horizon"`) or per team (`key="team"`)."""
    groups: dict[object, list[Item]] = {}
    for item in items:
        groups.setdefault(getattr(item, key), []).append(item)
    return {group: money_total(members) for group, members in groups.items()}


def amount_problem(*, kind: str, amount: Decimal | None) -> str | None:
    """Why an amount does not fit the kind of means (None: it fits): only money has an amount, never
    negative. The message is English text for the caller to translate."""
    if amount is None:
        return None
    if kind != MONEY:
        return "only_money"
    if amount < 0:
        return "negative"
    return None
