"""The province outlines as SVG paths: read once from the vendored GeoJSON (regions/data/NOTICE.md), projected
to a plane and simplified. Pure: no ORM, no Django."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data" / "provinces.geojson"

WIDTH = 400.0  # SVG user units; the height follows from the country's shape
MARGIN = 4.0
TOLERANCE = 0.7  # Douglas–Peucker tolerance in SVG units (about 0.6 km)
MIN_RING_AREA = 2.0  # drop islets smaller than this (square SVG units) from the drawing

Point = tuple[float, float]


class Outlines(NamedTuple):
    width: float
    height: float
    paths: dict[str, str]  # province code -> SVG path data
    centres: dict[str, Point]  # province code -> a point to put its label on


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"unsupported geometry {geometry['type']}")


def _distance(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points of `points` that keep the line within `tolerance` of the original."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if index != -1 and worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points: list[Point]) -> float:
    """The (unsigned) area of a closed ring (shoelace formula)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _centroid(points: list[Point]) -> Point:
    xs, ys = zip(*points, strict=True)
    return (sum(xs) / len(xs), sum(ys) / len(ys))


@lru_cache(maxsize=1)
def outlines() -> Outlines:
    """The twelve provinces, projected (equirectangular, scaled by the cosine of the mean latitude) and
    simplified."""
    features = json.loads(DATA.read_text(encoding="utf-8"))["features"]
    rings = {feature["properties"]["code"]: _rings(feature["geometry"]) for feature in features}
    lons = [lon for code in rings for ring in rings[code] for lon, _lat in ring]
    lats = [lat for code in rings for ring in rings[code] for _lon, lat in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    aspect = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * aspect)
    height = (north - south) * scale + 2 * MARGIN

    def project(lon: float, lat: float) -> Point:
        return ((lon - west) * aspect * scale + MARGIN, (north - lat) * scale + MARGIN)

    paths: dict[str, str] = {}
    centres: dict[str, Point] = {}
    for code, province_rings in rings.items():
        parts: list[str] = []
        largest: list[Point] = []
        for ring in province_rings:
            projected = [project(lon, lat) for lon, lat in ring]
            if area(projected) < MIN_RING_AREA:
                continue
            simplified = simplify(projected, TOLERANCE)
            if len(simplified) < 4:
                continue
            if area(projected) > area(largest or [(0, 0)]):
                largest = projected
            coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in simplified[:-1])
            parts.append(f"M{coordinates}Z")
        paths[code] = "".join(parts)
        centres[code] = _centroid(largest)
    return Outlines(WIDTH, round(height, 1), paths, centres)
