"""Every write to lessons learned and cases, one function per use case: each requires its action first,
validates, writes in a transaction and is audited (django-simple-history on every model)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from portfolio.models import Project
from portfolio.workflow import leidraad
from programme.models import Person as ProgrammePerson
from regiekamer.concurrency import StateConflict, update_versioned
from regiekamer.links import validate_link
from stakeholders.models import Person as StakeholderPerson

from . import figures as case_figures
from . import public
from .models import Case, Lesson, LessonReview
from .selectors import current_impact_sheet

LESSON_TEXTS = (
    "title",
    "event",
    "effect",
    "effect_kind",
    "cause",
    "early_warnings",
    "recommendation",
    "proposed_action",
)
LESSON_TAGS = ("innovation_functions", "r_strategies", "themes")
CASE_LANGUAGE_FIELDS = ("title", "challenge", "approach", "result")
CASE_TEXTS = tuple(f"{name}_{language}" for name in CASE_LANGUAGE_FIELDS for language in ("nl", "en"))
CASE_TAGS = ("partners", "clusters", "r_strategies", "provinces", "images")


def _clean(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


# --- lessons -----------------------------------------------------------------------------------------------


def _lesson_values(values: dict[str, Any], *, phase: str, gate: str) -> dict[str, Any]:
    cleaned = {name: _clean(values.get(name)) for name in LESSON_TEXTS}
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("A lesson needs a title.")
    if not cleaned["event"]:
        errors["event"] = _("Describe the event the lesson is drawn from.")
    if not cleaned["recommendation"]:
        errors["recommendation"] = _("A lesson needs a recommendation.")
    if cleaned["effect_kind"] and cleaned["effect_kind"] not in Lesson.EffectKind.values:
        errors["effect_kind"] = _("Unknown kind of effect.")
    codes = leidraad().state_codes()
    if phase not in codes:
        errors["phase"] = _("Unknown phase %(phase)s.") % {"phase": phase}
    if gate and gate not in codes:
        errors["gate"] = _("Unknown gate %(gate)s.") % {"gate": gate}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_tags(obj: Any, tags: dict[str, Iterable[Any] | None]) -> None:
    for name, items in tags.items():
        if items is not None:
            getattr(obj, name).set(list(items))


@transaction.atomic
def lesson_log(
    *,
    actor: User,
    project: Project | None,
    title: str,
    event: str,
    recommendation: str,
    phase: str = "",
    gate: str = "",
    effect: str = "",
    effect_kind: str = "",
    cause: str = "",
    early_warnings: str = "",
    proposed_action: str = "",
    action_taken: bool = False,
    innovation_functions: Iterable[Any] = (),
    r_strategies: Iterable[Any] = (),
    themes: Iterable[Any] = (),
) -> Lesson:
    """The project lead logs a lesson of their project (a draft, for the team lead to validate). A lesson
    without the project it came from is refused: the register learns from projects, not from anecdotes."""
    if project is None:
        raise ValidationError({"project": _("A lesson names the project it came from.")})
    require(actor, "knowledge.log_lesson", project)
    phase = phase or project.phase
    values = _lesson_values(
        {
            "title": title,
            "event": event,
            "effect": effect,
            "effect_kind": effect_kind,
            "cause": cause,
            "early_warnings": early_warnings,
            "recommendation": recommendation,
            "proposed_action": proposed_action,
        },
        phase=phase,
        gate=gate,
    )
    lesson = Lesson.objects.create(
        project=project, phase=phase, gate=gate, action_taken=action_taken, logged_by=actor, **values
    )
    _set_tags(
        lesson, {"innovation_functions": innovation_functions, "r_strategies": r_strategies, "themes": themes}
    )
    return lesson


@transaction.atomic
def lesson_update(*, actor: User, lesson: Lesson, expected_version: int, **values: Any) -> Lesson:
    """Edit a lesson while it is a draft (a validated lesson is what the team lead agreed to)."""
    require(actor, "knowledge.edit_lesson", lesson)
    if lesson.status != Lesson.Status.DRAFT:
        raise StateConflict(
            _("Only a draft lesson can be edited; this one is %(status)s.")
            % {"status": lesson.get_status_display()}
        )
    phase = values.get("phase") or lesson.phase
    gate = values.get("gate", lesson.gate) or ""
    merged = {name: values.get(name, getattr(lesson, name)) for name in LESSON_TEXTS}
    cleaned = _lesson_values(merged, phase=phase, gate=gate)
    for name, value in cleaned.items():
        setattr(lesson, name, value)
    lesson.phase, lesson.gate = phase, gate
    lesson.action_taken = bool(values.get("action_taken", lesson.action_taken))
    update_versioned(
        lesson, expected_version=expected_version, fields=[*LESSON_TEXTS, "phase", "gate", "action_taken"]
    )
    _set_tags(lesson, {name: values.get(name) for name in LESSON_TAGS})
    return lesson


def _move(lesson: Lesson, *, expected: str, action_text: str) -> Lesson:
    locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if locked.status != expected:
        raise StateConflict(
            _("%(action)s: the lesson is %(status)s.")
            % {"action": action_text, "status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def lesson_validate(*, actor: User, lesson: Lesson) -> Lesson:
    """The team lead of the project's team confirms the lesson is right and worth keeping."""
    require(actor, "knowledge.validate_lesson", lesson)
    locked = _move(lesson, expected=Lesson.Status.DRAFT, action_text=_("Only a draft can be validated"))
    locked.status, locked.validated_by, locked.validated_at = Lesson.Status.VALIDATED, actor, timezone.now()
    update_versioned(
        locked, expected_version=locked.version, fields=["status", "validated_by", "validated_at"]
    )
    return locked


@transaction.atomic
def lesson_publish(*, actor: User, lesson: Lesson) -> Lesson:
    """A validated lesson is published to the programme (and shown at the phase-1 gates it concerns)."""
    require(actor, "knowledge.publish_lesson", lesson)
    locked = _move(
        lesson, expected=Lesson.Status.VALIDATED, action_text=_("Only a validated lesson can be published")
    )
    locked.status, locked.published_by, locked.published_at = Lesson.Status.PUBLISHED, actor, timezone.now()
    update_versioned(
        locked, expected_version=locked.version, fields=["status", "published_by", "published_at"]
    )
    return locked


@transaction.atomic
def lesson_apply(
    *, actor: User, lesson: Lesson, evidence: str, link: str = "", applied_in: Project | None = None
) -> Lesson:
    """Record that the lesson's action was taken, with the evidence of it (what changed, where)."""
    require(actor, "knowledge.apply_lesson", lesson)
    evidence, link = _clean(evidence), _clean(link)
    if not evidence:
        raise ValidationError({"evidence": _("Say what was done: the evidence that the lesson was applied.")})
    if link:
        try:
            validate_link(link)
        except ValidationError as error:
            raise ValidationError({"link": error.messages}) from None
    locked = _move(
        lesson, expected=Lesson.Status.PUBLISHED, action_text=_("Only a published lesson can be applied")
    )
    locked.status, locked.applied_by, locked.applied_at = Lesson.Status.APPLIED, actor, timezone.now()
    locked.applied_evidence, locked.applied_link, locked.applied_in = evidence, link, applied_in
    locked.action_taken = True
    update_versioned(
        locked,
        expected_version=locked.version,
        fields=[
            "status",
            "applied_by",
            "applied_at",
            "applied_evidence",
            "applied_link",
            "applied_in",
            "action_taken",
        ],
    )
    return locked


@transaction.atomic
def lessons_reviewed(
    *, actor: User, project: Project, lessons: Iterable[Lesson], note: str = ""
) -> LessonReview:
    """Record that the lessons relevant to `project` were looked at (the context scan at its phase-1 gate)."""
    require(actor, "knowledge.review_lessons", project)
    shown = list(lessons)
    if any(not lesson.is_public_to_programme for lesson in shown):
        raise ValidationError({"lessons": _("Only published lessons are looked at for another project.")})
    review = LessonReview.objects.create(
        project=project, phase=project.phase, reviewed_by=actor, note=_clean(note)
    )
    review.lessons.set(shown)
    return review


# --- cases -------------------------------------------------------------------------------------------------


def _unique_slug(project: Project, title: str) -> str:
    base = slugify(f"{project.number} {title}")[:70].strip("-") or project.number
    slug, n = base, 1
    while Case.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _case_texts(values: dict[str, Any]) -> dict[str, str]:
    cleaned = {name: _clean(values.get(name)) for name in CASE_TEXTS}
    if not cleaned["title_nl"]:
        raise ValidationError({"title_nl": _("A case needs a Dutch title.")})
    return cleaned


@transaction.atomic
def case_draft(
    *,
    actor: User,
    project: Project | None,
    partners: Iterable[Any] = (),
    clusters: Iterable[Any] | None = None,
    r_strategies: Iterable[Any] = (),
    provinces: Iterable[Any] = (),
    images: Iterable[Any] = (),
    **texts: str,
) -> Case:
    """The project lead drafts the public description of their project. Product clusters default to the
    project's own."""
    if project is None:
        raise ValidationError({"project": _("A case describes a project.")})
    require(actor, "knowledge.draft_case", project)
    unknown = set(texts) - set(CASE_TEXTS)
    if unknown:
        raise TypeError(f"case_draft: unknown fields {sorted(unknown)}")
    cleaned = _case_texts(texts)
    approved = _approved_images(images)
    case = Case.objects.create(
        project=project, slug=_unique_slug(project, cleaned["title_nl"]), drafted_by=actor, **cleaned
    )
    if clusters is None:
        clusters = project.clusters.all()
    _set_tags(
        case,
        {
            "partners": partners,
            "clusters": clusters,
            "r_strategies": r_strategies,
            "provinces": provinces,
            "images": approved,
        },
    )
    return case


def _approved_images(images: Iterable[Any] | None) -> list[Any] | None:
    """A case shows only approved images of the image bank (Bijlage 5)."""
    if images is None:
        return None
    images = list(images)
    if any(getattr(image, "status", None) != "approved" for image in images):
        raise ValidationError({"images": _("A case shows only approved images of the image bank.")})
    return images


@transaction.atomic
def case_update(*, actor: User, case: Case, expected_version: int, **values: Any) -> Case:
    """Edit a case while it is a draft."""
    require(actor, "knowledge.edit_case", case)
    if case.status != Case.Status.DRAFT:
        raise StateConflict(
            _("Only a draft case can be edited; this one is %(status)s.")
            % {"status": case.get_status_display()}
        )
    merged = {name: values.get(name, getattr(case, name)) for name in CASE_TEXTS}
    for name, value in _case_texts(merged).items():
        setattr(case, name, value)
    update_versioned(case, expected_version=expected_version, fields=list(CASE_TEXTS))
    tags = {name: values.get(name) for name in CASE_TAGS}
    tags["images"] = _approved_images(tags["images"])
    _set_tags(case, tags)
    return case


def _personal_names() -> list[str]:
    """Every person's name the programme and the stakeholder register hold (personal data)."""
    names = list(ProgrammePerson.objects.values_list("name", flat=True))
    names += list(StakeholderPerson.objects.values_list("name", flat=True))
    names += [
        full
        for full in (
            f"{first} {last}".strip()
            for first, last in User.objects.exclude(last_name="").values_list("first_name", "last_name")
        )
    ]
    return names


def _check_public(case: Case) -> None:
    """What the public pages need: all four texts in both languages, and no person named in them."""
    missing = {
        f"{name}_{language}": _("Fill in this text in Dutch and in English before the case is published.")
        for name in CASE_LANGUAGE_FIELDS
        for language in ("nl", "en")
        if not getattr(case, f"{name}_{language}").strip()
    }
    if missing:
        raise ValidationError(missing)
    named = public.names_in([getattr(case, name) for name in CASE_TEXTS], _personal_names())
    if named:
        raise ValidationError(
            {
                "challenge_nl": _(
                    "The public pages carry no personal data; the texts name %(names)s. Name organisations, "
                    "not people."
                )
                % {"names": ", ".join(named)}
            }
        )


@transaction.atomic
def case_submit(*, actor: User, case: Case) -> Case:
    """The project lead submits the draft to the programme office for approval."""
    require(actor, "knowledge.edit_case", case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != Case.Status.DRAFT:
        raise StateConflict(_("Only a draft case can be submitted."))
    _check_public(locked)
    locked.status, locked.submitted_at, locked.return_note = Case.Status.SUBMITTED, timezone.now(), ""
    update_versioned(
        locked, expected_version=locked.version, fields=["status", "submitted_at", "return_note"]
    )
    return locked


@transaction.atomic
def case_approve(*, actor: User, case: Case) -> Case:
    """The programme office approves a submitted case: it is published with the figures of the project's
    current impact sheet as they are now."""
    require(actor, "knowledge.approve_case", case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != Case.Status.SUBMITTED:
        raise StateConflict(_("Only a submitted case can be approved."))
    _check_public(locked)
    sheet = current_impact_sheet(locked.project)
    locked.figures = (
        case_figures.from_sheet(
            version=sheet.version_number,
            status_date=sheet.status_date,
            bands=sheet.co2_bands(),
            added_value_meur=sheet.added_value_meur,
            added_value_base_year=sheet.added_value_base_year,
        )
        if sheet is not None
        else {}
    )
    locked.status, locked.approved_by, locked.published_at = Case.Status.PUBLISHED, actor, timezone.now()
    update_versioned(
        locked, expected_version=locked.version, fields=["figures", "status", "approved_by", "published_at"]
    )
    return locked


@transaction.atomic
def case_return(*, actor: User, case: Case, note: str) -> Case:
    """The programme office sends a submitted case back to its drafter, or takes a published one off the
    public pages, saying why."""
    require(actor, "knowledge.approve_case", case)
    note = _clean(note)
    if not note:
        raise ValidationError({"note": _("Say why the case goes back to its drafter.")})
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status == Case.Status.DRAFT:
        raise StateConflict(_("The case is a draft already."))
    locked.status, locked.return_note, locked.published_at = Case.Status.DRAFT, note, None
    update_versioned(
        locked, expected_version=locked.version, fields=["status", "return_note", "published_at"]
    )
    return locked
