"""The choropleth as data for the template: one shape per province with its value, band and label, the
legend, and the rows of the table beside the map. Pure over plain values (province code, name, value)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .choropleth import Band, band_of, bands
from .geometry import outlines


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    value: int | None
    band: Band | None
    path: str
    x: float
    y: float
    url: str = ""

    @property
    def css_class(self) -> str:
        return f"regions-fill-{self.band.step}" if self.band else "regions-fill-none"


@dataclass(frozen=True)
class ProvinceMap:
    width: float
    height: float
    areas: list[Area]
    legend: list[Band]
    total: int  # the sum of the values shown
    missing: list[str]  # provinces without a value


def province_map(rows: Iterable[tuple[str, str, int | None, str]]) -> ProvinceMap:
    """`rows`: (code, name, value, url) per province. A province without an outline is an error; a value of
    None is shown as missing (never as zero)."""
    drawing = outlines()
    rows = list(rows)
    legend = bands({code: value for code, _name, value, _url in rows})
    areas = []
    for code, name, value, url in rows:
        x, y = drawing.centres[code]
        areas.append(Area(code, name, value, band_of(value, legend), drawing.paths[code], x, y, url))
    return ProvinceMap(
        width=drawing.width,
        height=drawing.height,
        areas=areas,
        legend=legend,
        total=sum(area.value for area in areas if area.value is not None),
        missing=[area.name for area in areas if area.value is None],
    )
