"""The pure rules of the knowledge app: relevance, personal names, figures (no database)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from knowledge import figures, public
from knowledge.relevance import Themes, contributing_functions, r_strategies_of_bands, shared


def test_a_lesson_concerns_a_project_through_what_they_share():
    lesson = Themes(
        clusters=frozenset({"consumentengoederen"}),
        r_strategies=frozenset({"R8"}),
        functions=frozenset({"F2", "F5"}),
    )
    project = Themes(
        r_strategies=frozenset({"R8", "R9"}), functions=frozenset({"F5"}), themes=frozenset({"kem"})
    )
    assert shared(lesson, project) == {"r_strategy": ["R8"], "function": ["F5"]}
    assert shared(lesson, Themes(themes=frozenset({"kem"}))) == {}


@pytest.mark.parametrize(
    ("contributions", "expected"),
    [
        # Bijlage 8, impact sheet of project 20-004: F1, F7 and F8 'onbekend'.
        ({"F1": "unknown", "F2": "high", "F5": "low", "F7": "unknown", "F8": ""}, {"F2", "F5"}),
        ({}, set()),
        (None, set()),
        ({"F3": "none"}, set()),
    ],
)
def test_contributing_functions(contributions, expected):
    assert contributing_functions(contributions) == expected


def test_r_strategies_of_the_filled_bands():
    bands = {"R0": "R0-R2", "R3": "R3-R7", "R8": "R8-R9", "R9": "R8-R9"}
    assert r_strategies_of_bands({"R8-R9"}, bands) == {"R8", "R9"}
    assert r_strategies_of_bands(set(), bands) == frozenset()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Gesprek met Petra Dhaans over de pilot.", ["Petra Dhaans"]),
        ("gesprek met PETRA  DHAANS", ["Petra Dhaans"]),
        ("Petra Dhaansen is een ander", []),  # whole words only
        ("Geen namen, alleen TNO en Umicore.", []),
    ],
)
def test_names_in_texts(text, found):
    assert public.names_in([text], ["Petra Dhaans", "Bos", "TNO"]) == found


def test_figures_from_the_impact_sheet_of_20_004():
    # Bijlage 8, impact sheet Project Batterijen: R3–R7 17 and R8–R9 3 kt/yr, 238 M€ added value (2019).
    data = figures.from_sheet(
        version=2,
        status_date=datetime.date(2020, 8, 1),
        bands={"R0-R2": None, "R3-R7": Decimal(17), "R8-R9": Decimal(3)},
        added_value_meur=Decimal(238),
        added_value_base_year=2019,
    )
    assert data["co2_total"] == "20"
    assert data["co2_bands"] == {"R3-R7": "17", "R8-R9": "3"}
    with translation.override("nl"):
        rows = figures.rows(data)
        assert rows[0][1] == "20 kt per jaar"
        assert ("waarvan R8–R9", "3 kt per jaar") in rows
        assert rows[-1][1] == "€ 238 miljoen (basisjaar 2019)"
        assert figures.source_line(data) == "Impactsheet versie 2, stand per 1 augustus 2020"


def test_no_sheet_no_figures():
    assert figures.rows({}) == []
    assert figures.source_line({}) == ""


# --- the text of hub documents (knowledge.textextract) -----------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_text_of_an_unreadable_document_is_empty_not_an_error():
    from knowledge import textextract

    assert textextract.document_text(b"%PDF-1.4 broken", "application/pdf") == ""
    assert textextract.document_text(b"PK not a zip", DOCX) == ""
    assert textextract.document_text(b"a,b\n1,2", "application/vnd.ms-excel") == ""


def test_plain_text_is_tidied_and_capped():
    from knowledge import textextract

    text = "Eerste   regel\r\n\n\n  tweede\tregel  \x00" + "x" * (textextract.MAX_CHARS + 10)
    found = textextract.document_text(text.encode(), "text/plain; charset=utf-8")
    assert found.startswith("Eerste regel\ntweede regel x")
    assert len(found) == textextract.MAX_CHARS
