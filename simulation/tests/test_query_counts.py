"""The scenario list asks the database the same number of questions for one scenario and for many (issue 13
item 8): more scenarios, each of several materials and run by different people, add rows, not queries."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from catalogue.models import RawMaterial
from simulation.models import Scenario

pytestmark = pytest.mark.django_db


def _captured(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _scenario(index: int, people, materials) -> Scenario:
    scenario = Scenario.objects.create(
        title=f"Scenario {index}",
        run_by=people[index % len(people)],
        horizon=8,
        comparison=["both", "linear", "circular"][index % 3],
        status=list(Scenario.Status)[index % len(Scenario.Status)],
    )
    scenario.materials.set(materials[: 1 + index % len(materials)])
    return scenario


@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.STEERING_TEAM])
def test_scenario_list_does_not_grow_with_the_scenarios(client, user_for, catalogue, magnesium, role):
    people = [user_for(Role.PROGRAMME_OFFICE), make_user(Role.TEAM_LEAD, username="sim-counts-lead")]
    materials = [magnesium, *RawMaterial.objects.exclude(pk=magnesium.pk).order_by("name")[:2]]
    _scenario(0, people, materials)
    client.force_login(user_for(role))
    url = reverse("simulation:scenario-list")
    _captured(client, url)  # warm the session and the caches
    small = _captured(client, url)
    for index in range(1, 12):
        _scenario(index, people, materials)
    grown = _captured(client, url)
    added = Counter(q[:160] for q in grown) - Counter(q[:160] for q in small)
    assert len(grown) == len(small), f"{len(small)} -> {len(grown)} queries; added: {dict(added)}"
