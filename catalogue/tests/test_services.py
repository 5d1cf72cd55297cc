"""sbi_resolve: every usual notation of an SBI 2008 code resolves to one node; invalid codes are refused; who
may add a node (catalogue.resolve_sbi, or another use case's permit)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.authorization import require, system_actor
from accounts.roles import Role
from catalogue.models import SbiCode
from catalogue.services import CREATED_NODE_SOURCE, sbi_normalize, sbi_resolve


@pytest.mark.parametrize(
    ("code", "normalized", "level"),
    [
        ("C", "C", 1),
        ("c", "C", 1),
        ("47", "47", 2),
        ("29.1", "291", 3),
        ("291", "291", 3),
        ("29.10", "2910", 4),
        ("2910", "2910", 4),
        ("29101", "29101", 5),
        ("29.10.1", "29101", 5),
        (" 29.1 ", "291", 3),
    ],
)
def test_normalize_accepts_the_usual_notations(code, normalized, level):
    assert sbi_normalize(code) == (normalized, level)


@pytest.mark.parametrize("code", ["", "2", "ABC", "29.1.0.1", "291011", "2.91", "29..1", "29-1"])
def test_normalize_refuses_what_is_not_an_sbi_code(code):
    with pytest.raises(ValueError, match="SBI 2008"):
        sbi_normalize(code)


def test_normalize_accepts_a_group_ending_in_zero():
    assert sbi_normalize("62.01") == ("6201", 4)  # 62.0 is the only group of division 62


@pytest.mark.django_db
class TestResolve:
    @pytest.fixture(autouse=True)
    def _loaded(self, catalogue):
        pass

    @pytest.mark.parametrize(
        ("code", "stored", "display"),
        [
            ("29.1", "291", "29.1"),
            ("291", "291", "29.1"),
            ("29.10", "2910", "29.10"),
            ("2910", "2910", "29.10"),
            ("29101", "29101", "29.10.1"),
            ("C", "C", "C"),
            ("47", "47", "47"),
            ("30.9", "309", "30.9"),
            ("47.6", "476", "47.6"),
        ],
    )
    def test_resolves_the_cases_of_the_sources(self, code, stored, display):
        node = sbi_resolve(code, actor=system_actor())

        assert (node.code, node.display_code) == (stored, display)

    def test_a_cited_code_is_the_loaded_entry_with_its_official_name(self):
        node = sbi_resolve("29.1", actor=system_actor())

        assert node.name == "Vervaardiging van auto's"
        assert node.source_section != CREATED_NODE_SOURCE

    def test_a_missing_code_is_created_with_its_parents_up_to_the_section(self):
        before = SbiCode.objects.count()

        node = sbi_resolve("10.71.1", actor=system_actor())

        assert SbiCode.objects.count() == before + 4  # 10, 10.7, 10.71, 10.71.1
        chain = []
        while node is not None:
            chain.append((node.code, node.level))
            node = node.parent
        assert chain == [("10711", 5), ("1071", 4), ("107", 3), ("10", 2), ("C", 1)]
        assert SbiCode.objects.get(code="10").source_section == CREATED_NODE_SOURCE

    def test_created_nodes_take_scope_and_cluster_from_their_parent(self):
        under_materials = sbi_resolve("20.1", actor=system_actor())
        outside = sbi_resolve("10.1", actor=system_actor())

        assert (under_materials.in_manufacturing_scope, under_materials.cluster.code) == (True, "materialen")
        assert (outside.in_manufacturing_scope, outside.cluster) == (False, None)

    def test_resolving_twice_gives_the_same_node_and_creates_nothing_more(self):
        first = sbi_resolve("28.22", actor=system_actor())
        count = SbiCode.objects.count()

        assert sbi_resolve("2822", actor=system_actor()) == first
        assert SbiCode.objects.count() == count

    def test_a_division_resolves_under_its_section(self):
        assert sbi_resolve("38", actor=system_actor()).parent.code == "E"
        assert sbi_resolve("62", actor=system_actor()).parent.code == "J"
        assert sbi_resolve("99", actor=system_actor()).parent.code == "U"

    @pytest.mark.parametrize(
        ("code", "says"),
        [
            ("34", "'34'.* 34"),  # between C (10-33) and D (35): the message names the division
            ("04", "'04'.* 04"),
            ("00", "'00'.* 00"),
            ("V", "'V'"),
            ("X", "'X'"),
            ("12345678", "'12345678'"),
            ("29.1.0.1", "'29.1.0.1'"),
        ],
    )
    def test_invalid_codes_are_refused_with_a_clear_message(self, code, says):
        count = SbiCode.objects.count()

        with pytest.raises(ValueError, match=says):
            sbi_resolve(code, actor=system_actor())

        assert SbiCode.objects.count() == count


@pytest.mark.django_db
def test_resolve_needs_the_sections_loaded():
    with pytest.raises(LookupError, match="catalogue --load"):
        sbi_resolve("29.1", actor=system_actor())


@pytest.mark.django_db
class TestWhoResolves:
    """Adding a node is catalogue.resolve_sbi: the programme office directly; anyone else only within a use
    case of another app, whose permit it passes."""

    @pytest.fixture(autouse=True)
    def _loaded(self, catalogue):
        pass

    def test_the_programme_office_adds_a_node(self, user_for):
        node = sbi_resolve("10.71", actor=user_for(Role.PROGRAMME_OFFICE))

        assert node.history.latest().history_user == user_for(Role.PROGRAMME_OFFICE)

    @pytest.mark.parametrize("role", [role for role in Role.values if role != Role.PROGRAMME_OFFICE])
    def test_nobody_else_adds_a_node_directly(self, user_for, role):
        count = SbiCode.objects.count()

        with pytest.raises(PermissionDenied, match="programmabureau"):
            sbi_resolve("10.71", actor=user_for(role))

        assert SbiCode.objects.count() == count

    def test_a_use_case_of_another_app_passes_its_permit(self, user_for):
        lead = user_for(Role.PROJECT_LEAD)
        permit = require(lead, "catalogue.view")  # stands in for e.g. portfolio.edit_project

        node = sbi_resolve("10.71", actor=lead, granted_by=permit)

        assert node.code == "1071"

    def test_a_permit_is_for_its_own_actor(self, user_for):
        permit = require(user_for(Role.PROJECT_LEAD), "catalogue.view")

        with pytest.raises(TypeError, match="permit"):
            sbi_resolve("10.71", actor=user_for(Role.READER), granted_by=permit)

    def test_there_is_no_resolving_without_an_actor(self):
        with pytest.raises(TypeError):
            sbi_resolve("10.71", actor=None)  # type: ignore[arg-type]
