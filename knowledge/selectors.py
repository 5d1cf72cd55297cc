"""Reads of lessons learned and cases: annotated querysets, no N+1."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from catalogue.models import RStrategy
from portfolio.models import ImpactSheet, Project
from programme.models import Team

from .models import BankImage, Case, Lesson, LessonReview
from .relevance import Themes, contributing_functions, r_strategies_of_bands, shared

# Team Kennisintegratie keeps the knowledge products the lessons feed (Bijlage 6 fase 4, §5.3).
KNOWLEDGE_TEAM = "kennisintegratie"
# The phase whose gate asks the evaluation for its lessons (Bijlage 6, "Evaluatie (Fase 4)").
EVALUATION_PHASE = "evaluation"
PUBLISHED = (Lesson.Status.PUBLISHED, Lesson.Status.APPLIED)
VALIDATED_OR_LATER = (Lesson.Status.VALIDATED, *PUBLISHED)


def user_in_team(user: Any, code: str) -> bool:
    """Whether the person linked to `user` leads team `code`, is its linking pin or holds a role in it. The
    person's teams are read once per user object (every page asks, for the navigation)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    codes = getattr(user, "_knowledge_team_codes", None)
    if codes is None:
        person = (
            Q(lead__user_id=user.pk) | Q(linking_pin__user_id=user.pk) | Q(roles__person__user_id=user.pk)
        )
        codes = frozenset(Team.objects.filter(person).values_list("code", flat=True))
        user._knowledge_team_codes = codes
    return code in codes


def lessons() -> QuerySet[Lesson]:
    return Lesson.objects.select_related(
        "project", "project__team", "logged_by", "validated_by", "published_by", "applied_by", "applied_in"
    ).prefetch_related("innovation_functions", "r_strategies", "themes")


def lesson_detail(pk: int) -> Lesson:
    return lessons().get(pk=pk)


def lesson_register(
    *,
    cluster: Any = None,
    theme: Any = None,
    function: Any = None,
    r_strategy: Any = None,
    phase: str = "",
    status: str = "",
    team: Any = None,
) -> QuerySet[Lesson]:
    """The lessons across projects, filtered (Team Kennisintegratie's view): by product cluster of the source
    project, KIA-CM topic, innovation function, R-strategy, phase, status and the project's team."""
    found = lessons()
    if cluster is not None:
        found = found.filter(project__in=Project.objects.filter(clusters=cluster).values("pk"))
    if theme is not None:
        found = found.filter(pk__in=Lesson.objects.filter(themes=theme).values("pk"))
    if function is not None:
        found = found.filter(pk__in=Lesson.objects.filter(innovation_functions=function).values("pk"))
    if r_strategy is not None:
        found = found.filter(pk__in=Lesson.objects.filter(r_strategies=r_strategy).values("pk"))
    if phase:
        found = found.filter(phase=phase)
    if status:
        found = found.filter(status=status)
    if team is not None:
        found = found.filter(project__team=team)
    return found


def project_lessons(project: Project) -> list[Lesson]:
    return list(lessons().filter(project=project))


def evaluation_lesson_counts(project: Project) -> tuple[int, int]:
    """(validated or later, drafts) among the lessons the project logged in its evaluation."""
    rows = Lesson.objects.filter(project=project, phase=EVALUATION_PHASE).values_list("status", flat=True)
    statuses = list(rows)
    return (
        sum(1 for s in statuses if s in VALIDATED_OR_LATER),
        sum(1 for s in statuses if s == Lesson.Status.DRAFT),
    )


# --- relevance ---------------------------------------------------------------------------------------------


def project_themes(project: Project) -> Themes:
    """What `project` is about: its clusters, product groups and KIA-CM topics, and from its current impact
    sheet the R-strategies of the bands it fills and the innovation functions it contributes to."""
    sheet = ImpactSheet.objects.filter(project=project).order_by("-version_number").first()
    r_strategies: frozenset[str] = frozenset()
    functions: frozenset[str] = frozenset()
    if sheet is not None:
        filled = {band for band, value in sheet.co2_bands().items() if value}
        bands = dict(RStrategy.objects.values_list("code", "band"))
        r_strategies = r_strategies_of_bands(filled, bands)
        functions = contributing_functions(sheet.innovation_functions)
    return Themes(
        clusters=frozenset(project.clusters.values_list("code", flat=True)),
        product_groups=frozenset(project.sbi_codes.values_list("code", flat=True)),
        themes=frozenset(project.kia_themes.values_list("code", flat=True)),
        r_strategies=r_strategies,
        functions=functions,
    )


def _lesson_themes(lesson: Lesson) -> Themes:
    return Themes(
        clusters=frozenset(c.code for c in lesson.project.clusters.all()),
        product_groups=frozenset(s.code for s in lesson.project.sbi_codes.all()),
        themes=frozenset(t.code for t in lesson.themes.all()),
        r_strategies=frozenset(r.code for r in lesson.r_strategies.all()),
        functions=frozenset(f.code for f in lesson.innovation_functions.all()),
    )


def relevant_lessons(project: Project) -> list[tuple[Lesson, dict[str, list[str]]]]:
    """The published lessons of other projects that concern `project`, each with what they share (a fixed
    number of queries, however many lessons there are)."""
    themes = project_themes(project)
    if themes.empty:
        return []
    candidates = (
        lessons()
        .filter(status__in=PUBLISHED)
        .exclude(project=project)
        .prefetch_related("project__clusters", "project__sbi_codes")
    )
    found = []
    for lesson in candidates:
        common = shared(_lesson_themes(lesson), themes)
        if common:
            found.append((lesson, common))
    return found


def lesson_reviews(project: Project) -> list[LessonReview]:
    return list(
        LessonReview.objects.filter(project=project)
        .select_related("reviewed_by")
        .prefetch_related("lessons")
        .order_by("-reviewed_at", "-pk")
    )


# --- cases -------------------------------------------------------------------------------------------------


def cases() -> QuerySet[Case]:
    return Case.objects.select_related(
        "project", "project__team", "drafted_by", "approved_by"
    ).prefetch_related("partners", "clusters", "r_strategies", "provinces")


def case_detail(pk: int) -> Case:
    return cases().get(pk=pk)


def public_cases(*, cluster: Any = None, r_strategy: Any = None, province: Any = None) -> QuerySet[Case]:
    """The published cases, newest first, filtered by product cluster, R-strategy and province. Only the
    published ones: a draft or a submitted case never reaches a public page."""
    found = Case.objects.filter(status=Case.Status.PUBLISHED).prefetch_related(
        Prefetch("partners"),
        "clusters",
        "r_strategies",
        "provinces",
        Prefetch("images", queryset=BankImage.objects.filter(status=BankImage.Status.APPROVED)),
    )
    if cluster is not None:
        found = found.filter(pk__in=Case.objects.filter(clusters=cluster).values("pk"))
    if r_strategy is not None:
        found = found.filter(pk__in=Case.objects.filter(r_strategies=r_strategy).values("pk"))
    if province is not None:
        found = found.filter(pk__in=Case.objects.filter(provinces=province).values("pk"))
    return found.order_by("-published_at", "-pk")


def public_case(slug: str) -> Case:
    return public_cases().get(slug=slug)


def current_impact_sheet(project: Project) -> ImpactSheet | None:
    return ImpactSheet.objects.filter(project=project).order_by("-version_number").first()
