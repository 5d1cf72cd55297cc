"""Who may do what in the portfolio (issue 4 §5, Leidraad projecten Bijlage 6).

Who reads which project is one rule in two forms: `visible_projects(user, projects)` for a list and
`sees_project` for one project (defined by it). Everyone with a role inside the programme or reading it (every
role but applicant) reads the whole portfolio. An applicant (a consortium member) reads only the projects
their own consortium's applications were handed over as (portfolio.extensions; the intake registers the link):
those projects' pages, impact sheets, progress reports and exports, nothing of other projects. A user without
any role reads no project. The project lead edits their project, adds artefacts, writes its impact sheet and
progress reports and proposes transitions; the programme office corrects any project. The team lead of the
project's team (its sponsor) confirms the Leidraad criteria. The members of the team's steering meeting
decide: the programme's rule for recording decisions, applied to the project's team. The object of the project
rules is a Project.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, nobody, object_rule, signed_in
from accounts.models import User
from accounts.roles import ALL_ROLES, Role
from programme.permissions import record_decisions
from programme.selectors import user_is_team_lead

from .extensions import consortium_projects
from .models import Project, TransitionProposal

# The roles that read the whole portfolio: all but the applicant, who reads their consortium's projects only.
WHOLE_PORTFOLIO_ROLES: frozenset[str] = ALL_ROLES - {Role.APPLICANT}


def visible_projects(user: Any, projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """The projects of `projects` (default: all) that `user` may read: the list form of `sees_project`."""
    projects = Project.objects.all() if projects is None else projects
    if getattr(user, "is_system", False):
        return projects
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return projects.none()
    if user.has_role(*WHOLE_PORTFOLIO_ROLES):
        return projects
    if user.has_role(Role.APPLICANT):
        return projects.filter(consortium_projects(user))
    return projects.none()


@object_rule(_("You may only see the projects of your own consortium."))
def sees_project(user: User, project: Any) -> bool:
    """One project: allowed where `visible_projects` lists it (without a query for the whole-portfolio
    roles)."""
    if user.has_role(*WHOLE_PORTFOLIO_ROLES):
        return True
    return visible_projects(user).filter(pk=project.pk).exists()


def proposals_awaiting(user: Any) -> QuerySet[TransitionProposal]:
    """The open transition proposals that wait for `user`: every one for the programme office; for a team
    lead, meeting member or Regieteam member, those of the projects of the teams their person leads or chairs
    as linking pin (who put the proposal on the steering meeting's agenda); none for anyone else."""
    proposals = TransitionProposal.objects.filter(status=TransitionProposal.Status.OPEN)
    if not getattr(user, "is_authenticated", False):
        return proposals.none()
    if user.has_role(Role.PROGRAMME_OFFICE):
        return proposals
    if user.has_role(Role.TEAM_LEAD, Role.MEETING_MEMBER, Role.STEERING_TEAM):
        return proposals.filter(Q(project__team__lead__user=user) | Q(project__team__linking_pin__user=user))
    return proposals.none()


def _person_user_id(project: Any) -> int | None:
    person = project.lead_person
    return person.user_id if person is not None else None


def is_project_lead(user: Any, project: Any) -> bool:
    """The project's lead: its lead user, or the user of its lead person."""
    if not getattr(user, "is_authenticated", False):
        return False
    if project.lead_user_id == user.pk:
        return True
    return project.lead_person_id is not None and _person_user_id(project) == user.pk


@object_rule(_("Only the lead of this project may do this."))
def leads_project(user: User, project: Any) -> bool:
    return is_project_lead(user, project)


@object_rule(_("Only the team lead of the project's team (its sponsor) confirms criteria."))
def sponsors_project(user: User, project: Any) -> bool:
    """Criterion a of Bijlage 6: the teamtrekker is the (delegated) sponsor of the team's projects."""
    return user_is_team_lead(user, project.team)


def _team_of_project(project: Any) -> Any:
    return project.team


office = has_role(Role.PROGRAMME_OFFICE)
lead_or_office = office | leads_project


PERMISSIONS: dict[str, Rule] = {
    # The portfolio lists and their exports: every signed-in user, each list scoped by visible_projects.
    "view_portfolio": signed_in,
    # A project's page, history, impact sheet and progress reports, their PDF and XLSX, its documents, and the
    # API's project endpoints: the whole portfolio for every role but applicant; an applicant their own
    # consortium's projects only.
    "view_project": sees_project,
    "create_project": has_role(
        Role.PROGRAMME_OFFICE,
        Role.TEAM_LEAD,
        Role.PROJECT_LEAD,
        reason=_("Only project leads, team leads and the programme office start projects."),
    ),
    "edit_project": lead_or_office.because(
        _("Only the project lead or the programme office edits this project.")
    ),
    # The project type (research, pilot ...) is what the dashboard counts research projects by: the programme
    # office sets it.
    "set_project_type": office.because(_("Only the programme office sets the project type.")),
    "add_artefact": lead_or_office.because(
        _("Only the project lead or the programme office adds artefacts.")
    ),
    "edit_impact_sheet": lead_or_office.because(
        _("Only the project lead or the programme office edits the impact sheet.")
    ),
    "write_progress_report": lead_or_office.because(
        _("Only the project lead or the programme office writes progress reports.")
    ),
    "propose_transition": leads_project.because(_("Only the project lead proposes a transition.")),
    "confirm_criterion": sponsors_project,
    # Deciding on a project's phase or status is recording a decision of its team's steering meeting.
    "decide": record_decisions.on(_team_of_project).because(
        _("Only the members of the steering meeting of the project's team decide.")
    ),
    # An organisation of the register takes part in a portfolio project (stakeholders categorisation 5): the
    # register's editors record it, from the organisation's page.
    "join_collaboration": has_role(
        Role.PROGRAMME_OFFICE,
        Role.STEERING_TEAM,
        Role.TEAM_LEAD,
        reason=_("Only the programme office, the Regieteam and team leads change the register."),
    ),
    # Report batches (every current impact sheet or progress report of a team, a cluster or the portfolio as
    # PDFs in a ZIP, a background job) and their ZIP files: the programme office.
    "run_report_batches": office.because(_("Only the programme office prints report batches.")),
    # Re-linking impact sheets to the register after it changed: a job of the system (the register's
    # signal, the demo), never a person.
    "link_actors": nobody.because(
        _("Impact sheets are linked to the register by the system when the register changes.")
    ),
}
