"""The Versnellingshuis chain-support instruments and phases (seed 2 §1) as data, and the eligibility quick
check that tells an applicant which instrument fits their consortium. Pure Python: no Django."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from regiekamer.texts import Message, gettext_noop

DATA = Path(__file__).resolve().parent / "data"


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    phase: str
    min_months: int
    max_months: int
    target_group: str
    min_smes: int | None
    max_smes: int | None
    max_large_companies: int | None
    support: str
    max_subsidy_share_percent: int | None
    max_subsidy_per_entrepreneur_eur: int | None
    result: str
    source_section: str


@dataclass(frozen=True)
class Phase:
    number: int
    code: str
    name: str
    duration: str
    description: str
    result: str
    versnellingshuis_role: str
    instrument: str
    source_section: str


@cache
def instruments() -> tuple[Instrument, ...]:
    with open(DATA / "instruments.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            Instrument(
                code=row["code"],
                name=row["name"],
                phase=row["phase"],
                min_months=int(row["min_months"]),
                max_months=int(row["max_months"]),
                target_group=row["target_group"],
                min_smes=_int(row["min_smes"]),
                max_smes=_int(row["max_smes"]),
                max_large_companies=_int(row["max_large_companies"]),
                support=row["support"],
                max_subsidy_share_percent=_int(row["max_subsidy_share_percent"]),
                max_subsidy_per_entrepreneur_eur=_int(row["max_subsidy_per_entrepreneur_eur"]),
                result=row["result"],
                source_section=row["source_section"],
            )
            for row in csv.DictReader(handle)
        )


@cache
def phases() -> tuple[Phase, ...]:
    with open(DATA / "phases.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            Phase(number=int(row["number"]), **{k: v for k, v in row.items() if k != "number"})
            for row in csv.DictReader(handle)
        )


def instrument(code: str) -> Instrument:
    return next(item for item in instruments() if item.code == code)


@dataclass(frozen=True)
class Consortium:
    """What an applicant tells the quick check."""

    smes: int
    large_companies: int
    whole_chain: bool  # all relevant links of the chain take part (or are argued not to be needed)
    signed_ambition: bool  # a signed ambition document with a commitment of every party
    plan_of_action: bool  # a plan of action incl. financing plan for the execution phase
    months: int  # the period the consortium wants support for


@dataclass(frozen=True)
class Fit:
    code: str
    fits: bool
    reasons: tuple[Message, ...]  # why it does or does not fit (shown with regiekamer.texts.translate)


def _ckp(c: Consortium) -> Fit:
    ckp = instrument("ckp")
    reasons: list[Message] = []
    min_smes, max_smes, max_large = ckp.min_smes or 0, ckp.max_smes or c.smes, ckp.max_large_companies
    if not min_smes <= c.smes <= max_smes:
        reasons.append(
            Message(
                gettext_noop("CKP is for %(min)s to %(max)s SMEs; you have %(n)s."),
                min=ckp.min_smes,
                max=ckp.max_smes,
                n=c.smes,
            )
        )
    if max_large is not None and c.large_companies > max_large:
        reasons.append(
            Message(
                gettext_noop("CKP allows at most %(max)s large company; you have %(n)s."),
                max=ckp.max_large_companies,
                n=c.large_companies,
            )
        )
    reasons += _months(ckp, c.months)
    if reasons:
        return Fit("ckp", False, tuple(reasons))
    return Fit(
        "ckp",
        True,
        (
            Message(
                gettext_noop(
                    "Subsidy up to %(share)s%% of the total costs including a process supervisor, at most "
                    "€ %(max)s per entrepreneur."
                ),
                share=ckp.max_subsidy_share_percent,
                max=ckp.max_subsidy_per_entrepreneur_eur,
            ),
        ),
    )


def _months(item: Instrument, months: int) -> list[Message]:
    if item.min_months <= months <= item.max_months:
        return []
    return [
        Message(
            gettext_noop("%(name)s runs %(min)s to %(max)s months; you asked for %(n)s."),
            name=item.name,
            min=item.min_months,
            max=item.max_months,
            n=months,
        )
    ]


def _moonshot(c: Consortium) -> Fit:
    item = instrument("moonshot")
    reasons: list[Message] = []
    if not c.whole_chain:
        reasons.append(
            Message(
                gettext_noop(
                    "An exploration needs parties from the different links of the whole chain "
                    "(initiation phase done)."
                )
            )
        )
    if c.signed_ambition and c.plan_of_action:
        reasons.append(
            Message(
                gettext_noop(
                    "You already have a signed ambition and a plan of action: that is the "
                    "result of the exploration."
                )
            )
        )
    reasons += _months(item, c.months)
    if reasons:
        return Fit("moonshot", False, tuple(reasons))
    return Fit(
        "moonshot",
        True,
        (
            Message(
                gettext_noop(
                    "The exploration ends with a committed ambition document and a plan of action incl. "
                    "financing plan."
                )
            ),
        ),
    )


def _breakthrough(c: Consortium) -> Fit:
    item = instrument("ketendoorbraak")
    reasons: list[Message] = []
    if not c.whole_chain:
        reasons.append(
            Message(
                gettext_noop("A chain-breakthrough project needs a consortium that covers the whole chain.")
            )
        )
    if not c.signed_ambition:
        reasons.append(Message(gettext_noop("A signed ambition document of every party is required.")))
    if not c.plan_of_action:
        reasons.append(Message(gettext_noop("A plan of action including a financing plan is required.")))
    reasons += _months(item, c.months)
    if reasons:
        return Fit("ketendoorbraak", False, tuple(reasons))
    return Fit(
        "ketendoorbraak",
        True,
        (
            Message(
                gettext_noop(
                    "Multi-year chain direction (not a subsidy), contracted through a European tender."
                )
            ),
        ),
    )


def eligibility(consortium: Consortium) -> list[Fit]:
    """Per instrument (CKP, Moonshot, Ketendoorbraak): does it fit, and why (not)."""
    return [_ckp(consortium), _moonshot(consortium), _breakthrough(consortium)]
