"""The materials pages ask the database the same number of questions on a small and on a grown data set: more
releases, scans, projects with impact sheets, teams and adopted sweet spots add rows, not queries (an N+1
fails here)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import login_as, make_user
from materials.models import ClusterInnovationScore, SweetSpot
from materials.services import material_release_import, scan_create
from programme.models import Person, Team

from .conftest import INDICATORS, PRODUCERS
from .factories import (
    MATERIALS,
    ClusterFactory,
    SbiFactory,
    impact_sheet,
    industry_figure,
    innovation_functions,
    project,
)
from .test_views import MOTOR_ROWS, bom_rows

MCI_INPUT = {
    "mass": 10,
    "recycled_feedstock": 0.5,
    "reused_feedstock": 0,
    "collected_for_recycling": 0.5,
    "collected_for_reuse": 0,
    "recycling_efficiency_eol": 0.8,
    "recycling_efficiency_feedstock": 0.8,
    "lifetime": 2,
    "lifetime_industry_average": 1,
    "intensity": 1,
    "intensity_industry_average": 1,
}


@pytest.fixture
def data(release, user_for):
    """The small data set: one cluster with two product groups, one team led by the team-lead test user, one
    project whose impact sheet names two materials, one scan of the applicant, one adopted sweet spot."""
    cluster = ClusterFactory(code="high-tech", name="High Tech")
    metals = SbiFactory(code="24", name="Basismetaal", cluster=cluster)
    machines = SbiFactory(code="28", name="Machines", cluster=cluster)
    industry_figure(metals, co2_impact=-557, value_impact=92, flows=23049, order=1)
    industry_figure(machines, co2_impact=-100, value_impact=300, flows=5000, order=2)
    for function in innovation_functions():
        ClusterInnovationScore.objects.create(cluster=cluster, function=function, level=2)
    team = Team.objects.create(
        code="realisatie",
        name="Team Realisatie",
        level=Team.Level.OPERATIONAL,
        lead=Person.objects.create(name="Geert", user=user_for(Role.TEAM_LEAD)),
    )
    office = user_for(Role.PROGRAMME_OFFICE)
    first = project("20-001", team, title="Eerste project")
    sheet = impact_sheet(
        first,
        office,
        cluster="high-tech",
        sbi=["24"],
        raw_materials=["cobalt", "copper"],
        co2_r8_r9=Decimal(2),
    )
    scan_create(actor=user_for(Role.APPLICANT), title="Motor", sbi=metals, rows=bom_rows(MOTOR_ROWS))
    SweetSpot.objects.create(
        sbi=metals, team=team, r_band="R8-R9", score=0.5, rank=1, weights={}, reasoning="", adopted_by=office
    )
    return {"cluster": cluster, "metals": metals, "machines": machines, "team": team, "sheet": sheet}


def grow(data, user_for, size: int = 6) -> None:
    """Add `size` of everything the pages list: releases (the last one current, with every test material),
    teams with their own leads, projects with impact sheets, scans of the applicant and of other companies
    (in the product groups), adopted sweet spots; and more materials on the first project's sheet."""
    system = system_actor()
    office = user_for(Role.PROGRAMME_OFFICE)
    every_material = [
        {"material": name, "indicator": "eol_recycling_rate", "value": 0.3, "source": "test", "year": 2016}
        for name, *_rest in MATERIALS.values()
    ]
    for index in range(size):
        material_release_import(
            actor=system,
            code=f"grown-{index}",
            title=f"Grown {index}",
            indicator_rows=INDICATORS if index < size - 1 else every_material,
            producer_rows=PRODUCERS,
            make_current=index == size - 1,
        )
        division = SbiFactory(code=f"{30 + index}", name=f"Industry {index}", cluster=data["cluster"])
        industry_figure(
            division, co2_impact=-10 * index, value_impact=index, flows=100 * index, order=3 + index
        )
        team = Team.objects.create(
            code=f"grown-{index}",
            name=f"Grown team {index}",
            level=Team.Level.OPERATIONAL,
            lead=Person.objects.create(name=f"Lead {index}"),
        )
        grown = project(f"21-{index + 1:03d}", team, title=f"Grown project {index}")
        impact_sheet(
            grown,
            office,
            cluster="high-tech",
            sbi=[division.code, "28"],
            raw_materials=list(MATERIALS),
            co2_r3_r7=Decimal(index),
        )
        scan_create(
            actor=user_for(Role.APPLICANT), title=f"Motor {index}", sbi=division, rows=bom_rows(MOTOR_ROWS)
        )
        company = make_user(Role.APPLICANT, f"grown-company-{index}")
        scan_create(actor=company, title=f"Pump {index}", sbi=data["machines"], rows=bom_rows(MOTOR_ROWS))
        SweetSpot.objects.create(
            sbi=division,
            team=team,
            r_band="R3-R7",
            score=0.1,
            rank=2 + index,
            weights={},
            reasoning="",
            adopted_by=office,
        )
    data["sheet"].raw_materials.add(*data["sheet"].raw_materials.model.objects.all())


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = [
    # (role, url name, kwargs, query parameters)
    (Role.PROGRAMME_OFFICE, "materials:release-list", {}, None),
    (Role.PROGRAMME_OFFICE, "materials:statistics", {}, None),
    (Role.PROGRAMME_OFFICE, "materials:fingerprint", {"number": "20-001"}, None),
    (Role.READER, "materials:mci", {}, MCI_INPUT),
    (Role.APPLICANT, "materials:scan-list", {}, None),
    (Role.APPLICANT, "materials:material-list", {}, None),
    (Role.TEAM_LEAD, "materials:sweet-spots", {}, None),
    (Role.PROGRAMME_OFFICE, "materials:sweet-spots", {}, {"co2": 1, "value_added": 2}),
]


def test_query_counts_do_not_grow_with_the_data(client, user_for, data):
    def counts() -> dict[str, int]:
        measured = {}
        for role, name, kwargs, params in PAGES:
            login_as(client, user_for, role)
            url = reverse(name, kwargs=kwargs)
            _queries(client, url, params)  # warm the session and the caches
            measured[f"{name} as {role}"] = _queries(client, url, params)
        return measured

    small = counts()
    grow(data, user_for)
    assert counts() == small
