"""Chain-breakthrough project applications (Ketendoorbraakprojecten; seed 2 §2, §3, Bijlage 1, Bijlage 2).

A consortium applies for multi-year chain direction (ketenregie) for one NPCE product group. The application
carries the signed ambition document, the parties, and the plan of action in its nine parts (seed 2 §3). The
workflow steps, the Transitieagenda advice and the Stuurgroep decision are append-only records: a recorded
advice or decision is never edited, only superseded by a new one.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import INTAKE_REVIEW_ROLES, Role
from regiekamer.models import AuditedModel, VersionedModel

from . import checks, workflow


def _ambition_upload_to(instance, filename: str) -> str:
    # A random name: the uploaded name is never used on disk (no path tricks, no guessable URLs).
    return f"intake/ambition/{uuid.uuid4().hex}.pdf"


class ChainRole(models.TextChoices):
    """Roles in the chain (seed 2 §2 "Eisen aan het consortium"); the first seven take part or are argued."""

    PRODUCER = checks.PRODUCER, _("Producer (producent)")
    IMPORTER = checks.IMPORTER, _("Importer (importeur)")
    RETAILER = checks.RETAILER, _("Retailer")
    INSTALLER = checks.INSTALLER, _("Installer (installateur)")
    GOVERNMENT = checks.GOVERNMENT, _("Government (overheid)")
    COLLECTOR = checks.COLLECTOR, _("Collector (inzamelaar)")
    PROCESSOR = checks.PROCESSOR, _("Processor (verwerker)")
    INDUSTRY_ASSOCIATION = "branche", _("Industry association (branche)")
    DESIGNER = "ontwerper", _("Designer (ontwerper)")
    KNOWLEDGE_INSTITUTION = "kennisinstelling", _("Knowledge institution")
    FINANCIER = "financier", _("Financier")
    OTHER = "overig", _("Other")


class OrganisationType(models.TextChoices):
    SME = checks.SME, _("SME company (MKB)")
    LARGE_COMPANY = checks.LARGE_COMPANY, _("Large company")
    INDUSTRY_ASSOCIATION = "branche", _("Industry association")
    GOVERNMENT = "overheid", _("Government body")
    KNOWLEDGE_INSTITUTION = "kennisinstelling", _("Knowledge institution")
    NON_PROFIT = "maatschappelijk", _("Non-profit organisation")
    OTHER = "overig", _("Other")


class ChainDirectionRole(models.TextChoices):
    """Roles of the chain director (seed 2 §1 "Rollen ketenregisseur")."""

    ARCHITECT = "ketenarchitect", _("Chain architect (ketenarchitect)")
    BROKER = "ketenmakelaar", _("Chain broker (ketenmakelaar)")
    MANAGER = "ketenmanager", _("Chain manager (ketenmanager)")
    COACH = "coach", _("Coach")


class TransitionPhase(models.TextChoices):
    """The four phases of chain support (seed 2 §1 "Fases")."""

    INITIATION = "initiatie", _("Initiation phase")
    EXPLORATION = "verkenning", _("Exploration phase (Moonshot)")
    EXECUTION = "uitvoering", _("Execution phase (chain breakthrough)")
    COMPETITIVE = "competitief", _("Competitive phase")


class GoalTheme(models.TextChoices):
    """Long-term goal themes named in seed 2 §3, plan of action part 3."""

    REDUCTION = "vermindering", _("Reduction of raw materials")
    SUBSTITUTION = "substitutie", _("Substitution")
    LIFETIME = "levensduurverlenging", _("Lifetime extension")
    REPAIR = "reparatie", _("Repair")
    REUSE = "hergebruik", _("Reuse")
    HIGH_GRADE_PROCESSING = "hoogwaardige-verwerking", _("High-grade processing")


class ExcludedSupport(models.TextChoices):
    """What a chain-breakthrough project cannot support (seed 2 §3 "Randvoorwaarden")."""

    FACTORY_INVESTMENT = checks.FACTORY_INVESTMENT, _("Investments in factories")
    RESEARCH = checks.RESEARCH, _("Research and innovation trajectories")
    PILOT_SETUP = checks.PILOT_SETUP, _("Setting up pilot installations")


class Status(models.TextChoices):
    """The application's statuses: the codes of the workflow definition (intake/workflow.py), labelled."""

    DRAFT = workflow.DRAFT, _("Draft")
    SUBMITTED = workflow.SUBMITTED, _("Submitted")
    IN_ASSESSMENT = workflow.IN_ASSESSMENT, _("In assessment")
    ADVISED = workflow.ADVISED, _("Transition agenda advice received")
    APPROVED = workflow.APPROVED, _("Approved by the steering group")
    TENDER_PREPARED = workflow.TENDER_PREPARED, _("Chain-direction tender prepared")
    RUNNING = workflow.RUNNING, _("Running")
    CLOSED = workflow.CLOSED, _("Closed")
    REJECTED = workflow.REJECTED, _("Rejected")
    WITHDRAWN = workflow.WITHDRAWN, _("Withdrawn")


class Consortium(VersionedModel):
    """The applicant side: the organisations working together, and the people who may apply for them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="consortia", blank=True, verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """The list form of intake.permissions.sees_application: applicants see their own consortia's
        applications, the reviewing roles (assessor, adviser, Stuurgroep) every submitted one (drafts stay
        with the consortium); anyone else none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        seen = models.Q(pk__in=[])
        if user.has_role(Role.APPLICANT):
            seen |= models.Q(pk__in=self.model.objects.filter(consortium__members=user).values("pk"))
        if user.has_role(*INTAKE_REVIEW_ROLES):
            seen |= ~models.Q(status=Status.DRAFT)
        return self.filter(seen)


class Application(VersionedModel):
    """One application for a chain-breakthrough project, for one NPCE product group."""

    objects = ApplicationQuerySet.as_manager()

    consortium = models.ForeignKey(
        Consortium, models.PROTECT, related_name="applications", verbose_name=_("consortium")
    )
    title = models.CharField(_("title"), max_length=200)
    product_group = models.ForeignKey(
        "catalogue.NpceProductGroup",
        models.PROTECT,
        related_name="applications",
        verbose_name=_("NPCE product group"),
    )
    transition_agenda = models.ForeignKey(
        "catalogue.TransitionAgenda",
        models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name=_("transition agenda"),
        help_text=_(
            "The transition agenda that advises on the plan and whose quota the project counts towards."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Consortium requirements (seed 2 §2 "Eisen aan het consortium")
    market_share_percent = models.DecimalField(
        _("market share represented (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    market_share_argument = models.TextField(_("why a majority of the market is not needed"), blank=True)
    role_arguments = models.JSONField(
        _("why a chain role does not need to take part"),
        default=dict,
        blank=True,
        help_text=_("Per chain role that has no party: the argument why it is not needed."),
    )
    centre_of_gravity_in_nl = models.BooleanField(
        _("the centre of gravity of the chain collaboration is in the Netherlands"), default=False
    )
    centre_of_gravity_explanation = models.TextField(_("centre of gravity explained"), blank=True)
    branches_and_small_companies = models.TextField(
        _("role of industry associations and smaller innovative (disruptive) companies"), blank=True
    )

    # Signed ambition (seed 2 §3: "Ondertekende ambitie met inspanningsverplichting")
    ambition_document = models.FileField(
        _("signed ambition document (PDF)"), upload_to=_ambition_upload_to, blank=True
    )
    ambition_document_name = models.CharField(_("original file name"), max_length=200, blank=True)
    ambition_document_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)

    # Plan of action part 1: the product group
    transition_phase = models.CharField(
        _("phase of the transition"), max_length=20, choices=TransitionPhase.choices, blank=True
    )
    transition_phase_description = models.TextField(_("phase of the transition described"), blank=True)
    circular_gains = models.TextField(_("where the circular gains are"), blank=True)
    bottlenecks = models.TextField(_("bottlenecks"), blank=True)
    analysis_tool = models.CharField(
        _("analysis tool used (e.g. TransMissie scan)"), max_length=200, blank=True
    )

    # Part 2: the consortium (parties are rows of Party)
    contributions_description = models.TextField(_("contribution of the chain parties (inzet)"), blank=True)
    governance_model = models.TextField(_("governance model"), blank=True)
    disagreement_procedure = models.TextField(_("what happens when parties do not agree"), blank=True)

    # Part 3: goals and ambition
    shared_goal = models.TextField(_("shared goal (collaboration, not technology)"), blank=True)
    long_term_goals = models.TextField(_("long-term goals (NPCE goals leading)"), blank=True)
    goal_themes = models.JSONField(_("goal themes"), default=list, blank=True)
    r_strategies = models.ManyToManyField(
        "catalogue.RStrategy",
        blank=True,
        related_name="applications",
        verbose_name=_("R-strategies aimed at"),
    )
    lap_cmp_sector_plan = models.CharField(_("LAP/CMP sector plan"), max_length=200, blank=True)
    lap_cmp_exceedance = models.TextField(
        _("how the ambition exceeds the LAP/CMP minimum standards"), blank=True
    )

    # Part 4: action lines are rows of ActionLine

    # Part 5: effects and risks
    intended_effects = models.TextField(_("intended effects"), blank=True)
    barriers_resolved = models.TextField(_("are the identified barriers resolved?"), blank=True)
    raw_material_savings_tonnes = models.DecimalField(
        _("calculated raw-material savings (tonnes per year)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
    )
    raw_material_savings_calculation = models.TextField(
        _("calculation of the raw-material savings"), blank=True
    )
    co2_savings_tonnes = models.DecimalField(
        _("CO₂ savings (tonnes per year)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    environmental_effects = models.TextField(_("environmental effects"), blank=True)
    supply_security_effects = models.TextField(_("supply-security effects"), blank=True)
    lasting_effects = models.TextField(_("how the approach keeps working after the project"), blank=True)
    risks = models.TextField(_("risks to reaching the goals"), blank=True)

    # Part 6: chain direction needed
    chain_direction_needed = models.TextField(
        _("help needed from the Versnellingshuis, and for which barriers"), blank=True
    )
    excluded_support_requested = models.JSONField(
        _("support requested that the instrument excludes"), default=list, blank=True
    )

    # Part 7: planning
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    planning = models.TextField(_("planning over the project period"), blank=True)

    # Part 8: financing plan
    cost_benefit_distribution = models.TextField(
        _("distribution of costs and benefits in the chain"), blank=True
    )
    requested_budget_eur = models.DecimalField(
        _("chain-direction budget asked (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    # Part 9: knowledge sharing
    knowledge_sharing_between_parties = models.TextField(
        _("knowledge sharing between the parties"), blank=True
    )
    knowledge_sharing_cross_sector = models.TextField(_("knowledge sharing across sectors"), blank=True)
    knowledge_sharing_outside = models.TextField(
        _("knowledge sharing between project and outside world"), blank=True
    )
    leerkring_participation = models.TextField(
        _("participation in the Leerkring and the Versnellingshuis knowledge activities"), blank=True
    )
    accepts_periodic_consultation = models.BooleanField(
        _("agrees to periodic consultation with the client and the supervisory committee"), default=False
    )

    # Hand-over to the portfolio: the project the approved application became (project.intake_application
    # is the link back).
    portfolio_project = models.OneToOneField(
        "portfolio.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_application",
        verbose_name=_("portfolio project"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def ambition_filename(self) -> str:
        return self.ambition_document_name or Path(self.ambition_document.name or "").name


class Party(VersionedModel):
    """A chain party in the consortium (seed 2 §3, plan of action part 2)."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="parties", verbose_name=_("application")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices
    )
    chain_role = models.CharField(_("role in the chain"), max_length=20, choices=ChainRole.choices)
    responsibility = models.TextField(_("responsibility"), blank=True)
    chain_function = models.CharField(_("function in the chain"), max_length=200, blank=True)
    contribution_hours = models.DecimalField(
        _("own contribution (hours)"), max_digits=9, decimal_places=1, default=0
    )
    contribution_eur = models.DecimalField(
        _("own contribution (€)"), max_digits=12, decimal_places=2, default=0
    )
    country = models.CharField(_("country (ISO code)"), max_length=2, default="NL")

    class Meta:
        ordering = ["application", "name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "name"], name="intake_party_unique_name")
        ]
        verbose_name = _("chain party")
        verbose_name_plural = _("chain parties")

    def __str__(self) -> str:
        return self.name


class Signatory(AuditedModel):
    """A person who signed the ambition document for a party."""

    party = models.ForeignKey(Party, models.CASCADE, related_name="signatories", verbose_name=_("party"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        ordering = ["party", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name


class ActionLine(VersionedModel):
    """An action line (speerpunt) with the chain-direction roles it needs (plan of action part 4)."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="action_lines", verbose_name=_("application")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    chain_direction_roles = models.JSONField(_("chain-direction roles needed"), default=list, blank=True)

    class Meta:
        ordering = ["application", "order", "id"]
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")

    def __str__(self) -> str:
        return self.title

    def get_chain_direction_roles_display(self) -> list[str]:
        labels = dict(ChainDirectionRole.choices)
        return [str(labels.get(code, code)) for code in self.chain_direction_roles]


class ImmutableRecord(AuditedModel):
    """A record that is written once: saving an existing row is refused (it can only be superseded)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                _("A recorded %(record)s cannot be changed; record a new one that supersedes it.")
                % {"record": self._meta.verbose_name}
            )
        super().save(*args, **kwargs)


class StatusEvent(ImmutableRecord):
    """One step of the workflow: who moved the application from which status to which, when, and why."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="events", verbose_name=_("application")
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason_for_applicant = models.TextField(_("reason for the applicant"), blank=True)
    internal_note = models.TextField(_("internal note (assessors only)"), blank=True)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("status step")
        verbose_name_plural = _("status steps")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class SupersedableRecord(ImmutableRecord):
    """An immutable record that a later one can supersede (a corrected advice or decision)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    supersedes = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )

    class Meta:
        abstract = True


class Advice(SupersedableRecord):
    """The Transitieagenda's advice on the plan (seed 2 §3 Randvoorwaarden; Bijlage 2: a positive advice is a
    condition for the decision)."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="advices", verbose_name=_("application")
    )
    transition_agenda = models.ForeignKey(
        "catalogue.TransitionAgenda", models.PROTECT, related_name="+", verbose_name=_("transition agenda")
    )
    positive = models.BooleanField(_("positive advice"))
    text = models.TextField(_("advice"))
    advised_on = models.DateField(_("date of the advice"))

    class Meta:
        ordering = ["application", "recorded_at", "id"]
        verbose_name = _("transition agenda advice")
        verbose_name_plural = _("transition agenda advices")

    def __str__(self) -> str:
        return f"{self.transition_agenda}: {_('positive') if self.positive else _('negative')}"


class Decision(SupersedableRecord):
    """The Stuurgroep's decision on the application (Bijlage 2)."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="decisions", verbose_name=_("application")
    )
    approved = models.BooleanField(_("approved"))
    decided_on = models.DateField(_("date of the decision"))
    reasoning = models.TextField(_("reasoning"))
    reasoning_for_applicant = models.TextField(_("reasoning for the applicant"), blank=True)
    quota_override = models.BooleanField(_("quota rule overridden by the steering group"), default=False)
    quota_override_reason = models.TextField(_("reason for overriding the quota rule"), blank=True)
    quota_breaches = models.JSONField(
        _("quota rules broken at the time of the decision"), default=list, blank=True
    )

    class Meta:
        ordering = ["application", "recorded_at", "id"]
        verbose_name = _("steering group decision")
        verbose_name_plural = _("steering group decisions")

    def __str__(self) -> str:
        return f"{self.decided_on}: {_('approved') if self.approved else _('rejected')}"


class CriterionAssessment(ImmutableRecord):
    """An assessor's verdict on one of the seven criteria of seed 2 §2, with the reason. The newest per
    criterion counts; earlier ones stay as history."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="criterion_assessments", verbose_name=_("application")
    )
    criterion = models.PositiveSmallIntegerField(
        _("criterion"), choices=[(c.number, c.text) for c in checks.CRITERIA]
    )
    met = models.BooleanField(_("met"))
    reason = models.TextField(_("reason"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "criterion", "at", "id"]
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.met}"
