"""Categorisation 7, the verification step recorded: a person gives a verdict on each organisation another
source found and the slimme tool missed, with who decided and why."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from stakeholders import selectors, services
from stakeholders.models import CategorisationDecision

from .factories import InnovationFactory, OrganisationFactory, link_source

pytestmark = pytest.mark.django_db

EDIT = {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}


def qualifying(name: str, *sources: str):
    """In manufacturing, with a circular innovation beyond common practice and legal duty."""
    organisation = OrganisationFactory(name=name, sector="in_manufacturing")
    InnovationFactory(
        organisation=organisation,
        circular_aims=["material_efficiency"],
        beyond_common_practice=True,
        beyond_legal_duty=True,
    )
    for code in sources:
        link_source(organisation, code)
    return organisation


def test_verdict_is_recorded_in_the_trail_with_who_and_why(office):
    missed = qualifying("Gemist", "media-analyse")
    services.coverage_check_record(
        organisation=missed, outcome="real_miss", reason="Staat in het RVO-overzicht van 2019", actor=office
    )
    decision = CategorisationDecision.objects.get(organisation=missed)
    assert (decision.step, decision.decided_by, decision.reason) == (
        7,
        office,
        "Staat in het RVO-overzicht van 2019",
    )
    assert decision.outcome == "Real miss: the slimme tool should have found it"
    services.coverage_check_record(
        organisation=missed, outcome="not_relevant", reason="Toch geen maakbedrijf", actor=office
    )
    latest = selectors.coverage_checks(organisation_ids=[missed.pk])[missed.pk]
    assert latest.reason == "Toch geen maakbedrijf"  # the newest verdict counts; the older stays in the trail
    assert CategorisationDecision.objects.filter(organisation=missed, step=7).count() == 2


def test_verdict_needs_a_reason_an_editor_and_a_miss(office, user_for):
    missed = qualifying("Gemist", "media-analyse")
    found = qualifying("Gevonden", "slimme-tool", "media-analyse")
    with pytest.raises(ValidationError) as info:
        services.coverage_check_record(organisation=missed, outcome="real_miss", reason=" ", actor=office)
    assert "reason" in info.value.message_dict
    with pytest.raises(ValidationError, match="not a miss"):
        services.coverage_check_record(organisation=found, outcome="real_miss", reason="x", actor=office)
    with pytest.raises(PermissionDenied):
        services.coverage_check_record(
            organisation=missed, outcome="real_miss", reason="x", actor=user_for(Role.READER)
        )
    with pytest.raises(ValueError, match="unknown"):
        services.coverage_check_record(organisation=missed, outcome="unknown", reason="x", actor=office)
    assert not CategorisationDecision.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EDIT))
def test_record_a_verdict_per_role(client, user_for, role, allowed):
    missed = qualifying("Gemist", "media-analyse")
    login_as(client, user_for, role)
    response = client.post(
        reverse("stakeholders:coverage-check", args=[missed.pk]),
        {"outcome": "not_relevant", "reason": "Valt onder de transitieagenda Bouw"},
    )
    assert_access(response, allowed=allowed)
    assert CategorisationDecision.objects.filter(organisation=missed, step=7).exists() == allowed
    if allowed:
        assert response["Location"] == reverse("stakeholders:coverage")


def test_coverage_page_lists_the_misses_with_their_verdict(client, office, django_assert_max_num_queries):
    first = qualifying("Gemist een", "media-analyse")
    qualifying("Gedekt", "slimme-tool", "media-analyse")
    services.coverage_check_record(organisation=first, outcome="real_miss", reason="Bekend", actor=office)
    client.force_login(office)
    with django_assert_max_num_queries(25) as one_miss:
        page = client.get(reverse("stakeholders:coverage"))
    assert [m["organisation"].name for m in page.context["misses"]] == ["Gemist een"]
    assert page.context["checked"] == 1 and page.context["misses"][0]["check"].reason == "Bekend"
    assert f'data-testid="miss-{first.pk}"' in page.content.decode()
    for i in range(3):
        qualifying(f"Gemist {i}", "tno", "rvo")
    with django_assert_max_num_queries(len(one_miss.captured_queries)):
        page = client.get(reverse("stakeholders:coverage"))
    assert len(page.context["misses"]) == 4 and page.context["checked"] == 1


def test_a_source_s_misses_count_its_own_verdicts_and_the_pager_takes_the_summary_s_count(client, office):
    first = qualifying("Gemist media", "media-analyse")
    qualifying("Gemist rvo", "rvo")
    qualifying("Gemist beide", "rvo", "media-analyse")
    qualifying("Gedekt", "slimme-tool", "rvo")
    services.coverage_check_record(organisation=first, outcome="real_miss", reason="Bekend", actor=office)
    client.force_login(office)
    for source, misses, checked in (("", 3, 1), ("media-analyse", 2, 1), ("rvo", 2, 0)):
        page = client.get(reverse("stakeholders:coverage"), {"source": source})
        assert page.context["page"].paginator.count == misses == selectors.coverage_misses(source).count()
        assert page.context["checked"] == checked, source
