"""The regions app in the role matrix (regiekamer/tests/test_role_matrix.py): the map for everyone signed in,
the regional overview and the platforms and clusters for whoever reads the register, their upkeep for the
programme office."""

from accounts.authorization import system_actor
from accounts.roles import ALL_ROLES, PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from regions import services

OFFICE = {Role.PROGRAMME_OFFICE}
REGISTER_READERS = set(PROGRAMME_ROLES) | {Role.READER}


def build(world: World) -> None:
    world.regional_cluster = services.cluster_create(actor=system_actor(), name="Regionale CE versnellers")


def _pk(w):
    return {"pk": w.regional_cluster.pk}


ROUTES = [
    Route("regions:map"),
    Route("regions:map", query="measure=organisations"),
    Route("regions:province", kwargs=lambda w: {"code": w.province.code}),
    Route("regions:clusters"),
    Route("regions:cluster-detail", kwargs=_pk),
    Route("regions:cluster-history", kwargs=_pk),
    Route(
        "regions:cluster-create",
        methods=("GET", "POST"),
        data=lambda w: {"name": "Nieuw platform", "kind": "platform"},
    ),
    Route(
        "regions:cluster-edit",
        kwargs=_pk,
        methods=("GET", "POST"),
        data=lambda w: {"name": "Regionale CE versnellers", "kind": "network", "version": 1},
    ),
]

EXPECTED = {
    "view_map": Expect(set(ALL_ROLES)),
    "view_regions": Expect(REGISTER_READERS),
    "edit_clusters": Expect(OFFICE),
}
