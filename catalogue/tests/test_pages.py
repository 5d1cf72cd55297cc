"""Catalogue pages: search, SBI tree, detail with source and history; a bounded number of queries however long
the list; the admin for the programme office. (Who reads the pages: catalogue/tests/matrix.py.)"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import login_as, role_matrix
from catalogue import extensions
from catalogue.extensions import ListLink, register_list_link
from catalogue.models import Province, SbiCode
from catalogue.registry import LISTS
from catalogue.services import sbi_resolve

pytestmark = pytest.mark.django_db


# Who reads the pages (every role, not anonymous visitors) is the role matrix's business:
# catalogue/tests/matrix.py. Here: the admin, which the matrix does not cover.


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_only_the_programme_office_opens_the_admin_changelist(client, user_for, catalogue, role, allowed):
    login_as(client, user_for, role)

    response = client.get(reverse("admin:catalogue_sbicode_changelist"))

    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/login/" in response["Location"]


def test_the_programme_office_can_change_an_entry_in_the_admin(client, user_for, catalogue):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    province = Province.objects.get(code="UT")

    response = client.get(reverse("admin:catalogue_province_change", args=[province.pk]))

    assert response.status_code == 200


def test_no_role_can_change_a_catalogue_entry_outside_the_admin(client, user_for, catalogue):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    province = Province.objects.get(code="UT")

    response = client.post(reverse("catalogue:detail", args=["provinces", province.pk]), {"name": "X"})

    assert response.status_code in (403, 405) or Province.objects.get(pk=province.pk).name == "Utrecht"


@pytest.fixture
def reader(client, user_for):
    login_as(client, user_for, Role.READER)
    return client


def test_the_index_lists_every_list_with_its_count(reader, catalogue):
    html = reader.get(reverse("catalogue:index")).content.decode()

    for entry in LISTS:
        assert reverse("catalogue:list", args=[entry.name]) in html
    assert ">38<" in html  # SBI
    # the 34 EU critical raw materials and the 20 common materials with the 31 other materials the EU
    # assessed in 2023, each list on its own
    critical = reverse("catalogue:list", args=["critical-raw-materials"])
    common = reverse("catalogue:list", args=["common-materials"])
    assert re.search(rf'href="{critical}".*?>34<', html, re.S)
    assert re.search(rf'href="{common}".*?>51<', html, re.S)


@pytest.mark.parametrize("entry", LISTS, ids=lambda entry: entry.name)
def test_every_list_page_shows_its_entries(reader, catalogue, entry):
    response = reader.get(reverse("catalogue:list", args=[entry.name]))

    assert response.status_code == 200
    first = entry.entries().first()
    assert reverse("catalogue:detail", args=[entry.name, first.pk]) in response.content.decode()


@pytest.mark.parametrize("entry", LISTS, ids=lambda entry: entry.name)
def test_every_detail_page_shows_the_source_section_and_the_history(reader, catalogue, entry):
    item = entry.entries().first()

    html = reader.get(reverse("catalogue:detail", args=[entry.name, item.pk])).content.decode()

    assert item.source_section in html
    assert 'data-testid="history"' in html


def test_an_unknown_list_is_not_found(reader):
    assert reader.get("/catalogue/no-such-list/").status_code == 404
    assert reader.get("/catalogue/provinces/999999/").status_code == 404


@pytest.mark.parametrize("query", ["29.1", "291", "Vervaardiging van auto's"])
def test_searching_sbi_finds_the_code_in_any_notation(reader, catalogue, query):
    html = reader.get(reverse("catalogue:list", args=["sbi"]), {"q": query}).content.decode()

    assert "Vervaardiging van auto&#x27;s" in html
    node = SbiCode.objects.get(code="291")
    assert reverse("catalogue:detail", args=["sbi", node.pk]) in html


def test_search_narrows_the_list(reader, catalogue):
    response = reader.get(reverse("catalogue:list", args=["provinces"]), {"q": "holland"})

    rows = response.context["rows"]
    assert sorted(row["cells"][1] for row in rows) == ["Noord-Holland", "Zuid-Holland"]


def test_search_through_a_relation_lists_each_entry_once(reader, catalogue):
    response = reader.get(reverse("catalogue:list", args=["npce-product-groups"]), {"q": "maakindustrie"})

    names = [row["cells"][0] for row in response.context["rows"]]
    assert len(names) == len(set(names)) == 4


def test_the_sbi_list_shows_the_tree(reader, catalogue):
    response = reader.get(reverse("catalogue:list", args=["sbi"]))

    tree = [(item["node"].display_code, item["depth"]) for item in response.context["tree"]]
    assert tree[:3] == [("A", 0), ("B", 0), ("C", 0)]
    assert ("29.1", 2) in tree and ("47.6", 2) in tree
    codes = [code for code, _depth in tree]
    assert codes.index("29") < codes.index("29.1") < codes.index("30")


def test_an_sbi_detail_shows_its_parents_and_children(reader, catalogue):
    division = SbiCode.objects.get(code="29")

    response = reader.get(reverse("catalogue:detail", args=["sbi", division.pk]))

    html = response.content.decode()
    assert [item["node"].code for item in response.context["ancestors"]] == ["C"]
    assert "29.1 Vervaardiging van auto" in html  # the child
    assert "Auto- en aanhangwagenindustrie" in html  # name in the figures


def test_the_detail_page_shows_every_field(reader, catalogue):
    from catalogue.models import Horizon

    horizon = Horizon.objects.get(code="0-2y")

    response = reader.get(reverse("catalogue:detail", args=["horizons", horizon.pk]))

    shown = {row["name"] for row in response.context["fields"]}
    assert shown == {f.name for f in Horizon._meta.concrete_fields} - {"id", "source_section"}
    html = response.content.decode()
    assert "Alternatieve seriële paden" in html and "SBI 4" in html


def test_the_history_shows_who_changed_what(reader, catalogue, user_for):
    province = Province.objects.get(code="UT")
    province.name_in_figures = "Provincie Utrecht"
    province._history_user = user_for(Role.PROGRAMME_OFFICE)
    province.save()

    response = reader.get(reverse("catalogue:detail", args=["provinces", province.pk]))

    latest = response.context["history"].entries[0]
    assert latest.user == user_for(Role.PROGRAMME_OFFICE)
    assert [(c.old, c.new) for c in latest.changes] == [("Utrecht", "Provincie Utrecht")]
    assert "Provincie Utrecht" in response.content.decode()


def test_the_loaded_entries_were_created_by_the_system_actor(reader, catalogue):
    province = Province.objects.get(code="UT")

    response = reader.get(reverse("catalogue:detail", args=["provinces", province.pk]))

    (created,) = response.context["history"].entries
    assert created.user == system_actor()
    assert "Regiekamer (systeem)" in response.content.decode()
    assert response.context["admin_history_url"] == ""  # a reader has no admin


def test_the_programme_office_is_offered_the_full_history_in_the_admin(client, user_for, catalogue):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    province = Province.objects.get(code="UT")

    response = client.get(reverse("catalogue:detail", args=["provinces", province.pk]))

    url = reverse("admin:catalogue_province_history", args=[province.pk])
    assert response.context["admin_history_url"] == url
    assert client.get(url).status_code == 200


def test_the_industry_figures_page_has_a_table_per_breakdown(reader, catalogue):
    response = reader.get(reverse("catalogue:list", args=["industry-figures"]))

    tables = response.context["tables"]
    assert [table["breakdown"] for table in tables] == ["product_group", "province", "cluster"]
    assert [len(table["body"]) for table in tables] == [14, 13, 6]
    assert all(table["body"][-1]["total"] for table in tables)


@pytest.mark.parametrize("name", ["industry-figures", "sbi", "provinces"])
def test_a_list_page_shows_the_links_other_apps_register_for_it(reader, catalogue, monkeypatch, name):
    """The extension point a higher app (the dashboard's figures page) links through; the catalogue never
    names that app. Links for another list, and names that do not resolve, are left out."""
    monkeypatch.setattr(extensions, "LIST_LINKS", {})
    register_list_link(ListLink(key="here", list_name=name, label="Elsewhere", url_name="home"))
    register_list_link(ListLink(key="gone", list_name=name, label="Nowhere", url_name="no-such-page"))
    register_list_link(ListLink(key="other", list_name="countries", label="Another list's", url_name="home"))

    html = reader.get(reverse("catalogue:list", args=[name])).content.decode()

    assert f'<a class="nl-link" href="{reverse("home")}">Elsewhere</a>' in html
    assert "Nowhere" not in html
    assert "Another list's" not in html


def test_the_navigation_offers_the_catalogue(reader):
    html = reader.get(reverse("home")).content.decode()

    assert reverse("catalogue:index") in html


def _queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("entry", LISTS, ids=lambda entry: entry.name)
def test_list_pages_need_the_same_queries_however_many_entries(reader, catalogue, entry):
    url = reverse("catalogue:list", args=[entry.name])
    _queries(reader, url)  # warm the session and caches
    before = _queries(reader, url)
    for code in ["10.11.1", "10.12", "62.01", "01.1", "38.32.1"]:  # grow the largest list
        sbi_resolve(code, actor=system_actor())

    assert _queries(reader, url) == before
    assert before <= 10


def test_searching_needs_the_same_queries_however_many_entries(reader, catalogue):
    url = reverse("catalogue:list", args=["sbi"])
    before = _queries(reader, url, q="1")
    for code in ["10.11.1", "10.12", "11.01", "12.00"]:
        sbi_resolve(code, actor=system_actor())

    assert _queries(reader, url, q="1") == before


def test_the_index_needs_one_count_per_list(reader, catalogue):
    url = reverse("catalogue:index")
    _queries(reader, url)

    assert _queries(reader, url) <= len(LISTS) + 5
