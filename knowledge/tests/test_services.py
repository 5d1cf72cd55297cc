"""Lessons learned and cases through their services: the workflow, the refusals, the evaluation's gate."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from catalogue.models import InnovationFunction, KiaTheme, RStrategy
from knowledge import selectors, services
from knowledge.models import Case, Lesson
from portfolio import services as portfolio_services
from portfolio.selectors import project_missing_items
from portfolio.services import GateNotMet
from portfolio.tests import factories as portfolio_factories
from regiekamer.concurrency import StateConflict

from . import factories


def test_a_lesson_without_its_project_is_refused(user_for):
    with pytest.raises(ValidationError) as error:
        services.lesson_log(
            actor=user_for(Role.PROJECT_LEAD), project=None, title="T", event="E", recommendation="R"
        )
    assert error.value.message_dict == {"project": ["A lesson names the project it came from."]}
    assert Lesson.objects.count() == 0


def test_a_lesson_needs_event_and_recommendation(user_for, project):
    with pytest.raises(ValidationError) as error:
        services.lesson_log(
            actor=user_for(Role.PROJECT_LEAD), project=project, title="T", event=" ", recommendation=""
        )
    assert set(error.value.message_dict) == {"event", "recommendation"}


def test_draft_validated_published_applied_is_audited(user_for, project):
    lesson = factories.lesson(user_for, project, phase="execution", gate="evaluation")
    assert (lesson.status, lesson.phase, lesson.gate, lesson.logged_by) == (
        "draft",
        "execution",
        "evaluation",
        user_for(Role.PROJECT_LEAD),
    )
    with pytest.raises(PermissionDenied):  # the project lead does not validate their own lesson
        services.lesson_validate(actor=user_for(Role.PROJECT_LEAD), lesson=lesson)
    with pytest.raises(StateConflict):  # a draft is not published before the team lead validated it
        services.lesson_publish(actor=user_for(Role.TEAM_LEAD), lesson=lesson)
    lesson = services.lesson_validate(actor=user_for(Role.TEAM_LEAD), lesson=lesson)
    lesson = services.lesson_publish(actor=user_for(Role.TEAM_LEAD), lesson=lesson)
    with pytest.raises(ValidationError) as error:
        services.lesson_apply(actor=user_for(Role.PROGRAMME_OFFICE), lesson=lesson, evidence=" ")
    assert list(error.value.message_dict) == ["evidence"]
    lesson = services.lesson_apply(
        actor=user_for(Role.PROGRAMME_OFFICE),
        lesson=lesson,
        evidence="Contextscan aangevuld met retourlogistiek.",
    )
    assert (lesson.status, lesson.action_taken) == ("applied", True)
    assert list(lesson.history.order_by("history_id").values_list("status", flat=True)) == [
        "draft",
        "validated",
        "published",
        "applied",
    ]


def test_a_validated_lesson_is_no_longer_edited(user_for, project):
    lesson = factories.lesson(user_for, project, status=Lesson.Status.VALIDATED)
    with pytest.raises(StateConflict):
        services.lesson_update(
            actor=user_for(Role.PROJECT_LEAD), lesson=lesson, expected_version=lesson.version, title="Anders"
        )


def test_another_teams_lead_does_not_validate(user_for, project):
    other = portfolio_factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    foreign = portfolio_factories.project(user_for, team_obj=other, title="Ander project")
    lesson = factories.lesson(user_for, foreign)
    with pytest.raises(PermissionDenied):
        services.lesson_validate(actor=user_for(Role.TEAM_LEAD), lesson=lesson)


# --- the gate out of the evaluation (Bijlage 6, fase 4) ---


def _to_evaluation(user_for, project):
    """Move the project through its gates (the Leidraad's) up to the evaluation."""
    project = portfolio_factories.fill_fields(project, user_for)
    meeting = portfolio_factories.meeting(project.team)
    for target in ["definition", "stakeholder_commitment", "execution", "evaluation"]:
        portfolio_factories.satisfy_gate(project, user_for)
        portfolio_services.project_decide(
            actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action=target
        )
        project.refresh_from_db()
    portfolio_factories.satisfy_gate(project, user_for)
    return project, meeting


def test_the_evaluation_must_name_a_validated_lesson(user_for, project):
    project, meeting = _to_evaluation(user_for, project)
    assert [item.code for item in project_missing_items(project, "closed")] == [
        "knowledge.evaluation_lessons"
    ]
    lesson = factories.lesson(user_for, project)  # logged at the evaluation, not yet validated
    missing = project_missing_items(project, "closed")
    assert [str(item) for item in missing] == [
        "The evaluation names no lesson learned validated by the team lead: "
        "1 lesson waits for the team lead's validation"
    ]
    with pytest.raises(GateNotMet):
        portfolio_services.project_decide(
            actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action="closed"
        )
    services.lesson_validate(actor=user_for(Role.TEAM_LEAD), lesson=lesson)
    assert project_missing_items(project, "closed") == []
    portfolio_services.project_decide(
        actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action="closed"
    )
    project.refresh_from_db()
    assert project.phase == "closed"


def test_a_lesson_of_an_earlier_phase_does_not_count_for_the_evaluation(user_for, project):
    project, _meeting = _to_evaluation(user_for, project)
    factories.lesson(user_for, project, phase="execution", status=Lesson.Status.PUBLISHED)
    assert [item.code for item in project_missing_items(project, "closed")] == [
        "knowledge.evaluation_lessons"
    ]


# --- relevance at the phase-1 gate ---


def _theme(code: str) -> KiaTheme:
    number = {"kem": 5, "design": 8}[code]
    return KiaTheme.objects.get_or_create(
        code=code, defaults={"number": number, "name": code, "source_section": "t"}
    )[0]


def test_published_lessons_concerning_a_new_project(user_for, team, catalogue):
    source = portfolio_factories.project(user_for, team_obj=team, title="Urban Mining Electronica")
    new = portfolio_factories.project(user_for, team_obj=team, title="Kennisuitwisseling")
    kem, design = _theme("kem"), _theme("design")
    new.kia_themes.set([kem])
    r8 = RStrategy.objects.get(code="R8")
    f2 = InnovationFunction.objects.get(code="F2")
    published = factories.lesson(user_for, source, status=Lesson.Status.PUBLISHED, themes=[kem, design])
    factories.lesson(user_for, source, status=Lesson.Status.VALIDATED, themes=[kem])  # not published
    unrelated = factories.lesson(user_for, source, status=Lesson.Status.PUBLISHED, themes=[design])
    factories.lesson(user_for, new, status=Lesson.Status.PUBLISHED, themes=[kem])  # its own lesson
    assert [(lesson, common) for lesson, common in selectors.relevant_lessons(new)] == [
        (published, {"theme": ["kem"]})
    ]
    # The impact sheet's R-ladder bands and innovation functions count too.
    unrelated.r_strategies.set([r8])
    unrelated.innovation_functions.set([f2])
    portfolio_services.impact_sheet_save(
        actor=user_for(Role.PROJECT_LEAD),
        project=new,
        status_date=datetime.date(2020, 8, 1),
        co2_r8_r9=Decimal(3),
        innovation_functions={"F2": "high", "F7": "unknown"},
    )
    found = dict(selectors.relevant_lessons(new))
    assert found[unrelated] == {"r_strategy": ["R8"], "function": ["F2"]}


def test_looked_at_is_recorded_with_the_lessons_shown(user_for, team):
    source = portfolio_factories.project(user_for, team_obj=team, title="Bron")
    new = portfolio_factories.project(user_for, team_obj=team, title="Nieuw")
    kem = _theme("kem")
    new.kia_themes.set([kem])
    lesson = factories.lesson(user_for, source, status=Lesson.Status.PUBLISHED, themes=[kem])
    draft = factories.lesson(user_for, source, themes=[kem])
    with pytest.raises(ValidationError):
        services.lessons_reviewed(actor=user_for(Role.PROJECT_LEAD), project=new, lessons=[draft])
    review = services.lessons_reviewed(actor=user_for(Role.PROJECT_LEAD), project=new, lessons=[lesson])
    assert (review.phase, list(review.lessons.all()), review.reviewed_by) == (
        "initiation",
        [lesson],
        user_for(Role.PROJECT_LEAD),
    )
    with pytest.raises(PermissionDenied):
        services.lessons_reviewed(actor=user_for(Role.READER), project=new, lessons=[lesson])


# --- cases ---


def test_case_drafted_submitted_approved_with_the_sheets_figures(user_for, project):
    portfolio_services.impact_sheet_save(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        status_date=datetime.date(2020, 8, 1),
        co2_r3_r7=Decimal(17),
        co2_r8_r9=Decimal(3),
        added_value_meur=Decimal(238),
        added_value_base_year=2019,
    )
    case = factories.case(user_for, project, status=Case.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.case_approve(actor=user_for(Role.PROJECT_LEAD), case=case)
    case = services.case_approve(actor=user_for(Role.PROGRAMME_OFFICE), case=case)
    assert case.status == "published"
    assert case.figures["co2_total"] == "20.00"
    assert case.figures["added_value_meur"] == "238.00"
    # A later sheet does not change the published figures until the case is approved again.
    portfolio_services.impact_sheet_save(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        status_date=datetime.date(2021, 1, 1),
        co2_r8_r9=Decimal(9),
    )
    case.refresh_from_db()
    assert case.figures["co2_total"] == "20.00"


def test_a_case_is_submitted_only_in_both_languages(user_for, project):
    case = factories.case(user_for, project, result_en="")
    with pytest.raises(ValidationError) as error:
        services.case_submit(actor=user_for(Role.PROJECT_LEAD), case=case)
    assert list(error.value.message_dict) == ["result_en"]


def test_a_case_naming_a_person_is_refused(user_for, project):
    user = user_for(Role.PROJECT_LEAD)
    user.first_name, user.last_name = "Petra", "Dhaans"
    user.save()
    case = factories.case(user_for, project, approach_nl="Petra Dhaans leidt de twee pilots.")
    with pytest.raises(ValidationError) as error:
        services.case_submit(actor=user, case=case)
    assert "Petra Dhaans" in error.value.message_dict["challenge_nl"][0]
    assert Case.objects.get(pk=case.pk).status == "draft"


def test_a_returned_case_leaves_the_public_pages(user_for, project):
    case = factories.case(user_for, project, status=Case.Status.PUBLISHED)
    with pytest.raises(ValidationError):
        services.case_return(actor=user_for(Role.PROGRAMME_OFFICE), case=case, note="")
    services.case_return(actor=user_for(Role.PROGRAMME_OFFICE), case=case, note="Cijfers verouderd.")
    assert not selectors.public_cases().exists()
