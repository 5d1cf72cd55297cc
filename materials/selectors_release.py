"""Reads of a material data release per material of a scan: the EU figures a scan row shows besides its risk
bands (economic importance, import reliance per stage) and the main global supplier with its share, the one
set of supplier figures the scanner and the simulation read (materials.selectors stays the scanner's core).

A figure the release does not have is None with the reason the page shows after "no data": the data file's
own note where it gives one, otherwise why the release has no value (it does not cover the material, the
source gives import reliance per stage and not for a group of elements, ...). Nothing is filled in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from materials.models import Indicator, IndicatorValue, MaterialDataRelease, StageAssessment

# The order of the stages on a page: extraction before processing.
STAGE_ORDER: dict[str, int] = {
    StageAssessment.Stage.EXTRACTION.value: 0,
    StageAssessment.Stage.PROCESSING.value: 1,
}


@dataclass(frozen=True)
class StageFigure:
    """Import reliance (a fraction 0-1) at one stage, or None and why."""

    stage: str  # the stage's label in the reader's language
    value: float | None
    note: str
    is_bottleneck: bool


@dataclass
class ReleaseFigures:
    """The EU figures of one material in a release, as a scan row shows them."""

    economic_importance: float | None = None
    economic_importance_note: str = ""
    economic_importance_file_note: str = ""  # the data file's own note on the missing value, quoted
    import_reliance: list[StageFigure] = field(default_factory=list)
    import_reliance_note: str = ""  # why there is no stage figure at all


def not_covered_reason() -> str:
    return _("the material data release does not cover this material")


def scan_release_figures(
    release: MaterialDataRelease | None, codes: Iterable[str]
) -> dict[str, ReleaseFigures]:
    """{material code: its ReleaseFigures} for every code asked for (two queries); a material the release
    does not cover has both figures missing with that reason."""
    codes = list(dict.fromkeys(codes))
    result = {code: ReleaseFigures() for code in codes}
    if release is None or not codes:
        for figures in result.values():
            figures.economic_importance_note = figures.import_reliance_note = _(
                "no material data release is loaded"
            )
        return result
    values = IndicatorValue.objects.filter(
        profile__release=release,
        profile__material__code__in=codes,
        indicator=Indicator.ECONOMIC_IMPORTANCE,
    ).values_list("profile__material__code", "value", "note")
    economic: dict[str, tuple[float | None, str]] = {code: (value, note) for code, value, note in values}
    stages: dict[str, list[StageAssessment]] = defaultdict(list)
    group_codes: set[str] = set()
    for row in StageAssessment.objects.filter(
        profile__release=release, profile__material__code__in=codes, element=""
    ).select_related("profile__material"):
        code = row.profile.material.code
        if row.stage:
            stages[code].append(row)
        else:
            group_codes.add(code)
    covered = set(release.profiles.filter(material__code__in=codes).values_list("material__code", flat=True))
    for code, figures in result.items():
        if code not in covered:
            figures.economic_importance_note = figures.import_reliance_note = not_covered_reason()
            continue
        if code in economic:
            value, note = economic[code]
            figures.economic_importance = value
            if value is None:
                figures.economic_importance_note = _("the value is missing in the source")
                figures.economic_importance_file_note = note
        else:
            figures.economic_importance_note = _("the material data release gives no value for it")
        rows = sorted(stages.get(code, []), key=lambda row: STAGE_ORDER.get(row.stage, 2))
        figures.import_reliance = [
            StageFigure(
                stage=str(StageAssessment.Stage(row.stage).label),
                value=row.import_reliance,
                # The file's notes are about other cells (supplier or SR conflicts), so they are not quoted.
                note="" if row.import_reliance is not None else _("the value is missing in the source"),
                is_bottleneck=row.is_bottleneck,
            )
            for row in rows
        ]
        if not rows:
            figures.import_reliance_note = (
                _("the source gives import reliance per stage of each element, not for the group")
                if code in group_codes
                else _("the material data release gives no import reliance")
            )
    return result
