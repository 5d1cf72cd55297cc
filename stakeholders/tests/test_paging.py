"""The network and coverage pages are bounded (issue 17): the database aggregates, the pages show one page of
links or misses, filters and the drill-down are kept in the links, and the counts agree with the rules in
`classify` computed in Python."""

import itertools

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from programme.models import Team
from regiekamer import pagination
from stakeholders import classify, selectors, services, views
from stakeholders.models import (
    CoverageCount,
    CoverageMark,
    Organisation,
    OrganisationSource,
    Source,
    TeamRelevance,
)

from .factories import InnovationFactory, OrganisationFactory, link_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr(pagination, "HTML_PAGE_SIZE", 3)


def test_coverage_counts_agree_with_the_rule_in_python():
    """Every combination of sector, class, innovation and sources: the SQL counts equal
    classify.coverage_compute over `selectors.qualifies`, organisation by organisation."""
    sectors = ["in_manufacturing", "innovation_only", "neither"]
    classes = ["frontrunner", "follower", "other"]
    innovations = [None, (True, True, True), (True, True, False), (False, True, True)]
    source_sets = [("slimme-tool",), ("media-analyse",), ("slimme-tool", "rvo"), ("rvo", "media-analyse")]
    for index, (sector, klass, innovation, codes) in enumerate(
        itertools.product(sectors, classes, innovations, source_sets)
    ):
        organisation = OrganisationFactory(name=f"O{index:03d}", sector=sector, frontrunner_class=klass)
        if innovation is not None:
            circular, practice, duty = innovation
            InnovationFactory(
                organisation=organisation,
                circular_aims=["material_efficiency"] if circular else [],
                beyond_common_practice=practice,
                beyond_legal_duty=duty,
            )
        for code in codes:
            link_source(organisation, code)

    expected = _assert_kept_counts_follow_the_rule()
    assert expected.total.missed  # the grid has misses to compare
    assert sorted(o.pk for o in selectors.coverage_misses()) == sorted(expected.total.missed)
    media = next(item for item in expected.per_source if item.source == "media-analyse")
    assert sorted(o.pk for o in selectors.coverage_misses("media-analyse")) == sorted(media.missed)


def _assert_kept_counts_follow_the_rule() -> classify.CoverageReport:
    """The kept counts equal classify.coverage_compute over `selectors.qualifies`, organisation by
    organisation, and what a rebuild from the register gives."""
    records = [
        classify.CoverageRecord(
            organisation.pk,
            frozenset(link.source.code for link in organisation.source_links.all()),
            selectors.qualifies(organisation),
        )
        for organisation in Organisation.objects.prefetch_related("innovations", "source_links__source")
    ]
    expected = classify.coverage_compute(
        records, reference=Source.SLIMME_TOOL, sources=list(Source.objects.values_list("code", flat=True))
    )
    rows, total = selectors.coverage_summary()
    assert {row.code: (row.found, row.qualifying, row.covered, row.missed) for row in rows} == {
        item.source: (item.found, item.qualifying, item.covered, len(item.missed))
        for item in expected.per_source
    }
    assert (total.found, total.qualifying, total.covered, total.missed) == (
        expected.total.found,
        expected.total.qualifying,
        expected.total.covered,
        len(expected.total.missed),
    )
    kept = sorted(CoverageCount.objects.values_list("key", "found", "qualifying", "covered"))
    services.coverage_rebuild()
    rebuilt = sorted(CoverageCount.objects.values_list("key", "found", "qualifying", "covered"))
    assert [row for row in kept if any(row[1:])] == [row for row in rebuilt if any(row[1:])]
    return expected


def test_the_kept_coverage_counts_follow_every_kind_of_change(office):
    """Saves, deletes and a bulk import, as services, forms and the admin make them: the counts move in the
    same transaction and always equal the rule computed afresh."""
    orgs = [
        OrganisationFactory(name=f"K{i}", sector="in_manufacturing", frontrunner_class="other")
        for i in range(6)
    ]
    for organisation, codes in zip(
        orgs, [("rvo",), ("rvo", "slimme-tool"), ("media-analyse",), (), ("rvo",), ("tno",)], strict=True
    ):
        for code in codes:
            link_source(organisation, code)
    _assert_kept_counts_follow_the_rule()
    orgs[0].frontrunner_class = "frontrunner"  # qualifies now
    orgs[0].save()
    innovation = InnovationFactory(
        organisation=orgs[2],
        circular_aims=["material_efficiency"],
        beyond_common_practice=True,
        beyond_legal_duty=True,
    )
    _assert_kept_counts_follow_the_rule()
    link_source(orgs[0], "slimme-tool")  # covered now
    link_source(orgs[3], "media-analyse")  # found by a source for the first time
    OrganisationSource.objects.filter(organisation=orgs[4]).delete()  # found by no source any more
    _assert_kept_counts_follow_the_rule()
    innovation.delete()
    orgs[5].delete()
    orgs[1].delete()
    _assert_kept_counts_follow_the_rule()
    assert CoverageMark.objects.filter(organisation_id__in=[orgs[5].pk, orgs[1].pk]).count() == 0
    # A bulk import (no signals): an organisation found by one more source, and a new one.
    text = f"KvK-nummer;Naam\n{orgs[2].kvk_number};{orgs[2].name}\n87654321;Bulk BV\n"
    batch = services.import_batch_start(
        file_name="bulk.csv", data=text.encode(), source=Source.objects.get(code="rvo"), actor=office
    )
    services.import_batch_run(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    assert Organisation.objects.filter(name="Bulk BV").exists()
    _assert_kept_counts_follow_the_rule()


def _qualifying(name: str, *codes: str) -> Organisation:
    organisation = OrganisationFactory(name=name, sector="in_manufacturing", frontrunner_class="frontrunner")
    for code in codes:
        link_source(organisation, code)
    return organisation


def test_coverage_page_drills_down_a_page_at_a_time(client, user_for, three_a_page):
    for index in range(4):
        _qualifying(f"Media {index}", "media-analyse")
    _qualifying("RVO 0", "rvo")
    _qualifying("Gedekt", "rvo", "slimme-tool")
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    url = reverse("stakeholders:coverage")

    everything = client.get(url)
    assert [m["organisation"].name for m in everything.context["misses"]] == ["Media 0", "Media 1", "Media 2"]
    assert everything.context["page"].paginator.count == 5
    assert everything.context["total"].missed == 5
    content = everything.content.decode()
    assert 'href="?source=media-analyse#misses">4</a>' in content

    media = client.get(url, {"source": "media-analyse", "page": 2})
    assert [m["organisation"].name for m in media.context["misses"]] == ["Media 3"]
    assert "source=media-analyse&amp;page=1" in media.content.decode()
    rvo = client.get(url, {"source": "rvo"})
    assert [m["organisation"].name for m in rvo.context["misses"]] == ["RVO 0"]
    assert rvo.context["source"].code == "rvo"


def test_coverage_api_counts_and_its_drill_down(client, user_for):
    for index in range(2):
        _qualifying(f"Media {index}", "media-analyse")
    _qualifying("Gedekt", "media-analyse", "slimme-tool")
    login_as(client, user_for, Role.READER)

    report = client.get(reverse("stakeholders-api:coverage")).json()
    media = next(row for row in report["per_source"] if row["source"] == "media-analyse")
    assert (media["found"], media["qualifying"], media["covered"], media["missed"]) == (3, 3, 1, 2)
    misses = client.get(media["missed_url"]).json()
    assert misses["count"] == 2
    assert [o["name"] for o in misses["results"]] == ["Media 0", "Media 1"]
    assert report["total"]["missed"] == 2


def test_network_page_shows_a_bounded_neighbourhood(client, user_for, three_a_page):
    office = user_for(Role.PROGRAMME_OFFICE)
    hub = OrganisationFactory(name="Coolrec")
    others = [OrganisationFactory(name=f"Partner {index}") for index in range(5)]
    for index, other in enumerate(others):
        for organisation in (hub, other):
            services.collaboration_join(organisation=organisation, name=f"Keten {index}", actor=office)
    services.collaboration_join(organisation=others[0], name="Keten 1", actor=office)
    loner_a, loner_b = OrganisationFactory(name="Alleen A"), OrganisationFactory(name="Alleen B")
    for organisation in (loner_a, loner_b):
        services.collaboration_join(organisation=organisation, name="Apart", actor=office)
    login_as(client, user_for, Role.READER)
    url = reverse("stakeholders:network")

    whole = client.get(url)
    # 5 hub links, Partner 0 - Partner 1, the loners: 7 links, 3 a page, the most shared first.
    assert whole.context["page"].paginator.count == 7
    first = list(whole.context["page"])
    assert (first[0]["a_name"], first[0]["b_name"], first[0]["shared"]) == ("Coolrec", "Partner 0", 2)
    assert len(whole.context["network"]["links"]) == 3
    assert len(whole.context["network"]["nodes"]) <= 6

    around_loner = client.get(url, {"q": "Alleen A"})
    assert [(link["a_name"], link["b_name"]) for link in around_loner.context["page"]] == [
        ("Alleen A", "Alleen B")
    ]
    team = Team.objects.create(code="realisatie", name="Team Realisatie", level="operational")
    TeamRelevance.objects.create(organisation=others[4], team=team)
    by_team = client.get(url, {"team": team.code})
    assert [(link["a_name"], link["b_name"]) for link in by_team.context["page"]] == [
        ("Coolrec", "Partner 4")
    ]
    page_two = client.get(url, {"page": 2}).content.decode()
    assert 'data-testid="pager"' in page_two and 'rel="prev"' in page_two


def test_a_filtered_network_counts_up_to_a_limit_and_says_when_there_are_more(
    client, user_for, three_a_page, monkeypatch
):
    office = user_for(Role.PROGRAMME_OFFICE)
    hub = OrganisationFactory(name="Coolrec")
    for index in range(5):
        partner = OrganisationFactory(name=f"Partner {index}")
        for organisation in (hub, partner):
            services.collaboration_join(organisation=organisation, name=f"Keten {index}", actor=office)
    login_as(client, user_for, Role.READER)
    url = reverse("stakeholders:network")

    # Given a limit of 4 links, when the neighbourhood has 5, then the page says "more than 4" and offers
    # the pages within the limit without a last page or a total.
    monkeypatch.setattr(views, "NETWORK_COUNT_LIMIT", 4)
    capped = client.get(url, {"q": "Coolrec"})
    content = capped.content.decode()
    assert capped.context["page"].paginator.capped
    assert "Meer dan 4 verbindingen in deze omgeving" in content
    assert "Pagina 1</span>" in content and "Pagina 1 van" not in content
    assert 'rel="next"' in content and 'rel="last"' not in content
    second = client.get(url, {"q": "Coolrec", "page": 2})
    assert len(second.context["page"].object_list) == 1
    assert 'rel="next"' not in second.content.decode()

    # With a limit the neighbourhood fits in, the exact count and the last page.
    monkeypatch.setattr(views, "NETWORK_COUNT_LIMIT", 5)
    exact = client.get(url, {"q": "Coolrec"})
    content = exact.content.decode()
    assert not exact.context["page"].paginator.capped
    assert "5 verbindingen in deze omgeving" in content and "Meer dan" not in content
    assert "Pagina 1 van 2" in content and 'rel="last"' in content
