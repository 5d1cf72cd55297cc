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
from django.utils.translation import pgettext_lazy

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

    # Approved images of the image bank (Bijlage 5) shown on the public page.
    images = models.ManyToManyField(
        "knowledge.BankImage", blank=True, related_name="cases", verbose_name=_("images")
    )

    _history_m2m_fields = ["partners", "clusters", "r_strategies", "provinces", "images"]

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


# --- communication and imaging strategy, image bank (S22; Werkwijze UPCM 2020 §3.3, Bijlage 5) ---


class CommunicationStrategy(VersionedModel):
    """The programme's communication and imaging strategy (Bijlage 5) as data: the aim with its knowledge and
    doing goals, the key message and the promise to the target group. One row, edited by the programme office
    and shown beside the stakeholder communication plan."""

    aim = models.TextField(_("aim"))
    # Bijlage 5, "Boodschap": the story the platform tells, of which the key message is the short form.
    message = models.TextField(_("message"), blank=True)
    knowledge_goal = models.TextField(_("goal: knowledge"), blank=True)
    doing_goal = models.TextField(_("goal: doing"), blank=True)
    key_message = models.TextField(_("key message"))
    promise = models.TextField(_("promise to the target group"))
    image_concept = models.TextField(_("image concept"), blank=True)
    source_section = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("communication strategy")
        verbose_name_plural = _("communication strategies")

    def __str__(self) -> str:
        return str(_("Communication and imaging strategy"))


class TargetGroup(VersionedModel):
    """A target group of the strategy, placed on the adoption curve (Bijlage 5: primarily the early majority;
    the early adopters as inspiring examples), with what the communication wants of it."""

    class Segment(models.TextChoices):
        INNOVATORS = "innovators", _("innovators")
        EARLY_ADOPTERS = "early_adopters", _("early adopters")
        EARLY_MAJORITY = "early_majority", _("early majority")
        LATE_MAJORITY = "late_majority", _("late majority")
        LAGGARDS = "laggards", _("laggards")

    class Role(models.TextChoices):
        PRIMARY = "primary", _("primary target group")
        SECONDARY = "secondary", _("secondary target group")
        EXAMPLE = "example", _("inspiring example")

    class Goal(models.TextChoices):
        KNOWLEDGE = "knowledge", _("knowledge")
        DOING = "doing", _("doing")
        BOTH = "both", _("knowledge and doing")

    strategy = models.ForeignKey(
        CommunicationStrategy, models.CASCADE, related_name="target_groups", verbose_name=_("strategy")
    )
    name = models.CharField(_("name"), max_length=200)
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    role = models.CharField(_("role in the strategy"), max_length=10, choices=Role.choices)
    goal = models.CharField(_("goal"), max_length=10, choices=Goal.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class ImageUsage(models.TextChoices):
    """Where an image may be used (Bijlage 5, "Opbouw beeldbank")."""

    LANDING_PAGE = "landing_page", _("landing page")
    BROCHURE_COVER = "brochure_cover", _("brochure cover")
    POSTER = "poster", _("poster")
    FOLLOW_UP_PAGES = "follow_up_pages", _("follow-up pages and website")
    BROCHURE = "brochure", _("brochure")
    PRESENTATION = "presentation", _("presentation")


class ImageCriterion(models.TextChoices):
    """The image characteristics of Bijlage 5 ("Beeldkenmerken", "Geen snapshots"), checked per image."""

    LIGHT = "light", _("light: much light, a positive look")
    CONCENTRATION = "concentration", _("concentration: people caught concentrating, not posing")
    ACTION = "action", _("action: an action photo, not a portrait from the front")
    QUALITY = "quality", _("quality: composition and colour, no snapshot")


class ImagingGuideline(VersionedModel):
    """A do or a don't of the imaging strategy (Bijlage 5, "Beeldconcept", "Beeldkenmerken", "Do's &
    don'ts"), loaded from knowledge/fixtures/imaging_guidelines.json with the sentence of the source it comes
    from, and kept by the programme office. Where an image is judged, its guidelines are a checklist: for a
    do, the image does it; for a don't, the image avoids it."""

    class Kind(models.TextChoices):
        DO = "do", _("do")
        DONT = "dont", _("don't")

    kind = models.CharField(_("do or don't"), max_length=4, choices=Kind.choices)
    text = models.CharField(pgettext_lazy("imaging", "guideline"), max_length=300)
    source_quote = models.TextField(_("in the source"), blank=True)
    source_section = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]
        verbose_name = _("imaging guideline")
        verbose_name_plural = _("imaging guidelines")

    def __str__(self) -> str:
        return self.text


class BankImage(VersionedModel):
    """An image of the image bank. The file and its thumbnail are in the default storage (outside the static
    root) and served only through a view that checks who asks (knowledge.views_outreach)."""

    class Kind(models.TextChoices):
        CARRYING = "carrying", _("carrying image")
        SUPPORTING = "supporting", _("supporting image")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.CharField(_("file"), max_length=300, editable=False)
    thumbnail = models.CharField(_("thumbnail"), max_length=300, editable=False)
    file_name = models.CharField(_("file name"), max_length=255)
    image_format = models.CharField(_("format"), max_length=10)
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    photographer = models.CharField(_("photographer"), max_length=200)
    licence = models.CharField(_("licence"), max_length=300)
    # Bijlage 5: carrying images are "eigen fotografie"; supporting images may be existing photography.
    own_photography = models.BooleanField(_("own photography"), default=False)
    people_portrayed = models.BooleanField(_("people are portrayed"), default=False)
    portrait_permission = models.BooleanField(_("the people portrayed gave permission"), default=False)
    usages = models.JSONField(_("usage"), default=list, blank=True)
    criteria = models.JSONField(_("image criteria met"), default=list, blank=True)
    guidelines_followed = models.ManyToManyField(
        ImagingGuideline,
        blank=True,
        related_name="+",
        verbose_name=_("do's followed and don'ts avoided"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    rejection_reason = models.TextField(_("why it was rejected"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    _history_m2m_fields = ["guidelines_followed"]

    class Meta:
        ordering = ["kind", "-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:image-detail", kwargs={"pk": self.pk})

    def usage_labels(self) -> list[str]:
        return [str(ImageUsage(code).label) for code in self.usages if code in ImageUsage.values]

    def criteria_rows(self) -> list[tuple[str, bool]]:
        return [(str(label), code in self.criteria) for code, label in ImageCriterion.choices]


# --- knowledge hub per team (S23; §5.6, Bijlage 9, Bijlage 11 "Kennisplein") ---


class HubItem(VersionedModel):
    """A document, source or link of a team's knowledge hub, or of a roadmap theme (a change strategy of the
    pillar x horizon matrix), with tags and versions (HubVersion: each new file or address is a version)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document")
        SOURCE = "source", _("source")
        LINK = "link", _("link")

    team = models.ForeignKey(
        "programme.Team", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    theme = models.ForeignKey(
        "roadmap.ChangeStrategy",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("roadmap theme"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)  # ", "-separated, lower case
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("knowledge hub item")
        verbose_name_plural = _("knowledge hub items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:hub-item", kwargs={"pk": self.pk})

    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(", ") if tag]


class HubVersion(AuditedModel):
    """One version of a hub item: a stored file (documents) or an address (links and sources), with a note on
    what changed."""

    item = models.ForeignKey(HubItem, models.CASCADE, related_name="versions", verbose_name=_("item"))
    number = models.PositiveIntegerField(_("version"))
    file = models.CharField(_("file"), max_length=300, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    url = models.CharField(_("address"), max_length=500, blank=True, validators=[validate_link])
    note = models.TextField(_("what changed"), blank=True)
    # The document's text, read from the file at upload (knowledge.textextract), for the site search.
    text = models.TextField(_("text of the document"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="uniq_hub_version")]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class MailingList(VersionedModel):
    """A team's mailing list, built from the stakeholder register: the people (with an e-mail address) of the
    organisations relevant to the team, optionally only some change-agent types. `content` says what they
    receive (a newsletter, invitations)."""

    team = models.ForeignKey("programme.Team", models.PROTECT, related_name="+", verbose_name=_("team"))
    name = models.CharField(_("name"), max_length=200)
    content = models.CharField(_("what they receive"), max_length=300)
    change_agent_types = models.JSONField(_("only these change-agent types"), default=list, blank=True)

    class Meta:
        ordering = ["team__order", "name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="uniq_mailing_list")]
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:mailing-list", kwargs={"pk": self.pk})


# --- vision landscape (S21; §3.3) ---


class LandscapeItem(VersionedModel):
    """An action of the roadmap placed in the vision landscape: its decision horizon puts it in one of the
    four layers (the horizon's landscape: initiatives 0-5, interventions 5-10, transitions 10-20, trends
    20-50 yr). It is linked to the goal, project or change strategy it stands for (at least one)."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    horizon = models.ForeignKey(
        "catalogue.Horizon", models.PROTECT, related_name="+", verbose_name=_("decision horizon")
    )
    effect_goal = models.ForeignKey(
        "roadmap.EffectGoal",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    project = models.ForeignKey(
        "portfolio.Project",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    change_strategy = models.ForeignKey(
        "roadmap.ChangeStrategy",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("change strategy"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_section = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-horizon__months", "order", "pk"]
        verbose_name = _("landscape item")
        verbose_name_plural = _("landscape items")

    def __str__(self) -> str:
        return self.title
