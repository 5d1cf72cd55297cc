"""Who reads which project (portfolio.permissions.visible_projects / sees_project): an applicant reads only
the project their consortium's application was handed over as; every other role reads the whole portfolio."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from portfolio import services
from portfolio.permissions import visible_projects

from . import factories

pytestmark = pytest.mark.django_db


def _report(project, user_for, *, spent: int):
    return services.progress_report_create(
        actor=user_for(Role.PROGRAMME_OFFICE),
        project=project,
        report_date=datetime.date(2020, 8, 1),
        finance_date=datetime.date(2020, 8, 1),
        budget_needed=Decimal(100000),
        spent=Decimal(spent),
        funding=[{"funder": "RVO", "amount": "60000"}],
        timeline_start=datetime.date(2020, 1, 1),
        timeline_end=datetime.date(2020, 12, 1),
    )


@pytest.fixture
def handed_over(user_for, team):
    """A project the applicant's consortium's approved application was handed over as."""
    from catalogue.models import NpceProductGroup
    from intake.models import Application, Consortium, Status

    project = factories.project(user_for, team_obj=team, title="Circulaire keukens")
    consortium = Consortium.objects.create(name="Keukenketen")
    consortium.members.add(user_for(Role.APPLICANT))
    NpceProductGroup.objects.get_or_create(code="keukens", defaults={"name": "Keukens"})
    Application.objects.create(
        consortium=consortium,
        title="Circulaire keukens",
        product_group=NpceProductGroup.objects.order_by("pk").first(),
        status=Status.APPROVED,
        created_by=user_for(Role.APPLICANT),
        portfolio_project=project,
    )
    return project


@pytest.fixture
def other(user_for, team):
    return factories.project(user_for, team_obj=team, title="Ander project")


def test_applicant_fails_to_open_another_projects_finance(client, user_for, handed_over, other):
    """Issue 14: an applicant could read the internal finance of any portfolio project."""
    _report(other, user_for, spent=40000)
    login_as(client, user_for, Role.APPLICANT)
    for name in ("progress-report", "progress-export", "impact-sheet", "impact-export", "project-detail"):
        response = client.get(reverse(f"portfolio:{name}", args=[other.number]))
        assert response.status_code == 403, name
        assert b"40.000" not in response.content and b"40000" not in response.content
    pdf = client.get(reverse("portfolio:progress-report", args=[other.number]) + "?format=pdf")
    assert pdf.status_code == 403
    api = client.get(f"/api/portfolio/projects/{other.number}/progress-reports/")
    assert api.status_code in (403, 404)


def test_applicant_reads_their_own_consortiums_project(client, user_for, handed_over, other):
    _report(handed_over, user_for, spent=12345)
    login_as(client, user_for, Role.APPLICANT)
    response = client.get(reverse("portfolio:progress-report", args=[handed_over.number]))
    assert response.status_code == 200
    assert "12.345" in response.content.decode() or "12,345" in response.content.decode()
    assert client.get(reverse("portfolio:project-detail", args=[handed_over.number])).status_code == 200
    listed = client.get(reverse("portfolio:list")).context["projects"]
    assert [p.number for p in listed] == [handed_over.number]
    api = client.get("/api/portfolio/projects/").json()
    numbers = [row["number"] for row in (api["results"] if isinstance(api, dict) else api)]
    assert numbers == [handed_over.number]


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.APPLICANT}))
def test_every_other_role_reads_the_whole_portfolio(user_for, handed_over, other, role):
    assert set(visible_projects(user_for(role))) == {handed_over, other}


def test_applicant_of_no_handed_over_application_sees_no_project(user_for, other):
    assert list(visible_projects(user_for(Role.APPLICANT))) == []
