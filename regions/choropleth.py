"""Classes of a choropleth: equal intervals between the lowest and highest value, at most five, in whole
numbers (every figure the map shows is a count or a whole number of the §1.2.2 table). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

CLASSES = 5


class Band(NamedTuple):
    low: int
    high: int
    step: int  # 1..CLASSES: the shade (the CSS class regions-fill-<step>)


def bands(values: Mapping[str, int | None], classes: int = CLASSES) -> list[Band]:
    """The legend: up to `classes` bands of equal width covering every value, lowest first."""
    known = [value for value in values.values() if value is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    count = max(1, min(classes, high - low + 1))
    edges = [low + (high - low + 1) * i // count for i in range(count + 1)]
    shades = _shades(count, classes)
    return [Band(edges[i], edges[i + 1] - 1, shades[i]) for i in range(count)]


def _shades(count: int, classes: int) -> list[int]:
    """`count` shades spread over 1..classes (two bands: the lightest and the darkest)."""
    if count == 1:
        return [classes]
    return [1 + round(i * (classes - 1) / (count - 1)) for i in range(count)]


def band_of(value: int | None, legend: list[Band]) -> Band | None:
    """The band `value` falls in; None for a missing value."""
    if value is None:
        return None
    for band in legend:
        if band.low <= value <= band.high:
            return band
    raise ValueError(f"{value} is outside the legend")
