"""The stakeholders app in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the
access rules as agreed (Bijlage 4): the register, organisation pages, coverage and network for the programme
roles and readers; person records and the engagement analysis (Mendelow, issue analyses, communication plan,
risk register) for the programme roles only; changes, categorisation, coverage verdicts, engagement records
and imports for the programme office, the Regieteam and team leads. No rule looks at an object.

Pages that read for one action and write for another (Mendelow, an issue analysis, the risk register) declare
the write per method and are tried with GET and POST. Starting an import
(POST to import-batch) queues a background job: the per-role test of that start, run by the worker, is
test_import_progress.py."""

from accounts.authorization import system_actor
from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from stakeholders import services
from stakeholders.models import Collaboration, CollaborationMember, FuzzyMatch, Source
from stakeholders.services import cycle as cycle_services

from .factories import (
    InnovationFactory,
    IssueAnalysisFactory,
    OrganisationFactory,
    PersonFactory,
    RiskFactory,
    link_source,
)

VIEWERS = set(PROGRAMME_ROLES) | {Role.READER}
PROGRAMME = set(PROGRAMME_ROLES)
EDITORS = {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}


def build(world: World) -> None:
    services.sources_ensure()
    system = system_actor()
    world.organisation = OrganisationFactory(name="Matrix Recycling B.V.", kvk_number="87650001")
    link_source(world.organisation, "rvo")  # found by another source, not the slimme tool: a miss
    world.other_organisation = OrganisationFactory(name="Matrix Metaal B.V.", kvk_number="87650002")
    link_source(world.other_organisation, Source.SLIMME_TOOL)
    collaboration = Collaboration.objects.create(name="Matrix keten", kind=Collaboration.Kind.CHAIN)
    for organisation in (world.organisation, world.other_organisation):
        CollaborationMember.objects.create(collaboration=collaboration, organisation=organisation)
    world.innovation = InnovationFactory(organisation=world.organisation, title="Matrix innovatie")
    world.stakeholder_person = PersonFactory(organisation=world.organisation, name="Mevr. Matrix")
    world.analysis = IssueAnalysisFactory(organisation=world.organisation, person=world.stakeholder_person)
    world.risk = RiskFactory(organisation=world.organisation, person=world.stakeholder_person)
    world.import_batch = services.import_batch_start(
        file_name="matrix.csv",
        data=b"KvK-nummer;Naam\n87650003;Matrix Nieuw B.V.\n",
        source=Source.objects.get(code="rvo"),
        actor=system,
    )
    # The analysis cycle: round 1 completed (its snapshot), round 2 open with its five phases.
    first = cycle_services.round_start(actor=system, title="Matrix ronde 1")
    for phase in first.phases.all():
        cycle_services.phase_update(phase=phase, expected_version=phase.version, actor=system, status="done")
    first.refresh_from_db()
    cycle_services.round_complete(analysis_round=first, expected_version=first.version, actor=system)
    world.analysis_round = cycle_services.round_start(actor=system, title="Matrix ronde 2")
    world.fuzzy_match = FuzzyMatch.objects.create(
        batch=world.import_batch,
        row_number=3,
        row={"name": "Matrix Recycling"},
        candidate=world.organisation,
        score=0.9,
    )


def _organisation(world):
    return {"pk": world.organisation.pk}


def _round(world):
    return {"number": world.analysis_round.number}


def _posted(data):
    return {"methods": ("POST",), "data": lambda w: data}


ROUTES = [
    Route("stakeholders:organisation-list"),
    Route("stakeholders:organisation-export"),
    Route("stakeholders:organisation-export-csv"),
    Route(
        "stakeholders:organisation-create",
        methods=("GET", "POST"),
        data=lambda w: {"name": "Matrix Nieuw", "org_type": "company"},
    ),
    Route("stakeholders:organisation-detail", kwargs=_organisation),
    Route(
        "stakeholders:organisation-edit",
        kwargs=_organisation,
        methods=("GET", "POST"),
        data=lambda w: {"name": "Matrix Recycling", "org_type": "company", "version": w.organisation.version},
    ),
    Route(
        "stakeholders:sector-confirm",
        kwargs=_organisation,
        **_posted({"version": 1, "sector": "in_manufacturing", "reason": "Matrix"}),
    ),
    Route(
        "stakeholders:relevance-set",
        kwargs=_organisation,
        **_posted({"version": 1, "role": "users", "reason": "Matrix"}),
    ),
    Route(
        "stakeholders:frontrunner-override",
        kwargs=_organisation,
        **_posted({"version": 1, "category": "follower", "reason": "Matrix"}),
    ),
    Route(
        "stakeholders:collaboration-join",
        kwargs=_organisation,
        **_posted({"name": "Matrix project", "kind": "project"}),
    ),
    Route("stakeholders:team-relevance-add", kwargs=_organisation, **_posted({"projects_only": "on"})),
    Route("stakeholders:person-add", kwargs=_organisation, **_posted({"name": "Dhr. Matrix"})),
    Route("stakeholders:innovation-add", kwargs=_organisation, **_posted({"title": "Nieuwe innovatie"})),
    Route(
        "stakeholders:innovation-categorise",
        kwargs=lambda w: {"pk": w.innovation.pk},
        methods=("GET", "POST"),
        data=lambda w: {"version": w.innovation.version, "reason": "Matrix"},
    ),
    Route("stakeholders:people-list"),
    Route("stakeholders:people-export"),
    Route("stakeholders:mendelow", methods=("GET", "POST")),
    Route("stakeholders:issue-detail", kwargs=lambda w: {"pk": w.analysis.pk}, methods=("GET", "POST")),
    Route("stakeholders:communication-plan"),
    Route("stakeholders:risk-register", methods=("GET", "POST")),
    Route(
        "stakeholders:risk-edit",
        kwargs=lambda w: {"pk": w.risk.pk},
        methods=("GET", "POST"),
        data=lambda w: {
            "organisation": w.organisation.pk,
            "current_engagement": "neutral",
            "desired_engagement": "leading",
            "priority": "high",
            "version": w.risk.version,
        },
    ),
    Route("stakeholders:coverage"),
    Route(
        "stakeholders:coverage-check",
        kwargs=_organisation,
        **_posted({"outcome": "real_miss", "reason": "Matrix"}),
    ),
    Route("stakeholders:network"),
    Route("stakeholders:import-upload", methods=("GET", "POST")),
    Route("stakeholders:import-batch", kwargs=lambda w: {"pk": w.import_batch.pk}),
    Route("stakeholders:import-progress", kwargs=lambda w: {"pk": w.import_batch.pk}),
    Route(
        "stakeholders:import-reviews",
        methods=("GET", "POST"),
        data=lambda w: {"match": w.fuzzy_match.pk, "decision": "new"},
    ),
    Route("stakeholders:cycle"),
    Route("stakeholders:cycle-start", **_posted({"title": "Matrix ronde 3"})),
    Route("stakeholders:cycle-round", kwargs=_round),
    Route("stakeholders:cycle-round-history", kwargs=_round),
    Route("stakeholders:cycle-complete", kwargs=_round, methods=("POST",), data=lambda w: {"version": 1}),
    Route(
        "stakeholders:cycle-placement",
        kwargs=_round,
        methods=("POST",),
        data=lambda w: {"organisation": w.organisation.pk, "place": "project", "reason": "Matrix"},
    ),
    Route(
        "stakeholders:cycle-phase",
        kwargs=lambda w: {"number": w.analysis_round.number, "phase": 0},
        methods=("POST",),
        data=lambda w: {"p0-status": "in_progress", "p0-version": 1},
    ),
    Route(
        "stakeholders:cycle-phase-history", kwargs=lambda w: {"number": w.analysis_round.number, "phase": 0}
    ),
    # API
    Route(
        "stakeholders-api:organisation-list",
        methods=("GET", "POST"),
        data=lambda w: {"name": "Matrix API B.V."},
    ),
    Route(
        "stakeholders-api:organisation-detail",
        kwargs=_organisation,
        methods=("GET", "PATCH"),
        data=lambda w: {"version": w.organisation.version, "website": "https://matrix.example"},
    ),
    Route("stakeholders-api:innovation-list"),
    Route("stakeholders-api:innovation-detail", kwargs=lambda w: {"pk": w.innovation.pk}),
    Route("stakeholders-api:source-list"),
    Route("stakeholders-api:source-detail", kwargs=lambda w: {"code": "rvo"}),
    Route("stakeholders-api:person-list"),
    Route("stakeholders-api:person-detail", kwargs=lambda w: {"pk": w.stakeholder_person.pk}),
    Route(
        "stakeholders-api:issue-analysis-list",
        methods=("GET", "POST"),
        data=lambda w: {"organisation": w.other_organisation.pk, "influence": "M", "interest": "G"},
    ),
    Route("stakeholders-api:issue-analysis-detail", kwargs=lambda w: {"pk": w.analysis.pk}),
    Route(
        "stakeholders-api:risk-list",
        methods=("GET", "POST"),
        data=lambda w: {
            "organisation": w.other_organisation.pk,
            "current_engagement": "neutral",
            "desired_engagement": "supportive",
        },
    ),
    Route("stakeholders-api:risk-detail", kwargs=lambda w: {"pk": w.risk.pk}),
    Route("stakeholders-api:analysis-round-list"),
    Route("stakeholders-api:analysis-round-detail", kwargs=lambda w: {"number": w.analysis_round.number}),
    Route("stakeholders-api:coverage"),
    Route("stakeholders-api:coverage-misses"),
]

EXPECTED = {
    "view_register": Expect(VIEWERS),
    "view_people": Expect(PROGRAMME),
    "export_people": Expect(PROGRAMME),
    "view_engagement": Expect(PROGRAMME),
    "edit_register": Expect(EDITORS),
    "categorise": Expect(EDITORS),
    "verify_coverage": Expect(EDITORS),
    "edit_engagement": Expect(EDITORS),
    "import_register": Expect(EDITORS),
    "view_cycle": Expect(PROGRAMME),
    "manage_cycle": Expect(EDITORS),
}
