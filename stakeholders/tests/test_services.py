"""Categorisation services: each step recorded with who and why; categorisation 6 computed and overridable."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from regiekamer.concurrency import EditConflict
from stakeholders import selectors, services
from stakeholders.models import CategorisationDecision, Organisation

from .factories import InnovationFactory, OrganisationFactory, lansink_steps, link_source, sbi

pytestmark = pytest.mark.django_db


def make_koploper_innovation(organisation, office, **values):
    innovation = InnovationFactory(organisation=organisation)
    base = {
        "circular_aims": ["material_efficiency"],
        "beyond_common_practice": True,
        "beyond_legal_duty": True,
        "other_dutch_adopters": 1,
    }
    base.update(values)
    return services.innovation_categorise(
        innovation=innovation,
        expected_version=1,
        actor=office,
        reason="Beoordeeld in validatiemeeting",
        values=base,
    )


def test_sector_proposal_from_sbi_codes_and_confirmation_recorded(office):
    org = OrganisationFactory()
    org.sbi_codes.set([sbi("29", in_scope=True), sbi("46", in_scope=False, cluster_code=None)])
    assert services.sector_propose(organisation=org) == "in_manufacturing"
    services.sector_confirm(
        organisation=org, sector="in_manufacturing", reason="", actor=office, expected_version=1
    )
    org.refresh_from_db()
    assert (org.sector, org.sector_confirmed) == ("in_manufacturing", True)
    decision = org.decisions.get(step=1)
    assert decision.decided_by == office
    assert decision.reason == "Proposal from the SBI codes confirmed." or decision.reason.startswith(
        "Voorstel"
    )


def test_sector_differing_from_proposal_needs_a_reason(office):
    org = OrganisationFactory()
    org.sbi_codes.set([sbi("29", in_scope=True)])
    with pytest.raises(ValidationError):
        services.sector_confirm(
            organisation=org, sector="neither", reason=" ", actor=office, expected_version=1
        )
    services.sector_confirm(
        organisation=org,
        sector="neither",
        reason="Valt onder consumptiegoederen",
        actor=office,
        expected_version=1,
    )
    assert Organisation.objects.get(pk=org.pk).sector == "neither"


def test_frontrunner_computed_from_innovations_with_reason(office):
    org = OrganisationFactory()
    services.sector_confirm(
        organisation=org, sector="in_manufacturing", reason="x", actor=office, expected_version=1
    )
    make_koploper_innovation(org, office, other_dutch_adopters=2)
    org.refresh_from_db()
    assert org.frontrunner_class == "frontrunner"
    assert "2" in org.frontrunner_reason
    steps = sorted(org.decisions.values_list("step", flat=True))
    assert steps == [1, 2, 3, 6, 6]  # sector; circularity; innovation; 6 "sector" then 6 recomputed


def test_follower_and_best_innovation_wins(office):
    org = OrganisationFactory()
    services.sector_confirm(
        organisation=org, sector="in_manufacturing", reason="x", actor=office, expected_version=1
    )
    make_koploper_innovation(org, office, other_dutch_adopters=3)
    org.refresh_from_db()
    assert org.frontrunner_class == "follower"
    make_koploper_innovation(org, office, other_dutch_adopters=None, innovation_subsidy="DEI+")
    org.refresh_from_db()
    assert org.frontrunner_class == "frontrunner"
    assert "DEI+" in org.frontrunner_reason


def test_waste_as_fuel_is_rest_category(office):
    steps = lansink_steps()
    org = OrganisationFactory()
    services.sector_confirm(
        organisation=org, sector="in_manufacturing", reason="x", actor=office, expected_version=1
    )
    make_koploper_innovation(org, office, is_waste_processing=True, lansink_step=steps[2])  # recycling
    org.refresh_from_db()
    assert org.frontrunner_class == "frontrunner"
    innovation = org.innovations.get()
    services.innovation_categorise(
        innovation=innovation,
        expected_version=innovation.version,
        actor=office,
        reason="",
        values={"lansink_step": steps[3]},
    )  # as fuel
    org.refresh_from_db()
    assert org.frontrunner_class == "other"
    services.innovation_categorise(
        innovation=innovation,
        expected_version=innovation.version,
        actor=office,
        reason="",
        values={"lansink_step": steps[0], "energy_investment_only": True},
    )
    org.refresh_from_db()
    assert org.frontrunner_class == "other"


def test_override_needs_reason_and_sticks(office):
    org = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.frontrunner_override(
            organisation=org, category="frontrunner", reason="", actor=office, expected_version=1
        )
    services.frontrunner_override(
        organisation=org, category="frontrunner", reason="Bekend uit KBO", actor=office, expected_version=1
    )
    org.refresh_from_db()
    assert (org.frontrunner_class, org.frontrunner_overridden) == ("frontrunner", True)
    services.sector_confirm(
        organisation=org, sector="neither", reason="x", actor=office, expected_version=org.version
    )
    org.refresh_from_db()
    assert org.frontrunner_class == "frontrunner"  # recompute leaves the manual class alone
    services.frontrunner_override(
        organisation=org, category="", reason="Terug naar regels", actor=office, expected_version=org.version
    )
    org.refresh_from_db()
    assert (org.frontrunner_class, org.frontrunner_overridden) == ("other", False)


def test_stale_version_is_refused(office):
    org = OrganisationFactory()
    services.relevance_set(organisation=org, role="users", reason="", actor=office, expected_version=1)
    with pytest.raises(EditConflict):
        services.relevance_set(organisation=org, role="deciders", reason="", actor=office, expected_version=1)


def test_reader_cannot_categorise(user_for):
    org = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.relevance_set(
            organisation=org, role="users", reason="", actor=user_for(Role.READER), expected_version=1
        )
    assert not CategorisationDecision.objects.exists()


def test_no_actor_is_no_bypass(office):
    """actor=None skipped the check before; now every service needs a typed actor (TypeError without)."""
    org = OrganisationFactory()
    with pytest.raises(TypeError):
        services.frontrunner_recompute(organisation=org, actor=None)
    with pytest.raises(TypeError):
        services.organisation_create(name="Zonder actor", actor=None)
    assert not CategorisationDecision.objects.exists()


def test_background_work_acts_as_the_system_actor():
    from accounts.authorization import system_actor

    org = OrganisationFactory()
    services.frontrunner_recompute(organisation=org, actor=system_actor())
    assert org.decisions.get(step=6).decided_by == system_actor()


def test_a_permit_of_another_use_case_lets_its_actor_add_to_the_register(user_for):
    """The use case that owns a cross-app write (the intake hand-over, a portfolio project's collaboration)
    states its rule once and passes its permit: the register's own rule is then not applied."""
    from accounts.authorization import Permit

    lead = user_for(Role.PROJECT_LEAD)
    with pytest.raises(PermissionDenied):
        services.organisation_create(name="Nyrstar", actor=lead)
    permit = Permit(lead, "portfolio.join_collaboration")
    org = services.organisation_create(name="Nyrstar", actor=lead, granted_by=permit)
    member = services.collaboration_join(organisation=org, name="Zink", actor=lead, granted_by=permit)
    assert member.collaboration.name == "Zink"
    with pytest.raises(TypeError):  # a permit is valid for its own actor only
        services.organisation_create(name="Umicore", actor=user_for(Role.READER), granted_by=permit)


def test_collaboration_network(office):
    a, b, c = OrganisationFactory(name="Coolrec"), OrganisationFactory(name="TNO"), OrganisationFactory()
    for org in (a, b):
        services.collaboration_join(organisation=org, name="Indium en gallium uit zonnepanelen", actor=office)
    services.collaboration_join(organisation=c, name="Andere keten", kind="chain", actor=office)
    groups = selectors.collaboration_partners(organisation=a)
    assert [m.organisation.name for m in groups[0]["members"]] == ["Coolrec", "TNO"]
    links = list(selectors.network_links())
    assert links == [
        {
            "a": a.pk,
            "a_name": "Coolrec",
            "b": b.pk,
            "b_name": "TNO",
            "shared": 1,
            "label": "Indium en gallium uit zonnepanelen",
        }
    ]
    assert selectors.network_drawing(links) == {
        "nodes": [{"id": a.pk, "name": "Coolrec"}, {"id": b.pk, "name": "TNO"}],
        "links": [
            {"source": a.pk, "target": b.pk, "label": "Indium en gallium uit zonnepanelen", "shared": 1}
        ],
    }
    assert a.decisions.get(step=5).outcome == "Indium en gallium uit zonnepanelen"
    # A second shared chain counts on the same link; the neighbourhood of c holds no link of a and b.
    services.collaboration_join(organisation=a, name="Andere keten", kind="chain", actor=office)
    services.collaboration_join(organisation=b, name="Andere keten", kind="chain", actor=office)
    shared = {(link["a"], link["b"]): link["shared"] for link in selectors.network_links()}
    assert shared == {(a.pk, b.pk): 2, (a.pk, c.pk): 1, (b.pk, c.pk): 1}
    around_c = selectors.network_links(Organisation.objects.filter(pk=c.pk))
    assert {(link["a"], link["b"]) for link in around_c} == {(a.pk, c.pk), (b.pk, c.pk)}


def _kept_and_aggregated() -> tuple[list[dict], list[dict]]:
    """The whole network as kept (NetworkLink) and as the memberships aggregate it, in the page's order."""
    order = ("-shared", "a_name", "b_name", "a", "b")
    aggregated = list(selectors.network_pairs().order_by(*order))
    assert selectors.network_links().count() == len(aggregated)
    for organisation in Organisation.objects.all():  # each neighbourhood too
        around = Organisation.objects.filter(pk=organisation.pk)
        assert list(selectors.network_links(around)) == list(selectors.network_pairs(around).order_by(*order))
    return list(selectors.network_links()), aggregated


def test_the_kept_network_follows_memberships_renames_and_deletions(office):
    from stakeholders.models import Collaboration, CollaborationMember, NetworkLink
    from stakeholders.services.network import network_rebuild

    a, b, c, d = (OrganisationFactory(name=name) for name in ("Coolrec", "TNO", "Umicore", "Wavin"))
    for org in (a, b, c):
        services.collaboration_join(organisation=org, name="Zonnepanelen", actor=office)
    for org in (a, b, d):
        services.collaboration_join(organisation=org, name="Buizen", kind="chain", actor=office)
    kept, aggregated = _kept_and_aggregated()
    assert kept == aggregated
    assert [(link["a_name"], link["b_name"], link["shared"], link["label"]) for link in kept][:1] == [
        ("Coolrec", "TNO", 2, "Buizen")
    ]
    # A rename of the first collaboration by name moves the label; a membership left drops its pairs.
    chain = Collaboration.objects.get(name="Buizen")
    chain.name = "Zz buizen"
    chain.save()
    CollaborationMember.objects.get(collaboration__name="Zonnepanelen", organisation=c).delete()
    kept, aggregated = _kept_and_aggregated()
    assert kept == aggregated
    assert {link["label"] for link in kept if (link["a"], link["b"]) == (a.pk, b.pk)} == {"Zonnepanelen"}
    assert not [link for link in kept if c.pk in (link["a"], link["b"])]
    # An organisation deleted takes its links along; a rename of an organisation shows at once.
    d.delete()
    b.name = "Aaa TNO"
    b.save()
    kept, aggregated = _kept_and_aggregated()
    assert kept == aggregated
    assert [(link["a_name"], link["b_name"]) for link in kept] == [("Coolrec", "Aaa TNO")]
    # Rebuilt from the memberships, the network is the same.
    assert network_rebuild() == NetworkLink.objects.count() == 1
    assert list(selectors.network_links()) == kept


def test_coverage_report_over_the_register(office):
    def qualifying(name, *codes):
        org = OrganisationFactory(name=name)
        services.sector_confirm(
            organisation=org, sector="in_manufacturing", reason="x", actor=office, expected_version=1
        )
        make_koploper_innovation(org, office)
        for code in codes:
            link_source(org, code)
        return org

    covered = qualifying("Gedekt", "slimme-tool", "media-analyse")
    missed = qualifying("Gemist", "media-analyse")
    plain = OrganisationFactory(name="Niet circulair")
    link_source(plain, "media-analyse")
    rows, total = selectors.coverage_summary()
    media = next(row for row in rows if row.code == "media-analyse")
    assert (media.found, media.qualifying, media.covered, media.missed) == (3, 2, 1, 1)
    assert media.coverage == 0.5
    assert (total.found, total.qualifying, total.covered) == (3, 2, 1)
    assert list(selectors.coverage_misses("media-analyse")) == [missed]
    assert list(selectors.coverage_misses()) == [missed]
    assert covered.name == "Gedekt"


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567x"])
def test_kvk_number_must_have_8_digits(office, kvk):
    with pytest.raises(ValidationError) as info:
        services.organisation_create(name="Nyrstar Budel", kvk_number=kvk, actor=office)
    assert "kvk_number" in info.value.message_dict
    assert not Organisation.objects.exists()


def test_organisation_keeps_all_its_sources(office):
    org = services.organisation_create(name="Arrosso", kvk_number="12345678", actor=office)
    link_source(org, "slimme-tool")
    link_source(org, "rvo")
    assert sorted(org.sources.values_list("code", flat=True)) == ["handmatig", "rvo", "slimme-tool"]


def test_team_relevance_fills_in_the_pillar_and_filters_the_register(office):
    """The project link of a collaboration is the portfolio's (portfolio.services.project_collaboration_join):
    the register knows no projects."""
    from programme.tests.factories import TeamFactory

    team = TeamFactory(code="realisatie", name="Team Realisatie")
    org = OrganisationFactory(name="Arrosso")
    relevance = services.team_relevance_set(organisation=org, team=team, actor=office)
    assert (relevance.team, relevance.pillar) == (team, team.pillar)  # the team's pillar is filled in
    assert list(selectors.organisation_list(filters={"team": team.code})) == [org]
    assert list(selectors.organisation_list(filters={"pillar": team.pillar.code})) == [org]


def test_the_search_reads_eight_digits_as_a_kvk_number_and_other_text_anywhere_in_a_name():
    """Eight digits are a KvK number, looked up in its unique index (a name that holds them is not
    read); any other text is matched anywhere in the name, in any case."""
    maker = OrganisationFactory(name="Maker B.V.", kvk_number="12345678")
    OrganisationFactory(name="Bureau 12345678", kvk_number="87654321")
    also = OrganisationFactory(name="Tweede maker", kvk_number=None)

    def found(q: str) -> list[str]:
        return sorted(o.name for o in selectors.organisation_list(filters={"q": q}))

    assert found(" 12345678 ") == [maker.name]
    assert found("MAKER") == [maker.name, also.name]
    assert found("1234567") == ["Bureau 12345678"]  # seven digits: part of a name
