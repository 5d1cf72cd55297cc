"""Browser journey (issue 18 items 1 and 2): the programme office sets the raw-data availability of an effect
goal (refused without a source, then saved) and sees it on the dashboard; it runs a round of the stakeholder
analysis through its five phases, completes it, starts the next and sees who entered since."""

import pytest


def log_in(page, username: str, password: str = "pw") -> None:  # noqa: S107 - test users
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_availability_and_a_second_analysis_round(page, user_for):
    from accounts.roles import Role
    from programme.reference import ensure_dimensions, ensure_horizons
    from roadmap.models import EffectGoal, RoadmapRow
    from stakeholders.services import sources_ensure
    from stakeholders.tests.factories import OrganisationFactory

    sources_ensure()
    row = RoadmapRow.objects.create(
        horizon=ensure_horizons()["0-5y"], activities="A", performance_goals="P", source_section="§4.4"
    )
    goal = EffectGoal.objects.create(
        row=row, dimension=ensure_dimensions()["M"], text="Grondstoffenproductiviteit", source_section="§4.4"
    )
    OrganisationFactory(name="Eerste B.V.")
    log_in(page, user_for(Role.PROGRAMME_OFFICE).username)

    # Raw-data availability: refused without a source, then saved with one.
    page.goto("/roadmap/data-availability/")
    form = page.locator(f"#goal-{goal.pk} form")
    form.locator("select").select_option("partial")
    form.locator('input[type="date"]').fill("2020-10-15")
    form.get_by_role("button").click()
    page.wait_for_selector(".rk-errorlist")
    assert "bron" in page.locator(f"#goal-{goal.pk} .rk-errorlist").inner_text()
    form = page.locator(f"#goal-{goal.pk} form")
    form.locator(f"#id_g{goal.pk}-availability_source").fill("CBS Materiaalmonitor")
    form.get_by_role("button").click()
    page.wait_for_url("**/roadmap/data-availability/#goal-*")
    page.goto("/dashboard/")
    cell = page.locator(f'[data-testid="availability-matrix"] [data-testid="availability-{goal.pk}"]')
    assert "deels beschikbaar" in cell.inner_text() and "CBS Materiaalmonitor" in cell.inner_text()

    # A round of the stakeholder analysis: five phases in order, completed, then the next round.
    page.goto("/stakeholders/cycle/")
    page.fill("#id_title", "Ronde 1")
    page.get_by_role("button", name="Ronde starten").click()
    page.wait_for_url("**/stakeholders/cycle/1/")
    for phase in range(5):
        section = page.locator(f"#phase-{phase}")
        section.locator("select").select_option("done")
        section.get_by_role("button", name="Opslaan").click()
        page.wait_for_selector(f'[data-testid="phase-status-{phase}"]:has-text("gedaan")')
    page.get_by_test_id("complete-round").click()
    page.wait_for_selector('[data-testid="round-status"]:has-text("afgerond")')

    OrganisationFactory(name="Nieuwkomer B.V.")
    page.goto("/stakeholders/cycle/")
    page.fill("#id_title", "Ronde 2")
    page.get_by_role("button", name="Ronde starten").click()
    page.wait_for_url("**/stakeholders/cycle/2/")
    assert page.get_by_test_id("entered").inner_text().strip() == "Nieuwkomer B.V."
    assert page.get_by_test_id("left").inner_text().strip() == "—"
