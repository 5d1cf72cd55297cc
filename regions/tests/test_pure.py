"""The pure parts of the map: outline simplification, the legend's bands, the vendored boundaries."""

import pytest

from regions.choropleth import Band, band_of, bands
from regions.geometry import area, outlines, simplify

PROVINCE_CODES = {"DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH"}


def test_the_vendored_boundaries_hold_the_twelve_provinces_as_small_svg_paths():
    drawing = outlines()
    assert set(drawing.paths) == PROVINCE_CODES
    assert all(path.startswith("M") and path.endswith("Z") for path in drawing.paths.values())
    # Simplified: the twelve outlines together stay well under 20 kB of path data.
    assert sum(len(path) for path in drawing.paths.values()) < 20_000
    # North is up: Groningen lies above Limburg, Zeeland left of Overijssel.
    assert drawing.centres["GR"][1] < drawing.centres["LI"][1]
    assert drawing.centres["ZE"][0] < drawing.centres["OV"][0]


def test_simplify_keeps_the_corners_and_drops_points_on_a_straight_line():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 2.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]
    assert area([(0, 0), (4, 0), (4, 3), (0, 3)]) == 12


def test_bands_cover_the_values_in_five_equal_whole_number_steps():
    # 15 .. 118 (the §1.2.2 jobs column's range): width 104 / 5 -> edges 15, 35, 56, 77, 98, 119.
    legend = bands({"FL": 15, "NB": 118, "UT": 37})
    assert legend == [Band(15, 34, 1), Band(35, 55, 2), Band(56, 76, 3), Band(77, 97, 4), Band(98, 118, 5)]
    assert band_of(37, legend) == Band(35, 55, 2)
    assert band_of(None, legend) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, []),
        ({"a": 3, "b": 3}, [Band(3, 3, 5)]),
        ({"a": 0, "b": 1}, [Band(0, 0, 1), Band(1, 1, 5)]),
        (
            {"a": -412, "b": -47, "c": None},
            [
                Band(-412, -340, 1),
                Band(-339, -267, 2),
                Band(-266, -194, 3),
                Band(-193, -121, 4),
                Band(-120, -47, 5),
            ],
        ),
    ],
)
def test_bands_of_few_equal_or_negative_values(values, expected):
    assert bands(values) == expected
