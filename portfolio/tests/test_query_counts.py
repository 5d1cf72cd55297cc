"""Query counts that can catch an N+1 (issue 13 item 8): each portfolio page is rendered on a small data set,
the data set is grown, and the page must take the same number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from catalogue.models import Horizon, KiaTheme, ProductCluster, RawMaterial, SupraregionalTheme
from portfolio import services
from stakeholders.models import Organisation

from . import factories

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def _same_count(client, url: str, grow) -> tuple[int, int]:
    _queries(client, url)  # warms the per-process caches (content types, the workflow definition)
    small = _queries(client, url)
    grow()
    grown = _queries(client, url)
    assert grown == small, f"{url}: {small} queries on the small data set, {grown} on the grown one"
    return small, grown


def _tagged_project(user_for, team, index: int):
    project = factories.project(user_for, team_obj=team, title=f"Project {index}")
    project.clusters.set(ProductCluster.objects.all()[:2])
    project.horizons.set(Horizon.objects.all()[:2])
    project.kia_themes.set(KiaTheme.objects.all()[:2])
    project.supraregional_themes.set(SupraregionalTheme.objects.all()[:2])
    return project


@pytest.mark.parametrize("page", ["list", "team"])
def test_portfolio_lists(client, user_for, team, catalogue, page):
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    for index in range(2):
        _tagged_project(user_for, team, index)
    url = reverse("portfolio:list") if page == "list" else reverse("portfolio:team", args=[team.code])
    login_as(client, user_for, Role.PROJECT_LEAD)

    def grow():
        for index in range(2, 14):
            _tagged_project(user_for, team if index % 2 else other, index)

    _same_count(client, url, grow)


def test_project_detail(client, user_for, project, meeting, catalogue):
    login_as(client, user_for, Role.MEETING_MEMBER)
    lead, sponsor = user_for(Role.PROJECT_LEAD), user_for(Role.TEAM_LEAD)

    def grow():
        factories.satisfy_gate(project, user_for)  # every artefact and confirmed criterion of the phase
        for index in range(3):
            services.artefact_add(
                actor=lead,
                project=project,
                type="project_proposal",
                title=f"Versie {index}",
                dated=datetime.date(2020, 1, 1 + index),
                link="https://example.org/voorstel",
            )
        services.criterion_confirm(
            actor=sponsor, project=project, criterion="initiation.result.scope", holds=False
        )
        services.transition_propose(actor=lead, project=project, target="definition")
        services.transition_propose(actor=lead, project=project, target="definition", note="Opnieuw")

    _same_count(client, project.get_absolute_url(), grow)


def _sheet(user_for, project, *, sbi: list[str], materials: list[str], actors: str, effects: int):
    services.impact_sheet_save(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        status_date=datetime.date(2020, 10, 15),
        goals=["Kennisontwikkeling"],
        sbi_codes=sbi,
        raw_materials=materials,
        stakeholders=actors,
        effect_contributions=[
            {"dimension": "M", "horizon": "0-5y", "description": f"Effect {index}"}
            for index in range(effects)
        ],
        co2_r8_r9=Decimal("3"),
    )


def test_impact_sheet(client, user_for, project, catalogue):
    for name in ("TNO", "ARN", "Metalor", "Stibat", "Brainport Development"):
        Organisation.objects.create(name=name)
    materials = list(RawMaterial.objects.filter(is_critical=True).values_list("code", flat=True)[:6])
    _sheet(user_for, project, sbi=["29.1"], materials=materials[:1], actors="TNO", effects=1)
    login_as(client, user_for, Role.PROJECT_LEAD)

    def grow():
        for _version in range(3):
            _sheet(
                user_for,
                project,
                sbi=["29.1", "30.9", "47.6", "24"],
                materials=materials,
                actors="TNO, ARN, Metalor, Stibat, Brainport Development",
                effects=4,
            )

    _same_count(client, reverse("portfolio:impact-sheet", args=[project.number]), grow)


def _report(user_for, project, *, lines: int, dependencies: list):
    services.progress_report_create(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        report_date=datetime.date(2020, 8, 1),
        finance_date=datetime.date(2020, 8, 1),
        budget_needed=Decimal(100000),
        spent=Decimal(40000),
        funding=[{"funder": f"Fonds {index}", "amount": "1000"} for index in range(lines)],
        timeline_start=datetime.date(2021, 1, 1),
        timeline_end=datetime.date(2021, 12, 1),
        milestones={"kickoff": {"planned": "2021-02", "actual": "2021-03"}},
        risks=[{"text": f"Risico {index}", "owner": "Petra"} for index in range(lines)],
        issues=[{"text": f"Issue {index}"} for index in range(lines)],
        done=[f"Gedaan {index}" for index in range(lines)],
        dependencies=dependencies,
    )


def test_progress_report(client, user_for, project, team):
    others = [factories.project(user_for, team_obj=team, title=f"Ander {index}") for index in range(4)]
    _report(user_for, project, lines=1, dependencies=others[:1])
    login_as(client, user_for, Role.PROJECT_LEAD)

    def grow():
        for _report_number in range(4):
            _report(user_for, project, lines=4, dependencies=others)

    _same_count(client, reverse("portfolio:progress-report", args=[project.number]), grow)
