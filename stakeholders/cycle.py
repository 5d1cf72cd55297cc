"""The stakeholder analysis as a cycle (Werkwijze UPCM §3.2.2, Bijlage 4): the order of its five phases,
the six criteria of phase 4, and what changed between two rounds. Plain data in, plain data out.

"De stakeholderanalyse is opgebouwd in vijf fasen die cyclisch doorlopen worden" (fase 0 herijken
informatie- en communicatiestructuur, 1 identificeren, 2 issue-analyse, 3 strategie-analyses, 4 bepalen
strategie). Phase 4 weighs "zes criteria: de juiste sectoren, de mate van circulariteit, mate van innovatie
van de milieu-investering, relevantie voor de UPCM programmering, onderdeel van (keten-)samenwerkingsverbanden
en koploperspositie" (§3.2.2). The source gives no threshold on them: the criteria are shown, people decide
(StrategyPlacement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import classify

PHASES = (0, 1, 2, 3, 4)
CLASSES = (classify.Frontrunner.FRONTRUNNER, classify.Frontrunner.FOLLOWER, classify.Frontrunner.OTHER)

# The six criteria of phase 4, in the order §3.2.2 names them.
CRITERIA = ("sector", "circularity", "innovation", "relevance", "collaboration", "frontrunner")


@dataclass(frozen=True)
class Standing:
    """How one organisation stands in a round (a snapshot entry, or the register as it is now)."""

    key: object  # the organisation's id; its name when the organisation was deleted since
    name: str
    frontrunner_class: str = ""
    sector: str = ""
    relevance_role: str = ""
    circular: bool = False
    innovative: bool = False
    in_collaboration: bool = False
    current_engagement: str = ""
    desired_engagement: str = ""

    @property
    def gap(self) -> int | None:
        """Steps from the current to the desired engagement (positive: must move up); None when unknown."""
        if not self.current_engagement or not self.desired_engagement:
            return None
        return classify.engagement_gap(current=self.current_engagement, desired=self.desired_engagement)


def phase_blockers(statuses: dict[int, str], phase: int) -> list[int]:
    """The earlier phases that are not done yet: a phase is finished only after the ones before it."""
    return [p for p in PHASES if p < phase and statuses.get(p) != "done"]


def criteria_met(standing: Standing) -> dict[str, bool]:
    """Phase 4's six criteria for one organisation, read from its categorisations 1-6."""
    return {
        "sector": standing.sector in classify.IN_SCOPE_SECTORS,
        "circularity": standing.circular,
        "innovation": standing.innovative,
        "relevance": bool(standing.relevance_role),
        "collaboration": standing.in_collaboration,
        "frontrunner": standing.frontrunner_class == classify.Frontrunner.FRONTRUNNER,
    }


def widest_gap(pairs: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Of an organisation's risk entries (current, desired), the one furthest from where the programme needs
    it; ("", "") when it has none."""
    pairs = [p for p in pairs if p[0] and p[1]]
    if not pairs:
        return "", ""
    return max(pairs, key=lambda p: classify.engagement_gap(current=p[0], desired=p[1]))


@dataclass(frozen=True)
class Move:
    standing: Standing
    before: str
    after: str


@dataclass(frozen=True)
class GapChange:
    standing: Standing
    before: int
    after: int


@dataclass(frozen=True)
class Comparison:
    """What changed from the previous round to this one."""

    entered: list[Standing]
    left: list[Standing]
    moved: list[Move]  # between frontrunner, follower and other
    gaps_closed: list[GapChange]  # the programme needed them further; now they are where it needs them
    gaps_opened: list[GapChange]  # they were where the programme needs them; now they are not

    @property
    def unchanged(self) -> bool:
        return not (self.entered or self.left or self.moved or self.gaps_closed or self.gaps_opened)


def compare(previous: Iterable[Standing], current: Iterable[Standing]) -> Comparison:
    """Who entered and left the analysis, who moved between the classes of categorisation 6, and whose
    engagement gap closed or opened, from the previous round to this one."""
    before = {s.key: s for s in previous}
    after = {s.key: s for s in current}
    entered = sorted((s for k, s in after.items() if k not in before), key=lambda s: s.name)
    left = sorted((s for k, s in before.items() if k not in after), key=lambda s: s.name)
    moved, closed, opened = [], [], []
    for key in sorted(before.keys() & after.keys(), key=lambda k: after[k].name):
        old, new = before[key], after[key]
        if old.frontrunner_class in CLASSES and new.frontrunner_class in CLASSES:
            if old.frontrunner_class != new.frontrunner_class:
                moved.append(Move(new, old.frontrunner_class, new.frontrunner_class))
        old_gap, new_gap = old.gap, new.gap
        if old_gap is not None and new_gap is not None:
            if old_gap > 0 and new_gap <= 0:
                closed.append(GapChange(new, old_gap, new_gap))
            elif old_gap <= 0 and new_gap > 0:
                opened.append(GapChange(new, old_gap, new_gap))
    return Comparison(entered=entered, left=left, moved=moved, gaps_closed=closed, gaps_opened=opened)
