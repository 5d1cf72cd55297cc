"""Phase 1 of the stakeholder cycle, "identifying the stakeholders per horizon" (§3.2.2, Bijlage 4): how many
organisations of the register are relevant on each decision horizon.

A stakeholder is on a horizon through its team relevance (TeamRelevance.horizon: "for which UPCM team and on
which decision horizon", Bijlage 4); an organisation relevant on several horizons counts on each, and one
with no horizon recorded counts once under "no horizon". The counts are kept in phase 1's deliverables when
the phase is done, under the keys `horizon:<code>` (and `horizon:-`), so a completed round keeps them and the
next round is compared with them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from catalogue.models import Horizon

from .models import AnalysisRound, Organisation, RoundPhase

PREFIX = "horizon:"
NO_HORIZON = f"{PREFIX}-"


def stakeholders_per_horizon() -> dict[str, int]:
    """{`horizon:<code>`: organisations relevant on that horizon, ..., `horizon:-`: organisations with none}
    for every horizon of the catalogue (two queries)."""
    counts = {
        f"{PREFIX}{code}": count
        for code, count in Horizon.objects.annotate(
            organisations=Count("teamrelevance__organisation", distinct=True)
        ).values_list("code", "organisations")
    }
    counts[NO_HORIZON] = (
        Organisation.objects.exclude(Q(team_relevance__horizon__isnull=False)).distinct().count()
    )
    return counts


def round_counts(analysis_round: AnalysisRound) -> dict[str, int] | None:
    """Phase 1's stakeholders per horizon of a round: as kept when the phase was done, read from the register
    while the round is open and the phase not done; None for a completed round without them."""
    phase = analysis_round.phases.filter(phase=1).first()
    if phase is not None and phase.status == RoundPhase.Status.DONE:
        kept = {key: value for key, value in phase.deliverables.items() if is_horizon_key(key)}
        if kept:
            return kept
    if analysis_round.is_open:
        return stakeholders_per_horizon()
    return None


def is_horizon_key(key: str) -> bool:
    return key.startswith(PREFIX)


@dataclass(frozen=True)
class HorizonRow:
    label: str
    count: int | None  # None: the round has no count for it (phase 1 not done in a completed round)
    previous: int | None = None

    @property
    def change(self) -> int | None:
        if self.count is None or self.previous is None:
            return None
        return self.count - self.previous


def horizon_rows(counts: Mapping[str, int], previous: Mapping[str, int] | None = None) -> list[HorizonRow]:
    """One row per horizon of the catalogue (shortest first) and one for "no horizon": this round's count and
    the previous round's (None where a round has none)."""
    labels = [(f"{PREFIX}{horizon.code}", horizon.label) for horizon in Horizon.objects.order_by("months")]
    labels.append((NO_HORIZON, _("no decision horizon recorded")))
    return [
        HorizonRow(
            label=str(label),
            count=counts.get(key),
            previous=None if previous is None else previous.get(key),
        )
        for key, label in labels
    ]
