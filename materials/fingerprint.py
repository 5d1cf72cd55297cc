"""The fingerprint of a project, and which sweet spots a project serves (werkwijze-upcm-2020 §3.1.1, §5.5 and
Bijlage 2 principle 6) — pure, no Django.

The fingerprint is computed from the project's current impact sheet (§4.4, the highest version):

* **CO₂ impact (kt/yr)**: the sum of the filled R-ladder bands R0–R2, R3–R7 and R8–R9
  (``portfolio.reporting.co2_total``); ``None`` when no band is filled. A total printed on a source sheet is
  not used: the sheet of Project Batterijen prints 26, its bands hold 17 + 3 = 20.
* **Monetary value**: the added value in M€ with its base year, as the sheet states them.
* **Innovation**: the level of each innovation function F1–F8 on the sheet's scale, and a summary score
  with Hoog = 3, Middel = 2, Laag = 1 and Onbekend = 0 points (a function the sheet does not fill counts as
  Onbekend), summed over the eight functions: 0 … 24. The points number the sheet's ordinal scale from 0, as
  the cluster innovation scores of the scoping table do (``ClusterInnovationScore.Level``), so a project's
  profile and its cluster's readiness read alike; a sum rather than a mean, so that a function left
  Onbekend lowers the score. The number of functions stimulated (Middel or Hoog, as the programme overview
  counts them) is given beside it.
* **Critical materials**: the raw materials the sheet names, each with its EU critical and strategic status
  and its supply-risk band from the current material data release ("unknown" where the release has no
  indicators for it).

**Serving a sweet spot.** A sweet spot is a product group: an SBI division (two digits) of the scoping
table, which may belong to a product cluster. A project serves it when its current impact sheet

1. names an SBI code at or below that division (its stored code starts with the division's two digits:
   29.1 → 29), or
2. names, as its product cluster, the cluster the division belongs to (only when the division has one).

Section letters (A–U) on a sheet are too broad to serve one product group and are not counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from portfolio.reporting import co2_total

FUNCTIONS: tuple[str, ...] = tuple(f"F{number}" for number in range(1, 9))
BANDS: tuple[str, ...] = ("R0-R2", "R3-R7", "R8-R9")
UNKNOWN_LEVEL = "unknown"
LEVEL_POINTS: dict[str, int] = {UNKNOWN_LEVEL: 0, "low": 1, "medium": 2, "high": 3}
STIMULATING = ("medium", "high")
INNOVATION_MAX = LEVEL_POINTS["high"] * len(FUNCTIONS)  # 24
RISK_ORDER = {"unknown": -1, "low": 0, "medium": 1, "high": 2}

SERVES_BY_SBI = "sbi"
SERVES_BY_CLUSTER = "cluster"


@dataclass(frozen=True)
class MaterialFact:
    """A raw material the sheet names: its EU status and supply-risk band (low/medium/high/unknown)."""

    name: str
    critical: bool
    strategic: bool
    risk_band: str = "unknown"


@dataclass(frozen=True)
class SheetFacts:
    """What the fingerprint reads from an impact sheet (built from the model by materials.selectors)."""

    number: str
    title: str
    co2_bands: Mapping[str, Decimal | float | int | None]
    added_value_meur: Decimal | float | int | None = None
    added_value_base_year: int | None = None
    innovation_functions: Mapping[str, str] | None = None
    materials: Sequence[MaterialFact] = ()
    sbi_codes: Sequence[str] = ()  # stored form, digits without dots: "291"
    cluster: str = ""  # product cluster code, "" when none


@dataclass(frozen=True)
class Fingerprint:
    number: str
    title: str
    co2_kt_per_year: Decimal | None
    co2_bands: tuple[tuple[str, Decimal | None], ...]
    added_value_meur: Decimal | None
    added_value_base_year: int | None
    innovation: tuple[tuple[str, str], ...]  # (F1 … F8, level)
    innovation_score: int
    innovation_stimulated: int
    materials: tuple[MaterialFact, ...]
    sbi_codes: tuple[str, ...]
    cluster: str

    innovation_max: int = INNOVATION_MAX

    @property
    def critical(self) -> list[MaterialFact]:
        return [material for material in self.materials if material.critical]

    @property
    def strategic(self) -> list[MaterialFact]:
        return [material for material in self.materials if material.strategic]

    @property
    def risk_band(self) -> str:
        """The worst supply-risk band among the sheet's materials ("unknown" when none is known)."""
        return max((m.risk_band for m in self.materials), key=RISK_ORDER.__getitem__, default="unknown")


def _decimal(name: str, value: Decimal | float | int | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def fingerprint(sheet: SheetFacts) -> Fingerprint:
    """The fingerprint of one project from its impact sheet (see the module docstring for each part).

    Raises ValueError naming the field for a band or added value that is not a finite number, a band other
    than R0-R2/R3-R7/R8-R9, an innovation function other than F1–F8 or a level off the sheet's scale."""
    unknown_bands = set(sheet.co2_bands) - set(BANDS)
    if unknown_bands:
        raise ValueError(f"co2_bands: unknown band(s) {', '.join(sorted(unknown_bands))}")
    bands = tuple((band, _decimal(f"co2 {band}", sheet.co2_bands.get(band))) for band in BANDS)
    filled: dict[str, Decimal | None] = {band: value for band, value in bands if value is not None}
    co2 = co2_total(filled) if filled else None

    levels = dict(sheet.innovation_functions or {})
    for code, level in levels.items():
        if code not in FUNCTIONS:
            raise ValueError(f"innovation_functions: {code!r} is not an innovation function F1–F8")
        if level not in LEVEL_POINTS:
            raise ValueError(
                f"innovation_functions[{code}]: {level!r} is not one of {', '.join(LEVEL_POINTS)}"
            )
    innovation = tuple((code, levels.get(code, UNKNOWN_LEVEL)) for code in FUNCTIONS)
    for material in sheet.materials:
        if material.risk_band not in RISK_ORDER:
            raise ValueError(f"materials: {material.name} has an unknown risk band {material.risk_band!r}")
    # critical materials first, the riskiest first among them
    materials = tuple(
        sorted(sheet.materials, key=lambda m: (not m.critical, -RISK_ORDER[m.risk_band], m.name))
    )
    return Fingerprint(
        number=sheet.number,
        title=sheet.title,
        co2_kt_per_year=co2,
        co2_bands=bands,
        added_value_meur=_decimal("added_value_meur", sheet.added_value_meur),
        added_value_base_year=sheet.added_value_base_year,
        innovation=innovation,
        innovation_score=sum(LEVEL_POINTS[level] for _code, level in innovation),
        innovation_stimulated=sum(1 for _code, level in innovation if level in STIMULATING),
        materials=materials,
        sbi_codes=tuple(sheet.sbi_codes),
        cluster=sheet.cluster,
    )


def serves(project: Fingerprint | SheetFacts, division: str, cluster: str = "") -> str | None:
    """Why `project` serves the product group `division` (two digits) of cluster `cluster` (a code, "" when
    the division has none): SERVES_BY_SBI, SERVES_BY_CLUSTER, or None when it does not."""
    if len(division) != 2 or not division.isdigit():
        raise ValueError(f"division must be an SBI division of two digits, got {division!r}")
    if any(code.isdigit() and code.startswith(division) for code in project.sbi_codes):
        return SERVES_BY_SBI
    if cluster and project.cluster == cluster:
        return SERVES_BY_CLUSTER
    return None


def serving(
    projects: Sequence[Fingerprint], division: str, cluster: str = ""
) -> list[tuple[Fingerprint, str]]:
    """The projects that serve a product group, each with the reason, in the order given."""
    found = []
    for project in projects:
        reason = serves(project, division, cluster)
        if reason is not None:
            found.append((project, reason))
    return found
