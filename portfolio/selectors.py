"""Read queries of the portfolio. Who may do what is portfolio/permissions.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import can
from catalogue.models import ProductCluster
from programme.models import Decision

from .extensions import gate_check_items
from .models import (
    RUNNING,
    Artefact,
    CriterionCheck,
    ImpactSheet,
    PhaseTransition,
    ProgressReport,
    Project,
    ProjectType,
    TransitionProposal,
)
from .workflow import ArtefactFact, MissingItem, Snapshot, leidraad

if TYPE_CHECKING:
    from django.http import HttpRequest

    from stakeholders.models import Organisation


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
    sort: str = ""  # a key of PROJECT_SORTS; "" is by number


# The orders the portfolio list offers (`?sort=`); each ends on the number, so a page boundary is stable.
PROJECT_SORTS: dict[str, tuple[str, ...]] = {
    "": ("year", "sequence"),
    "-number": ("-year", "-sequence"),
    "title": ("title", "year", "sequence"),
    "due_date": ("due_date", "year", "sequence"),
    "-due_date": ("-due_date", "year", "sequence"),
}


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
        # The one filter over a many-valued relation: a project in the cluster twice would be listed twice.
        projects = projects.filter(clusters__code=filters.cluster).distinct()
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
    # DISTINCT only where a join can repeat a row: over every column of the list's joins it made the database
    # sort the whole portfolio to count it and to cut a page (PostgreSQL, 10,000 projects).
    return projects.order_by(*PROJECT_SORTS.get(filters.sort, PROJECT_SORTS[""]))


def phase_counts(projects: QuerySet[Project]) -> dict[str, int]:
    """The number of `projects` per phase, counted by the database (one query, whatever their number)."""
    if projects.query.distinct:  # a join may repeat a project: counted through the keys
        projects = Project.objects.filter(pk__in=projects.order_by().values("pk"))
    rows = projects.order_by().values("phase").annotate(n=Count("pk"))
    return {row["phase"]: row["n"] for row in rows}


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
    """What is still missing before `project` may move to `target`: the Leidraad's items, then those of the
    checks other apps registered (portfolio.extensions.register_gate_check)."""
    missing = leidraad().missing_items(project_snapshot(project), target, today=today or timezone.localdate())
    return missing + gate_check_items(project, target)


def project_gate_overview(project: Project, *, today: date | None = None) -> dict[str, list[MissingItem]]:
    """For each phase the project may move to: what is still missing (empty list = ready for a decision)."""
    snapshot = project_snapshot(project)
    today = today or timezone.localdate()
    return {
        target: leidraad().missing_items(snapshot, target, today=today) + gate_check_items(project, target)
        for target in leidraad().allowed_targets(project.phase)
    }


def project_checklist(project: Project) -> list[dict[str, Any]]:
    """The criteria of the project's current phase with their confirmation (if any)."""
    checks = {check.criterion: check for check in project.checks.all()}
    return [
        {"criterion": criterion, "check": checks.get(criterion.code)}
        for criterion in project.phase_state.criteria
    ]


def project_decisions(project: Project) -> QuerySet[Decision]:
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


def project_milestones(project: Project, *, on: date) -> dict[str, dict[str, str]]:
    """The progress report's milestones as the project's record gives them on date `on`: reached when the
    steering meeting's decision moved the project into the milestone's phase (on the meeting's date), the
    initiation started at the start of the planned period (portfolio.reporting.milestones_reached)."""
    from .reporting import milestones_reached

    moves = PhaseTransition.objects.filter(
        project=project, kind=PhaseTransition.Kind.PHASE, decision__meeting__date__lte=on
    ).values_list("to_phase", "decision__meeting__date")
    start = project.start_date
    return milestones_reached(moves, start=start, start_reached=start is not None and start <= on)


def impact_sheet_for(project: Project, version: int | None = None) -> ImpactSheet | None:
    """The project's current impact sheet, or version `version` (None when there is none)."""
    sheets = (
        ImpactSheet.objects.filter(project=project)
        .select_related("cluster", "created_by")
        .prefetch_related("sbi_codes", "raw_materials")
    )
    if version is not None:
        return sheets.filter(version_number=version).first()
    return sheets.newest_first().first()


def impact_sheet_versions(project: Project) -> QuerySet[ImpactSheet]:
    return ImpactSheet.objects.filter(project=project).newest_first()


def progress_report_for(project: Project, pk: int | None = None) -> ProgressReport | None:
    """The project's latest progress report, or report `pk` of the project (None when there is none)."""
    reports = (
        ProgressReport.objects.filter(project=project)
        .select_related("created_by")
        .prefetch_related("dependencies")
    )
    if pk is not None:
        return reports.filter(pk=pk).first()
    return reports.newest_first().first()


def progress_reports_of(project: Project) -> QuerySet[ProgressReport]:
    """Every progress report of the project, newest first."""
    return ProgressReport.objects.filter(project=project).prefetch_related("dependencies").newest_first()


def current_impact_sheets() -> QuerySet[ImpactSheet]:
    """The current impact sheet of each project (ImpactSheet.objects.current())."""
    return ImpactSheet.objects.current()


def projects_naming(organisation: Organisation) -> QuerySet[Project]:
    """The projects whose current impact sheet names the organisation among its actors (its stored links)."""
    sheets = ImpactSheet.objects.current().filter(actor_organisations=organisation)
    return Project.objects.filter(impact_sheets__in=sheets).distinct().order_by("year", "sequence")


def projects_joined_by(organisation: Organisation) -> QuerySet[Project]:
    """The projects whose collaboration in the register the organisation is a member of."""
    return (
        Project.objects.filter(collaborations__memberships__organisation=organisation)
        .distinct()
        .order_by("year", "sequence")
    )


def organisation_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    """The portfolio's section of an organisation's page in the register (stakeholders.extensions)."""
    from .forms import CollaborationJoinForm

    joins = can(request.user, "portfolio.join_collaboration")
    return {
        "named_by_projects": projects_naming(organisation),
        "joined_projects": projects_joined_by(organisation),
        "join_form": CollaborationJoinForm() if joins else None,
        "organisation": organisation,
    }


# --- published for the dashboard ---


def projects_in_cluster(cluster: ProductCluster | None = None) -> QuerySet[Project]:
    """Every project, or the projects of product cluster `cluster`: a subquery rather than a join, so a
    project in two clusters is never counted twice."""
    return Project.objects.in_cluster(cluster)


# The type of the projects the dashboard counts as research projects ("Lopende onderzoeksprojecten", §4.4).
RESEARCH = ProjectType.RESEARCH


def running(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Running projects: active (not paused or stopped) and not closed."""
    return projects.filter(RUNNING)


def project_phases() -> list[tuple[str, str]]:
    """(code, label) of every phase of the workflow, in order."""
    return [(str(code), str(label)) for code, label in Project._meta.get_field("phase").flatchoices]


def latest_progress_reports() -> QuerySet[ProgressReport]:
    """The latest progress report of each project (by report date, then entry)."""
    return ProgressReport.objects.latest_per_project()
