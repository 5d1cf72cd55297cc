"""The impact sheet's actors linked to the stakeholder register (issue 5): the pure matching, the links a save
or an import stores, the links on the page, and the demo's Bijlage 8 text against the demo register."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import login_as
from portfolio import actors, services
from stakeholders.models import Organisation

# Bijlage 8, impactsheet 'Project Batterijen', Actoren / Stakeholders, as the source writes it.
BIJLAGE_8 = (
    "Stibat, Fietsfabrikanten, Recyclers, Inzamelbedrijven, Wetenschap, Batterij reparatie bedrijven. ARN, "
    "Metalor, Brainport Development, TU-Delft, TNO, Van Peperzeel,initiatief Battery Competence Center (O.a. "
    "Brainport Development / DAF / VDL / Damen)"
)


# --- pure ---


def test_items_are_separated_by_comma_semicolon_and_period():
    assert actors.actor_items("Stibat, ARN; TNO. Metalor ,, ") == ["Stibat", "ARN", "TNO", "Metalor"]
    assert actors.actor_items("") == []


def test_a_name_matches_ignoring_case_and_spacing_and_nothing_else():
    index = actors.name_index([(1, "TNO"), (2, "Brainport Development"), (3, "Umicore")])
    # 'tno' matches TNO; 'Brainport  development' matches despite case and the double space; Metalor is not in
    # the register; 'Umicore Belgium' is not the name 'Umicore' (no partial matches).
    texts = ["Metalor, tno", "Brainport  development; Umicore Belgium"]
    assert actors.matched_organisations(texts, index) == [1, 2]


def test_two_organisations_with_one_name_are_both_linked():
    index = actors.name_index([(7, "TNO"), (9, "tno")])
    assert actors.matched_organisations(["TNO"], index) == [7, 9]


def test_segments_give_the_text_back_and_mark_the_names():
    index = actors.name_index([(1, "TNO"), (2, "Brainport Development")])
    pieces = actors.segments(BIJLAGE_8, index)
    assert "".join(text for text, _pks in pieces) == BIJLAGE_8
    assert [(text, pks) for text, pks in pieces if pks] == [
        ("Brainport Development", [2]),
        ("TNO", [1]),
    ]  # inside '(O.a. Brainport Development / DAF ...)' it is not an item of its own


# --- service and page ---


@pytest.fixture
def register(db):
    return {name: Organisation.objects.create(name=name) for name in ("TNO", "Brainport Development", "RVO")}


def _save(user_for, project, **values):
    return services.impact_sheet_save(
        actor=user_for(Role.PROJECT_LEAD), project=project, status_date=date(2020, 10, 15), **values
    )


def test_saving_a_sheet_links_the_named_organisations(user_for, project, register):
    sheet = _save(user_for, project, stakeholders=BIJLAGE_8, change_agents="Fietsbranche, rvo")
    assert set(sheet.actor_organisations.all()) == set(register.values())
    assert sheet.stakeholders == BIJLAGE_8  # the free text is kept as written


def test_a_new_version_recomputes_its_links_and_the_old_one_keeps_its_own(user_for, project, register):
    first = _save(user_for, project, stakeholders="TNO, Metalor")
    metalor = Organisation.objects.create(name="Metalor")
    second = _save(user_for, project, stakeholders="TNO, Metalor")
    third = _save(user_for, project, stakeholders="Metalor")
    assert list(first.actor_organisations.all()) == [register["TNO"]]
    assert set(second.actor_organisations.all()) == {register["TNO"], metalor}
    assert list(third.actor_organisations.all()) == [metalor]


def test_relinking_follows_the_register_for_current_sheets_only(user_for, project, register):
    old = _save(user_for, project, stakeholders="Metalor")
    current = _save(user_for, project, stakeholders="Metalor, ARN")
    assert services.impact_sheets_link_actors(actor=system_actor()) == 0
    arn = Organisation.objects.create(name="ARN")
    assert services.impact_sheets_link_actors(actor=system_actor()) == 1
    assert list(current.actor_organisations.all()) == [arn]
    assert not old.actor_organisations.exists()
    # the change of links is in the audit trail
    assert current.history.latest("history_date").actor_organisations.get().organisation_id == arn.pk


def test_a_register_change_relinks_the_current_sheets(
    user_for, project, register, django_capture_on_commit_callbacks
):
    """The register grows or renames through the stakeholders services; the sheets follow once it commits."""
    from stakeholders import services as register_services

    register_services.sources_ensure()  # a browser test's flush may have removed the migration's rows
    sheet = _save(user_for, project, stakeholders="Metalor, ARN")
    office = user_for(Role.PROGRAMME_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        metalor = register_services.organisation_create(name="Metalor", actor=office)
    assert list(sheet.actor_organisations.all()) == [metalor]
    with django_capture_on_commit_callbacks(execute=True):
        register_services.organisation_update(
            organisation=register["RVO"], expected_version=register["RVO"].version, actor=office, name="ARN"
        )
    assert set(sheet.actor_organisations.all()) == {metalor, register["RVO"]}  # RVO is now called ARN
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register_services.organisation_create(name="Stibat", actor=office)
    assert len(callbacks) == 1  # nothing relinks before the register's transaction has committed


def test_a_register_change_relinks_only_the_sheets_that_name_it(
    user_for, project, register, team, django_capture_on_commit_callbacks, monkeypatch
):
    """Creating an organisation re-links the sheets whose actor text names it (or that link it today), not
    every current sheet; several organisations created in one transaction make one signal."""
    from portfolio.tests import factories
    from stakeholders import services as register_services
    from stakeholders.signals import register_changed

    register_services.sources_ensure()
    naming = _save(user_for, project, stakeholders="Metalor, ARN")
    other = factories.project(user_for, team_obj=team, title="Herwinning zink")
    _save(user_for, other, stakeholders="Stibat")
    from portfolio.services import impact

    relinked = []
    original = impact._link_actors
    monkeypatch.setattr(impact, "_link_actors", lambda sheet: relinked.append(sheet.pk) or original(sheet))
    heard = []
    register_changed.connect(
        lambda sender, **kwargs: heard.append(kwargs), dispatch_uid="test-heard", weak=False
    )
    try:
        office = user_for(Role.PROGRAMME_OFFICE)
        with django_capture_on_commit_callbacks(execute=True):
            register_services.organisation_create(name="Metalor", actor=office)
            register_services.organisation_create(name="ARN", actor=office)
            register_services.organisation_create(name="Umicore", actor=office)
    finally:
        register_changed.disconnect(dispatch_uid="test-heard")
    assert len(heard) == 1 and heard[0]["names"] == {"Metalor", "ARN", "Umicore"}
    assert relinked == [naming.pk]  # the zinc project's sheet names none of them and is not touched
    assert {o.name for o in naming.actor_organisations.all()} == {"Metalor", "ARN"}


def test_an_imported_sheet_is_linked(user_for, project, register, catalogue):
    from portfolio import impact_xlsx

    data = {"status_date": date(2020, 10, 15), "stakeholders": "Stibat, TNO"}
    content = impact_xlsx.export(project_number=project.number, data=data, based_on_version=0)
    sheet = services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=content)
    assert list(sheet.actor_organisations.all()) == [register["TNO"]]


def test_the_page_links_the_register_names_and_leaves_the_rest_as_text(client, user_for, project, register):
    _save(user_for, project, stakeholders=BIJLAGE_8)
    login_as(client, user_for, Role.READER)
    page = client.get(reverse("portfolio:impact-sheet", args=[project.number])).content.decode()
    tno = reverse("stakeholders:organisation-detail", args=[register["TNO"].pk])
    assert f'<a class="nl-link" href="{tno}">TNO</a>' in page
    assert "Metalor, " in page and ">Metalor<" not in page


@pytest.mark.django_db
def test_demo_links_bijlage_8_to_the_demo_register():
    """`regiekamer demo` loads the portfolio before the register; its link step then links 20-004's sheet to
    the register organisations its actors name: of Stibat, ARN, Metalor, Brainport Development, TU-Delft, TNO,
    Van Peperzeel ... the demo register (stakeholders/data/demo_register.csv) holds TNO and Brainport
    Development."""
    import io

    from django.core.management import call_command

    from portfolio.models import ImpactSheet

    call_command("demo", stdout=io.StringIO())
    sheet = ImpactSheet.objects.get(project__number="20-004")
    linked = sorted(sheet.actor_organisations.values_list("name", flat=True))
    assert linked == ["Brainport Development", "TNO"]


def test_the_organisation_page_names_the_projects_whose_current_sheet_names_it(
    client, user_for, project, register
):
    from portfolio.selectors import projects_naming

    _save(user_for, project, stakeholders="TNO, RVO")
    assert list(projects_naming(register["TNO"])) == [project]
    login_as(client, user_for, Role.READER)
    page = client.get(register["TNO"].get_absolute_url()).content.decode()
    assert f'href="{reverse("portfolio:impact-sheet", args=[project.number])}"' in page
    _save(user_for, project, stakeholders="RVO")  # the new version no longer names TNO
    assert not projects_naming(register["TNO"]).exists()
    assert list(projects_naming(register["RVO"])) == [project]  # one project, though two versions name it
