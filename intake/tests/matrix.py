"""The intake app in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the access
rules as agreed (seed 2 Bijlage 2, issues 8 and 14): applicants work on their own consortium's applications
and only they withdraw one; three reviewing roles see every submitted application, each with its own step (the
assessor the criteria, the transition agenda adviser the advice, the Stuurgroep member the decision and a
rejection); the programme office takes approved applications into the portfolio. That one person takes at most
one of those steps per application is tested in test_duties.py (it is no role rule)."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.roles import Role
from accounts.testing import Expect, Route, World
from catalogue.models import NpceProductGroup
from intake.models import ActionLine, Application, Consortium, Party, Signatory, Status

from .factories import PDF_BYTES

EVERYONE = set(Role.values)
REVIEWERS = {Role.ASSESSOR, Role.TRANSITION_AGENDA_ADVISER, Role.STEERING_GROUP_MEMBER}
INTAKE = {Role.APPLICANT, *REVIEWERS}
APPLICANT = {Role.APPLICANT}
ASSESSOR = {Role.ASSESSOR}
ADVISER = {Role.TRANSITION_AGENDA_ADVISER}
STEERING_GROUP = {Role.STEERING_GROUP_MEMBER}
OFFICE = {Role.PROGRAMME_OFFICE}
NOBODY: set[str] = set()

# A fixed name in the storage: the world is rebuilt for every run, the file is written once.
AMBITION = "intake/ambition/role-matrix-world.pdf"


def _application(consortium, author, title, status, **fields):
    group = NpceProductGroup.objects.order_by("pk").first()  # the catalogue is in the world
    return Application.objects.create(
        consortium=consortium,
        title=title,
        product_group=group,
        status=status,
        created_by=author,
        submitted_at=None if status == Status.DRAFT else datetime.datetime(2025, 1, 6, tzinfo=datetime.UTC),
        **fields,
    )


def build(world: World) -> None:
    applicant = world.users[Role.APPLICANT]
    world.consortium = Consortium.objects.create(name="Keukenketen")
    world.consortium.members.add(applicant)
    world.foreign_consortium = Consortium.objects.create(name="Andere keten")
    # The applicant's own draft, with a party, a signatory and an action line.
    world.draft = _application(world.consortium, applicant, "Circulaire keukens", Status.DRAFT)
    world.party = Party.objects.create(
        application=world.draft, name="Kozijn BV", organisation_type="mkb", chain_role="producent"
    )
    world.signatory = Signatory.objects.create(party=world.party, name="J. de Vries")
    world.action_line = ActionLine.objects.create(application=world.draft, order=1, title="Terugname")
    # The applicant's submitted application (assessors see it), with its signed ambition document.
    if not default_storage.exists(AMBITION):
        default_storage.save(AMBITION, ContentFile(PDF_BYTES))
    world.application = _application(
        world.consortium,
        applicant,
        "Circulaire woningketen",
        Status.SUBMITTED,
        ambition_document=AMBITION,
        ambition_document_name="ambitie.pdf",
    )
    # Another consortium's draft and submitted application: no test user is a member.
    world.foreign_draft_application = _application(
        world.foreign_consortium, applicant, "Eigen aanvraag", Status.DRAFT
    )
    world.foreign_application = _application(
        world.foreign_consortium, applicant, "Ingediende aanvraag", Status.SUBMITTED
    )
    # An approved application, ready for the hand-over to the portfolio of the world's team.
    world.approved = _application(world.foreign_consortium, applicant, "Goedgekeurd", Status.APPROVED)


def _pk(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


def _obj(attribute):
    return lambda w: getattr(w, attribute)


ROUTES = [
    # Pages
    Route("intake:list"),
    Route("intake:export"),
    Route("intake:export-csv", query="status=submitted"),
    Route("intake:create", methods=("GET", "POST")),
    Route("intake:instruments"),
    Route(
        "intake:handover",
        methods=("GET", "POST"),
        data=lambda w: {"application": w.approved.pk, "team": w.team.pk},
    ),
    Route("intake:detail", kwargs=_pk("application"), obj=_obj("application")),
    Route("intake:edit", kwargs=_pk("draft"), obj=_obj("draft"), methods=("GET", "POST")),
    Route("intake:party-add", kwargs=_pk("draft"), obj=_obj("draft"), methods=("GET", "POST")),
    Route(
        "intake:party-edit",
        kwargs=lambda w: {"pk": w.draft.pk, "party_pk": w.party.pk},
        obj=_obj("party"),
        methods=("GET", "POST"),
    ),
    Route(
        "intake:party-delete",
        kwargs=lambda w: {"pk": w.draft.pk, "party_pk": w.party.pk},
        obj=_obj("party"),
        methods=("POST",),
    ),
    Route(
        "intake:signatory-add",
        kwargs=lambda w: {"pk": w.draft.pk, "party_pk": w.party.pk},
        obj=_obj("party"),
        methods=("POST",),
        data=lambda w: {"name": "A. Jansen"},
    ),
    Route(
        "intake:signatory-delete",
        kwargs=lambda w: {"pk": w.draft.pk, "signatory_pk": w.signatory.pk},
        obj=_obj("signatory"),
        methods=("POST",),
    ),
    Route(
        "intake:action-line-add",
        kwargs=_pk("draft"),
        obj=_obj("draft"),
        methods=("POST",),
        data=lambda w: {"title": "Ketenafspraken"},
    ),
    Route(
        "intake:action-line-delete",
        kwargs=lambda w: {"pk": w.draft.pk, "line_pk": w.action_line.pk},
        obj=_obj("action_line"),
        methods=("POST",),
    ),
    Route("intake:ambition-upload", kwargs=_pk("draft"), obj=_obj("draft"), methods=("POST",)),
    Route("intake:ambition-download", kwargs=_pk("application"), obj=_obj("application")),
    Route("intake:submit", kwargs=_pk("draft"), obj=_obj("draft"), methods=("POST",)),
    Route("intake:withdraw", kwargs=_pk("application"), obj=_obj("application"), methods=("POST",)),
    Route("intake:reject", kwargs=_pk("application"), obj=_obj("application"), methods=("POST",)),
    Route("intake:start-assessment", kwargs=_pk("application"), obj=_obj("application"), methods=("POST",)),
    Route("intake:criteria", kwargs=_pk("application"), obj=_obj("application"), methods=("GET", "POST")),
    Route("intake:advice", kwargs=_pk("application"), obj=_obj("application"), methods=("POST",)),
    Route("intake:decision", kwargs=_pk("application"), obj=_obj("application"), methods=("GET", "POST")),
    Route(
        "intake:advance",
        kwargs=lambda w: {"pk": w.application.pk, "to_status": "tender_prepared"},
        obj=_obj("application"),
        methods=("POST",),
    ),
    # API
    Route("intake-api:application-list", methods=("GET", "POST")),
    Route("intake-api:application-detail", kwargs=_pk("application"), obj=_obj("application")),
    Route(
        "intake-api:application-detail",
        kwargs=_pk("draft"),
        obj=_obj("draft"),
        methods=("PATCH",),
        data=lambda w: {"version": w.draft.version, "title": "Nieuwe titel"},
    ),
    Route("intake-api:application-parties", kwargs=_pk("draft"), obj=_obj("draft"), methods=("POST",)),
    Route(
        "intake-api:application-signatories",
        kwargs=lambda w: {"pk": w.draft.pk, "party_pk": w.party.pk},
        obj=_obj("draft"),
        methods=("POST",),
        data=lambda w: {"name": "A. Jansen"},
    ),
    Route(
        "intake-api:application-action-lines",
        kwargs=_pk("draft"),
        obj=_obj("draft"),
        methods=("POST",),
        data=lambda w: {"title": "Ketenafspraken"},
    ),
    Route(
        "intake-api:application-ambition-document", kwargs=_pk("draft"), obj=_obj("draft"), methods=("POST",)
    ),
    Route("intake-api:application-submit", kwargs=_pk("draft"), obj=_obj("draft"), methods=("POST",)),
    Route(
        "intake-api:application-withdraw",
        kwargs=_pk("application"),
        obj=_obj("application"),
        methods=("POST",),
    ),
    Route(
        "intake-api:application-start-assessment",
        kwargs=_pk("application"),
        obj=_obj("application"),
        methods=("POST",),
    ),
    Route(
        "intake-api:application-criteria",
        kwargs=_pk("application"),
        obj=_obj("application"),
        methods=("POST",),
    ),
    Route(
        "intake-api:application-advice", kwargs=_pk("application"), obj=_obj("application"), methods=("POST",)
    ),
    Route(
        "intake-api:application-decision",
        kwargs=_pk("application"),
        obj=_obj("application"),
        methods=("POST",),
    ),
    Route(
        "intake-api:application-advance",
        kwargs=_pk("application"),
        obj=_obj("application"),
        methods=("POST",),
        data=lambda w: {"to_status": "tender_prepared"},
    ),
    Route(
        "intake-api:application-reject", kwargs=_pk("application"), obj=_obj("application"), methods=("POST",)
    ),
    Route("intake-api:instrument-list"),
    Route(
        "intake-api:eligibility",
        methods=("POST",),
        data=lambda w: {
            "smes": 4,
            "large_companies": 1,
            "whole_chain": False,
            "signed_ambition": False,
            "plan_of_action": False,
            "months": 18,
        },
    ),
]

EXPECTED = {
    "view_instruments": Expect(EVERYONE),
    "view_applications": Expect(INTAKE),
    "view_application": Expect(
        INTAKE, obj=_obj("application"), foreign=REVIEWERS, foreign_obj=_obj("foreign_application")
    ),
    "view_assessment": Expect(REVIEWERS),
    "create_application": Expect(
        APPLICANT, obj=_obj("consortium"), foreign=NOBODY, foreign_obj=_obj("foreign_consortium")
    ),
    "edit_draft": Expect(
        APPLICANT, obj=_obj("draft"), foreign=NOBODY, foreign_obj=_obj("foreign_draft_application")
    ),
    "submit": Expect(
        APPLICANT, obj=_obj("draft"), foreign=NOBODY, foreign_obj=_obj("foreign_draft_application")
    ),
    "withdraw": Expect(
        APPLICANT, obj=_obj("application"), foreign=NOBODY, foreign_obj=_obj("foreign_application")
    ),
    "assess": Expect(ASSESSOR),
    "record_advice": Expect(ADVISER),
    "record_decision": Expect(STEERING_GROUP),
    "reject": Expect(STEERING_GROUP),
    "manage_consortia": Expect(OFFICE),
    "hand_over": Expect(OFFICE),
}
