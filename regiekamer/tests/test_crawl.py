"""Every page as each demo role meets it (issue 14): the demo loaded, each demo user signs in and follows
every link from the home page; no page may fail, show a Python repr, a raw choice code, or a number or date in
other than Dutch notation. Runs once (SQLite suite): it is a scenario over the whole demo."""

import io

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

from .crawl import crawl, text_problems


@pytest.mark.django_db
@pytest.mark.scenario
def test_every_page_as_every_demo_role_reads_as_a_person_should(client):
    call_command("demo", stdout=io.StringIO())
    report = []
    for username, *_rest in DEMO_USERS:
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD)
        visits = crawl(client)
        assert len(visits) > 10, f"{username} reached only {[v.url for v in visits]}"
        report += [f"{username} {visit.url}: {problem}" for visit in visits for problem in visit.problems]
    assert not report, "\n".join(report)


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
