"""The materials app in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the
access rules as agreed: the material data, the scanner and the MCI calculator for every signed-in user; a
scan for its owner only (the applicant's world scan; nobody sees another company's); releases for the
programme office; statistics, sweet spots and fingerprints for the programme roles; adopting a sweet spot for
the office, the steering team and the team's own team lead."""

from decimal import Decimal

from accounts.authorization import system_actor
from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World, make_user
from catalogue.models import ProductCluster, RawMaterial, SbiCode
from materials import bom
from materials.models import SweetSpot
from materials.services import material_release_import, scan_create

from .conftest import INDICATORS, PRODUCERS
from .factories import impact_sheet, project

EVERYONE = set(Role.values)
OFFICE = {Role.PROGRAMME_OFFICE}
OWNER = {Role.APPLICANT}  # the world's scan belongs to the applicant test user
ADOPTERS = {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}  # the team lead leads world.team
ROWS = [
    bom.BomRow(2, "Motor", "Housing", "", 1, 2, "Copper", 0.9),
    bom.BomRow(3, "Motor", "Housing", "", 1, 2, "Cobalt", 0.1),
]


def build(world: World) -> None:
    system = system_actor()
    world.old_release = material_release_import(
        actor=system, code="matrix-old", title="Old", indicator_rows=INDICATORS, producer_rows=PRODUCERS
    )
    world.release = material_release_import(
        actor=system, code="matrix-1", title="Current", indicator_rows=INDICATORS, producer_rows=PRODUCERS
    )
    world.material = RawMaterial.objects.get(name="Cobalt")
    world.scan = scan_create(actor=world.users[Role.APPLICANT], title="Motor", rows=ROWS)
    other_company = make_user(Role.APPLICANT, "matrix-other-company")
    world.foreign_scan = scan_create(actor=other_company, title="Someone else's motor", rows=ROWS)
    world.materials_project = project("29-901", world.team, title="Matrix fingerprint")
    impact_sheet(
        world.materials_project,
        system,
        sbi=["24"],
        raw_materials=[world.material.code],
        co2_r8_r9=Decimal("2"),
    )
    world.sweet_spot = SweetSpot.objects.create(
        sbi=SbiCode.objects.get(code="24"),
        team=world.team,
        r_band="R8-R9",
        score=0.5,
        rank=1,
        weights={},
        reasoning="",
        adopted_by=world.users[Role.PROGRAMME_OFFICE],
    )


def _scan(world):
    return {"pk": world.scan.pk}


def _api_row():
    return {"product": "P", "component": "C", "mass_kg": 1, "material": "Copper", "fraction": 1}


ROUTES = [
    # material data
    Route("materials:material-list"),
    Route("materials:material-detail", kwargs=lambda w: {"code": w.material.code}),
    Route("materials:release-list", methods=("GET", "POST")),
    Route("materials:release-make-current", kwargs=lambda w: {"pk": w.old_release.pk}, methods=("POST",)),
    # the scanner
    Route("materials:scan-list"),
    Route("materials:scan-new", methods=("GET", "POST")),
    Route("materials:scan-upload", methods=("GET", "POST")),
    Route("materials:scan-template"),
    Route("materials:scan-detail", kwargs=_scan, obj=lambda w: w.scan),
    Route("materials:scan-xlsx", kwargs=_scan, obj=lambda w: w.scan),
    Route("materials:scan-pdf", kwargs=_scan, obj=lambda w: w.scan),
    Route("materials:scan-delete", kwargs=_scan, obj=lambda w: w.scan, methods=("POST",)),
    # programme pages
    Route("materials:statistics"),
    Route("materials:sweet-spots"),
    Route(
        "materials:sweet-spot-adopt",
        obj=lambda w: w.team,
        methods=("POST",),
        data=lambda w: {"sbi": "24", "team": w.team.pk},
    ),
    Route("materials:fingerprint", kwargs=lambda w: {"number": w.materials_project.number}),
    Route("materials:innovation-profiles"),
    Route(
        "materials:innovation-profile-edit",
        kwargs=lambda w: {"code": "materialen"},
        methods=("GET", "POST"),
        data=lambda w: {
            **{f"F{number}": "2" for number in range(1, 9)},
            "source": "Matrix",
            "source_date": "2026-01-05",
        },
    ),
    Route("materials:product-group-clusters"),
    Route(
        "materials:product-group-cluster-edit",
        kwargs=lambda w: {"code": "23"},  # §1.2.1 division the source places in no cluster
        methods=("GET", "POST"),
        data=lambda w: {
            "cluster": ProductCluster.objects.get(code="consumentengoederen").pk,
            "source": "Matrix",
            "source_date": "2026-01-05",
        },
    ),
    Route("materials:mci"),
    # API
    Route("materials-api:material-list"),
    Route("materials-api:material-detail", kwargs=lambda w: {"code": w.material.code}),
    Route(
        "materials-api:scan-list",
        methods=("GET", "POST"),
        data=lambda w: {"title": "API scan", "rows": [_api_row()]},
    ),
    Route("materials-api:scan-detail", kwargs=_scan, obj=lambda w: w.scan, methods=("GET", "DELETE")),
    Route("materials-api:statistics-list"),
    Route("materials-api:sweet-spot-list"),
    Route("materials-api:sweet-spot-detail", kwargs=lambda w: {"pk": w.sweet_spot.pk}),
]

EXPECTED = {
    "view_materials": Expect(EVERYONE),
    "use_mci": Expect(EVERYONE),
    "use_scanner": Expect(EVERYONE),
    "view_scan": Expect(OWNER, obj=lambda w: w.scan, foreign=set(), foreign_obj=lambda w: w.foreign_scan),
    "delete_scan": Expect(OWNER, obj=lambda w: w.scan, foreign=set(), foreign_obj=lambda w: w.foreign_scan),
    "manage_releases": Expect(OFFICE),
    "view_statistics": Expect(PROGRAMME_ROLES),
    "view_sweet_spots": Expect(PROGRAMME_ROLES),
    "view_fingerprint": Expect(PROGRAMME_ROLES),
    # the team lead of the world leads another team than Kennisintegratie (see test_innovation_profiles)
    "edit_innovation_profile": Expect(OFFICE),
    "set_product_group_cluster": Expect(OFFICE),
    "adopt_sweet_spot": Expect(
        ADOPTERS,
        obj=lambda w: w.team,
        foreign={Role.PROGRAMME_OFFICE, Role.STEERING_TEAM},
        foreign_obj=lambda w: w.foreign_team,
    ),
}
