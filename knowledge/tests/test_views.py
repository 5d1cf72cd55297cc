"""The knowledge pages: the phase-1 gate shows the relevant lessons and records the look; the register across
projects filters and pages; the public case pages show nothing unpublished or internal, to anyone."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from catalogue.models import KiaTheme
from knowledge.models import Case, Lesson, LessonReview
from portfolio import services as portfolio_services
from portfolio.tests import factories as portfolio_factories

from . import factories


def _theme() -> KiaTheme:
    return KiaTheme.objects.get_or_create(
        code="kem", defaults={"number": 5, "name": "KEM", "source_section": "t"}
    )[0]


@pytest.fixture
def new_project(user_for, team):
    project = portfolio_factories.project(user_for, team_obj=team, title="Kennisuitwisseling")
    project.kia_themes.set([_theme()])
    return project


def test_phase_1_gate_shows_the_relevant_lessons_and_records_the_look(client, user_for, team, new_project):
    source = portfolio_factories.project(user_for, team_obj=team, title="Urban Mining")
    lesson = factories.lesson(user_for, source, status=Lesson.Status.PUBLISHED, title="Retourstromen eerst")
    lesson.themes.set([_theme()])
    factories.lesson(
        user_for, source, status=Lesson.Status.VALIDATED, title="Nog niet gepubliceerd"
    ).themes.set([_theme()])
    login_as(client, user_for, Role.PROJECT_LEAD)
    page = client.get(new_project.get_absolute_url()).content.decode()
    assert "Retourstromen eerst" in page
    assert "KIA-CM topic: KEM" in page
    assert "Nog niet gepubliceerd" not in page
    response = client.post(
        reverse("knowledge:lessons-reviewed", args=[new_project.number]), {"note": "Besproken"}
    )
    assert response.status_code == 302
    review = LessonReview.objects.get()
    assert (list(review.lessons.all()), review.note) == ([lesson], "Besproken")
    assert "Looked at by" in client.get(new_project.get_absolute_url()).content.decode()


def test_an_applicant_sees_no_lessons_on_a_project_page(client, user_for, project):
    factories.lesson(user_for, project, title="Intern")
    login_as(client, user_for, Role.READER)
    assert "Intern" not in client.get(project.get_absolute_url()).content.decode()  # a draft: not for readers


def test_register_filters_by_phase_and_pages(client, user_for, project):
    for index in range(27):
        factories.lesson(user_for, project, title=f"Les {index:02d}", phase="execution")
    factories.lesson(user_for, project, title="Les evaluatie", phase="evaluation")
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    page = client.get(reverse("knowledge:lessons"), {"phase": "evaluation"}).content.decode()
    assert "Les evaluatie" in page and "Les 00" not in page
    first = client.get(reverse("knowledge:lessons")).content.decode()
    assert "28 lessons." in first and "Page 1 of 2" in first


def test_register_query_count_does_not_grow(client, user_for, project, django_assert_max_num_queries):
    factories.lesson(user_for, project)
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    client.get(reverse("knowledge:lessons"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("knowledge:lessons"))
    for index in range(15):
        factories.lesson(user_for, project, title=f"L{index}").themes.set([_theme()])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("knowledge:lessons"))


def test_lesson_logged_from_the_evaluation_form(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(
        reverse("knowledge:lesson-log", args=[project.number]),
        {"title": "T", "phase": "initiation", "gate": "", "event": "", "recommendation": "R"},
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = client.post(
        reverse("knowledge:lesson-log", args=[project.number]),
        {"title": "Les", "phase": "initiation", "gate": "definition", "event": "E", "recommendation": "R"},
    )
    lesson = Lesson.objects.get()
    assert response["Location"] == lesson.get_absolute_url()
    assert (lesson.project, lesson.gate) == (project, "definition")


# --- public pages ---


SECRET_FUNDER = "Geheimfonds Noord"


@pytest.fixture
def published(user_for, project):
    lead = user_for(Role.PROJECT_LEAD)
    lead.first_name, lead.last_name = "Petra", "Dhaans"
    lead.save()
    portfolio_services.impact_sheet_save(
        actor=lead,
        project=project,
        status_date=datetime.date(2020, 8, 1),
        co2_r3_r7=Decimal(17),
        co2_r8_r9=Decimal(3),
        added_value_meur=Decimal(238),
        added_value_base_year=2019,
    )
    portfolio_services.progress_report_create(
        actor=lead,
        project=project,
        report_date=datetime.date(2020, 8, 1),
        finance_date=datetime.date(2020, 8, 1),
        budget_needed=Decimal("987654"),
        spent=Decimal("123456"),
        funding=[{"funder": SECRET_FUNDER, "amount": "864198"}],
        timeline_start=datetime.date(2020, 1, 1),
        timeline_end=datetime.date(2021, 12, 1),
    )
    return factories.case(user_for, project, status=Case.Status.PUBLISHED)


def test_public_pages_need_no_login_and_show_no_finance_or_names(client, user_for, project, published):
    draft = factories.case(user_for, project, title_nl="Concept nog niet goedgekeurd")
    submitted = factories.case(
        user_for, project, title_nl="Ingediend nog niet goedgekeurd", status=Case.Status.SUBMITTED
    )
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = [
        client.get(reverse("knowledge:public-cases")),
        client.get(published.public_url()),
        client.get(reverse("knowledge:public-feed", args=["nl"])),
        client.get(reverse("knowledge:public-feed", args=["en"])),
    ]
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    html = "".join(page.content.decode() for page in pages)
    assert "Batterijen terug in de keten" in html  # the published case, in Dutch and (feed) English
    assert "Batteries back in the chain" in html
    assert "20 kt per year" in html  # figures from the impact sheet (17 + 3)
    for secret in [
        "987654",
        "987.654",
        "123456",
        "123.456",
        "864198",
        "864.198",
        SECRET_FUNDER,
        "Petra",
        "Dhaans",
        "test-project_lead",
    ]:
        assert secret not in html, secret
    assert draft.title_nl not in html and submitted.title_nl not in html
    assert client.get(draft.public_url()).status_code == 404
    assert client.get(reverse("knowledge:case-detail", args=[published.pk]))["Location"].startswith(
        "/accounts/login/"
    )


def test_public_library_filters_by_cluster_r_strategy_and_province(client, user_for, project, catalogue):
    from catalogue.models import ProductCluster, Province, RStrategy

    cluster = ProductCluster.objects.get(code="consumentengoederen")
    r8 = RStrategy.objects.get(code="R8")
    brabant = Province.objects.get(code="NB")
    factories.case(
        user_for,
        project,
        status=Case.Status.PUBLISHED,
        clusters=[cluster],
        r_strategies=[r8],
        provinces=[brabant],
    )
    factories.case(user_for, project, status=Case.Status.PUBLISHED, title_nl="Ander geval", clusters=[])
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("knowledge:public-cases")
    assert "2 cases." in client.get(url).content.decode()
    for query in ({"cluster": "consumentengoederen"}, {"r_strategy": "R8"}, {"province": "NB"}):
        page = client.get(url, query).content.decode()
        assert "1 case." in page and "Ander geval" not in page, query


def test_public_page_in_english(client, user_for, project, published):
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(published.public_url()).content.decode()
    assert "Batteries back in the chain" in page and "Critical metals in bicycle batteries are lost." in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(published.public_url()).content.decode()
    assert "Batterijen terug in de keten" in page and "Uitdaging" in page


def test_public_library_query_count_does_not_grow(client, user_for, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.case(user_for, project, status=Case.Status.PUBLISHED)
    client.logout()
    url = reverse("knowledge:public-cases")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(8):
        factories.case(user_for, project, status=Case.Status.PUBLISHED, title_nl=f"Casus {index}")
    with CaptureQueriesContext(connection) as grown:
        assert "9 " in client.get(url).content.decode()
    assert len(grown.captured_queries) == len(small.captured_queries)


def test_a_lesson_comes_from_the_gate_ahead_by_default(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    form = client.get(reverse("knowledge:lesson-log", args=[project.number])).context["form"]
    assert (form.initial["phase"], form.initial["gate"]) == ("initiation", "definition")
