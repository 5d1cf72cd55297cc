"""The §1.2 consistency check on the published CSVs; expected sums are written out from the source numbers."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import figures

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"


def _check(name, label_columns):
    body, total = figures.read_csv_table(DATA / f"maakindustrie_per_{name}.csv", label_columns)
    return figures.check_table(name, body, total)


def _by_column(check):
    return {c.column: c for c in check.columns}


def test_per_product_group_sums_written_out():
    check = _check("productgroep", ("sbi_division", "name"))
    cols = _by_column(check)
    assert cols["jobs_thousands"].rows_counted == 13
    # Banen: 16+40+28+24+116+32+25+106+35+25+82+56+25 = 610, printed total 608.
    assert (
        cols["jobs_thousands"].column_sum
        == 16 + 40 + 28 + 24 + 116 + 32 + 25 + 106 + 35 + 25 + 82 + 56 + 25
        == 610
    )
    assert cols["jobs_thousands"].stated_total == 608
    # Arbeidsvolume: 15+36+26+23+106+30+23+98+32+23+69+50+22 = 553, printed 552.
    assert cols["labour_volume_thousands"].column_sum == 553
    # Impact CO2: -(305+29+160+557+48+5+10+25+18+12+27+15+1103) = -2314, printed -2313.
    assert (
        cols["upcm_co2_impact_kt_per_year"].column_sum
        == -(305 + 29 + 160 + 557 + 48 + 5 + 10 + 25 + 18 + 12 + 27 + 15 + 1103)
        == -2314
    )
    assert {c.column for c in check.rounding} == {
        "jobs_thousands",
        "labour_volume_thousands",
        "upcm_co2_impact_kt_per_year",
    }
    assert [c.difference for c in check.rounding] == [2, 1, -1]
    assert check.mismatches == []
    assert check.is_consistent


def test_per_province_sums_written_out():
    check = _check("provincie", ("province",))
    cols = _by_column(check)
    assert cols["jobs_thousands"].rows_counted == 12
    assert (
        cols["jobs_thousands"].column_sum
        == 31 + 17 + 17 + 46 + 15 + 81 + 37 + 79 + 110 + 17 + 118 + 41
        == 609
    )
    assert (
        cols["labour_volume_thousands"].column_sum
        == 28 + 16 + 15 + 42 + 13 + 74 + 33 + 71 + 100 + 15 + 107 + 37
    )
    assert cols["labour_volume_thousands"].column_sum == 551
    assert (
        cols["orgs_0_50"].column_sum
        == (2267 + 1184 + 1121 + 2848 + 944 + 5225 + 2418 + 5408 + 7886 + 1272 + 7679 + 2659)
        == 40911
    )
    assert (
        cols["orgs_51_100"].column_sum == 43 + 24 + 23 + 66 + 21 + 115 + 47 + 106 + 152 + 24 + 170 + 58 == 849
    )
    assert (
        cols["orgs_over_100"].column_sum
        == 47 + 28 + 26 + 74 + 24 + 128 + 56 + 127 + 170 + 26 + 187 + 68
        == 961
    )
    assert (
        cols["value_added_meur_per_year"].column_sum
        == (2472 + 1397 + 1381 + 4027 + 1289 + 6957 + 3052 + 6498 + 9070 + 1355 + 10166 + 3460)
        == 51124
    )
    assert (
        cols["upcm_co2_impact_kt_per_year"].column_sum
        == -(104 + 86 + 59 + 179 + 47 + 304 + 140 + 324 + 377 + 74 + 412 + 205)
        == -2311
    )
    assert (
        cols["material_flows_mkg"].column_sum
        == (29711 + 8806 + 7019 + 18823 + 7423 + 31907 + 16117 + 42516 + 48264 + 8794 + 41926 + 16061)
        == 277367
    )
    assert {c.column: c.difference for c in check.rounding} == {
        "jobs_thousands": 1,
        "labour_volume_thousands": -1,
        "orgs_0_50": 1,
        "orgs_51_100": -1,
        "orgs_over_100": 1,
        "value_added_meur_per_year": -1,
        "upcm_co2_impact_kt_per_year": 2,
        "material_flows_mkg": 1,
    }
    # Net turnover, value-added impact and CO2 add up exactly.
    assert {c.column for c in check.columns if c.status == figures.OK} == {
        "net_turnover_meur",
        "upcm_value_added_impact_meur_per_year",
        "co2_kt_per_year",
    }
    assert check.mismatches == []


def test_per_cluster_sums_written_out():
    check = _check("cluster", ("cluster",))
    cols = _by_column(check)
    assert cols["orgs_0_50"].rows_counted == 5
    assert cols["orgs_0_50"].column_sum == 3070 + 6323 + 8223 + 22386 + 909 == 40911
    assert cols["orgs_51_100"].column_sum == 205 + 108 + 148 + 361 + 29 == 851
    assert cols["orgs_over_100"].column_sum == 265 + 73 + 118 + 471 + 34 == 961
    assert cols["upcm_co2_impact_kt_per_year"].column_sum == -(1993 + 17 + 190 + 98 + 14) == -2312
    assert cols["jobs_thousands"].column_sum == 104 + 42 + 102 + 328 + 32 == 608
    assert {c.column: c.difference for c in check.rounding} == {
        "orgs_0_50": 1,
        "orgs_51_100": 1,
        "orgs_over_100": 1,
        "upcm_co2_impact_kt_per_year": 1,
    }
    assert check.mismatches == []


def test_real_mismatch_beyond_one_per_row():
    rows = [{"a": 10}, {"a": 20}, {"a": 30}]  # sum 60
    assert figures.check_table("t", rows, {"a": 63}, ["a"]).columns[0].status == figures.ROUNDING  # |−3| ≤ 3
    check = figures.check_table("t", rows, {"a": 64}, ["a"])  # |−4| > 3
    assert check.columns[0].status == figures.MISMATCH
    assert check.columns[0].difference == -4
    assert not check.is_consistent
    assert figures.has_real_mismatch([check])
    lines = figures.report_lines([check], {"a": "Column A"})
    assert "  REAL MISMATCH: Column A: sum 60, stated total 64, difference -4" in lines
    assert lines[-1] == "result: REAL MISMATCH"


def test_missing_total_is_a_problem():
    check = figures.check_table("t", [{"a": 1}], None, ["a"])
    assert check.problems == ("no stated total",)
    assert not check.is_consistent


def test_report_on_published_tables_has_no_real_mismatch():
    checks = [
        _check("productgroep", ("sbi_division", "name")),
        _check("provincie", ("province",)),
        _check("cluster", ("cluster",)),
    ]
    lines = figures.report_lines(checks)
    assert lines[-1] == "result: OK (at most rounding differences)"
    assert "  rounding difference: jobs_thousands: sum 610, stated total 608, difference +2" in lines
    assert not any("REAL MISMATCH:" in line for line in lines)


@pytest.mark.parametrize(
    ("sort", "expected_first", "applied"),
    [
        ("jobs_thousands", "b", "jobs_thousands"),
        ("-jobs_thousands", "a", "-jobs_thousands"),
        ("label", "a", "label"),
        ("-label", "c", "-label"),
        ("nonsense", "c", ""),
        (None, "c", ""),
    ],
)
def test_sort_rows(sort, expected_first, applied):
    rows = [
        {"label": "a", "order": 2, "jobs_thousands": 9},
        {"label": "b", "order": 1, "jobs_thousands": 1},
        {"label": "c", "order": 0, "jobs_thousands": 5},
    ]
    ordered, used = figures.sort_rows(rows, sort)
    assert ordered[0]["label"] == expected_first
    assert used == applied


def test_impact_percent():
    # Materialen: value added 9,781 M€/yr, UPCM impact +595 -> 6.1 %.
    assert figures.impact_percent(595, 9781) == 6.1
    # Afvalbehandeling: CO2 7,350 kt, impact -1,103 -> -15.0 %.
    assert figures.impact_percent(-1103, 7350) == -15.0
    assert figures.impact_percent(5, 0) is None


@given(st.lists(st.integers(-10_000, 10_000), min_size=1, max_size=30), st.integers(-100, 100))
def test_status_follows_the_rule(values, offset):
    rows = [{"a": v} for v in values]
    check = figures.check_table("t", rows, {"a": sum(values) + offset}, ["a"]).columns[0]
    assert check.difference == -offset
    expected = (
        figures.OK if offset == 0 else figures.ROUNDING if abs(offset) <= len(values) else figures.MISMATCH
    )
    assert check.status == expected
