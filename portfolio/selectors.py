"""Read queries and object-level permission rules of the portfolio.

Who may do what (issue 4 §5): every signed-in user reads; the project lead edits their project, adds
artefacts and proposes transitions; the team lead (sponsor) confirms criteria; the members of the team's
steering meeting decide (the programme office records decisions as secretariat)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from programme.models import Decision
from programme.selectors import user_is_team_lead

from .models import Artefact, CriterionCheck, PhaseTransition, Project, TransitionProposal
from .workflow import ArtefactFact, MissingItem, Snapshot, leidraad


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def user_can_read(user) -> bool:
    return _signed_in(user)


def user_is_project_lead(user, project: Project) -> bool:
    if not _signed_in(user):
        return False
    if project.lead_user_id == user.pk:
        return True
    return project.lead_person_id is not None and project.lead_person.user_id == user.pk


def user_can_create(user) -> bool:
    return _signed_in(user) and bool(user.roles & {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.PROJECT_LEAD})


def user_can_edit(user, project: Project) -> bool:
    """The project lead edits their project; the programme office may correct any project."""
    return _signed_in(user) and (user_is_project_lead(user, project) or user.has_role(Role.PROGRAMME_OFFICE))


def user_can_propose(user, project: Project) -> bool:
    return user_is_project_lead(user, project)


def user_can_confirm(user, project: Project) -> bool:
    """The team lead of the project's team is its sponsor and confirms the Leidraad criteria."""
    return _signed_in(user) and user_is_team_lead(user, project.team)


def user_can_decide(user, project: Project) -> bool:
    """Members of the team's steering meeting decide; programme.services.decision_record further requires
    someone who may record decisions (team lead, linking pin or the programme office as secretariat)."""
    from accounts.authorization import can

    return _signed_in(user) and can(user, "programme.record_decision", project.team)


@dataclass(frozen=True)
class ProjectFilters:
    phase: str = ""
    cluster: str = ""  # ProductCluster.code
    team: str = ""  # Team.code
    pillar: str = ""  # Pillar.code
    status: str = ""
    due_before: date | None = None
    due_after: date | None = None
    query: str = ""


def project_list(filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """The portfolio with everything a list row and the XLSX export show, in a fixed number of queries."""
    filters = filters or ProjectFilters()
    projects = Project.objects.select_related(
        "team", "team__pillar", "team__lead", "lead_user", "lead_person"
    ).prefetch_related("clusters", "horizons", "sbi_codes", "kia_themes", "supraregional_themes")
    if filters.phase:
        projects = projects.filter(phase=filters.phase)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.cluster:
        projects = projects.filter(clusters__code=filters.cluster)
    if filters.team:
        projects = projects.filter(team__code=filters.team)
    if filters.pillar:
        projects = projects.filter(team__pillar__code=filters.pillar)
    if filters.due_before:
        projects = projects.filter(due_date__lte=filters.due_before)
    if filters.due_after:
        projects = projects.filter(due_date__gte=filters.due_after)
    if filters.query:
        projects = projects.filter(Q(title__icontains=filters.query) | Q(number__icontains=filters.query))
    return projects.distinct().order_by("year", "sequence")


def project_detail(number: str) -> Project:
    return (
        Project.objects.select_related(
            "team",
            "team__pillar",
            "team__lead",
            "team__linking_pin",
            "lead_user",
            "lead_person",
            "created_by",
        )
        .prefetch_related(
            "clusters",
            "horizons",
            "sbi_codes",
            "kia_themes",
            "supraregional_themes",
            Prefetch("checks", queryset=CriterionCheck.objects.select_related("confirmed_by")),
            Prefetch("artefacts", queryset=Artefact.objects.select_related("added_by")),
            Prefetch(
                "transitions",
                queryset=PhaseTransition.objects.select_related(
                    "decision", "decision__meeting", "applied_by"
                ),
            ),
            Prefetch("proposals", queryset=TransitionProposal.objects.select_related("proposed_by")),
        )
        .get(number=number)
    )


def project_snapshot(project: Project) -> Snapshot:
    """The workflow engine's view of a project (uses prefetched checks and artefacts when present)."""
    return Snapshot(
        state=project.phase,
        status=project.status,
        confirmed=frozenset(check.criterion for check in project.checks.all() if check.holds),
        filled_fields=project.filled_fields(),
        artefacts=tuple(
            ArtefactFact(type=a.type, dated=a.dated, parts=frozenset(a.parts or ()), signed=a.signed)
            for a in project.artefacts.all()
        ),
    )


def project_missing_items(project: Project, target: str, *, today: date | None = None) -> list[MissingItem]:
    return leidraad().missing_items(project_snapshot(project), target, today=today or timezone.localdate())


def project_gate_overview(project: Project, *, today: date | None = None) -> dict[str, list[MissingItem]]:
    """For each phase the project may move to: what is still missing (empty list = ready for a decision)."""
    snapshot = project_snapshot(project)
    today = today or timezone.localdate()
    return {
        target: leidraad().missing_items(snapshot, target, today=today)
        for target in leidraad().allowed_targets(project.phase)
    }


def project_checklist(project: Project) -> list[dict]:
    """The criteria of the project's current phase with their confirmation (if any)."""
    checks = {check.criterion: check for check in project.checks.all()}
    return [
        {"criterion": criterion, "check": checks.get(criterion.code)}
        for criterion in project.phase_state.criteria
    ]


def project_decisions(project: Project) -> QuerySet[Decision]:
    from django.contrib.contenttypes.models import ContentType

    return (
        Decision.objects.filter(
            subject_content_type=ContentType.objects.get_for_model(Project), subject_object_id=project.pk
        )
        .select_related("meeting", "meeting__team", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def describe_missing(item: MissingItem) -> str:
    """A missing item in the reader's language (the engine is pure and speaks in codes and source terms)."""
    texts = {
        "criterion": lambda: (
            _("%(criterion)s (%(kind)s criterion not confirmed)")
            % {"criterion": item.label, "kind": _("result") if item.detail == "result" else _("process")}
        ),
        "field": lambda: _("%(field)s is empty") % {"field": item.label},
        "artefact": lambda: _("%(artefact)s is missing") % {"artefact": item.label},
        "artefact_part": lambda: (
            _("%(artefact)s lacks part %(part)s") % {"artefact": item.label, "part": item.detail}
        ),
        "artefact_signature": lambda: _("%(artefact)s is not signed") % {"artefact": item.label},
        "artefact_stale": lambda: (
            _("%(artefact)s is not recent enough (%(detail)s)")
            % {"artefact": item.label, "detail": item.detail}
        ),
        "status": lambda: _("The project is %(status)s; it must be reopened first") % {"status": item.label},
        "transition": lambda: _("%(move)s is not an allowed transition") % {"move": item.label},
        "reason": lambda: _("A reason is required"),
    }
    return texts[item.kind]() if item.kind in texts else str(item)


def impact_sheet_for(project: Project, version: int | None = None):
    from .models import ImpactSheet

    sheets = (
        ImpactSheet.objects.filter(project=project)
        .select_related("cluster", "created_by")
        .prefetch_related("sbi_codes", "raw_materials")
    )
    if version is not None:
        return sheets.filter(version_number=version).first()
    return sheets.order_by("-version_number").first()


def progress_report_for(project: Project, pk: int | None = None):
    from .models import ProgressReport

    reports = (
        ProgressReport.objects.filter(project=project)
        .select_related("created_by")
        .prefetch_related("dependencies")
    )
    if pk is not None:
        return reports.filter(pk=pk).first()
    return reports.order_by("-report_date", "-pk").first()


def current_impact_sheets():
    """The current impact sheet of each project: the version no newer version of the same project exists for.
    NOT EXISTS plans as an anti-join on both databases (a "= (SELECT ... LIMIT 1)" subquery ran once per sheet
    on PostgreSQL and made the dashboard 6x slower at 10,000 projects)."""
    from django.db.models import Exists, OuterRef

    from .models import ImpactSheet

    newer = ImpactSheet.objects.filter(
        project=OuterRef("project"), version_number__gt=OuterRef("version_number")
    )
    return ImpactSheet.objects.filter(~Exists(newer))


def projects_naming(organisation):
    """The projects whose current impact sheet names the organisation among its actors (its stored links)."""
    from .models import Project

    sheets = current_impact_sheets().filter(actor_organisations=organisation)
    return Project.objects.filter(impact_sheets__in=sheets).distinct().order_by("year", "sequence")


def projects_joined_by(organisation):
    """The projects whose collaboration in the register the organisation is a member of."""
    from .models import Project

    return (
        Project.objects.filter(collaborations__memberships__organisation=organisation)
        .distinct()
        .order_by("year", "sequence")
    )


def organisation_panel(request, organisation) -> dict:
    """The portfolio's section of an organisation's page in the register (stakeholders.extensions)."""
    from accounts.authorization import can

    from .forms import CollaborationJoinForm

    editor = can(request.user, "stakeholders.edit_register")
    return {
        "named_by_projects": projects_naming(organisation),
        "joined_projects": projects_joined_by(organisation),
        "join_form": CollaborationJoinForm() if editor else None,
        "organisation": organisation,
    }


# --- published for the dashboard ---

from catalogue.models import ProductCluster  # noqa: E402 - the dashboard's block

from .models import ProgressReport  # noqa: E402


def projects_in_cluster(cluster: ProductCluster | None = None) -> QuerySet[Project]:
    """Every project, or the projects of product cluster `cluster`: a subquery rather than a join, so a
    project in two clusters is never counted twice."""
    projects = Project.objects.all()
    if cluster is not None:
        projects = projects.filter(pk__in=Project.objects.filter(clusters=cluster).values("pk"))
    return projects


def running(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Running projects: active (not paused or stopped) and not closed."""
    return projects.filter(status="active").exclude(phase="closed")


def project_phases() -> list[tuple[str, str]]:
    """(code, label) of every phase of the workflow, in order."""
    return [(str(code), str(label)) for code, label in Project._meta.get_field("phase").flatchoices]


def latest_progress_reports() -> QuerySet[ProgressReport]:
    """The latest progress report of each project (by report date, then entry)."""
    from django.db.models import OuterRef, Subquery

    newest = (
        ProgressReport.objects.filter(project=OuterRef("project"))
        .order_by("-report_date", "-pk")
        .values("pk")
    )
    return ProgressReport.objects.filter(pk=Subquery(newest[:1]))
