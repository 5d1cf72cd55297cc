"""Classification rules of the stakeholder analysis (werkwijze UPCM 2020, Bijlage 4), as plain functions.

No Django here: the functions take plain values and return plain values, so every rule is tested on its own.

- Categorisation 1 (sector): `sector_proposal` proposes one of the three outcomes from the SBI codes.
- Categorisation 6 (koploper / volger / restcategorie): `frontrunner_classify` applies the rules with the
reason.
- Fase 3 (Mendelow matrix): `mendelow_quadrant` maps influence x interest (G/M/K) to the communication type.
- Risk analysis: `engagement_gap` measures the distance between current and desired engagement.
- Categorisation 7 (verification): `coverage_compute` measures how much of each other source the slimme
tool finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum


class Sector(StrEnum):
    """Categorisation 1, the three outcomes (Bijlage 4, 'Categorisering 1: De juiste sectoren')."""

    IN_MANUFACTURING = "in_manufacturing"  # De stakeholder valt onder de maakindustrie.
    INNOVATION_ONLY = "innovation_only"  # ... niet onder de maakindustrie, maar de innovatie wel.
    NEITHER = "neither"  # De stakeholder en de innovatie vallen niet onder de maakindustrie.


IN_SCOPE_SECTORS = frozenset({Sector.IN_MANUFACTURING, Sector.INNOVATION_ONLY})


def sector_proposal(
    *, sbi_in_scope: Iterable[bool], innovation_in_manufacturing: bool | None
) -> Sector | None:
    """Propose categorisation 1 from the organisation's SBI codes (each: is it in the UPCM scope of §1.2.1?).

    Any in-scope code: the stakeholder is in manufacturing. No in-scope code: it depends on the innovation
    (which may be a machine for manufacturing, Bijlage 4's textile and plastics examples); unknown -> no
    proposal.
    No SBI codes at all: nothing to propose from unless the innovation is known to be in manufacturing."""
    flags = list(sbi_in_scope)
    if any(flags):
        return Sector.IN_MANUFACTURING
    if innovation_in_manufacturing is True:
        return Sector.INNOVATION_ONLY
    if innovation_in_manufacturing is False and flags:
        return Sector.NEITHER
    return None


class Frontrunner(StrEnum):
    """Categorisation 6: koploper, volger, restcategorie (Bijlage 4)."""

    FRONTRUNNER = "frontrunner"  # koploper
    FOLLOWER = "follower"  # volger
    OTHER = "other"  # restcategorie


class Reason(StrEnum):
    """Why categorisation 6 came out as it did; each maps to a sentence of Bijlage 4."""

    NOT_A_COMPANY = "not_a_company"  # "Alleen bedrijven hoeven te worden onderverdeeld"
    SECTOR_UNKNOWN = "sector_unknown"
    OTHER_AGENDA = "other_agenda"  # "onder een andere transitieagenda valt"
    NOT_CIRCULAR = "not_circular"  # "geen circulaire elementen in de investering"
    LOW_GRADE = "low_grade"  # "laagwaardige toepassing (... als brandstof ... energie-investering)"
    NOT_INNOVATIVE = "not_innovative"  # "de milieu-investering gangbaar blijkt te zijn in de branche"
    NOT_BEYOND_LEGAL = "not_beyond_legal"  # "verder gaat dan wettelijk verplicht"
    SUBSIDY = "subsidy"  # "alle bedrijven die een innovatie-subsidie hebben ontvangen"
    FEW_ADOPTERS = "few_adopters"  # "nog niet meer dan 2 andere bedrijven" (DEI+ criterion)
    MANY_ADOPTERS = "many_adopters"  # "niet als een van de eerste 3 bedrijven in Nederland"
    ADOPTERS_UNKNOWN = "adopters_unknown"


# The DEI+ yardstick Bijlage 4 adopts: at most this many other Dutch companies already apply the innovation.
MAX_OTHER_ADOPTERS = 2


@dataclass(frozen=True)
class FrontrunnerInput:
    """What categorisations 1-3 established for one company and (the best of) its innovations."""

    is_company: bool
    sector: Sector | None
    circular: bool  # at least one circular aim of categorisation 2.1
    low_grade: bool  # waste used as fuel (the last Lansink step) or mainly an energy investment
    beyond_common_practice: bool | None  # categorisation 3.1: further than the reference technique
    beyond_legal_duty: bool | None  # categorisation 3.1: further than legally required (BBT)
    innovation_subsidy: bool  # e.g. DEI+
    other_dutch_adopters: int | None  # other companies in NL that already apply the same innovation


@dataclass(frozen=True)
class FrontrunnerResult:
    category: Frontrunner | None  # None: not classified (not a company) or not yet decidable
    reason: Reason


def frontrunner_classify(data: FrontrunnerInput) -> FrontrunnerResult:
    """Categorisation 6 by the rules of Bijlage 4.

    A koploper is in scope (in manufacturing, or an important contribution to an innovation in manufacturing),
    circular, innovative (beyond common practice and beyond legal duty) and either received an innovation
    subsidy
    or is one of the first three in the Netherlands (at most 2 other companies). Reading: the subsidy
    stands in
    for the adopters test (DEI+ only approves innovations with at most 2 other adopters); the grounds for the
    restcategorie (other agenda, common practice, low-grade application, no circular elements) still apply
    to a
    subsidised company, as the issue text for this system states. A volger meets the same conditions but was
    not among the first three. Everything else is restcategorie, with the first failing condition as reason.
    When the adopters count is unknown and there is no subsidy, koploper vs volger cannot be decided: None."""
    if not data.is_company:
        return FrontrunnerResult(None, Reason.NOT_A_COMPANY)
    if data.sector is None:
        return FrontrunnerResult(None, Reason.SECTOR_UNKNOWN)
    if data.sector not in IN_SCOPE_SECTORS:
        return FrontrunnerResult(Frontrunner.OTHER, Reason.OTHER_AGENDA)
    if not data.circular:
        return FrontrunnerResult(Frontrunner.OTHER, Reason.NOT_CIRCULAR)
    if data.low_grade:
        return FrontrunnerResult(Frontrunner.OTHER, Reason.LOW_GRADE)
    if not data.beyond_common_practice:
        return FrontrunnerResult(Frontrunner.OTHER, Reason.NOT_INNOVATIVE)
    if not data.beyond_legal_duty:
        return FrontrunnerResult(Frontrunner.OTHER, Reason.NOT_BEYOND_LEGAL)
    if data.innovation_subsidy:
        return FrontrunnerResult(Frontrunner.FRONTRUNNER, Reason.SUBSIDY)
    if data.other_dutch_adopters is None:
        return FrontrunnerResult(None, Reason.ADOPTERS_UNKNOWN)
    if data.other_dutch_adopters <= MAX_OTHER_ADOPTERS:
        return FrontrunnerResult(Frontrunner.FRONTRUNNER, Reason.FEW_ADOPTERS)
    return FrontrunnerResult(Frontrunner.FOLLOWER, Reason.MANY_ADOPTERS)


# Lansink ladder (catalogue, Wet milieubeheer art. 10.4 / LAP): 1 preventie, 2 producthergebruik,
# 3 materiaalhergebruik, 4 verbranden met energieterugwinning, 5 verbranden, 6 storten. Bijlage 4 (2.3): using
# waste as fuel is "een energietoepassing en een laagwaardige methode"; the steps below it are disposal.
LOW_GRADE_LANSINK_RANK = 4


def is_low_grade(*, energy_only: bool, lansink_rank: int | None) -> bool:
    """Restcategorie ground 'laagwaardige toepassing': waste used as fuel (or worse), or mainly energy."""
    return energy_only or (lansink_rank is not None and lansink_rank >= LOW_GRADE_LANSINK_RANK)


CATEGORY_ORDER = {Frontrunner.FRONTRUNNER: 0, Frontrunner.FOLLOWER: 1, Frontrunner.OTHER: 2}


def frontrunner_best(results: Iterable[FrontrunnerResult]) -> FrontrunnerResult | None:
    """An organisation with several innovations takes the best outcome (one koploper innovation suffices)."""
    results = list(results)
    decided = [r for r in results if r.category is not None]
    if decided:
        return min(decided, key=lambda r: CATEGORY_ORDER[r.category] if r.category is not None else 0)
    return results[0] if results else None


class Level(StrEnum):
    """The G/M/K scale of the issue analysis (groot, middel, klein)."""

    HIGH = "G"
    MEDIUM = "M"
    LOW = "K"


class Quadrant(StrEnum):
    """Mendelow's four communication types (Bijlage 4, Fase 3 and the communication-plan table)."""

    MANAGE_CLOSELY = "manage_closely"  # veel invloed - veel belang: key stakeholders
    KEEP_SATISFIED = "keep_satisfied"  # veel invloed - weinig belang: de "potentiële bom"
    KEEP_INFORMED = "keep_informed"  # weinig invloed - veel belang: de "cheerleaders"
    MONITOR = "monitor"  # weinig invloed - weinig belang


def _is_high(level: Level | str) -> bool:
    # Mendelow's matrix has two halves per axis; on the three-point scale only G ("groot") counts as "veel".
    # M and K are both "weinig": a medium-interest party is kept informed, not managed closely.
    return Level(level) is Level.HIGH


def mendelow_quadrant(*, influence: Level | str, interest: Level | str) -> Quadrant:
    """The communication type for a stakeholder with this influence (invloed) and interest (belang)."""
    high_influence, high_interest = _is_high(influence), _is_high(interest)
    if high_influence and high_interest:
        return Quadrant.MANAGE_CLOSELY
    if high_influence:
        return Quadrant.KEEP_SATISFIED
    if high_interest:
        return Quadrant.KEEP_INFORMED
    return Quadrant.MONITOR


class Engagement(StrEnum):
    """Stakeholder risk analysis, in increasing engagement (Bijlage 4, 'Stakeholder risico-analyse')."""

    UNKNOWN = "unknown"  # Onbekend - onbekend met CE/UPCM en de impact
    RESISTANT = "resistant"  # Weerstand - bewust, maar heeft weerstand tegen verandering
    INDIFFERENT = "indifferent"  # Onverschillig / onmachtig - positief, maar kan of wil niet meedoen
    NEUTRAL = "neutral"  # Neutraal - bewust, maar niet overtuigd
    SUPPORTIVE = "supportive"  # Ondersteunend - bewust en betrokken op afstand
    LEADING = "leading"  # Leidend - bewust en actief betrokken


ENGAGEMENT_SCALE: tuple[Engagement, ...] = tuple(Engagement)


def engagement_gap(*, current: Engagement | str, desired: Engagement | str) -> int:
    """Steps on the scale from current to desired engagement: positive = must move up, 0 = where we need
    them."""
    return ENGAGEMENT_SCALE.index(Engagement(desired)) - ENGAGEMENT_SCALE.index(Engagement(current))


@dataclass(frozen=True)
class CoverageRecord:
    """One organisation for the verification step: which sources found it, and whether it is in scope,
    circular and innovative (the qualifying condition of categorisation 7)."""

    key: object
    sources: frozenset[str]
    qualifies: bool


@dataclass
class SourceCoverage:
    source: str
    found: int = 0  # organisations this source found
    qualifying: int = 0  # ... of which in scope, circular and innovative
    covered: int = 0  # ... of which the slimme tool also found
    missed: list = field(default_factory=list)  # keys of the qualifying ones the slimme tool misses

    @property
    def coverage(self) -> float | None:
        """Share of this source's qualifying organisations that the slimme tool found (None: nothing to
        check)."""
        return self.covered / self.qualifying if self.qualifying else None


@dataclass
class CoverageReport:
    per_source: list[SourceCoverage]
    total: SourceCoverage  # all other sources together, each organisation counted once


TOTAL = ""  # the key of all other sources together in a coverage contribution


def coverage_contribution(record: CoverageRecord, *, reference: str) -> dict[str, tuple[int, int, int]]:
    """What one organisation adds to categorisation 7: (found, qualifying, covered) for every other source
    that found it and for all of them together (key TOTAL). Nothing when only the reference found it (there
    is nothing to verify). Summing these over the register gives the counts of :func:`coverage_compute`,
    which is how the kept counts (stakeholders.models.CoverageCount) are moved, one organisation at a time."""
    others = sorted(source for source in record.sources if source != reference)
    if not others:
        return {}
    qualifying = int(record.qualifies)
    covered = int(record.qualifies and reference in record.sources)
    return {key: (1, qualifying, covered) for key in (TOTAL, *others)}


def coverage_compute(
    records: Iterable[CoverageRecord], *, reference: str, sources: Iterable[str]
) -> CoverageReport:
    """Categorisation 7: per other source, how many of its qualifying organisations the reference (slimme
    tool) list misses. Organisations found only by the reference are not counted (there is nothing to
    verify)."""
    per = {s: SourceCoverage(source=s) for s in sources if s != reference}
    total = SourceCoverage(source="")
    for record in records:
        for key, (found, qualifying, covered) in coverage_contribution(record, reference=reference).items():
            item = total if key == TOTAL else per.get(key)
            if item is None:
                continue
            item.found += found
            item.qualifying += qualifying
            item.covered += covered
            if qualifying and not covered:
                item.missed.append(record.key)
    return CoverageReport(per_source=list(per.values()), total=total)


def kvk_normalise(value: object) -> str:
    """A KvK number as written by people ("12 34 56 78", "12.345.678") -> the 8 digits; "" when empty."""
    text = "" if value is None else str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell read from a spreadsheet
        text = text[:-2]
    return "".join(ch for ch in text if ch not in " .-")


def kvk_is_valid(number: str) -> bool:
    """The Dutch Chamber of Commerce number has exactly 8 digits."""
    return len(number) == 8 and number.isascii() and number.isdigit()


def name_normalise(name: str) -> str:
    """For the fuzzy match: lower case, legal forms (B.V., N.V., V.O.F., C.V., holding, stichting) and
    punctuation removed, spaces collapsed. A name that is nothing but a legal form is kept as it is."""
    text = LEGAL_FORM_RE.sub(" ", name.lower())
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w not in LEGAL_WORDS]
    if not words:
        words = "".join(ch if ch.isalnum() else " " for ch in name.lower()).split()
    return " ".join(words)


LEGAL_FORM_RE = re.compile(r"(?<![a-z0-9])(b\.?\s?v|n\.?\s?v|v\.?\s?o\.?\s?f|c\.?\s?v)\.?(?![a-z0-9])")
LEGAL_WORDS = frozenset({"holding", "stichting", "vereniging"})


def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two normalised names: difflib's ratio, or 0.9 when all words of the shorter name
    occur in the longer one ("umicore" in "umicore nederland"); 1.0 = the same name."""
    if not a or not b:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    short, long = sorted((a.split(), b.split()), key=len)
    if ratio < CONTAINED_SCORE and set(short) <= set(long):
        return CONTAINED_SCORE
    return ratio


CONTAINED_SCORE = 0.9

# Similarity from which a name match in the same province is put up for review instead of creating a new
# record.
FUZZY_THRESHOLD = 0.85
