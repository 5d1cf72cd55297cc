"""The check of one page's text (regiekamer/tests/crawl.py): what a person must never read, and what reads
fine. The crawl over every page of the demo as each demo role, which applies it, is
e2e/test_crawl_layout.py (one demo load for the text and the layout of every page)."""

import pytest

from .crawl import text_problems


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>in totaal 1960.0 uur en € 35000.00</p>", "number 1960.0"),
        ("<td>2027-01-01</td>", "date 2027-01-01"),
        ("<td>material_efficiency, life_extension</td>", "raw code material_efficiency"),
        ("<p>['vermindering', 'hergebruik']</p>", "Python list or dict"),
        ("<p>[{'project': 22, 'collaboration': 4}]</p>", "Python list or dict"),
        ("<dd>None</dd>", "Python constant"),
    ],
)
def test_the_page_check_finds_what_a_person_should_not_read(html, found):
    assert any(problem.startswith(found) for problem in text_problems(html))


def test_the_page_check_accepts_dutch_notation_and_what_people_typed():
    html = (
        "<p>20-004 · € 35.000,00 · 1.960 uur · 31-12-2023 · 6 december 2026 · 0,15</p>"
        "<a href='/a_b/'>Zoek</a><textarea>None [1] x_y</textarea><input value='a_b'><pre>2020-01-01</pre>"
    )
    assert text_problems(html) == []
