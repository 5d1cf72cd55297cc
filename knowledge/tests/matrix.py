"""The knowledge app in the role matrix (regiekamer/tests/test_role_matrix.py): lessons learned and case
descriptions on the portfolio's world project (led by the project-lead user, in the team the team-lead user
leads) and on its foreign project (nobody's)."""

from accounts.authorization import system_actor
from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from knowledge import services, services_outreach
from knowledge.models import Case, HubItem, Lesson
from programme.reference import ensure_horizons

from . import factories

OFFICE = {Role.PROGRAMME_OFFICE}
LEAD_OR_OFFICE = {Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD}
MAKERS = {Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD, Role.TEAM_LEAD}
READERS = set(PROGRAMME_ROLES) | {Role.READER}
PROGRAMME = set(PROGRAMME_ROLES)
HUB_EDITORS = {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD, Role.PROJECT_LEAD}
LIST_EDITORS = {Role.PROGRAMME_OFFICE, Role.TEAM_LEAD}


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
    # Communication strategy, image bank, hub, mailing lists and landscape (no object rules).
    services_outreach.strategy_save(
        actor=office,
        expected_version=None,
        aim="Inspireren",
        key_message="Stap voor stap",
        promise="Wij helpen",
    )
    world.target_group = services_outreach.target_group_save(
        actor=office, name="Maakbedrijven", segment="early_majority", role="primary", goal="both"
    )
    world.guideline = services_outreach.imaging_guideline_save(actor=office, kind="dont", text="Snapshots")
    world.image = factories.bank_image(user_for, title="Nog te keuren", kind="supporting")
    world.approved_image = factories.bank_image(user_for, approved=True)
    world.published_case.images.add(world.approved_image)
    world.hub_item = services_outreach.hub_item_create(
        actor=office,
        title="Notitie",
        kind=HubItem.Kind.DOCUMENT,
        team=world.team,
        content=b"Een notitie.",
        file_name="notitie.txt",
    )
    world.hub_version = world.hub_item.versions.get()
    world.mailing_list = services_outreach.mailing_list_save(
        actor=office, team=world.team, name="Nieuwsbrief", content="de nieuwsbrief"
    )
    world.landscape_item = services_outreach.landscape_item_save(
        actor=office, title="Pilot", horizon=ensure_horizons()["0-2y"], project=world.project
    )


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
    Route("knowledge:strategy"),
    Route("knowledge:strategy-edit", methods=("GET", "POST")),
    Route("knowledge:strategy-history"),
    Route("knowledge:target-group-new", methods=("GET", "POST")),
    Route("knowledge:target-group-edit", kwargs=_pk("target_group"), methods=("GET", "POST")),
    Route("knowledge:target-group-delete", kwargs=_pk("target_group"), methods=("POST",)),
    Route("knowledge:guideline-new", methods=("GET", "POST")),
    Route("knowledge:guideline-edit", kwargs=_pk("guideline"), methods=("GET", "POST")),
    Route("knowledge:guideline-delete", kwargs=_pk("guideline"), methods=("POST",)),
    Route("knowledge:guidelines-load", methods=("POST",)),
    Route("knowledge:images"),
    Route("knowledge:image-upload", methods=("GET", "POST")),
    Route("knowledge:image-detail", kwargs=_pk("image")),
    Route("knowledge:image-edit", kwargs=_pk("image"), methods=("GET", "POST")),
    Route("knowledge:image-approve", kwargs=_pk("image"), methods=("POST",)),
    Route(
        "knowledge:image-reject",
        kwargs=_pk("image"),
        methods=("POST",),
        data=lambda w: {"reason": "Onscherp"},
    ),
    Route("knowledge:image-history", kwargs=_pk("image")),
    Route("knowledge:image-file", kwargs=lambda w: {"pk": w.image.pk, "variant": "thumbnail"}),
    Route("knowledge:hub"),
    Route("knowledge:hub-new", methods=("GET", "POST")),
    Route("knowledge:hub-item", kwargs=_pk("hub_item")),
    Route("knowledge:hub-item-edit", kwargs=_pk("hub_item"), methods=("GET", "POST")),
    Route(
        "knowledge:hub-version-add",
        kwargs=_pk("hub_item"),
        methods=("POST",),
        data=lambda w: {"note": "Bijgewerkt"},
    ),
    Route("knowledge:hub-item-history", kwargs=_pk("hub_item")),
    Route("knowledge:hub-file", kwargs=_pk("hub_version")),
    Route("knowledge:mailing-lists"),
    Route("knowledge:mailing-list-new", methods=("GET", "POST")),
    Route("knowledge:mailing-list", kwargs=_pk("mailing_list")),
    Route("knowledge:mailing-list-edit", kwargs=_pk("mailing_list"), methods=("GET", "POST")),
    Route("knowledge:mailing-list-history", kwargs=_pk("mailing_list")),
    Route("knowledge:mailing-list-export", kwargs=lambda w: {"pk": w.mailing_list.pk, "fmt": "csv"}),
    Route("knowledge:landscape"),
    Route("knowledge:landscape-export", kwargs=lambda w: {"fmt": "svg"}),
    Route("knowledge:landscape-item-new", methods=("GET", "POST")),
    Route("knowledge:landscape-item-edit", kwargs=_pk("landscape_item"), methods=("GET", "POST")),
    Route("knowledge:landscape-item-delete", kwargs=_pk("landscape_item"), methods=("POST",)),
    Route("knowledge:landscape-item-history", kwargs=_pk("landscape_item")),
    # Public pages: every role and anonymous.
    Route("knowledge:public-image", kwargs=lambda w: {"pk": w.approved_image.pk, "variant": "thumbnail"}),
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
    "view_strategy": Expect(READERS),
    "edit_strategy": Expect(OFFICE),
    "view_images": Expect(PROGRAMME),
    "upload_image": Expect(PROGRAMME),
    "approve_image": Expect(OFFICE),
    "view_hub": Expect(PROGRAMME),
    "edit_hub": Expect(HUB_EDITORS),
    "view_mailing_lists": Expect(PROGRAMME),
    "edit_mailing_lists": Expect(LIST_EDITORS),
    "view_landscape": Expect(READERS),
    "edit_landscape": Expect(OFFICE),
}
