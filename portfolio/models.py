"""The project portfolio (§4.3) and the Leidraad projecten phase gates (Bijlage 6).

The phases, their criteria, required artefacts and allowed transitions are data (data/leidraad.json, read by
portfolio.workflow); these models store a project's position in that workflow, the checklist of confirmed
criteria, the artefacts and the history of transitions with the steering-meeting decision that made each."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regiekamer.links import validate_link
from regiekamer.models import AuditedModel, VersionedModel

from .workflow import leidraad

# Running projects: active (not paused or stopped) and not closed.
RUNNING = Q(status="active") & ~Q(phase="closed")


class ProjectQuerySet(models.QuerySet["Project"]):
    def running(self) -> "ProjectQuerySet":
        """Running projects: active (not paused or stopped) and not closed."""
        return self.filter(RUNNING)

    def in_cluster(self, cluster: Any) -> "ProjectQuerySet":
        """The projects of product cluster `cluster` (every project for None): a subquery rather than a join,
        so a project in two clusters is never counted twice."""
        if cluster is None:
            return self
        return self.filter(pk__in=Project.objects.filter(clusters=cluster).values("pk"))

    def led_by(self, user: Any) -> "ProjectQuerySet":
        """The projects `user` leads: the list form of portfolio.permissions.is_project_lead (their lead user,
        or the user of their lead person)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(lead_user=user) | Q(lead_person__user=user))


class ImpactSheetQuerySet(models.QuerySet["ImpactSheet"]):
    def current(self) -> "ImpactSheetQuerySet":
        """The current impact sheet of each project (the highest version), read from the kept
        CurrentImpactSheet (portfolio.kept): one row per project, no anti-join over every version
        (issue 17)."""
        return self.filter(current_of__isnull=False)

    def newest_first(self) -> "ImpactSheetQuerySet":
        return self.order_by("-version_number")


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def newest_first(self) -> "ProgressReportQuerySet":
        """By report date, the latest entry first among reports of one date."""
        return self.order_by("-report_date", "-pk")

    def latest_per_project(self) -> "ProgressReportQuerySet":
        """The latest progress report of each project (by report date, then entry), read from the kept
        LatestProgressReport (portfolio.kept): one row per project, no anti-join over every report
        (issue 17)."""
        return self.filter(latest_of__isnull=False)


def _phase_choices():
    return [(state.code, state.name) for state in leidraad().states]


def _status_choices():
    return [(code, name) for code, name, _name_en in leidraad().statuses]


class ProjectType(models.TextChoices):
    """What kind of project it is, in the words the sources use for the projects of Bijlage 1 and Bijlage 11
    (each demo project's type is quoted from its source in data/projects.csv). The team's portfolio type of
    §4.3 (investerings-, structuur-, activeringsprojecten ...) follows from the team and is not stored again.
    The dashboard's "Lopende onderzoeksprojecten" (§4.4) counts the running projects of type research."""

    RESEARCH = "research", _("research")
    PILOT = "pilot", _("pilot")
    EXPLORATION = "exploration", _("exploration")
    CHAIN_APPROACH = "chain_approach", _("chain approach (CIRCO track)")
    CHAIN_BREAKTHROUGH = "chain_breakthrough", _("chain-breakthrough project")
    INSTRUMENT = "instrument", _("instrument or tool")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("knowledge sharing")


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

    # Changing a project's clusters, product groups, horizons or tags is audited like its other fields.
    _history_m2m_fields = [
        "clusters",
        "sbi_codes",
        "horizons",
        "kia_themes",
        "supraregional_themes",
        "collaborations",
    ]

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
    project_type = models.CharField(
        _("type of project"),
        max_length=30,
        choices=ProjectType.choices,
        blank=True,
        help_text=_("Set by the programme office; empty when the source gives the project no type."),
    )
    project_type_source = models.CharField(
        _("source of the type of project"),
        max_length=500,
        blank=True,
        help_text=_("Where the type comes from, e.g. the words the source uses for the project."),
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
    # Tags the dashboard counts (§4.4): the KIA-CM topics the project works on, and the supra-regional
    # themes (CESI, HCA, market demand CE) it connects to.
    kia_themes = models.ManyToManyField(
        "catalogue.KiaTheme", blank=True, related_name="projects", verbose_name=_("KIA-CM topics")
    )
    supraregional_themes = models.ManyToManyField(
        "catalogue.SupraregionalTheme",
        blank=True,
        related_name="projects",
        verbose_name=_("supra-regional themes"),
    )
    # The stakeholder register's collaborations (categorisation 5) this project is: the portfolio reads the
    # register, the register knows no projects, so the link lives here.
    collaborations = models.ManyToManyField(
        "stakeholders.Collaboration",
        blank=True,
        related_name="portfolio_projects",
        verbose_name=_("collaborations in the stakeholder register"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Criterion c: the delivery term of the result.")
    )
    # Where the planned period (start and due date) comes from, as the source states it: "Termijn 2020
    # (Werkwijze UPCM 2020, Bijlage 11)". Empty for a period a person entered.
    planned_period_source = models.CharField(_("source of the planned period"), max_length=500, blank=True)
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

    objects = ProjectQuerySet.as_manager()

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
        validators=[validate_link],
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
    link = models.CharField(_("link"), max_length=500, blank=True, validators=[validate_link])
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


def _supply_risk_choices():
    from .reporting import SUPPLY_RISK_SCALE

    return list(SUPPLY_RISK_SCALE)


class ImpactSheet(AuditedModel):
    """The impactsheet of a project (§4.4, Bijlage 8 'Project Batterijen'). Every save is a new version; the
    highest version is the current one and earlier versions are kept. The CO₂ total is computed from the
    three R-ladder bands; the total the project states (`co2_stated`) is kept beside it, as stated."""

    _history_m2m_fields = ["actor_organisations"]  # re-linking to the register is audited too

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="impact_sheets", verbose_name=_("project")
    )
    version_number = models.PositiveIntegerField(_("version"))
    status_date = models.DateField(_("status per"))
    # Omschrijving: ordered lists; milestones are {"year": ..., "text": ...}
    goals = models.JSONField(_("goals"), default=list, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)
    milestones = models.JSONField(_("milestones"), default=list, blank=True)
    activities = models.JSONField(_("activities"), default=list, blank=True)
    # Scope
    cluster = models.ForeignKey(
        "catalogue.ProductCluster",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product cluster"),
    )
    sbi_codes = models.ManyToManyField(
        "catalogue.SbiCode", blank=True, related_name="+", verbose_name=_("product groups (SBI)")
    )
    modules = models.JSONField(_("modules"), default=list, blank=True)
    raw_materials = models.ManyToManyField(
        "catalogue.RawMaterial", blank=True, related_name="+", verbose_name=_("critical raw materials")
    )
    size_figures = models.JSONField(
        _("size figures"), default=list, blank=True, help_text=_("Lines of {'group', 'quantity', 'unit'}.")
    )
    # Circulaire strategieën / CO2 impact (kt/yr) per band
    co2_r0_r2 = models.DecimalField(
        _("CO₂ R0–R2 circular design (kt/yr)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    co2_r3_r7 = models.DecimalField(
        _("CO₂ R3–R7 life extension (kt/yr)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    co2_r8_r9 = models.DecimalField(
        _("CO₂ R8–R9 recycling (kt/yr)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Indicatoren 'CO2: .. kton/jaar' as the project states it. Kept as stated, never replaced by the sum of
    # the bands: where the two differ the sheet shows both with a notice (reporting.co2_check); roll-ups use
    # the computed sum of the bands.
    co2_stated = models.DecimalField(
        _("CO₂ as stated by the project (kt/yr)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Bijdrage aan effectdoelen: [{"dimension": "M", "horizon": "0-5y", "description": ...}]
    effect_contributions = models.JSONField(_("contribution to effect goals"), default=list, blank=True)
    # Indicatoren
    supply_risk_change = models.CharField(
        _("change in supply risk"), max_length=10, choices=_supply_risk_choices, blank=True
    )
    added_value_meur = models.DecimalField(
        _("added value (M€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    added_value_base_year = models.PositiveSmallIntegerField(
        _("base year of the added value"), null=True, blank=True
    )
    innovation_functions = models.JSONField(
        _("contribution to innovation functions"), default=dict, blank=True
    )
    performance = models.JSONField(_("contribution to performance goals"), default=dict, blank=True)
    # Actoren
    stakeholders = models.TextField(_("stakeholders"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    change_agents = models.TextField(_("change agents"), blank=True)
    # The organisations of the stakeholder register named in the three actor texts (resolved on every save,
    # see portfolio.actors); the free text stays as the source writes it.
    actor_organisations = models.ManyToManyField(
        "stakeholders.Organisation",
        blank=True,
        related_name="impact_sheets",
        verbose_name=_("actors in the stakeholder register"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ImpactSheetQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-version_number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version_number"], name="uniq_impact_version")
        ]
        verbose_name = _("impact sheet")
        verbose_name_plural = _("impact sheets")

    def __str__(self) -> str:
        return f"{self.project.number} impactsheet v{self.version_number}"

    def co2_bands(self) -> dict:
        return {"R0-R2": self.co2_r0_r2, "R3-R7": self.co2_r3_r7, "R8-R9": self.co2_r8_r9}

    @property
    def co2_total(self):
        from .reporting import co2_total

        return co2_total(self.co2_bands())

    @property
    def co2_check(self):
        """The stated CO₂ total beside the computed one (reporting.Co2Check)."""
        from .reporting import co2_check

        return co2_check(self.co2_stated, self.co2_bands())


class ProgressReport(AuditedModel):
    """A periodic voortgangsrapportage of a project (Bijlage 8, project 20-004); every report is kept."""

    _history_m2m_fields = ["dependencies"]  # the audit trail keeps the whole report, its dependencies too

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="progress_reports", verbose_name=_("project")
    )
    report_date = models.DateField(_("report date"))
    timeline_start = models.DateField(_("timeline from"))
    timeline_end = models.DateField(_("timeline until"))
    # {"kickoff": {"planned": "2021-02-01", "actual": "2021-02-15"}, ...} for the six milestones
    milestones = models.JSONField(_("milestones"), default=dict, blank=True)
    percent_ready = models.PositiveSmallIntegerField(_("result % ready"), default=0)
    done = models.JSONField(_("done"), default=list, blank=True)
    completed = models.JSONField(_("completed"), default=list, blank=True)
    risks = models.JSONField(_("risks"), default=list, blank=True, help_text=_("[{text, owner, status}]"))
    issues = models.JSONField(_("issues"), default=list, blank=True, help_text=_("[{text, owner, status}]"))
    dependencies = models.ManyToManyField(
        Project, blank=True, related_name="dependents", verbose_name=_("depends on projects")
    )
    other_dependencies = models.JSONField(_("other dependencies"), default=list, blank=True)
    finance_date = models.DateField(_("finance as of"))
    budget_needed = models.DecimalField(_("total budget needed"), max_digits=12, decimal_places=2)
    funding = models.JSONField(
        _("granted per funder"), default=list, blank=True, help_text=_("[{funder, amount}]")
    )
    spent = models.DecimalField(_("total spent"), max_digits=12, decimal_places=2)
    phase_at_report = models.CharField(_("phase"), max_length=30, choices=_phase_choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-report_date", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.project.number} voortgang {self.report_date}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves the report and, in the same transaction, its grant lines as rows (ReportGrant)."""
        from django.db import transaction

        from .signals import report_written

        with transaction.atomic():
            super().save(*args, **kwargs)
            self.grants.all().delete()
            ReportGrant.objects.bulk_create(ReportGrant.lines_of(self))
            report_written.send(sender=ProgressReport, instance=self)

    @property
    def finance(self):
        from decimal import Decimal

        from .reporting import Finance

        return Finance(
            needed=self.budget_needed,
            spent=self.spent,
            granted_by_funder=tuple((line["funder"], Decimal(str(line["amount"]))) for line in self.funding),
        )


class ReportGrant(models.Model):
    """One grant line of a progress report's `funding` as a row: a summary kept by ProgressReport.save in the
    same transaction, so the dashboard sums and filters grants per funder in the database (issue 17) instead
    of reading every report's JSON. Not audited on its own: the report's audit trail holds its funding."""

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="grants")
    funder = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["funder"])]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount}"

    @classmethod
    def lines_of(cls, report: ProgressReport) -> list["ReportGrant"]:
        return [
            cls(report=report, funder=name, amount=amount)
            for name, amount in report.finance.granted_by_funder
        ]


class LatestProgressReport(models.Model):
    """The latest progress report of each project (by report date, then entry): a kept summary, so the
    budget and its list read one row per project instead of an anti-join over every report (issue 17).
    ProgressReport.save and the deletion of a report keep it in the same transaction (portfolio.kept);
    kept.latest_reports_rebuild recomputes it (its migration, bulk loads). Not audited: derived from the
    audited reports."""

    project = models.OneToOneField(
        Project, models.CASCADE, primary_key=True, related_name="latest_progress_report"
    )
    report = models.OneToOneField(ProgressReport, models.CASCADE, related_name="latest_of")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.report_id}"


class CurrentImpactSheet(models.Model):
    """The current (highest) version of each project's impact sheet: a kept summary, so the dashboard's
    counts read one row per project instead of an anti-join over every version (issue 17). The save and
    deletion of a sheet keep it in the same transaction (portfolio.kept); kept.current_sheets_rebuild
    recomputes it (its migration, bulk loads). Not audited: derived from the audited sheets."""

    project = models.OneToOneField(
        Project, models.CASCADE, primary_key=True, related_name="current_impact_sheet"
    )
    sheet = models.OneToOneField(ImpactSheet, models.CASCADE, related_name="current_of")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.sheet_id}"
