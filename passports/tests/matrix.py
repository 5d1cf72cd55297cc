"""The passports app in the role matrix (regiekamer/tests/test_role_matrix.py): a passport issued by the
applicant test user from the materials world's scan (the applicant owns it), and a foreign passport issued by
another company from its own scan. A passport's restricted part is for its issuer, the programme office and
those the issuer names; only the issuer changes it; the programme overview is for the programme roles; the
public page at the GS1 Digital Link is for everyone, anonymous too."""

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from passports import services

EVERYONE = set(Role.values)
ISSUER = {Role.APPLICANT}
OFFICE = {Role.PROGRAMME_OFFICE}

VALUES = {
    "product_name": "Matrix motor",
    "gtin": "09506000134352",
    "operator_name": "Maker",
    "operator_id": "https://example.org/kvk/1",
    "efficiency_class": "IE3",
}


def build(world: World) -> None:
    applicant = world.users[Role.APPLICANT]
    world.passport = services.passport_issue(
        actor=applicant, scan=world.scan, pilot="electric_motor", values={**VALUES, "batch": "M1"}
    )
    other = world.foreign_scan.owner
    world.foreign_passport = services.passport_issue(
        actor=other, scan=world.foreign_scan, pilot="machine_building", values={**VALUES, "batch": "F1"}
    )
    # a model-level passport (GTIN only) and two item-level ones (serial; batch and serial)
    world.model_passport = services.passport_issue(
        actor=applicant, scan=world.scan, pilot="ict_hardware", values={**VALUES, "gtin": "4006381333931"}
    )
    world.item_passport = services.passport_issue(
        actor=applicant, scan=world.scan, pilot="ict_hardware", values={**VALUES, "serial": "S1"}
    )
    services.passport_issue(
        actor=applicant,
        scan=world.scan,
        pilot="ict_hardware",
        values={**VALUES, "batch": "M1", "serial": "S1"},
    )
    world.passport_access = services.passport_grant_access(
        actor=applicant, passport=world.passport, username=other.username, kind="recycler"
    )


def _pk(w):
    return {"pk": w.passport.pk}


def _passport(w):
    return w.passport


ROUTES = [
    Route("passports:list"),
    Route(
        "passports:issue",
        methods=("GET", "POST"),
        query="pilot=electric_motor&scan=0",
        data=lambda w: {**VALUES, "batch": "NEW"},
    ),
    Route("passports:import", methods=("GET", "POST")),
    Route("passports:programme"),
    Route("passports:programme-xlsx"),
    Route("passports:guideline"),
    Route("passports:detail", kwargs=_pk, obj=_passport),
    Route("passports:version", kwargs=lambda w: {"pk": w.passport.pk, "number": 1}, obj=_passport),
    Route(
        "passports:revise",
        kwargs=_pk,
        obj=_passport,
        methods=("GET", "POST"),
        data=lambda w: {**VALUES, "recycled_content": "10", "version": w.passport.version},
    ),
    Route(
        "passports:withdraw",
        kwargs=_pk,
        obj=_passport,
        methods=("POST",),
        data=lambda w: {"reason": "Recalled", "version": w.passport.version},
    ),
    Route(
        "passports:access-grant",
        kwargs=_pk,
        obj=_passport,
        methods=("POST",),
        data=lambda w: {"username": w.users[Role.READER].username, "kind": "repairer"},
    ),
    Route(
        "passports:access-revoke",
        kwargs=lambda w: {"pk": w.passport.pk, "access_pk": w.passport_access.pk},
        obj=_passport,
        methods=("POST",),
    ),
    Route("passports:jsonld", kwargs=_pk, obj=_passport),
    Route("passports:pdf", kwargs=_pk, obj=_passport),
    Route("passports:aasx", kwargs=_pk, obj=_passport),
    Route("passports:qr", kwargs=lambda w: {"pk": w.passport.pk, "kind": "svg"}, obj=_passport),
    # public: the GS1 Digital Link paths
    Route("passports-public:passport", kwargs=lambda w: {"gtin": w.model_passport.gtin}),
    Route("passports-public:passport-batch", kwargs=lambda w: {"gtin": w.passport.gtin, "batch": "M1"}),
    Route(
        "passports-public:passport-serial", kwargs=lambda w: {"gtin": w.item_passport.gtin, "serial": "S1"}
    ),
    Route(
        "passports-public:passport-item",
        kwargs=lambda w: {"gtin": w.item_passport.gtin, "batch": "M1", "serial": "S1"},
    ),
    # API
    Route("passports-api:passport-list", methods=("GET", "POST"), data=lambda w: {"type": ["Nothing"]}),
    Route("passports-api:passport-detail", kwargs=_pk, obj=_passport),
]

EXPECTED = {
    "issue_passport": Expect(EVERYONE),
    "view_passport": Expect(
        ISSUER | OFFICE, obj=_passport, foreign=OFFICE, foreign_obj=lambda w: w.foreign_passport
    ),
    "edit_passport": Expect(ISSUER, obj=_passport, foreign=set(), foreign_obj=lambda w: w.foreign_passport),
    "view_programme": Expect(PROGRAMME_ROLES),
    "view_guideline": Expect(EVERYONE),
}
