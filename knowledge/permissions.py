"""Who may do what with lessons learned and case descriptions (S19; Bijlage 6 fase 4, Bijlage 9, Bijlage 11).

Lessons: the project lead (or the programme office) logs the lessons of their project; the team lead of the
project's team — its sponsor — validates and publishes them (the programme office may publish too). A
published lesson is read by everyone working in the programme; a draft or a validated lesson only by the
project's lead and team lead, the programme office and Team Kennisintegratie, which keeps the knowledge
products (Bijlage 6 fase 4) and, with the programme office, reads the register across projects. The object of
the lesson rules is a Lesson, of `log_lesson` and `review_lessons` a Project.

Cases: the project lead drafts and submits the case of their project, the programme office approves it for the
public pages (which anyone reads, signed in or not: knowledge.views.public_*). The object of the case rules is
a Case, of `draft_case` a Project.

Communication strategy, image bank, knowledge hub, mailing lists and vision landscape: no rule looks at an
object (they are the programme's, not a project's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, user_rule
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role
from portfolio.permissions import is_project_lead
from programme.selectors import user_is_team_lead

from .models import Lesson
from .selectors import KNOWLEDGE_TEAM, PUBLISHED, user_in_team

office = has_role(Role.PROGRAMME_OFFICE)
programme = has_role(*PROGRAMME_ROLES)
# Published lessons are read by everyone working in or reading the programme.
readers = has_role(*PROGRAMME_ROLES, Role.READER)


@user_rule(_("Only Team Kennisintegratie and the programme office read the lessons across projects."))
def in_knowledge_team(user: User, obj: Any) -> bool:
    # Only people with a role inside the programme work in its teams (and a reader costs no query).
    return bool(user.roles & PROGRAMME_ROLES) and user_in_team(user, KNOWLEDGE_TEAM)


def _project(obj: Any) -> Any:
    return getattr(obj, "project", obj)


@object_rule(_("Only the lead of this project may do this."))
def leads_project(user: User, obj: Any) -> bool:
    return is_project_lead(user, _project(obj))


@object_rule(_("Only the team lead of the project's team (its sponsor) may do this."))
def sponsors_project(user: User, obj: Any) -> bool:
    return user_is_team_lead(user, _project(obj).team)


@object_rule(_("This lesson is not published yet."))
def lesson_published(user: User, lesson: Any) -> bool:
    return bool(lesson.is_public_to_programme)


# Published lessons: the programme; unpublished ones: those who make and validate them, and Kennisintegratie.
makers = office | leads_project | sponsors_project | in_knowledge_team


def visible_lessons(user: Any) -> QuerySet[Lesson] | None:
    """The lessons `user` may read, the list form of `view_lesson` (the site search asks it): None for every
    lesson (the programme office and Team Kennisintegratie), else the published ones and the project's own
    for its lead and its team's lead."""
    if getattr(user, "is_system", False):
        return None
    if not getattr(user, "is_authenticated", False) or not user.is_active or not readers(user):
        return Lesson.objects.none()
    if office(user) or in_knowledge_team(user):
        return None
    own = (
        Q(project__lead_user_id=user.pk)
        | Q(project__lead_person__user_id=user.pk)
        | Q(project__team__lead__user_id=user.pk)
    )
    return Lesson.objects.filter(Q(status__in=PUBLISHED) | own)


PERMISSIONS: dict[str, Rule] = {
    "view_lesson_register": (office | in_knowledge_team).because(
        _("Only Team Kennisintegratie and the programme office read the lessons across projects.")
    ),
    "view_lesson": (readers & (lesson_published | makers)).because(
        _(
            "A lesson is read by the programme once it is published; before that by its project's lead "
            "and team lead, Team Kennisintegratie and the programme office."
        )
    ),
    "log_lesson": (office | (has_role(Role.PROJECT_LEAD) & leads_project)).because(
        _("Only the project lead or the programme office logs the lessons of a project.")
    ),
    "edit_lesson": (office | (has_role(Role.PROJECT_LEAD) & leads_project)).because(
        _("Only the project lead or the programme office edits a lesson of the project.")
    ),
    "validate_lesson": (has_role(Role.TEAM_LEAD) & sponsors_project).because(
        _("Only the team lead of the project's team validates its lessons.")
    ),
    "publish_lesson": (office | (has_role(Role.TEAM_LEAD) & sponsors_project)).because(
        _("Only the team lead of the project's team or the programme office publishes a lesson.")
    ),
    "apply_lesson": (makers & programme).because(
        _(
            "Only the project's lead and team lead, Team Kennisintegratie and the programme office "
            "record that a lesson was applied."
        )
    ),
    "review_lessons": (programme & (office | leads_project | sponsors_project)).because(
        _(
            "Only the project lead, the team lead of the project's team or the programme office records that "
            "the lessons were looked at."
        )
    ),
    "view_cases": programme,
    "draft_case": (office | (has_role(Role.PROJECT_LEAD) & leads_project)).because(
        _("Only the project lead or the programme office drafts the case of a project.")
    ),
    "edit_case": (office | (has_role(Role.PROJECT_LEAD) & leads_project)).because(
        _("Only the project lead or the programme office edits the case of a project.")
    ),
    "approve_case": office.because(_("Only the programme office approves a case for the public pages.")),
    # Communication strategy and image bank (S22, Bijlage 5): the programme reads them, the programme office
    # keeps the strategy and approves images; anyone working in the programme may propose an image.
    "view_strategy": readers,
    "edit_strategy": office.because(_("Only the programme office edits the communication strategy.")),
    "view_images": programme,
    "upload_image": programme.because(
        _("Only people working in the programme add images to the image bank.")
    ),
    "approve_image": office.because(_("Only the programme office approves images of the image bank.")),
    # Knowledge hub (S23): documents, sources and links per team and roadmap theme for the programme; the
    # programme office, team leads and project leads add and version them. Mailing lists hold personal data
    # (the stakeholder register's people): programme roles only; the office and team leads keep them.
    "view_hub": programme,
    "edit_hub": has_role(Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.PROJECT_LEAD).because(
        _("Only the programme office, team leads and project leads add to the knowledge hub.")
    ),
    "view_mailing_lists": programme.because(
        _("Mailing lists are personal data: only programme roles see them.")
    ),
    "edit_mailing_lists": has_role(Role.PROGRAMME_OFFICE, Role.TEAM_LEAD).because(
        _("Only the programme office and team leads keep the mailing lists.")
    ),
    # Vision landscape (S21, §3.3): read like the roadmap; the programme office places the items.
    "view_landscape": readers,
    "edit_landscape": office.because(_("Only the programme office edits the vision landscape.")),
}
