"""Which published lessons concern a project: a pure rule over plain sets of codes (no database).

A lesson concerns a project when they share a product cluster or a product group (SBI) — the lesson's through
its source project —, a KIA-CM topic, an R-strategy or an innovation function. The project's R-strategies are
those of the R-ladder bands its impact sheet fills; its innovation functions those the sheet says it
contributes to (Bijlage 6: the context scan and the afwegingskader look at what was learned before)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Aspects in the order a reason is given.
CLUSTER, PRODUCT_GROUP, THEME, R_STRATEGY, FUNCTION = (
    "cluster",
    "product_group",
    "theme",
    "r_strategy",
    "function",
)
ASPECTS = (CLUSTER, PRODUCT_GROUP, THEME, R_STRATEGY, FUNCTION)

# Values of an impact sheet's innovation-function contribution that mean "the project does not contribute".
NO_CONTRIBUTION = frozenset({"", "none", "unknown"})


@dataclass(frozen=True)
class Themes:
    """What a project or lesson is about, as codes per aspect."""

    clusters: frozenset[str] = field(default_factory=frozenset)
    product_groups: frozenset[str] = field(default_factory=frozenset)
    themes: frozenset[str] = field(default_factory=frozenset)
    r_strategies: frozenset[str] = field(default_factory=frozenset)
    functions: frozenset[str] = field(default_factory=frozenset)

    def by_aspect(self) -> dict[str, frozenset[str]]:
        return {
            CLUSTER: self.clusters,
            PRODUCT_GROUP: self.product_groups,
            THEME: self.themes,
            R_STRATEGY: self.r_strategies,
            FUNCTION: self.functions,
        }

    @property
    def empty(self) -> bool:
        return not any(self.by_aspect().values())


def shared(lesson: Themes, project: Themes) -> dict[str, list[str]]:
    """The codes a lesson and a project share, per aspect (aspects without any left out), sorted."""
    ours = project.by_aspect()
    result = {}
    for aspect, codes in lesson.by_aspect().items():
        common = sorted(codes & ours[aspect])
        if common:
            result[aspect] = common
    return result


def contributing_functions(contributions: dict[str, str] | None) -> frozenset[str]:
    """The innovation functions (F1–F8) an impact sheet says the project contributes to."""
    return frozenset(
        code
        for code, value in (contributions or {}).items()
        if str(value or "").strip() not in NO_CONTRIBUTION
    )


def r_strategies_of_bands(filled_bands: set[str], bands: dict[str, str]) -> frozenset[str]:
    """The R-strategy codes in the R-ladder bands a sheet fills: `bands` maps each code to its band."""
    return frozenset(code for code, band in bands.items() if band in filled_bands)
