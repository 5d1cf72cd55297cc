"""Browser journey over the bounded pages (issue 17): the portfolio list is paged on the server with the
filters and sort kept in the pager's links, the collaboration network shows a page of links and a filtered
neighbourhood, and the coverage report drills down from a source's count to its misses."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from e2e.steps import log_in_as
from portfolio.tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_portfolio_network_and_coverage_are_paged(page, live_server, user_for):
    from stakeholders import services as stakeholders
    from stakeholders.services import sources_ensure
    from stakeholders.tests.factories import OrganisationFactory, link_source

    team = factories.team(user_for)
    for index in range(53):
        factories.project(user_for, team_obj=team, title=f"Project {index:02d}")
    office = user_for(Role.PROGRAMME_OFFICE)
    log_in_as(page, live_server, office)

    # The portfolio: 50 rows a page; the phase count counts all 53; "Volgende" keeps the sort.
    page.goto("/portfolio/?sort=-number")
    assert page.locator("#portfolio-table tbody tr").count() == 50
    assert page.inner_text("[data-testid=portfolio-count]") == "53 projecten"
    assert page.inner_text(".portfolio-phase-counts__count[data-phase=initiation]") == "53"
    assert "Pagina 1 van 2" in page.inner_text("[data-testid=pager]")
    first_title = page.locator("#portfolio-table tbody tr a").first.inner_text()
    assert first_title == "Project 52"  # newest first
    page.click("[data-testid=pager] a[rel=next]")
    # The address changes when the new page is committed, before its rows are read: wait for the load.
    page.wait_for_url(re.compile(r"/portfolio/\?(?=.*sort=-number)(?=.*page=2)"))
    expect(page.locator("#portfolio-table tbody tr")).to_have_count(3)
    assert page.locator("#portfolio-table tbody tr a", has_text="Project 00").count() == 1
    assert page.input_value("#id_sort") == "-number"

    # The network: a page of links, the most shared first, and the neighbourhood of one organisation.
    sources_ensure()  # migration data is gone once another browser test has flushed the database
    hub = OrganisationFactory(name="Coolrec")
    for index in range(3):
        partner = OrganisationFactory(name=f"Partner {index}")
        for organisation in (hub, partner):
            stakeholders.collaboration_join(organisation=organisation, name=f"Keten {index}", actor=office)
    for organisation in (OrganisationFactory(name="Alleen A"), OrganisationFactory(name="Alleen B")):
        stakeholders.collaboration_join(organisation=organisation, name="Apart", actor=office)
    page.goto("/stakeholders/network/")
    assert page.locator("[data-testid=network-links] tbody tr").count() == 4
    page.fill("#id_q", "Alleen A")
    page.click("[data-testid=network-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"/stakeholders/network/\?.*q=Alleen"))
    rows = page.locator("[data-testid=network-links] tbody tr")
    expect(rows).to_have_count(1)
    assert "Alleen B" in rows.first.inner_text()
    assert "1 verbinding in deze omgeving" in page.inner_text("[data-testid=network-count]")

    # Coverage: a source's count of misses opens its misses.
    for index in range(2):
        missed = OrganisationFactory(
            name=f"Gemist {index}", sector="in_manufacturing", frontrunner_class="frontrunner"
        )
        link_source(missed, "media-analyse")
    found = OrganisationFactory(name="Gevonden", sector="in_manufacturing", frontrunner_class="frontrunner")
    link_source(found, "media-analyse")
    link_source(found, "slimme-tool")
    page.goto("/stakeholders/coverage/")
    page.click("[data-testid=coverage-media-analyse] a")
    page.wait_for_url(re.compile(r"source=media-analyse"))
    misses = page.locator("[data-testid=misses] tbody tr")
    expect(misses).to_have_count(2)
    assert "Gemist 0" in misses.first.inner_text()
