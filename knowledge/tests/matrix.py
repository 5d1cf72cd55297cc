"""The knowledge app in the role matrix (regiekamer/tests/test_role_matrix.py): lessons learned and case
descriptions on the portfolio's world project (led by the project-lead user, in the team the team-lead user
leads) and on its foreign project (nobody's)."""

from accounts.authorization import system_actor
from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from knowledge import services
from knowledge.models import Case, Lesson

from . import factories

OFFICE = {Role.PROGRAMME_OFFICE}
LEAD_OR_OFFICE = {Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD}
MAKERS = {Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD, Role.TEAM_LEAD}
READERS = set(PROGRAMME_ROLES) | {Role.READER}


def build(world: World) -> None:
    def user_for(role):
        return world.users[role]

    world.lesson = factories.lesson(user_for, world.project, title="Concept")
    world.validated_lesson = factories.lesson(user_for, world.project, status=Lesson.Status.VALIDATED)
    world.published_lesson = factories.lesson(user_for, world.project, status=Lesson.Status.PUBLISHED)
    # The foreign project's lessons are logged by the office (its lead is nobody of the test users).
    office = world.users[Role.PROGRAMME_OFFICE]

    world.foreign_lesson = services.lesson_log(
        actor=office,
        project=world.foreign_project,
        title="Ander",
        event="Gebeurtenis",
        recommendation="Advies",
    )
    published = services.lesson_log(
        actor=office, project=world.foreign_project, title="Gepubliceerd", event="E", recommendation="A"
    )
    system = system_actor()  # the foreign team has no lead among the test users
    services.lesson_validate(actor=system, lesson=published)
    world.foreign_published_lesson = services.lesson_publish(actor=system, lesson=published)
    world.case = factories.case(user_for, world.project)
    world.submitted_case = factories.case(user_for, world.project, status=Case.Status.SUBMITTED)
    world.published_case = factories.case(user_for, world.project, status=Case.Status.PUBLISHED)
    world.foreign_case = services.case_draft(actor=office, project=world.foreign_project, title_nl="Ander")


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _obj(name):
    return lambda w: getattr(w, name)


def _number(w):
    return {"number": w.project.number}


ROUTES = [
    Route("knowledge:lessons"),
    Route("knowledge:lesson-detail", kwargs=_pk("lesson"), obj=_obj("lesson")),
    Route("knowledge:lesson-history", kwargs=_pk("lesson"), obj=_obj("lesson")),
    Route("knowledge:lesson-edit", kwargs=_pk("lesson"), obj=_obj("lesson"), methods=("GET", "POST")),
    Route("knowledge:lesson-validate", kwargs=_pk("lesson"), obj=_obj("lesson"), methods=("POST",)),
    Route(
        "knowledge:lesson-publish",
        kwargs=_pk("validated_lesson"),
        obj=_obj("validated_lesson"),
        methods=("POST",),
    ),
    Route(
        "knowledge:lesson-apply",
        kwargs=_pk("published_lesson"),
        obj=_obj("published_lesson"),
        methods=("POST",),
        data=lambda w: {"evidence": "Toegepast in de checklist."},
    ),
    Route("knowledge:lesson-log", kwargs=_number, obj=_obj("project"), methods=("GET", "POST")),
    Route("knowledge:lessons-reviewed", kwargs=_number, obj=_obj("project"), methods=("POST",)),
    Route("knowledge:case-draft", kwargs=_number, obj=_obj("project"), methods=("GET", "POST")),
    Route("knowledge:cases"),
    Route("knowledge:case-detail", kwargs=_pk("case")),
    Route("knowledge:case-history", kwargs=_pk("case")),
    Route("knowledge:case-edit", kwargs=_pk("case"), obj=_obj("case"), methods=("GET", "POST")),
    Route("knowledge:case-submit", kwargs=_pk("case"), obj=_obj("case"), methods=("POST",)),
    Route(
        "knowledge:case-approve", kwargs=_pk("submitted_case"), obj=_obj("submitted_case"), methods=("POST",)
    ),
    Route(
        "knowledge:case-return",
        kwargs=_pk("submitted_case"),
        obj=_obj("submitted_case"),
        methods=("POST",),
        data=lambda w: {"note": "Graag de resultaten aanvullen."},
    ),
    # Public pages: every role and anonymous.
    Route("knowledge:public-cases"),
    Route("knowledge:public-case", kwargs=lambda w: {"slug": w.published_case.slug}),
    Route("knowledge:public-feed", kwargs=lambda w: {"language": "en"}),
]

EXPECTED = {
    "view_lesson_register": Expect(OFFICE),
    # A draft: its project's lead and team lead and the office; a published lesson: the whole programme.
    "view_lesson": Expect(
        MAKERS, obj=_obj("lesson"), foreign=READERS, foreign_obj=_obj("foreign_published_lesson")
    ),
    "log_lesson": Expect(
        LEAD_OR_OFFICE, obj=_obj("project"), foreign=OFFICE, foreign_obj=_obj("foreign_project")
    ),
    "edit_lesson": Expect(
        LEAD_OR_OFFICE, obj=_obj("lesson"), foreign=OFFICE, foreign_obj=_obj("foreign_lesson")
    ),
    "validate_lesson": Expect(
        {Role.TEAM_LEAD}, obj=_obj("lesson"), foreign=set(), foreign_obj=_obj("foreign_lesson")
    ),
    "publish_lesson": Expect(
        {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD},
        obj=_obj("validated_lesson"),
        foreign=OFFICE,
        foreign_obj=_obj("foreign_lesson"),
    ),
    "apply_lesson": Expect(
        MAKERS, obj=_obj("published_lesson"), foreign=OFFICE, foreign_obj=_obj("foreign_published_lesson")
    ),
    "review_lessons": Expect(
        MAKERS, obj=_obj("project"), foreign=OFFICE, foreign_obj=_obj("foreign_project")
    ),
    "view_cases": Expect(set(PROGRAMME_ROLES)),
    "draft_case": Expect(
        LEAD_OR_OFFICE, obj=_obj("project"), foreign=OFFICE, foreign_obj=_obj("foreign_project")
    ),
    "edit_case": Expect(LEAD_OR_OFFICE, obj=_obj("case"), foreign=OFFICE, foreign_obj=_obj("foreign_case")),
    "approve_case": Expect(
        OFFICE, obj=_obj("submitted_case"), foreign=OFFICE, foreign_obj=_obj("foreign_case")
    ),
}
