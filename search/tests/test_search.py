"""Search: it finds 20-004 by a word of its description (as Bijlage 11 writes it), refuses people to a reader,
keeps each app's rule for who reads what, and stays in step with its sources. Runs on SQLite (FTS5) and on
PostgreSQL (Dutch text search), whichever the suite runs on."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from portfolio import services as portfolio_services
from portfolio.tests import factories as portfolio_factories
from search import fulltext, index, services
from search.models import SearchEntry
from stakeholders.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PROJECTS_CSV = Path(__file__).resolve().parents[2] / "portfolio" / "data" / "projects.csv"


def _row(number: str) -> dict[str, str]:
    with PROJECTS_CSV.open(encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["number"] == number)


@pytest.fixture
def batteries(user_for):
    """Project 20-004 as the source describes it (portfolio/data/projects.csv, from Bijlage 11)."""
    row = _row("20-004")
    return portfolio_factories.project(
        user_for, title=row["title"], description=row["description"], year=2020, sequence=4
    )


def _kinds(results) -> dict[str, list[str]]:
    return {group.kind: [entry.title for entry in group.entries] for group in results.groups}


def test_search_finds_20_004_by_a_word_from_its_description(user_for, batteries, client):
    word = "elektromotoren"
    assert word in _row("20-004")["description"] and word not in batteries.title.lower()

    results = services.search(actor=user_for(Role.READER), text=word)

    assert _kinds(results)["project"] == [f"20-004 {batteries.title}"]
    # The header box's page shows it too, linking to the project.
    login_as(client, user_for, Role.READER)
    html = client.get(reverse("search:results"), {"q": "Elektromotor"}).content.decode()
    assert f'href="{batteries.get_absolute_url()}"' in html


def test_every_word_must_occur_as_a_word_or_its_start(user_for, batteries):
    reader = user_for(Role.READER)
    assert "project" in _kinds(services.search(actor=reader, text="kritieke batterij"))
    assert "project" not in _kinds(services.search(actor=reader, text="kritieke windmolens"))


def test_a_reader_is_refused_people_and_the_programme_finds_them(user_for):
    organisation = OrganisationFactory(name="Umicore")
    PersonFactory(organisation=organisation, name="Marieke Voorbeeldsma", position="Inkoper")

    as_reader = services.search(actor=user_for(Role.READER), text="Voorbeeldsma")
    as_team_lead = services.search(actor=user_for(Role.TEAM_LEAD), text="Voorbeeldsma")

    assert "person" not in _kinds(as_reader)
    assert "People" in [str(label) for label in as_reader.refused]
    assert _kinds(as_team_lead)["person"] == ["Marieke Voorbeeldsma"]


def test_the_reader_page_says_people_were_not_searched(client, user_for):
    PersonFactory(name="Marieke Voorbeeldsma")
    login_as(client, user_for, Role.READER)

    html = client.get(reverse("search:results"), {"q": "Voorbeeldsma"}).content.decode()

    assert "Marieke Voorbeeldsma" not in html
    assert "Not searched, because your role may not read them: People" in html


def test_an_applicant_finds_only_the_projects_of_their_own_consortium(user_for, batteries):
    # The applicant's consortium has no project handed over: the portfolio's rule shows them none.
    applicant = user_for(Role.APPLICANT)
    assert "project" not in _kinds(services.search(actor=applicant, text="elektromotoren"))
    assert "organisation" not in _kinds(services.search(actor=applicant, text="Umicore"))


def test_the_index_follows_a_change_in_the_same_transaction(user_for, batteries):
    office, reader = user_for(Role.PROGRAMME_OFFICE), user_for(Role.READER)
    portfolio_services.project_update(
        actor=office, project=batteries, expected_version=batteries.version, description="Zonnepanelen."
    )
    assert "project" not in _kinds(services.search(actor=reader, text="elektromotoren"))
    assert "project" in _kinds(services.search(actor=reader, text="zonnepanelen"))

    organisation = OrganisationFactory(name="Nyrstar Budel")
    assert "organisation" in _kinds(services.search(actor=reader, text="nyrstar"))
    organisation.delete()
    assert "organisation" not in _kinds(services.search(actor=reader, text="nyrstar"))


def test_the_rebuild_writes_what_signals_missed(user_for, batteries):
    SearchEntry.objects.all().delete()
    reader = user_for(Role.READER)
    assert services.search(actor=reader, text="elektromotoren").count == 0

    call_command("search-index", stdout=open("/dev/null", "w"))

    assert services.search(actor=reader, text="elektromotoren").count == 1
    assert SearchEntry.objects.filter(kind="project").count() == 1


@pytest.mark.parametrize("text", ['"', "a OR b", "NEAR(x y)", "x:* & !y", "-", "'; DROP TABLE x; --", "*"])
def test_query_syntax_of_either_database_is_plain_text(user_for, batteries, text):
    results = services.search(actor=user_for(Role.READER), text=text)
    assert results.count == 0


def test_query_words_are_plain_words():
    assert fulltext.words('Kritieke "metalen" OR zonne-cellen*') == [
        "kritieke",
        "metalen",
        "or",
        "zonne",
        "cellen",
    ]


def test_the_full_text_structure_of_this_database_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_fts'")
            assert cursor.fetchone() == ("search_fts",)
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_document_gin'")
            assert "gin" in cursor.fetchone()[0].lower()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the Dutch configuration is PostgreSQL's")
def test_postgresql_matches_dutch_word_forms(user_for):
    # Dutch stemming: "batterijen" (in the text) is found by "batterij" and the plural of "circulaire" alike.
    OrganisationFactory(name="Circulaire Batterijen BV")
    found = services.search(actor=user_for(Role.READER), text="circulair batterij")
    assert _kinds(found)["organisation"] == ["Circulaire Batterijen BV"]


def test_index_store_replaces_the_rows_of_an_object(user_for, batteries):
    provider = next(p for p in index.providers() if p.kind == "project")
    index.store(provider, batteries)
    index.store(provider, batteries)
    assert SearchEntry.objects.filter(kind="project", object_id=batteries.pk).count() == 1


def test_the_results_page_needs_the_same_queries_for_few_and_many_matches(client, user_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_as(client, user_for, Role.PROGRAMME_OFFICE)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search:results"), {"q": "zonnecellen"}).status_code == 200
        return len(captured)

    OrganisationFactory(name="Zonnecellen 0")
    few = queries()
    for i in range(1, 6):
        OrganisationFactory(name=f"Zonnecellen {i}")
        PersonFactory(name=f"Zonnecellen persoon {i}")
    assert queries() == few


def test_one_full_text_query_finds_the_best_of_every_kind(user_for, django_assert_num_queries):
    """Twenty-seven kinds are searched (ten record types and every catalogue list): the words are matched
    once, and each kind keeps its own best `per_kind`, a kind with many matches crowding out no other."""
    from search.providers import providers

    for i in range(4):
        OrganisationFactory(name=f"Zonnecellen fabriek {i}")
        PersonFactory(name=f"Zonnecellen persoon {i}")
    actor = user_for(Role.PROGRAMME_OFFICE)
    assert len(providers()) > 20
    services.search(actor=actor, text="zonnecellen", per_kind=2)  # the rules' first reads (sessions, roles)
    with django_assert_num_queries(1):
        results = services.search(actor=actor, text="zonnecellen", per_kind=2)
    kinds = _kinds(results)
    assert len(kinds["organisation"]) == 2 and len(kinds["person"]) == 2
    assert all(title.startswith("Zonnecellen fabriek") for title in kinds["organisation"])
