"""The knowledge app at the Leidraad's gates (Bijlage 6), registered with portfolio.extensions:

* the gate out of the evaluation (fase 4) asks the evaluation to name its lessons: at least one lesson the
  project logged in its evaluation, validated by the team lead — a file called "Evaluatierapport" is not
  enough, the programme learns from the lessons themselves;
* a project's page shows its own lessons beside the gate, and in the phases whose gate asks for the context
  scan (the initiation and fase 1) the published lessons of other projects that concern it, with a button to
  record that they were looked at."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.authorization import can
from portfolio.workflow import MissingItem, leidraad

from . import selectors
from .models import Lesson
from .relevance import ASPECTS, CLUSTER, FUNCTION, PRODUCT_GROUP, R_STRATEGY, THEME

KIND_LESSONS = "lessons"


def evaluation_names_lessons(project: Any, target: str) -> list[MissingItem]:
    """Leaving the evaluation: the lessons it names (validated by the team lead), or what is missing."""
    if project.phase != selectors.EVALUATION_PHASE or target == project.phase:
        return []
    if leidraad().state_codes().index(target) < leidraad().state_codes().index(project.phase):
        return []  # moving back to an earlier phase asks for no lessons yet
    validated, drafts = selectors.evaluation_lesson_counts(project)
    if validated:
        return []
    detail = (
        ngettext(
            "%(count)s lesson waits for the team lead's validation",
            "%(count)s lessons wait for the team lead's validation",
            drafts,
        )
        % {"count": drafts}
        if drafts
        else ""
    )
    return [
        MissingItem(
            kind=KIND_LESSONS,
            code="knowledge.evaluation_lessons",
            label=_("The evaluation names no lesson learned validated by the team lead"),
            detail=detail,
        )
    ]


def asks_context_scan(phase: str) -> bool:
    """Whether the gate out of `phase` asks for the context scan (Bijlage 6: initiation and fase 1)."""
    return any(criterion.code.endswith(".context_scan") for criterion in leidraad().state(phase).criteria)


ASPECT_LABELS = {
    CLUSTER: lambda: _("product cluster"),
    PRODUCT_GROUP: lambda: _("product group"),
    THEME: lambda: _("KIA-CM topic"),
    R_STRATEGY: lambda: _("R-strategy"),
    FUNCTION: lambda: _("innovation function"),
}


def _reasons(common: dict[str, list[str]], lesson: Lesson) -> list[str]:
    """What a lesson shares with the project, as people read it ("R-strategy: R8 Recycle")."""
    names = {
        CLUSTER: {c.code: c.label for c in lesson.project.clusters.all()},
        PRODUCT_GROUP: {s.code: s.display_code for s in lesson.project.sbi_codes.all()},
        THEME: {t.code: t.label for t in lesson.themes.all()},
        R_STRATEGY: {r.code: f"{r.code} {r.label}" for r in lesson.r_strategies.all()},
        FUNCTION: {f.code: f"{f.code} {f.label}" for f in lesson.innovation_functions.all()},
    }
    return [
        f"{ASPECT_LABELS[aspect]()}: {', '.join(names[aspect].get(code, code) for code in common[aspect])}"
        for aspect in ASPECTS
        if aspect in common
    ]


def lessons_panel(request: Any, project: Any) -> dict[str, Any] | None:
    user = request.user
    if not can(user, "knowledge.view_lesson"):
        return None
    own = [
        lesson for lesson in selectors.project_lessons(project) if can(user, "knowledge.view_lesson", lesson)
    ]
    context: dict[str, Any] = {
        "project": project,
        "own_lessons": own,
        "can_log": can(user, "knowledge.log_lesson", project),
        "can_draft_case": can(user, "knowledge.draft_case", project),
        "context_scan": asks_context_scan(project.phase),
    }
    if context["context_scan"]:
        context["relevant"] = [
            (lesson, _reasons(common, lesson)) for lesson, common in selectors.relevant_lessons(project)
        ]
        context["reviews"] = selectors.lesson_reviews(project)
        context["can_review"] = can(user, "knowledge.review_lessons", project)
    return context
