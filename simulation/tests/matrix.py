"""The simulation app in the role matrix (regiekamer/tests/test_role_matrix.py): the programme's roles read
the saved scenarios and start new ones (pages and API); readers and outside roles do not."""

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from catalogue.models import RawMaterial
from simulation.models import Scenario

PROGRAMME = set(PROGRAMME_ROLES)


def build(world: World) -> None:
    world.sim_scenario = Scenario.objects.create(
        title="Matrix scenario", run_by=world.users[Role.PROGRAMME_OFFICE], horizon=8
    )
    world.sim_scenario.materials.set([RawMaterial.objects.get(name="Cobalt")])


def _pk(w):
    return {"pk": w.sim_scenario.pk}


ROUTES = [
    Route("simulation:scenario-list"),
    # An empty form is refused on the page (200 with errors) for those who may run a scenario.
    Route("simulation:scenario-new", methods=("GET", "POST"), data=lambda w: {}),
    Route("simulation:scenario-detail", kwargs=_pk),
    Route("simulation:scenario-export", kwargs=lambda w: {"pk": w.sim_scenario.pk, "fmt": "csv"}),
    Route("simulation-api:scenario-list", methods=("GET", "POST"), data=lambda w: {"title": ""}),
    Route("simulation-api:scenario-detail", kwargs=_pk),
]

EXPECTED = {
    "view_scenarios": Expect(PROGRAMME),
    "run_scenario": Expect(PROGRAMME),
}
