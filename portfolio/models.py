"""The project portfolio (§4.3) and the Leidraad projecten phase gates (Bijlage 6).

The phases, their criteria, required artefacts and allowed transitions are data (data/leidraad.json, read by
portfolio.workflow); these models store a project's position in that workflow, the checklist of confirmed
criteria, the artefacts and the history of transitions with the steering-meeting decision that made each."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel, VersionedModel

from .workflow import leidraad


def _phase_choices():
    return [(state.code, state.name) for state in leidraad().states]


def _status_choices():
    return [(code, name) for code, name, _name_en in leidraad().statuses]


def _artefact_choices():
    return [(artefact.code, artefact.name) for artefact in leidraad().artefact_types.values()]


class ProjectNumberSequence(models.Model):
    """The last sequence number handed out per year; `project_create` increments it under a row lock."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("project number sequence")
        verbose_name_plural = _("project number sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Project(VersionedModel):
    """A UPCM project: a set of activities with a specific result that contributes to the roadmap goals and
    meets the five project criteria of Bijlage 6 (a sponsor, an unambiguous result, a delivery term, available
    resources and testable quality criteria)."""

    number = models.CharField(
        _("number"),
        max_length=8,
        unique=True,
        editable=False,
        help_text=_("Year and sequence, e.g. 20-004; assigned by the system."),
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    team = models.ForeignKey(
        "programme.Team", models.PROTECT, related_name="projects", verbose_name=_("team")
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_led",
        verbose_name=_("project lead (user)"),
    )
    lead_person = models.ForeignKey(
        "programme.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_led",
        verbose_name=_("project lead (person)"),
    )
    trekker = models.CharField(
        _("lead party named in the source"),
        max_length=200,
        blank=True,
        help_text=_("The 'Trekker' as the source names it, e.g. 'Team realisatie UPCM'."),
    )
    description = models.TextField(_("description"), blank=True)
    actors = models.TextField(_("actors"), blank=True)
    intended_effect = models.TextField(_("intended effect"), blank=True)
    clusters = models.ManyToManyField(
        "catalogue.ProductCluster", blank=True, related_name="projects", verbose_name=_("product clusters")
    )
    sbi_codes = models.ManyToManyField(
        "catalogue.SbiCode", blank=True, related_name="projects", verbose_name=_("product groups (SBI)")
    )
    horizons = models.ManyToManyField(
        "catalogue.Horizon", blank=True, related_name="projects", verbose_name=_("horizons")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Criterion c: the delivery term of the result.")
    )
    # The five project criteria of Bijlage 6; a) the sponsor is the team lead (see `sponsor`), c) is due_date.
    result_description = models.TextField(
        _("result"), blank=True, help_text=_("Criterion b: the unambiguously described result.")
    )
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("Criterion d: the resources available or to come.")
    )
    quality_criteria = models.TextField(
        _("quality criteria"),
        blank=True,
        help_text=_("Criterion e: testable quality criteria of the result."),
    )
    phase = models.CharField(
        _("phase"), max_length=30, choices=_phase_choices, default="initiation", editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=_status_choices, default="active", editable=False
    )
    status_reason = models.TextField(_("reason of the status"), blank=True, editable=False)
    source_section = models.CharField(_("source section"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="uniq_project_year_sequence")
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:project-detail", kwargs={"number": self.number})

    @property
    def sponsor(self):
        """Criterion a: the team lead (teamtrekker) is the (delegated) sponsor of the projects (§4.3)."""
        return self.team.lead

    @property
    def phase_state(self):
        return leidraad().state(self.phase)

    @property
    def status_label(self) -> str:
        return leidraad().status_name(self.status)

    def filled_fields(self) -> frozenset[str]:
        """The workflow's project fields that hold a value (see `fields` in data/leidraad.json)."""
        values = {
            "sponsor": self.team.lead_id,
            "result_description": self.result_description.strip(),
            "due_date": self.due_date,
            "resources": self.resources.strip(),
            "quality_criteria": self.quality_criteria.strip(),
            "lead": self.lead_user_id or self.lead_person_id,
        }
        return frozenset(code for code, value in values.items() if value)


def _evidence_path(instance, filename: str) -> str:
    return f"portfolio/{instance.project.number}/evidence/{filename}"


def _artefact_path(instance, filename: str) -> str:
    return f"portfolio/{instance.project.number}/artefacts/{filename}"


class CriterionCheck(AuditedModel):
    """One line of a project's checklist: whether a criterion of the Leidraad holds, who confirmed it, when,
    and the evidence (a document or a link). One row per project and criterion, so two people confirming
    different criteria at the same time never overwrite each other; the history keeps every change."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="checks", verbose_name=_("project"))
    criterion = models.CharField(_("criterion"), max_length=100)
    phase = models.CharField(_("phase"), max_length=30, choices=_phase_choices)
    holds = models.BooleanField(_("holds"), default=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    evidence_file = models.FileField(_("evidence document"), upload_to=_evidence_path, blank=True)
    evidence_link = models.CharField(
        _("evidence link"),
        max_length=500,
        blank=True,
        help_text=_("A web address or a path in Regiekamer, e.g. /stakeholders/..."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["project", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["project", "criterion"], name="uniq_project_criterion")
        ]
        verbose_name = _("criterion check")
        verbose_name_plural = _("criterion checks")

    def __str__(self) -> str:
        return f"{self.project.number} {self.criterion}"

    @property
    def criterion_text(self) -> str:
        return leidraad().criterion(self.criterion).text


class Artefact(AuditedModel):
    """A product the Leidraad requires (projectvoorstel, projectbrief, project contract, analyses, evaluation
    report ...): an uploaded document or a link, with the contract parts it covers and whether signed."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="artefacts", verbose_name=_("project"))
    type = models.CharField(_("type"), max_length=40, choices=_artefact_choices)
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date"))
    file = models.FileField(_("document"), upload_to=_artefact_path, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    parts = models.JSONField(_("parts covered"), default=list, blank=True)
    signed = models.BooleanField(_("signed"), default=False)
    phase = models.CharField(_("phase when added"), max_length=30, choices=_phase_choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "dated", "pk"]
        verbose_name = _("artefact")
        verbose_name_plural = _("artefacts")

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.title}"


class TransitionProposal(AuditedModel):
    """The project lead proposes a move to the steering meeting; what was missing is kept as proposed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    project = models.ForeignKey(Project, models.CASCADE, related_name="proposals", verbose_name=_("project"))
    from_phase = models.CharField(_("from phase"), max_length=30, choices=_phase_choices)
    target = models.CharField(_("proposed phase"), max_length=30, choices=_phase_choices)
    note = models.TextField(_("note"), blank=True)
    missing = models.JSONField(_("missing when proposed"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("transition proposal")
        verbose_name_plural = _("transition proposals")

    def __str__(self) -> str:
        return f"{self.project.number} → {self.target}"


class PhaseTransition(AuditedModel):
    """A change of phase or status that took effect, with the steering-meeting decision that made it."""

    class Kind(models.TextChoices):
        PHASE = "phase_transition", _("phase transition")
        PAUSE = "pause", _("pause")
        STOP = "stop", _("stop")
        REOPEN = "reopen", _("reopen")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="transitions", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_phase = models.CharField(_("from phase"), max_length=30, choices=_phase_choices)
    to_phase = models.CharField(_("to phase"), max_length=30, choices=_phase_choices)
    from_status = models.CharField(_("from status"), max_length=10, choices=_status_choices)
    to_status = models.CharField(_("to status"), max_length=10, choices=_status_choices)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.OneToOneField(
        "programme.Decision", models.PROTECT, related_name="project_transition", verbose_name=_("decision")
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "applied_at", "pk"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")

    def __str__(self) -> str:
        return f"{self.project.number}: {self.from_phase} → {self.to_phase} ({self.kind})"
