"""Automatic checks of a chain-breakthrough application (seed 2 §2 "Criteria en eisen", §3 "Randvoorwaarden").

Pure Python: no Django. The Django side turns an Application into `ApplicationData` (see selectors) and
shows the messages with `regiekamer.texts.translate`: every message is a `Message` (an English msgid marked
with `gettext_noop`, and its parameters).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from regiekamer.texts import Message, gettext_noop, joined

# Chain roles (seed 2 §2 "Eisen aan het consortium": "producenten, importeurs, retailers, installateurs,
# overheden, inzamelaars en verwerkers"). Every one of these takes part unless argued.
PRODUCER = "producent"
IMPORTER = "importeur"
RETAILER = "retailer"
INSTALLER = "installateur"
GOVERNMENT = "overheid"
COLLECTOR = "inzamelaar"
PROCESSOR = "verwerker"
REQUIRED_CHAIN_ROLES: tuple[str, ...] = (
    PRODUCER,
    IMPORTER,
    RETAILER,
    INSTALLER,
    GOVERNMENT,
    COLLECTOR,
    PROCESSOR,
)

SME = "mkb"
LARGE_COMPANY = "groot"

# What the instrument cannot support (seed 2 §3 "Randvoorwaarden"), and where to go instead.
FACTORY_INVESTMENT = "fabrieksinvestering"
RESEARCH = "onderzoek-innovatie"
PILOT_SETUP = "pilotopstelling"
EXCLUDED_SUPPORT: tuple[str, ...] = (FACTORY_INVESTMENT, RESEARCH, PILOT_SETUP)
OTHER_INSTRUMENTS = "DEI+, KIA-CE, CKP"
# Words that suggest an excluded request in the free text; a hit is a warning for the assessor, not a refusal
# (pilots may be *carried out* in the execution phase, seed 2 §1 phase 3; only setting them up is excluded).
EXCLUDED_KEYWORDS: dict[str, tuple[str, ...]] = {
    FACTORY_INVESTMENT: ("fabriek", "productielijn", "factory", "production line"),
    RESEARCH: ("onderzoekstraject", "innovatietraject", "onderzoeksproject", "research project", "r&d"),
    PILOT_SETUP: ("pilotopstelling", "proefopstelling", "pilot plant", "pilot installation", "pilot set-up"),
}

HOME_COUNTRY = "NL"
MAJORITY_PERCENT = Decimal("50")
MIN_MONTHS = (
    36  # seed 2 §3 plan of action part 7: "De doorlooptijd van een ketendoorbraakproject is 3 – 4 jaar"
)
MAX_MONTHS = 48

OK = "ok"
WARN = "warn"
FAIL = "fail"


@dataclass(frozen=True)
class Criterion:
    number: int
    text: str  # as the source writes it (data, Dutch)


# Seed 2 §2 "Criteria", as printed, except "schaa sprong" (a gap left by the text extraction) written
# "schaalsprong".
CRITERIA: tuple[Criterion, ...] = (
    Criterion(1, "Een onderschreven ambitie van gecommiteerde ketenpartijen in een ketenproject"),
    Criterion(2, "Draagt bij aan de doelrealisatie van de productgroepen in het NPCE"),
    Criterion(3, "Werkt toe naar een markt gedragen business propositie"),
    Criterion(4, "Rijp voor versnelling schaalsprong"),
    Criterion(5, "Niet één probleem eigenaar"),
    Criterion(6, "Groot en complex"),
    Criterion(7, "Om de keten circulair te maken zijn investeringen nodig"),
)


@dataclass(frozen=True)
class PartyData:
    name: str
    chain_role: str
    country: str = HOME_COUNTRY
    contribution_hours: Decimal = Decimal(0)
    contribution_eur: Decimal = Decimal(0)
    organisation_type: str = SME
    signatories: int = 0


@dataclass(frozen=True)
class ApplicationData:
    parties: tuple[PartyData, ...] = ()
    role_arguments: dict[str, str] = field(default_factory=dict)
    market_share_percent: Decimal | None = None
    market_share_argument: str = ""
    centre_of_gravity_in_nl: bool = False
    planned_start: date | None = None
    planned_end: date | None = None
    excluded_support_requested: tuple[str, ...] = ()
    free_texts: tuple[str, ...] = ()  # texts scanned for excluded requests
    has_ambition_document: bool = False
    # plan of action part number -> ((field label, value), ...); blank values are missing
    plan_parts: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    action_lines: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (title, chain-direction roles)
    leerkring_participation: str = ""
    accepts_periodic_consultation: bool = False


@dataclass(frozen=True)
class CheckResult:
    code: str
    status: str  # OK, WARN or FAIL
    message: Message  # shown with regiekamer.texts.translate() in the reader's language
    items: tuple[str, ...] = ()  # names the message is about (missing roles, parties, fields)

    @property
    def params(self) -> dict[str, object]:
        return self.message.params

    @property
    def passed(self) -> bool:
        return self.status != FAIL


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def check_chain_roles(data: ApplicationData) -> CheckResult:
    """Every chain role takes part, unless it is argued why it is not needed (seed 2 §2)."""
    present = {party.chain_role for party in data.parties}
    missing = [role for role in REQUIRED_CHAIN_ROLES if role not in present]
    unargued = tuple(role for role in missing if _blank(data.role_arguments.get(role)))
    if unargued:
        return CheckResult(
            "chain_roles",
            FAIL,
            Message(
                gettext_noop(
                    "Chain roles without a party and without an argument why they are not needed: %(roles)s."
                ),
                roles=", ".join(unargued),
            ),
            unargued,
        )
    if missing:
        return CheckResult(
            "chain_roles",
            OK,
            Message(
                gettext_noop("Every chain role takes part, or is argued not to be needed (%(roles)s)."),
                roles=", ".join(missing),
            ),
            tuple(missing),
        )
    return CheckResult("chain_roles", OK, Message(gettext_noop("Every chain role takes part.")))


def check_market_share(data: ApplicationData) -> CheckResult:
    """The consortium represents a majority of the market, unless argued (seed 2 §2)."""
    share = data.market_share_percent
    if share is not None and share > MAJORITY_PERCENT:
        return CheckResult(
            "market_share",
            OK,
            Message(
                gettext_noop("The consortium represents %(share)s%% of the market: a majority."), share=share
            ),
        )
    if not _blank(data.market_share_argument):
        return CheckResult(
            "market_share",
            OK,
            Message(
                gettext_noop(
                    "The consortium does not represent a majority of the market (%(share)s), and argues "
                    "why that is "
                    "not needed."
                ),
                share="—" if share is None else f"{share}%",
            ),
        )
    if share is None:
        return CheckResult(
            "market_share", FAIL, Message(gettext_noop("The market share represented is not given."))
        )
    return CheckResult(
        "market_share",
        FAIL,
        Message(
            gettext_noop(
                "The consortium represents %(share)s%% of the market, not a majority, and does not argue "
                "why that is "
                "enough."
            ),
            share=share,
        ),
    )


def check_foreign_parties(data: ApplicationData) -> CheckResult:
    """Foreign companies may take part if the centre of gravity is in the Netherlands (seed 2 §2)."""
    foreign = tuple(party.name for party in data.parties if party.country.upper() != HOME_COUNTRY)
    if not foreign:
        return CheckResult(
            "foreign_parties", OK, Message(gettext_noop("Every party is based in the Netherlands."))
        )
    if data.centre_of_gravity_in_nl:
        return CheckResult(
            "foreign_parties",
            OK,
            Message(
                gettext_noop(
                    "Foreign parties (%(parties)s) take part; the centre of gravity of the chain "
                    "collaboration is in the "
                    "Netherlands."
                ),
                parties=", ".join(foreign),
            ),
            foreign,
        )
    return CheckResult(
        "foreign_parties",
        FAIL,
        Message(
            gettext_noop(
                "Foreign parties (%(parties)s) may only take part when the centre of gravity of the "
                "chain collaboration "
                "is in the Netherlands, and the application does not state that it is."
            ),
            parties=", ".join(foreign),
        ),
        foreign,
    )


def check_contributions(data: ApplicationData) -> CheckResult:
    """Every party contributes, in hours or money (seed 2 §3 part 2, "Inzet")."""
    if not data.parties:
        return CheckResult("contributions", FAIL, Message(gettext_noop("The consortium has no parties yet.")))
    idle = tuple(
        party.name for party in data.parties if party.contribution_hours <= 0 and party.contribution_eur <= 0
    )
    if idle:
        return CheckResult(
            "contributions",
            FAIL,
            Message(
                gettext_noop(
                    "Every party must contribute; no own contribution (hours or money) for: %(parties)s."
                ),
                parties=", ".join(idle),
            ),
            idle,
        )
    hours = sum((party.contribution_hours for party in data.parties), Decimal(0))
    money = sum((party.contribution_eur for party in data.parties), Decimal(0))
    return CheckResult(
        "contributions",
        OK,
        Message(
            gettext_noop("Every party contributes: %(hours)s hours and € %(money)s in total."),
            hours=hours,
            money=money,
        ),
    )


def duration_months(start: date, end: date) -> tuple[int, int]:
    """Whole months and remaining days from `start` to the end of the day `end` (both dates in the project):
    1 Jan 2025 - 31 Dec 2027 is (36, 0)."""
    stop = end + timedelta(days=1)
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if stop.day < start.day:
        months -= 1
    anchor_year, anchor_month = divmod(start.month - 1 + months, 12)
    anchor_year += start.year
    anchor_month += 1
    # the anchor day is start.day clipped to the month's length
    day = min(start.day, calendar.monthrange(anchor_year, anchor_month)[1])
    days = (stop - date(anchor_year, anchor_month, day)).days
    return months, days


def check_planning(data: ApplicationData) -> CheckResult:
    """The project runs 3 to 4 years (seed 2 §3 part 7)."""
    if data.planned_start is None or data.planned_end is None:
        return CheckResult(
            "planning", FAIL, Message(gettext_noop("The planned start and end are not both given."))
        )
    if data.planned_end < data.planned_start:
        return CheckResult(
            "planning", FAIL, Message(gettext_noop("The planned end lies before the planned start."))
        )
    months, days = duration_months(data.planned_start, data.planned_end)
    params = {"months": months, "days": days}
    if months < MIN_MONTHS or months > MAX_MONTHS or (months == MAX_MONTHS and days > 0):
        return CheckResult(
            "planning",
            FAIL,
            Message(
                gettext_noop(
                    "The planning covers %(months)s months and %(days)s days; a chain-breakthrough "
                    "project runs 3 to 4 "
                    "years (36 to 48 months)."
                ),
                **params,
            ),
        )
    return CheckResult(
        "planning",
        OK,
        Message(
            gettext_noop("The planning covers %(months)s months and %(days)s days: within 3 to 4 years."),
            **params,
        ),
    )


def excluded_keyword_hits(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The excluded categories whose keywords occur in `texts` (case-insensitive, whole words)."""
    joined = "\n".join(texts).lower()
    hits = []
    for category, words in EXCLUDED_KEYWORDS.items():
        if any(re.search(rf"(?<!\w){re.escape(word)}", joined) for word in words):
            hits.append(category)
    return tuple(hits)


def check_excluded_support(data: ApplicationData) -> CheckResult:
    """Nothing is asked that the instrument excludes (seed 2 §3 "Randvoorwaarden")."""
    asked = tuple(item for item in EXCLUDED_SUPPORT if item in data.excluded_support_requested)
    if asked:
        return CheckResult(
            "excluded_support",
            FAIL,
            Message(
                gettext_noop(
                    "The application asks for support the instrument excludes (%(items)s). Other "
                    "instruments are available for that, such as %(instruments)s."
                ),
                items=", ".join(asked),
                instruments=OTHER_INSTRUMENTS,
            ),
            asked,
        )
    hits = excluded_keyword_hits(data.free_texts)
    if hits:
        return CheckResult(
            "excluded_support",
            WARN,
            Message(
                gettext_noop(
                    "The plan mentions %(items)s: chain direction cannot fund this; check that it is not "
                    "asked (see "
                    "%(instruments)s)."
                ),
                items=", ".join(hits),
                instruments=OTHER_INSTRUMENTS,
            ),
            hits,
        )
    return CheckResult(
        "excluded_support",
        OK,
        Message(
            gettext_noop(
                "Nothing is asked that the instrument excludes (investments in factories, research and "
                "innovation "
                "trajectories, pilot set-ups)."
            )
        ),
    )


def check_signed_ambition(data: ApplicationData) -> CheckResult:
    """A signed ambition with a commitment from all parties involved (seed 2 §3)."""
    if not data.has_ambition_document:
        return CheckResult(
            "signed_ambition", FAIL, Message(gettext_noop("The signed ambition document is not uploaded."))
        )
    unsigned = tuple(party.name for party in data.parties if party.signatories == 0)
    if unsigned:
        return CheckResult(
            "signed_ambition",
            FAIL,
            Message(gettext_noop("No signatory recorded for: %(parties)s."), parties=", ".join(unsigned)),
            unsigned,
        )
    return CheckResult(
        "signed_ambition",
        OK,
        Message(gettext_noop("The ambition document is uploaded and signed for every party.")),
    )


def check_plan_complete(data: ApplicationData) -> CheckResult:
    """Every part of the plan of action (seed 2 §3, parts 1-9) is filled in."""
    missing = tuple(
        f"{number}. {label}"
        for number, fields in sorted(data.plan_parts.items())
        for label, value in fields
        if _blank(value)
    )
    no_roles = tuple(title for title, roles in data.action_lines if not roles)
    if not data.action_lines:
        missing = (*missing, Message(gettext_noop("4. action lines")))
    if missing or no_roles:
        items = missing + tuple(f"4. {title}" for title in no_roles)
        return CheckResult(
            "plan_complete",
            FAIL,
            Message(
                gettext_noop("The plan of action is not complete; missing: %(items)s."),
                items=joined(items, "; "),
            ),
            items,
        )
    return CheckResult(
        "plan_complete", OK, Message(gettext_noop("Every part of the plan of action is filled in."))
    )


def check_conditions(data: ApplicationData) -> CheckResult:
    """Active participation in the Leerkring, and periodic consultation (seed 2 §3 "Randvoorwaarden")."""
    missing = []
    if _blank(data.leerkring_participation):
        missing.append("Leerkring")
    if not data.accepts_periodic_consultation:
        missing.append(Message(gettext_noop("periodic consultation")))
    if missing:
        return CheckResult(
            "conditions",
            FAIL,
            Message(gettext_noop("The conditions are not all accepted: %(items)s."), items=joined(missing)),
            tuple(missing),
        )
    return CheckResult(
        "conditions",
        OK,
        Message(
            gettext_noop("The consortium takes part in the Leerkring and agrees to periodic consultation.")
        ),
    )


ALL_CHECKS = (
    check_signed_ambition,
    check_chain_roles,
    check_market_share,
    check_foreign_parties,
    check_contributions,
    check_plan_complete,
    check_planning,
    check_excluded_support,
    check_conditions,
)


def run_checks(data: ApplicationData) -> list[CheckResult]:
    return [check(data) for check in ALL_CHECKS]


def ready_to_submit(results: list[CheckResult]) -> bool:
    """Submission needs every check to pass; warnings are for the assessor to weigh."""
    return all(result.passed for result in results)


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    met: bool | None  # None: not assessed yet
    reason: str = ""


def criteria_checklist(verdicts: dict[int, tuple[bool, str]]) -> list[CriterionRow]:
    """The seven criteria with the latest verdict and reason per criterion."""
    rows = []
    for criterion in CRITERIA:
        met, reason = verdicts.get(criterion.number, (None, ""))
        rows.append(CriterionRow(criterion, met, reason))
    return rows


def criteria_all_met(rows: list[CriterionRow]) -> bool:
    return all(row.met is True and not _blank(row.reason) for row in rows)
