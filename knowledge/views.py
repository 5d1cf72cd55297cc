"""Pages of the knowledge app: the lessons register and a lesson's page (programme), the case drafts
(programme) and the public case library with its Atom feed (anyone, no login: knowledge.views.public_*)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.authorization import can, permission_required, public, require
from portfolio.models import Project
from portfolio.workflow import leidraad
from regiekamer.forms import add_service_errors, flash_errors, service_saved
from regiekamer.history import render_history
from regiekamer.pagination import html_page, query_without_page

from . import figures, selectors, services
from .feeds import CaseFeed
from .forms import (
    ApplyForm,
    CaseForm,
    LessonForm,
    PublicFilterForm,
    RegisterFilterForm,
    ReturnForm,
    ReviewForm,
)
from .models import Case, Lesson

LESSON_PAGE_SIZE = 25
CASE_PAGE_SIZE = 12


def _project(number: str) -> Project:
    project = Project.objects.select_related("team").filter(number=number).first()
    if project is None:
        raise Http404(_("No project with number %(number)s.") % {"number": number})
    return project


def _lesson(pk: int) -> Lesson:
    try:
        return selectors.lesson_detail(pk)
    except Lesson.DoesNotExist as error:
        raise Http404(_("No such lesson.")) from error


def _case(pk: int) -> Case:
    try:
        return selectors.case_detail(pk)
    except Case.DoesNotExist as error:
        raise Http404(_("No such case.")) from error


def _state_step(request, step: Any, success: str) -> bool:
    """Run a workflow step of a service (which checks who may take it); a refusal (wrong state, missing
    field) becomes an error message, a PermissionDenied a 403."""
    try:
        step()
    except ValidationError as error:  # StateConflict included
        flash_errors(request, error)
        return False
    messages.success(request, success)
    return True


# --- lessons -----------------------------------------------------------------------------------------------


@permission_required("knowledge.view_lesson_register")
def lesson_register(request) -> HttpResponse:
    """Every lesson across projects, filtered by theme, function, R-strategy, phase, status and team."""
    form = RegisterFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    page = html_page(request, selectors.lesson_register(**filters), per_page=LESSON_PAGE_SIZE)
    return render(
        request,
        "knowledge/lesson_register.html",
        {"form": form, "page": page, "lessons": page.object_list, "page_query": query_without_page(request)},
    )


@permission_required("knowledge.view_lesson")
def lesson_detail(request, pk: int) -> HttpResponse:
    lesson = _lesson(pk)
    require(request.user, "knowledge.view_lesson", lesson)
    user = request.user
    allowed = {
        "edit": can(user, "knowledge.edit_lesson", lesson) and lesson.status == Lesson.Status.DRAFT,
        "validate": can(user, "knowledge.validate_lesson", lesson) and lesson.status == Lesson.Status.DRAFT,
        "publish": can(user, "knowledge.publish_lesson", lesson) and lesson.status == Lesson.Status.VALIDATED,
        "apply": can(user, "knowledge.apply_lesson", lesson) and lesson.status == Lesson.Status.PUBLISHED,
    }
    return render(
        request,
        "knowledge/lesson_detail.html",
        {"lesson": lesson, "can": allowed, "apply_form": ApplyForm() if allowed["apply"] else None},
    )


@permission_required("knowledge.log_lesson")
def lesson_log(request, number: str) -> HttpResponse:
    """The project lead logs a lesson of their project (at its evaluation, or whenever one is learned)."""
    project = _project(number)
    require(request.user, "knowledge.log_lesson", project)
    # By default the lesson comes from the gate ahead: the next phase the project may move on to.
    order = leidraad().state_codes()
    ahead = [
        t for t in leidraad().allowed_targets(project.phase) if order.index(t) > order.index(project.phase)
    ]
    gate = ahead[0] if ahead else ""
    form = LessonForm(request.POST or None, initial={"phase": project.phase, "gate": gate})
    if request.method == "POST" and form.is_valid():
        lesson = service_saved(
            form,
            lambda data: services.lesson_log(
                actor=request.user, project=project, **{k: v for k, v in data.items() if k != "version"}
            ),
        )
        if lesson is not None:
            messages.success(request, _("Lesson logged. The team lead validates it."))
            return redirect(lesson)
    return render(request, "knowledge/lesson_form.html", {"form": form, "project": project, "lesson": None})


@permission_required("knowledge.edit_lesson")
def lesson_edit(request, pk: int) -> HttpResponse:
    lesson = _lesson(pk)
    require(request.user, "knowledge.edit_lesson", lesson)
    initial = {
        **{name: getattr(lesson, name) for name in (*services.LESSON_TEXTS, "phase", "gate", "action_taken")},
        "version": lesson.version,
        "innovation_functions": list(lesson.innovation_functions.all()),
        "r_strategies": list(lesson.r_strategies.all()),
        "themes": list(lesson.themes.all()),
    }
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or lesson.version
        saved = service_saved(
            form,
            lambda _data: services.lesson_update(
                actor=request.user, lesson=lesson, expected_version=version, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Lesson saved."))
            return redirect(lesson)
    return render(
        request, "knowledge/lesson_form.html", {"form": form, "project": lesson.project, "lesson": lesson}
    )


@require_POST
@permission_required("knowledge.validate_lesson")
def lesson_validate(request, pk: int) -> HttpResponse:
    lesson = _lesson(pk)
    _state_step(
        request,
        lambda: services.lesson_validate(actor=request.user, lesson=lesson),
        _("Lesson validated."),
    )
    return redirect(lesson)


@require_POST
@permission_required("knowledge.publish_lesson")
def lesson_publish(request, pk: int) -> HttpResponse:
    lesson = _lesson(pk)
    _state_step(
        request,
        lambda: services.lesson_publish(actor=request.user, lesson=lesson),
        _("Lesson published: it is shown at the phase-1 gates of the projects it concerns."),
    )
    return redirect(lesson)


@require_POST
@permission_required("knowledge.apply_lesson")
def lesson_apply(request, pk: int) -> HttpResponse:
    lesson = _lesson(pk)
    require(request.user, "knowledge.apply_lesson", lesson)
    form = ApplyForm(request.POST)
    if form.is_valid() and service_saved(
        form, lambda data: services.lesson_apply(actor=request.user, lesson=lesson, **data)
    ):
        messages.success(request, _("Recorded that the lesson was applied."))
        return redirect(lesson)
    allowed = {"edit": False, "validate": False, "publish": False, "apply": True}
    return render(
        request,
        "knowledge/lesson_detail.html",
        {"lesson": lesson, "can": allowed, "apply_form": form},
        status=400,
    )


@permission_required("knowledge.view_lesson")
def lesson_history(request, pk: int) -> HttpResponse:
    lesson = _lesson(pk)
    require(request.user, "knowledge.view_lesson", lesson)
    return render_history(request, lesson, back_url=lesson.get_absolute_url())


@require_POST
@permission_required("knowledge.review_lessons")
def lessons_reviewed(request, number: str) -> HttpResponse:
    """Record that the lessons shown at the project's phase-1 gate were looked at."""
    project = _project(number)
    require(request.user, "knowledge.review_lessons", project)
    form = ReviewForm(request.POST)
    shown = [lesson for lesson, _common in selectors.relevant_lessons(project)]
    if form.is_valid():
        try:
            services.lessons_reviewed(
                actor=request.user, project=project, lessons=shown, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            flash_errors(request, error)
        else:
            messages.success(request, _("Recorded that the lessons learned were looked at."))
    return redirect(f"{project.get_absolute_url()}#lessons")


# --- cases (programme) -------------------------------------------------------------------------------------


@permission_required("knowledge.view_cases")
def case_list(request) -> HttpResponse:
    """Every case: drafts, those waiting for approval and the published ones."""
    page = html_page(request, selectors.cases().order_by("status", "-pk"), per_page=LESSON_PAGE_SIZE)
    return render(
        request,
        "knowledge/case_list.html",
        {"page": page, "cases": page.object_list, "page_query": query_without_page(request)},
    )


def _case_form(project: Project, *args: Any, **kwargs: Any) -> CaseForm:
    form = CaseForm(*args, **kwargs)
    sheet = selectors.current_impact_sheet(project)
    if sheet is not None and sheet.actor_organisations.exists():
        # The partners are the organisations the project's impact sheet names (portfolio.actors links them).
        form.fields["partners"].queryset = sheet.actor_organisations.order_by("name")  # type: ignore[attr-defined]
    return form


@permission_required("knowledge.draft_case")
def case_draft(request, number: str) -> HttpResponse:
    project = _project(number)
    require(request.user, "knowledge.draft_case", project)
    form = _case_form(
        project,
        request.POST or None,
        initial={"clusters": list(project.clusters.all()), "title_nl": project.title},
    )
    if request.method == "POST" and form.is_valid():
        case = service_saved(
            form,
            lambda data: services.case_draft(
                actor=request.user, project=project, **{k: v for k, v in data.items() if k != "version"}
            ),
        )
        if case is not None:
            messages.success(request, _("Case drafted. Submit it to the programme office when it is ready."))
            return redirect(case)
    return render(request, "knowledge/case_form.html", _case_page(request, project, form, None))


def _case_page(request, project: Project, form: CaseForm, case: Case | None) -> dict[str, Any]:
    sheet = selectors.current_impact_sheet(project)
    preview = (
        figures.from_sheet(
            version=sheet.version_number,
            status_date=sheet.status_date,
            bands=sheet.co2_bands(),
            added_value_meur=sheet.added_value_meur,
            added_value_base_year=sheet.added_value_base_year,
        )
        if sheet is not None
        else {}
    )
    return {
        "form": form,
        "project": project,
        "case": case,
        "figure_rows": figures.rows(preview),
        "figure_source": figures.source_line(preview),
    }


@permission_required("knowledge.edit_case")
def case_edit(request, pk: int) -> HttpResponse:
    case = _case(pk)
    require(request.user, "knowledge.edit_case", case)
    initial: dict[str, Any] = {name: getattr(case, name) for name in services.CASE_TEXTS}
    initial["version"] = case.version
    for name in services.CASE_TAGS:
        initial[name] = list(getattr(case, name).all())
    form = _case_form(case.project, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or case.version
        saved = service_saved(
            form,
            lambda _data: services.case_update(
                actor=request.user, case=case, expected_version=version, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Case saved."))
            return redirect(case)
    return render(request, "knowledge/case_form.html", _case_page(request, case.project, form, case))


@permission_required("knowledge.view_cases")
def case_detail(request, pk: int) -> HttpResponse:
    """The case as the programme reviews it: both languages, and the figures the public page will show."""
    case = _case(pk)
    user = request.user
    allowed = {
        "edit": can(user, "knowledge.edit_case", case) and case.status == Case.Status.DRAFT,
        "submit": can(user, "knowledge.edit_case", case) and case.status == Case.Status.DRAFT,
        "approve": can(user, "knowledge.approve_case", case) and case.status == Case.Status.SUBMITTED,
        "return": can(user, "knowledge.approve_case", case) and case.status != Case.Status.DRAFT,
    }
    context = _case_page(request, case.project, CaseForm(), case)
    if case.status == Case.Status.PUBLISHED:
        context["figure_rows"] = figures.rows(case.figures)
        context["figure_source"] = figures.source_line(case.figures)
    context.update({"can": allowed, "return_form": ReturnForm() if allowed["return"] else None})
    return render(request, "knowledge/case_detail.html", context)


@require_POST
@permission_required("knowledge.edit_case")
def case_submit(request, pk: int) -> HttpResponse:
    case = _case(pk)
    _state_step(
        request,
        lambda: services.case_submit(actor=request.user, case=case),
        _("Case submitted to the programme office for approval."),
    )
    return redirect(case)


@require_POST
@permission_required("knowledge.approve_case")
def case_approve(request, pk: int) -> HttpResponse:
    case = _case(pk)
    _state_step(
        request,
        lambda: services.case_approve(actor=request.user, case=case),
        _("Case approved: it is on the public pages."),
    )
    return redirect(case)


@require_POST
@permission_required("knowledge.approve_case")
def case_return(request, pk: int) -> HttpResponse:
    case = _case(pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        _state_step(
            request,
            lambda: services.case_return(actor=request.user, case=case, note=form.cleaned_data["note"]),
            _("The case went back to its drafter."),
        )
    else:
        messages.error(request, _("Say why the case goes back to its drafter."))
    return redirect(case)


@permission_required("knowledge.view_cases")
def case_history(request, pk: int) -> HttpResponse:
    case = _case(pk)
    return render_history(request, case, back_url=case.get_absolute_url())


# --- public pages: anyone, no login ------------------------------------------------------------------------


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


@require_GET
@public
def public_cases(request) -> HttpResponse:
    """The case library: the published cases, filterable by product cluster, R-strategy and province."""
    form = PublicFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    page = html_page(request, selectors.public_cases(**filters), per_page=CASE_PAGE_SIZE)
    return render(
        request,
        "knowledge/public_cases.html",
        {
            "form": form,
            "page": page,
            "cases": page.object_list,
            "page_query": query_without_page(request),
            "language": _language(),
        },
    )


@require_GET
@public
def public_case(request, slug: str) -> HttpResponse:
    try:
        case = selectors.public_case(slug)
    except Case.DoesNotExist as error:
        raise Http404(_("No such case.")) from error
    return render(
        request,
        "knowledge/public_case.html",
        {
            "case": case,
            "language": _language(),
            "figure_rows": figures.rows(case.figures),
            "figure_source": figures.source_line(case.figures),
        },
    )


@require_GET
@public
def public_feed(request, language: str) -> HttpResponse:
    """The published cases as an Atom feed, in Dutch or English."""
    if language not in ("nl", "en"):
        raise Http404
    from django.utils import translation

    with translation.override(language):
        return CaseFeed(language)(request)
