"""The regions app in the role matrix (regiekamer/tests/test_role_matrix.py): the map for everyone signed in,
the regional overview and the platforms and clusters for whoever reads the register, their upkeep for the
programme office."""

from accounts.authorization import system_actor
from accounts.roles import ALL_ROLES, PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from regions import services, services_regiotool

OFFICE = {Role.PROGRAMME_OFFICE}
REGISTER_READERS = set(PROGRAMME_ROLES) | {Role.READER}


def build(world: World) -> None:
    world.regional_cluster = services.cluster_create(actor=system_actor(), name="Regionale CE versnellers")
    world.opportunity = services_regiotool.opportunity_create(
        actor=system_actor(),
        name="Kansrijke groep",
        province=world.province,
        regional_theme="Kunststofrecycling",
        target_group="sme",
    )


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

ROUTES += [
    Route("regions:regiotool"),
    Route("regions:regiotool-detail", kwargs=lambda w: {"pk": w.opportunity.pk}),
    Route("regions:regiotool-history", kwargs=lambda w: {"pk": w.opportunity.pk}),
    Route(
        "regions:regiotool-create",
        methods=("GET", "POST"),
        data=lambda w: {
            "name": "Nieuwe groep",
            "province": w.province.pk,
            "regional_theme": "Thema",
            "target_group": "oem",
            "status": "spotted",
        },
    ),
    Route(
        "regions:regiotool-edit",
        kwargs=lambda w: {"pk": w.opportunity.pk},
        methods=("GET", "POST"),
        data=lambda w: {
            "name": "Kansrijke groep",
            "province": w.province.pk,
            "regional_theme": "Thema",
            "target_group": "both",
            "status": "mobilising",
            "version": 1,
        },
    ),
]

EXPECTED = {
    "view_map": Expect(set(ALL_ROLES)),
    "view_regions": Expect(REGISTER_READERS),
    "edit_clusters": Expect(OFFICE),
    "view_regiotool": Expect(REGISTER_READERS),
    # The office, and Team Verbreding (the matrix world's team is another: its lead may not).
    "edit_regiotool": Expect(OFFICE),
}
