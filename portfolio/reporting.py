"""Calculations of the impact sheet and the progress report (Werkwijze UPCM 2020, §4.4 and Bijlage 8), without
Django: the CO₂ total from the R-ladder bands, the finance balance and need, and the milestone timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Impactsheet 'Circulaire strategieën/CO2 impact (Kton/jr)': three bands of the R-ladder.
CO2_BANDS = (("R0-R2", "Circulair design"), ("R3-R7", "Levensduurverlenging"), ("R8-R9", "Recycling"))
# Impactsheet 'Afname risico' (Leveringszekerheid): an ordinal scale.
SUPPLY_RISK_SCALE = (
    ("none", "Geen verbetering"),
    ("some", "Enige verbetering"),
    ("clear", "Duidelijke verbetering"),
)
# Impactsheet 'Bijdrage aan innovatiefuncties' and 'Bijdrage aan prestatiedoelen'.
CONTRIBUTION_LEVELS = (("unknown", "Onbekend"), ("low", "Laag"), ("medium", "Middel"), ("high", "Hoog"))
PERFORMANCE_GOALS = (
    ("innovation_engines", "Innovatiemotoren", "0-10y"),
    ("functional_value", "Funct. waardebehoud", "0-5y"),
    ("technical_value", "Techn. waardebehoud", "0-2y"),
    ("economic_value", "Economisch waardebehoud", "0-1y"),
)
BUSINESS_PROPOSITIONS = ("business_propositions", "Col business proposities", "0-3m")
# Voortgangsrapportage: the six milestones of the timeline, in order.
MILESTONES = (
    ("initiation_start", "Start initiatie-traject"),
    ("kickoff", "Kickoff project"),
    ("definition_ready", "Project Definitie klaar"),
    ("stakeholder_commitment", "Stakeholder commitment"),
    ("execution_ready", "Uitvoering gereed"),
    ("evaluation_ready", "Evaluatie gereed"),
)


def co2_total(bands: dict[str, Decimal | None]) -> Decimal:
    """The sheet's CO₂ impact in kt/yr: the sum of the filled bands (an empty band contributes nothing)."""
    return sum((value for value in bands.values() if value is not None), Decimal(0))


@dataclass(frozen=True)
class Co2Check:
    """The CO₂ indicator as the project states it beside the sum of its R-ladder bands. The stated value is
    kept as stated; `differs` tells the sheet to show a notice (the source's own sheet of Project Batterijen
    states 26 kton/jaar where its bands hold 17 + 3 = 20)."""

    stated: Decimal | None
    computed: Decimal
    any_band: bool  # at least one band is filled

    @property
    def differs(self) -> bool:
        return self.stated is not None and self.any_band and self.stated != self.computed

    @property
    def difference(self) -> Decimal | None:
        """Stated minus computed (None when there is nothing to compare)."""
        return self.stated - self.computed if self.differs and self.stated is not None else None


def co2_check(stated: Decimal | int | None, bands: dict[str, Decimal | None]) -> Co2Check:
    """Compare the stated CO₂ total of a sheet with the sum of its bands (see Co2Check)."""
    return Co2Check(
        stated=None if stated is None else Decimal(stated),
        computed=co2_total(bands),
        any_band=any(value is not None for value in bands.values()),
    )


@dataclass(frozen=True)
class Finance:
    """'Financieel per <date>': budget needed, granted per funder, spent; balance and need are computed."""

    needed: Decimal
    granted_by_funder: tuple[tuple[str, Decimal], ...]
    spent: Decimal

    @property
    def granted(self) -> Decimal:
        return sum((amount for _funder, amount in self.granted_by_funder), Decimal(0))

    @property
    def balance(self) -> Decimal:
        """'Actueel saldo' = granted − spent."""
        return self.granted - self.spent

    @property
    def need(self) -> Decimal:
        """'Budgetbehoefte' = needed − granted."""
        return self.needed - self.granted

    @property
    def overspent(self) -> bool:
        return self.spent > self.granted


# The move through the Leidraad (Bijlage 6) that reaches a milestone of the timeline: the first transition
# into the phase named here. 'Start initiatie-traject' is the start of the project's planned period.
MILESTONE_PHASES = {
    "kickoff": "definition",
    "definition_ready": "stakeholder_commitment",
    "stakeholder_commitment": "execution",
    "execution_ready": "evaluation",
    "evaluation_ready": "closed",
}


def milestones_reached(
    transitions: Iterable[tuple[str, date]], *, start: date | None, start_reached: bool
) -> dict[str, dict[str, str]]:
    """The timeline's milestones as the project's record gives them: {code: {"actual": first of the month}}
    for each milestone whose phase the project moved into (`transitions` are (to_phase, date) in any order),
    and 'Start initiatie-traject' in the month of the planned start (actual once `start_reached`, planned
    before)."""
    first: dict[str, date] = {}
    for phase, moment in transitions:
        if phase not in first or moment < first[phase]:
            first[phase] = moment
    result: dict[str, dict[str, str]] = {}
    if start is not None:
        result["initiation_start"] = {
            "actual" if start_reached else "planned": start.replace(day=1).isoformat()
        }
    for code, phase in MILESTONE_PHASES.items():
        if phase in first:
            result[code] = {"actual": first[phase].replace(day=1).isoformat()}
    return result


def within(milestones: dict[str, dict[str, str]], start: date, end: date) -> dict[str, dict[str, str]]:
    """The milestone months that fall inside the timeline from `start`'s month to `end`'s month."""
    first, last = start.replace(day=1).isoformat(), end.replace(day=1).isoformat()
    kept = {
        code: {kind: month for kind, month in entry.items() if first <= month <= last}
        for code, entry in milestones.items()
    }
    return {code: entry for code, entry in kept.items() if entry}


def month_range(start: date, end: date) -> list[date]:
    """The first days of the months from `start`'s month to `end`'s month, inclusive."""
    if end < start:
        raise ValueError("end before start")
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def gantt_row(months: list[date], planned: date | None, actual: date | None) -> list[str]:
    """Per month: 'both', 'planned', 'actual' or '' for one milestone."""

    def same(moment: date | None, month: date) -> bool:
        return moment is not None and (moment.year, moment.month) == (month.year, month.month)

    cells = []
    for month in months:
        is_planned, is_actual = same(planned, month), same(actual, month)
        cells.append(
            "both" if is_planned and is_actual else "planned" if is_planned else "actual" if is_actual else ""
        )
    return cells


def band_rows(bands: dict[str, Decimal | None]) -> list[tuple[str, Decimal | None]]:
    """The sheet's CO₂ bands as the source labels them ('R0-R2 Circulair design', ...), in ladder order."""
    return [(f"{code} {label}", bands.get(code)) for code, label in CO2_BANDS]


def innovation_rows(contributions: dict, functions: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """'Bijdrage aan innovatiefuncties' (Bijlage 8): (code, name, level) for each of F1-F8 in order, '—' where
    the sheet states nothing for a function."""
    levels = dict(CONTRIBUTION_LEVELS)
    return [(code, name, levels.get(str(contributions.get(code) or ""), "—")) for code, name in functions]


def performance_rows(performance: dict, horizon_labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """'Bijdrage aan prestatiedoelen': (goal, horizon, contribution) per goal of the sheet, the collective
    business propositions (a count range, not a level) last; '—' where the sheet says nothing."""
    levels = dict(CONTRIBUTION_LEVELS)
    rows = [
        (label, horizon_labels.get(horizon, horizon), levels.get(str(performance.get(code) or ""), "—"))
        for code, label, horizon in PERFORMANCE_GOALS
    ]
    code, label, horizon = BUSINESS_PROPOSITIONS
    rows.append((label, horizon_labels.get(horizon, horizon), performance.get(code) or "—"))
    return rows


def timeline_rows(milestones: dict, months: list[date]) -> list[tuple[str, list[str]]]:
    """The Gantt rows of a progress report: per milestone (in order) its cells over `months`; the stored
    planned/actual dates are ISO text."""

    def parse(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return [
        (
            label,
            gantt_row(
                months,
                parse(milestones.get(code, {}).get("planned")),
                parse(milestones.get(code, {}).get("actual")),
            ),
        )
        for code, label in MILESTONES
    ]
