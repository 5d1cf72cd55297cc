"""KIA-CM topics and supra-regional themes on a project: who tags, where the tags show, their audit trail."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import ANONYMOUS, login_as, role_matrix
from catalogue.models import KiaTheme, SupraregionalTheme
from portfolio.models import Project

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(catalogue):
    return KiaTheme.objects.get(code="kem"), SupraregionalTheme.objects.get(code="cesi")


def _edit(client, project, **extra):
    data = {"version": project.version, "title": project.title, **extra}
    if project.lead_user_id:
        data["lead_user"] = project.lead_user_id
    return client.post(reverse("portfolio:project-edit", args=[project.number]), data)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD}))
def test_tagging_through_the_edit_form_is_for_whoever_edits_the_project(
    client, user_for, project, themes, role, allowed
):
    kem, cesi = themes
    if role != ANONYMOUS:
        login_as(client, user_for, role)
    _edit(client, project, kia_themes=[kem.pk], supraregional_themes=[cesi.pk])
    project.refresh_from_db()
    assert list(project.kia_themes.all()) == ([kem] if allowed else [])
    assert list(project.supraregional_themes.all()) == ([cesi] if allowed else [])


def test_the_form_offers_the_catalogue_lists_and_shows_the_tags_on_the_project_page(
    client, user_for, project, themes
):
    kem, cesi = themes
    login_as(client, user_for, Role.PROJECT_LEAD)
    form = client.get(reverse("portfolio:project-edit", args=[project.number])).content.decode()
    assert form.count('name="kia_themes"') == 8  # one checkbox per topic of Bijlage 11
    assert form.count('name="supraregional_themes"') == 3  # CESI, HCA, Marktvraag CE

    _edit(client, project, kia_themes=[kem.pk], supraregional_themes=[cesi.pk])
    page = client.get(project.get_absolute_url()).content.decode()
    assert "5) Key enabling methodologies" in page
    assert "Circulaire Economie en Smart Industry (CESI)" in page


def test_a_new_project_can_be_tagged_when_it_starts(client, user_for, team, themes):
    kem, cesi = themes
    login_as(client, user_for, Role.TEAM_LEAD)
    client.post(
        reverse("portfolio:create"),
        {
            "title": "Fieldlab CESI",
            "team": team.pk,
            "kia_themes": [kem.pk],
            "supraregional_themes": [cesi.pk],
        },
    )
    project = Project.objects.get(title="Fieldlab CESI")
    assert [t.code for t in project.kia_themes.all()] == ["kem"]
    assert [t.code for t in project.supraregional_themes.all()] == ["cesi"]


def test_an_unknown_theme_is_refused_and_nothing_is_saved(client, user_for, project, themes):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = _edit(client, project, title="Nieuwe titel", kia_themes=["999999"])
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Urban Mining Electronica"
    assert not project.kia_themes.exists()


def test_tagging_and_untagging_are_in_the_history(client, user_for, project, themes):
    kem, _cesi = themes
    lead = user_for(Role.PROJECT_LEAD)
    login_as(client, user_for, Role.PROJECT_LEAD)
    _edit(client, project, kia_themes=[kem.pk])
    project.refresh_from_db()
    _edit(client, project)  # no topic ticked: the tag is removed

    records = list(project.history.order_by("history_date", "history_id"))
    # Each record keeps the links the project had at that moment: the KEM topic, then none again.
    assert [[link.kiatheme_id for link in r.kia_themes.all()] for r in records][-2:] == [[kem.pk], []]
    assert records[-1].history_user == lead


def test_api_and_export_show_the_tags(client, user_for, team, themes):
    kem, cesi = themes
    factories.project(user_for, team_obj=team, title="Zink", kia_themes=[kem], supraregional_themes=[cesi])
    login_as(client, user_for, Role.READER)

    data = client.get("/api/portfolio/projects/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [(r["kia_themes"], r["supraregional_themes"]) for r in rows] == [(["kem"], ["cesi"])]

    sheet = load_workbook(io.BytesIO(client.get(reverse("portfolio:export")).content)).active
    header = [cell.value for cell in sheet[3]]
    row = dict(zip(header, next(sheet.iter_rows(min_row=4, values_only=True)), strict=True))
    assert row["KIA-CM topics"] == "Key enabling methodologies"
    assert row["Supra-regional themes"] == "Circulaire Economie en Smart Industry"
