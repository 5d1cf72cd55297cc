"""Lessons learned and public case descriptions (S19; Werkwijze UPCM 2020 Bijlage 6 fase 4, §5.6, Bijlage 11).

A lesson is a line of the programme's lessons register with the fields of the PRINCE2 lessons log and the PMI
lessons register: the event, its effect and cause, the early warnings, the recommendation and the proposed
action (and whether it was taken). It always names the project, phase and gate it came from. It moves
draft → validated (by the team lead of the project's team) → published → applied (with the evidence).

A case is the public description of a project for the programme's website ("beschrijven van de case voor op
UPCM site", Bijlage 11): drafted by the project lead in Dutch and English, approved by the programme office,
and only then shown on the public pages. Its figures are taken from the project's impact sheet when it is
approved, never typed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portfolio.workflow import leidraad
from regiekamer.links import validate_link
from regiekamer.models import AuditedModel, VersionedModel


def _phase_choices():
    return [(state.code, state.name) for state in leidraad().states]


class Lesson(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        VALIDATED = "validated", _("validated")
        PUBLISHED = "published", _("published")
        APPLIED = "applied", _("applied")

    class EffectKind(models.TextChoices):
        # PRINCE2 lessons log: the effect of the event, positive or negative.
        POSITIVE = "positive", _("positive")
        NEGATIVE = "negative", _("negative")

    project = models.ForeignKey(
        "portfolio.Project", models.PROTECT, related_name="lessons", verbose_name=_("project")
    )
    phase = models.CharField(_("phase"), max_length=30, choices=_phase_choices)
    # The gate the lesson was drawn at: the phase the project was to move to (e.g. "closed" for the gate at
    # the end of the evaluation). Empty when the lesson came up inside a phase, not at a gate.
    gate = models.CharField(_("gate"), max_length=30, choices=_phase_choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    event = models.TextField(_("event"))
    effect = models.TextField(_("effect"), blank=True)
    effect_kind = models.CharField(_("kind of effect"), max_length=10, choices=EffectKind.choices, blank=True)
    cause = models.TextField(_("cause"), blank=True)
    early_warnings = models.TextField(_("early warnings"), blank=True)
    recommendation = models.TextField(_("recommendation"))
    proposed_action = models.TextField(_("proposed action"), blank=True)
    action_taken = models.BooleanField(_("action taken"), default=False)
    innovation_functions = models.ManyToManyField(
        "catalogue.InnovationFunction", blank=True, related_name="+", verbose_name=_("innovation functions")
    )
    r_strategies = models.ManyToManyField(
        "catalogue.RStrategy", blank=True, related_name="+", verbose_name=_("R-strategies")
    )
    themes = models.ManyToManyField(
        "catalogue.KiaTheme", blank=True, related_name="+", verbose_name=_("KIA-CM topics")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("logged by")
    )
    logged_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_in = models.ForeignKey(
        "portfolio.Project",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons_applied",
        verbose_name=_("applied in project"),
    )
    applied_evidence = models.TextField(_("evidence of the action"), blank=True)
    applied_link = models.CharField(
        _("link to the evidence"), max_length=500, blank=True, validators=[validate_link]
    )

    _history_m2m_fields = ["innovation_functions", "r_strategies", "themes"]

    class Meta:
        ordering = ["-logged_at", "-pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:lesson-detail", kwargs={"pk": self.pk})

    @property
    def is_public_to_programme(self) -> bool:
        """Published (or applied) lessons are read by everyone in the programme; drafts by their makers."""
        return self.status in (self.Status.PUBLISHED, self.Status.APPLIED)


class LessonReview(AuditedModel):
    """A record that the published lessons relevant to a project were looked at, at its phase-1 gate (the
    context scan of Bijlage 6): who, when, in which phase, and which lessons were shown."""

    project = models.ForeignKey(
        "portfolio.Project", models.CASCADE, related_name="lesson_reviews", verbose_name=_("project")
    )
    phase = models.CharField(_("phase"), max_length=30, choices=_phase_choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("looked at by")
    )
    reviewed_at = models.DateTimeField(_("looked at on"), auto_now_add=True)
    lessons = models.ManyToManyField(Lesson, blank=True, related_name="reviews", verbose_name=_("lessons"))
    note = models.TextField(_("note"), blank=True)

    _history_m2m_fields = ["lessons"]

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        verbose_name = _("lesson review")
        verbose_name_plural = _("lesson reviews")

    def __str__(self) -> str:
        return f"{self.project.number} {self.reviewed_at:%Y-%m-%d}"


class Case(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        PUBLISHED = "published", _("published")

    project = models.ForeignKey(
        "portfolio.Project", models.PROTECT, related_name="cases", verbose_name=_("project")
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    challenge_nl = models.TextField(_("challenge (Dutch)"), blank=True)
    challenge_en = models.TextField(_("challenge (English)"), blank=True)
    approach_nl = models.TextField(_("approach (Dutch)"), blank=True)
    approach_en = models.TextField(_("approach (English)"), blank=True)
    result_nl = models.TextField(_("result (Dutch)"), blank=True)
    result_en = models.TextField(_("result (English)"), blank=True)
    partners = models.ManyToManyField(
        "stakeholders.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    clusters = models.ManyToManyField(
        "catalogue.ProductCluster", blank=True, related_name="+", verbose_name=_("product clusters")
    )
    r_strategies = models.ManyToManyField(
        "catalogue.RStrategy", blank=True, related_name="+", verbose_name=_("R-strategies")
    )
    provinces = models.ManyToManyField(
        "catalogue.Province", blank=True, related_name="+", verbose_name=_("provinces")
    )
    # The impact sheet's figures as they were when the programme office approved the case (see
    # knowledge.figures): what the public pages show, so a later, unapproved sheet never appears there.
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_note = models.TextField(_("why it was returned"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    _history_m2m_fields = ["partners", "clusters", "r_strategies", "provinces"]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title_nl

    def get_absolute_url(self) -> str:
        return reverse("knowledge:case-detail", kwargs={"pk": self.pk})

    def public_url(self) -> str:
        return reverse("knowledge:public-case", kwargs={"slug": self.slug})

    def text(self, name: str, language: str) -> str:
        """A content field in `language` ("nl" or "en"); Dutch where the English one is empty."""
        value = getattr(self, f"{name}_en", "") if language == "en" else ""
        return value or getattr(self, f"{name}_nl")
