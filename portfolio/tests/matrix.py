"""The portfolio in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the access
rules as agreed (issue 4 §5, Leidraad projecten Bijlage 6).

Every signed-in user opens the portfolio lists (each shows what the user may read). Every role but applicant
reads every project; the applicant reads only the project their consortium's application was handed over as
(the world's project, through an approved application of `world.portfolio_consortium`), not the foreign one:
not its page, impact sheet, progress report (finance), exports or documents. On the world's project (in the
world's team, led by the project-lead test user): the project lead and the programme office edit it, add
artefacts, write its impact sheet and progress reports; only the project lead proposes; the team lead of the
team (its sponsor) confirms criteria; the members of the team's steering meeting who may record its decisions
(team lead, linking pin, programme office as secretariat) decide. The foreign project is in a team nobody of
the test users leads, with no lead. The register's editors let an organisation join a project; the system
alone re-links impact sheets to the register."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import Expect, Route, World
from portfolio import services
from portfolio.models import Artefact, CriterionCheck

EVERYONE = set(Role.values)
# Every role but applicant reads every project; the applicant their own consortium's.
WHOLE_PORTFOLIO = EVERYONE - {Role.APPLICANT}
LEAD_OR_OFFICE = {Role.PROJECT_LEAD, Role.PROGRAMME_OFFICE}
OFFICE = {Role.PROGRAMME_OFFICE}
# On the world's team: its teamtrekker (TEAM_LEAD user), its linking pin (MEETING_MEMBER user), the office.
DECIDES = {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.MEETING_MEMBER}
PDF = b"%PDF-1.4\n% matrix document\n"


def build(world: World) -> None:
    office = world.users[Role.PROGRAMME_OFFICE]
    world.project = services.project_create(
        actor=office,
        title="Matrix project",
        team=world.team,
        lead_user=world.users[Role.PROJECT_LEAD],
        start_date=datetime.date(2020, 1, 1),
        due_date=datetime.date(2021, 12, 31),
    )
    world.foreign_project = services.project_create(
        actor=office, title="Ander project", team=world.foreign_team
    )
    world.artefact = Artefact.objects.create(
        project=world.project,
        type="project_proposal",
        title="Projectvoorstel",
        dated=datetime.date(2020, 2, 1),
        file=ContentFile(PDF, name="voorstel.pdf"),
        phase=world.project.phase,
        added_by=office,
    )
    world.evidence = CriterionCheck.objects.create(
        project=world.project,
        criterion="initiation.result.scope",
        phase=world.project.phase,
        confirmed_by=office,
        confirmed_at=datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC),
        evidence_file=ContentFile(PDF, name="bewijs.pdf"),
    )
    services.impact_sheet_save(
        actor=office, project=world.project, status_date=datetime.date(2020, 10, 15), goals=["Doel"]
    )
    services.progress_report_create(
        actor=office,
        project=world.project,
        report_date=datetime.date(2020, 8, 1),
        finance_date=datetime.date(2020, 8, 1),
        budget_needed=Decimal(100),
        spent=Decimal(10),
        funding=[{"funder": "RVO", "amount": "60"}],
        timeline_start=datetime.date(2020, 1, 1),
        timeline_end=datetime.date(2021, 12, 1),
    )
    services.impact_sheets_link_actors(actor=system_actor())
    _hand_over(world)


def _hand_over(world: World) -> None:
    """The applicant's consortium's approved application became the world's project (the intake hand-over's
    link, Application.portfolio_project); the foreign project belongs to no consortium of theirs."""
    from catalogue.models import NpceProductGroup
    from intake.models import Application, Consortium, Status

    world.portfolio_consortium = Consortium.objects.create(name="Matrixketen (portfolio)")
    world.portfolio_consortium.members.add(world.users[Role.APPLICANT])
    Application.objects.create(
        consortium=world.portfolio_consortium,
        title="Overgedragen aanvraag",
        product_group=NpceProductGroup.objects.order_by("pk").first(),
        status=Status.APPROVED,
        created_by=world.users[Role.APPLICANT],
        portfolio_project=world.project,
    )


def _project(world):
    return {"number": world.project.number}


def _project_obj(world):
    return world.project


def _foreign_obj(world):
    return world.foreign_project


ROUTES = [
    Route("portfolio:list"),
    Route("portfolio:export"),
    Route("portfolio:export-csv", query="phase=execution"),
    Route("portfolio:create", methods=("GET", "POST")),
    Route("portfolio:team", kwargs=lambda w: {"team_code": w.team.code}),
    Route("portfolio:team-export", kwargs=lambda w: {"team_code": w.team.code}),
    Route("portfolio:team-export-csv", kwargs=lambda w: {"team_code": w.team.code}),
    Route(
        "portfolio:report-batches",
        methods=("GET", "POST"),
        data=lambda w: {"kind": "portfolio.impact_sheets"},
    ),
    Route(
        "portfolio:organisation-join",
        kwargs=lambda w: {"pk": w.organisation.pk},
        methods=("POST",),
        data=lambda w: {"project": w.project.pk, "role": "Partner"},
    ),
    Route("portfolio:project-detail", kwargs=_project, obj=_project_obj),
    Route("portfolio:project-history", kwargs=_project, obj=_project_obj),
    Route("portfolio:project-edit", kwargs=_project, obj=_project_obj, methods=("GET", "POST")),
    Route(
        "portfolio:criterion-confirm",
        kwargs=_project,
        obj=_project_obj,
        methods=("POST",),
        data=lambda w: {"criterion": "initiation.result.scope", "holds": "1", "evidence_link": "/roadmap/"},
    ),
    Route(
        "portfolio:evidence-download",
        kwargs=lambda w: {"number": w.project.number, "pk": w.evidence.pk},
        obj=_project_obj,
    ),
    Route("portfolio:artefact-add", kwargs=_project, obj=_project_obj, methods=("GET", "POST")),
    Route(
        "portfolio:artefact-download",
        kwargs=lambda w: {"number": w.project.number, "pk": w.artefact.pk},
        obj=_project_obj,
    ),
    # Another project's pages: the applicant is refused (view_project on the foreign project).
    Route(
        "portfolio:project-detail", kwargs=lambda w: {"number": w.foreign_project.number}, obj=_foreign_obj
    ),
    Route(
        "portfolio:progress-report", kwargs=lambda w: {"number": w.foreign_project.number}, obj=_foreign_obj
    ),
    Route("portfolio:impact-sheet", kwargs=lambda w: {"number": w.foreign_project.number}, obj=_foreign_obj),
    Route(
        "portfolio:propose",
        kwargs=_project,
        obj=_project_obj,
        methods=("POST",),
        data=lambda w: {"target": "definition"},
    ),
    Route(
        "portfolio:decide",
        kwargs=_project,
        obj=_project_obj,
        methods=("POST",),
        data=lambda w: {"meeting": str(w.meeting.pk), "action": "pause"},
    ),
    Route("portfolio:impact-sheet", kwargs=_project, obj=_project_obj),
    Route("portfolio:progress-report", kwargs=_project, obj=_project_obj),
    Route("portfolio:progress-new", kwargs=_project, obj=_project_obj, methods=("GET", "POST")),
    Route("portfolio:impact-export", kwargs=_project, obj=_project_obj),
    Route("portfolio:progress-export", kwargs=_project, obj=_project_obj),
    Route("portfolio:impact-import", kwargs=_project, obj=_project_obj, methods=("GET", "POST")),
    Route("portfolio:impact-edit", kwargs=_project, obj=_project_obj, methods=("GET", "POST")),
    # API
    Route("portfolio-api:project-list"),
    Route("portfolio-api:project-detail", kwargs=_project, obj=_project_obj),
    Route("portfolio-api:project-gate", kwargs=_project, obj=_project_obj),
    Route("portfolio-api:project-impact-sheet", kwargs=_project, obj=_project_obj),
    Route("portfolio-api:project-progress-reports", kwargs=_project, obj=_project_obj),
    Route(
        "portfolio-api:project-propose",
        kwargs=_project,
        obj=_project_obj,
        methods=("POST",),
        data=lambda w: {"target": "definition"},
    ),
    Route(
        "portfolio-api:project-confirm",
        kwargs=_project,
        obj=_project_obj,
        methods=("POST",),
        data=lambda w: {"criterion": "initiation.result.scope"},
    ),
    Route(
        "portfolio-api:project-decide",
        kwargs=_project,
        obj=_project_obj,
        methods=("POST",),
        data=lambda w: {"meeting": w.meeting.pk, "action": "pause"},
    ),
]


def _foreign(world):
    return world.foreign_project


EXPECTED = {
    "view_portfolio": Expect(EVERYONE),
    "view_project": Expect(EVERYONE, obj=_project_obj, foreign=WHOLE_PORTFOLIO, foreign_obj=_foreign),
    "set_project_type": Expect(OFFICE),
    "create_project": Expect({Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.PROJECT_LEAD}),
    "edit_project": Expect(LEAD_OR_OFFICE, obj=_project_obj, foreign=OFFICE, foreign_obj=_foreign),
    "add_artefact": Expect(LEAD_OR_OFFICE, obj=_project_obj, foreign=OFFICE, foreign_obj=_foreign),
    "edit_impact_sheet": Expect(LEAD_OR_OFFICE, obj=_project_obj, foreign=OFFICE, foreign_obj=_foreign),
    "write_progress_report": Expect(LEAD_OR_OFFICE, obj=_project_obj, foreign=OFFICE, foreign_obj=_foreign),
    "propose_transition": Expect({Role.PROJECT_LEAD}, obj=_project_obj, foreign=set(), foreign_obj=_foreign),
    "confirm_criterion": Expect({Role.TEAM_LEAD}, obj=_project_obj, foreign=set(), foreign_obj=_foreign),
    "decide": Expect(DECIDES, obj=_project_obj, foreign=OFFICE, foreign_obj=_foreign),
    "join_collaboration": Expect({Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}),
    "link_actors": Expect(set()),
    "run_report_batches": Expect(OFFICE),
}
