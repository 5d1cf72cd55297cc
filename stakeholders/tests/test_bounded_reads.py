"""The network and the coverage drill-down read one page however large the register (issue 17): the network's
sort keys are kept on its links (renamed with their organisations, in the same transaction, equal to a
rebuild), and the database reads either page through an index in the page's order, stopping after its
rows."""

import pytest
from django.db import connection

from stakeholders import selectors, services
from stakeholders.models import NetworkLink, Organisation
from stakeholders.services.network import network_rebuild

from .factories import InnovationFactory, OrganisationFactory, link_source
from .test_importer import HEADER, run

pytestmark = pytest.mark.django_db


def _kept() -> list[tuple]:
    return sorted(
        NetworkLink.objects.values_list(
            "organisation_a_id", "organisation_b_id", "shared", "label", "a_name", "b_name"
        )
    )


def _network(office) -> tuple[Organisation, Organisation, Organisation]:
    a, b, c = (
        OrganisationFactory(name=name, kvk_number=kvk)
        for name, kvk in (("Coolrec", "12345678"), ("TNO", "23456789"), ("Umicore", "34567890"))
    )
    for org in (a, b, c):
        services.collaboration_join(organisation=org, name="Zonnepanelen", actor=office)
    return a, b, c


def test_a_renamed_organisation_renames_its_links_in_the_same_save(office):
    a, b, c = _network(office)
    b.name = "Aaa TNO"
    b.save()
    names = {
        (row.organisation_a_id, row.organisation_b_id): (row.a_name, row.b_name)
        for row in NetworkLink.objects.all()
    }
    assert names == {
        (a.pk, b.pk): ("Coolrec", "Aaa TNO"),
        (a.pk, c.pk): ("Coolrec", "Umicore"),
        (b.pk, c.pk): ("Aaa TNO", "Umicore"),
    }
    kept = _kept()
    assert network_rebuild() == 3
    assert _kept() == kept  # what a rebuild from the memberships and the names makes


def test_an_import_that_renames_organisations_renames_their_links(office):
    a, b, _c = _network(office)
    run(HEADER + "12.345.678;Coolrec Nederland;;;;;;\n", office, source_code="rvo")
    a.refresh_from_db()
    assert a.name == "Coolrec Nederland"
    assert NetworkLink.objects.get(organisation_a=a, organisation_b=b).a_name == "Coolrec Nederland"
    kept = _kept()
    network_rebuild()
    assert _kept() == kept


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_the_network_page_is_read_through_the_index_of_its_order(office, monkeypatch):
    _network(office)
    around = selectors.organisation_list(filters={"q": "TNO"})
    monkeypatch.setattr(selectors, "NETWORK_NARROW", 0)  # a broad filter: more organisations than that
    for organisations in (None, around):
        plan = _plan(selectors.network_links(organisations)[:50])
        assert "stakeholder_link_order_idx" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort of every link (of the neighbourhood) before the page
    assert [link["b_name"] for link in selectors.network_links(around)] == ["TNO", "Umicore"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_a_narrow_neighbourhood_is_found_through_its_organisations_not_by_reading_every_link(
    office, monkeypatch
):
    _network(office)
    for q in ("TNO", "o", "Coolrec"):
        around = selectors.organisation_list(filters={"q": q})
        plan = _plan(selectors.network_links(around)[:50])
        assert "SCAN stakeholders_networklink" not in plan, plan  # through the indexes of either end
        narrow = list(selectors.network_links(around))
        with monkeypatch.context() as broad:
            broad.setattr(selectors, "NETWORK_NARROW", 0)
            assert narrow == list(selectors.network_links(around))  # the same links in the same order


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_the_misses_page_is_read_in_name_order_without_reading_every_link(office):
    organisation = OrganisationFactory(
        name="Gemist", sector="in_manufacturing", frontrunner_class="frontrunner"
    )
    link_source(organisation, "rvo")
    InnovationFactory(organisation=organisation)
    for source in ("rvo", ""):
        assert list(selectors.coverage_misses(source)) == [organisation]
        plan = _plan(selectors.coverage_misses(source)[:50])
        assert "TEMP B-TREE" not in plan, plan  # walks the organisations by name and stops after the page
        assert "LIST SUBQUERY" not in plan, plan  # no list of every innovation or slimme-tool link first
