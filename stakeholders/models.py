"""Stakeholder analysis (werkwijze UPCM 2020, §3.2.2 and Bijlage 4): the register of organisations, people
and innovations, the seven categorisations, and engagement (issue analysis, Mendelow, communication plan,
risk register)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel, SourcedModel, VersionedModel

from . import classify

KVK_PATTERN = r"^\d{8}$"
kvk_validator = RegexValidator(KVK_PATTERN, _("A KvK number has exactly 8 digits."))


class OrganisationType(models.TextChoices):
    # §3.2.2: "bedrijven, kennisinstellingen, financiële instellingen, organisaties, stichtingen"
    COMPANY = "company", _("Company")
    KNOWLEDGE_INSTITUTE = "knowledge_institute", _("Knowledge institute")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")
    ORGANISATION = "organisation", _("Organisation")
    FOUNDATION = "foundation", _("Foundation")
    GOVERNMENT = "government", _("Government")


class SizeClass(models.TextChoices):
    # The size classes of the §1.2 industry figures.
    SMALL = "0-50", _("0-50 persons")
    MEDIUM = "51-100", _("51-100 persons")
    LARGE = ">100", _("more than 100 persons")


class ChainPosition(models.TextChoices):
    # Bijlage 4, beslishorizon 0-2 jaar and categorisation 2.4.
    RAW_MATERIAL_PRODUCER = "raw_material_producer", _("Raw-material producer")
    SUPPLIER = "supplier", _("Supplier")
    PRODUCER = "producer", _("Producer")
    CUSTOMER = "customer", _("Customer")
    DISTRIBUTOR = "distributor", _("Distributor")
    BUYER = "buyer", _("Buyer")
    RETAIL = "retail", _("Retail / trade")


class SectorChoice(models.TextChoices):
    IN_MANUFACTURING = classify.Sector.IN_MANUFACTURING, _("In manufacturing")
    INNOVATION_ONLY = classify.Sector.INNOVATION_ONLY, _("Not in manufacturing, but the innovation is")
    NEITHER = classify.Sector.NEITHER, _("Neither the stakeholder nor the innovation is in manufacturing")


class RelevanceRole(models.TextChoices):
    # Categorisation 4.
    USERS = "users", _("Users (output side; UPCM target groups)")
    EXECUTORS = "executors", _("Executors (collaboration side; work within the UPCM teams)")
    SUPPLIERS = "suppliers", _("Suppliers (input side; steering meetings)")
    DECIDERS = "deciders", _("Deciders (steering side; governance)")


class CoverageCheck(models.TextChoices):
    # Categorisation 7: what a person concludes about an organisation the slimme tool missed.
    REAL_MISS = "real_miss", _("Real miss: the slimme tool should have found it")
    NOT_RELEVANT = "not_relevant", _("Not relevant: not in scope, circular and innovative after all")


class FrontrunnerChoice(models.TextChoices):
    FRONTRUNNER = classify.Frontrunner.FRONTRUNNER, _("Frontrunner")
    FOLLOWER = classify.Frontrunner.FOLLOWER, _("Follower")
    OTHER = classify.Frontrunner.OTHER, _("Other")


class LevelChoice(models.TextChoices):
    HIGH = classify.Level.HIGH, _("G (high)")
    MEDIUM = classify.Level.MEDIUM, _("M (medium)")
    LOW = classify.Level.LOW, _("K (low)")


class QuadrantChoice(models.TextChoices):
    MANAGE_CLOSELY = classify.Quadrant.MANAGE_CLOSELY, _("Manage closely")
    KEEP_SATISFIED = classify.Quadrant.KEEP_SATISFIED, _("Keep satisfied")
    KEEP_INFORMED = classify.Quadrant.KEEP_INFORMED, _("Keep informed")
    MONITOR = classify.Quadrant.MONITOR, _("Monitor")


class EngagementChoice(models.TextChoices):
    UNKNOWN = classify.Engagement.UNKNOWN, _("Unknown")
    RESISTANT = classify.Engagement.RESISTANT, _("Resistance")
    INDIFFERENT = classify.Engagement.INDIFFERENT, _("Indifferent / powerless")
    NEUTRAL = classify.Engagement.NEUTRAL, _("Neutral")
    SUPPORTIVE = classify.Engagement.SUPPORTIVE, _("Supportive")
    LEADING = classify.Engagement.LEADING, _("Leading")


class Priority(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class Source(SourcedModel):
    """Where a record comes from (Bijlage 4, 'Gebruikte bronnen/methoden'): slimme tool, media analysis,
    ..."""

    SLIMME_TOOL = "slimme-tool"

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class Organisation(VersionedModel):
    """A company, knowledge institute, financier, organisation or foundation in the register."""

    kvk_number = models.CharField(
        _("KvK number"), max_length=8, unique=True, null=True, blank=True, validators=[kvk_validator]
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    org_type = models.CharField(
        _("type"), max_length=25, choices=OrganisationType.choices, default=OrganisationType.COMPANY
    )
    sbi_codes = models.ManyToManyField(
        "catalogue.SbiCode", blank=True, related_name="organisations", verbose_name=_("SBI codes")
    )
    province = models.ForeignKey(
        "catalogue.Province",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("province"),
    )
    size_class = models.CharField(_("size class"), max_length=6, choices=SizeClass.choices, blank=True)
    establishments = models.PositiveIntegerField(_("establishments (LISA)"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    chain_position = models.CharField(
        _("chain position"), max_length=25, choices=ChainPosition.choices, blank=True
    )
    sources = models.ManyToManyField(
        Source, through="OrganisationSource", related_name="organisations", verbose_name=_("sources")
    )
    # Current outcome of the categorisations; each decision is recorded in CategorisationDecision.
    sector = models.CharField(
        _("sector (categorisation 1)"), max_length=20, choices=SectorChoice.choices, blank=True
    )
    sector_confirmed = models.BooleanField(_("sector confirmed"), default=False)
    relevance_role = models.CharField(
        _("relevance (categorisation 4)"), max_length=12, choices=RelevanceRole.choices, blank=True
    )
    frontrunner_class = models.CharField(
        _("class (categorisation 6)"),
        max_length=12,
        choices=FrontrunnerChoice.choices,
        blank=True,
        db_index=True,
    )
    frontrunner_reason = models.TextField(_("reason for the class"), blank=True)
    frontrunner_overridden = models.BooleanField(_("class set by hand"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # The dashboard counts the register by type and by role (dashboard.metrics): an index each, so the
        # database counts index entries instead of reading every organisation.
        indexes = [
            models.Index(fields=["org_type"], name="stakeholder_org_type_idx"),
            models.Index(fields=["relevance_role"], name="stakeholder_org_role_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("stakeholders:organisation-detail", args=[self.pk])


class OrganisationSource(models.Model):
    """An organisation was found by a source; several sources keep several rows (categorisation 7 needs
    them)."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="source_links")
    source = models.ForeignKey(Source, models.PROTECT, related_name="organisation_links")
    reference = models.CharField(_("reference in the source"), max_length=200, blank=True)
    batch = models.ForeignKey(
        "ImportBatch", models.SET_NULL, null=True, blank=True, related_name="source_links"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "source"], name="uniq_org_source")]
        verbose_name = _("organisation source")
        verbose_name_plural = _("organisation sources")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.source_id}"


class CoverageMark(models.Model):
    """What one organisation adds to the coverage report (categorisation 7), as last counted: whether it
    qualifies and which sources found it (codes). CoverageCount is the sum of the marks' contributions
    (classify.coverage_contribution); services.coverage_refresh moves both, in the transaction that changes
    an organisation, its sources or its innovations (see stakeholders.signals)."""

    organisation = models.OneToOneField(
        Organisation, models.CASCADE, primary_key=True, related_name="coverage_mark"
    )
    qualifies = models.BooleanField()
    sources = models.JSONField(default=list)  # source codes, sorted

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.sources} {self.qualifies}"


class CoverageCount(models.Model):
    """Categorisation 7 for one other source (`key`: its code) or all of them together (`key` ""): how many
    organisations it found, how many of those qualify and how many of those the slimme tool found too. Kept
    with the organisations (CoverageMark), so the coverage report reads a few rows however large the
    register."""

    key = models.CharField(max_length=50, unique=True)
    found = models.IntegerField(default=0)
    qualifying = models.IntegerField(default=0)
    covered = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key or 'total'}: {self.found}/{self.qualifying}/{self.covered}"


class Person(VersionedModel):
    """A change agent or contact person. Personal data: only programme roles see these records."""

    class ChangeAgentType(models.TextChoices):
        # Bijlage 4, beslishorizon 0-3 maanden.
        DIRECTOR = "director", _("Director / owner")
        INNOVATION_MANAGER = "innovation_manager", _("Innovation manager")
        TECHNICIAN = "technician", _("Technician")
        ADVISER = "adviser", _("Adviser")
        SALES = "sales", _("Sales / marketing")

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="people", verbose_name=_("organisation")
    )
    change_agent_type = models.CharField(
        _("change-agent type"), max_length=20, choices=ChangeAgentType.choices, blank=True
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Innovation(VersionedModel):
    """A circular innovation of an organisation (an organisation may have several), with categorisations
    2-3."""

    class CircularAim(models.TextChoices):
        # Bijlage 4, categorisation 2.1.
        MATERIAL_EFFICIENCY = (
            "material_efficiency",
            _("More efficient use of raw materials / material saving"),
        )
        CIRCULAR_DESIGN = "circular_design", _("Circular design for better maintenance")
        LIFE_EXTENSION = "life_extension", _("Life extension of components and products")
        ASSET_SHARING = "asset_sharing", _("Asset sharing")
        AS_A_SERVICE = "as_a_service", _("Keeping ownership, selling the service (product as a service)")

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="innovations", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    in_manufacturing = models.BooleanField(_("innovation in manufacturing"), null=True, blank=True)
    transition_agenda = models.ForeignKey(
        "catalogue.TransitionAgenda",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("other transition agenda"),
    )
    # Categorisation 2: circularity.
    circular_aims = models.JSONField(_("circular aims"), default=list, blank=True)
    # The choices of the list fields, so the audit trail shows labels (regiekamer.history).
    LIST_CHOICES = {"circular_aims": CircularAim.choices}
    material_saving_kg = models.DecimalField(
        _("material saved (kg/yr)"), max_digits=14, decimal_places=1, null=True, blank=True
    )
    waste_reduction_kg = models.DecimalField(
        _("waste avoided (kg/yr)"), max_digits=14, decimal_places=1, null=True, blank=True
    )
    critical_raw_materials = models.ManyToManyField(
        "catalogue.RawMaterial", blank=True, verbose_name=_("critical raw materials")
    )
    adverse_side_effects = models.TextField(_("adverse side effects"), blank=True)
    is_waste_processing = models.BooleanField(_("waste-processing project"), default=False)
    lansink_step = models.ForeignKey(
        "catalogue.LansinkStep", models.PROTECT, null=True, blank=True, verbose_name=_("Lansink ladder step")
    )
    energy_investment_only = models.BooleanField(_("mainly an energy investment"), default=False)
    # Categorisation 3: innovation.
    reference_technique = models.TextField(_("reference technique"), blank=True)
    beyond_common_practice = models.BooleanField(_("beyond common practice (BBT)"), null=True, blank=True)
    beyond_legal_duty = models.BooleanField(_("beyond legal duty"), null=True, blank=True)
    circular_design = models.BooleanField(_("circular design"), default=False)
    as_a_service = models.BooleanField(_("product or asset as a service"), default=False)
    value_retention_forms = models.ManyToManyField(
        "catalogue.ValueRetentionForm", blank=True, verbose_name=_("value-retention forms")
    )
    innovation_functions = models.ManyToManyField(
        "catalogue.InnovationFunction", blank=True, verbose_name=_("innovation functions")
    )
    # Categorisation 6 inputs.
    innovation_subsidy = models.CharField(
        _("innovation subsidy received"),
        max_length=100,
        blank=True,
        help_text=_("Name of the scheme, e.g. DEI+; empty if none."),
    )
    other_dutch_adopters = models.PositiveIntegerField(
        _("other Dutch companies with this innovation"), null=True, blank=True
    )

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")

    def __str__(self) -> str:
        return self.title

    @property
    def is_circular(self) -> bool:
        return bool(self.circular_aims)

    @property
    def is_low_grade(self) -> bool:
        """Mainly an energy investment, or waste processed at 'nuttig toepassen als brandstof' or lower."""
        step = self.lansink_step if self.is_waste_processing and self.lansink_step_id else None
        rank = step.rank if step is not None else None
        return classify.is_low_grade(energy_only=self.energy_investment_only, lansink_rank=rank)


class CategorisationDecision(AuditedModel):
    """One decision in the categorisation trail: which step, what was decided, who decided and why."""

    class Step(models.IntegerChoices):
        SECTOR = 1, _("1. Sector")
        CIRCULARITY = 2, _("2. Circularity")
        INNOVATION = 3, _("3. Innovation")
        RELEVANCE = 4, _("4. Relevance")
        COLLABORATIONS = 5, _("5. Collaborations")
        FRONTRUNNER = 6, _("6. Frontrunner / follower / other")
        VERIFICATION = 7, _("7. Verification")

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="decisions")
    innovation = models.ForeignKey(
        Innovation, models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    outcome = models.CharField(_("outcome"), max_length=300)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("categorisation decision")
        verbose_name_plural = _("categorisation decisions")

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.outcome}"


class Collaboration(VersionedModel):
    """Categorisation 5: a project or chain several stakeholders work in ("achter de stakeholders die in een
    project samenwerken de projectnaam vermelden"), named in free text. A portfolio project links itself to
    its collaboration (portfolio.Project.collaborations): the register knows no projects."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        CHAIN = "chain", _("Chain")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Organisation, through="CollaborationMember", related_name="collaborations", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self) -> str:
        return self.name


class CollaborationMember(AuditedModel):
    collaboration = models.ForeignKey(Collaboration, models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=100, blank=True)  # e.g. "Trekker", "Actor"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "organisation"], name="uniq_collab_member")
        ]
        verbose_name = _("collaboration member")
        verbose_name_plural = _("collaboration members")

    def __str__(self) -> str:
        return f"{self.organisation} in {self.collaboration}"


class NetworkLink(models.Model):
    """A pair of organisations that share at least one collaboration (`organisation_a` before `organisation_b`
    by key), with how many they share and the first of them by name: the collaboration network as
    selectors.network_links aggregates it, kept with the memberships and collaborations in the writing
    transaction (stakeholders.signals.keep_network), so the whole network's page reads a page of these rows
    instead of pairing every membership with every other. Rebuildable (services.network_rebuild)."""

    organisation_a = models.ForeignKey(Organisation, models.CASCADE, related_name="+")
    organisation_b = models.ForeignKey(Organisation, models.CASCADE, related_name="+")
    shared = models.PositiveIntegerField()
    label = models.CharField(max_length=200)  # Collaboration.name
    # The organisations' names, the page's sort keys after `shared`: kept here (renamed with the organisation,
    # stakeholders.signals.keep_network) so that the page is read through one index, in order, 50 rows at a
    # time, instead of joining and sorting every link.
    a_name = models.CharField(max_length=200)
    b_name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation_a", "organisation_b"], name="uniq_network_link")
        ]
        indexes = [
            # The page's order (selectors.network_links), column for column.
            models.Index(
                fields=["-shared", "a_name", "b_name", "organisation_a", "organisation_b"],
                name="stakeholder_link_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a_id}-{self.organisation_b_id}: {self.shared}"


class TeamRelevance(AuditedModel):
    """For which UPCM team (or pillar) and on which decision horizon a stakeholder is relevant
    ("voor welk UPCM team relevant? (of alleen projecten)", Bijlage 4)."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="team_relevance")
    team = models.ForeignKey(
        "programme.Team",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholder_relevance",
        verbose_name=_("team"),
    )
    pillar = models.ForeignKey(
        "catalogue.Pillar", models.PROTECT, null=True, blank=True, verbose_name=_("pillar")
    )
    horizon = models.ForeignKey(
        "catalogue.Horizon", models.PROTECT, null=True, blank=True, verbose_name=_("decision horizon")
    )
    projects_only = models.BooleanField(_("only for projects"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "team", "pillar", "horizon"], name="uniq_team_relevance_team"
            )
        ]
        verbose_name = _("team relevance")
        verbose_name_plural = _("team relevance")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.team or self.pillar or ''} / {self.horizon or ''}"


class IssueAnalysis(VersionedModel):
    """Fase 2 issue analysis for a key stakeholder (Bijlage 4 table: organisatie, persoon, positie, rol t.o.v.
    CE, invloed, belang, voorwaarden, zorgen) plus what they win or lose."""

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="issue_analyses", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="issue_analyses",
        verbose_name=_("person"),
    )
    role_towards_ce = models.CharField(_("role towards CE"), max_length=100, blank=True)
    influence = models.CharField(_("influence"), max_length=1, choices=LevelChoice.choices)
    interest = models.CharField(_("interest"), max_length=1, choices=LevelChoice.choices)
    interest_negative = models.BooleanField(
        _("negative interest"), default=False, help_text=_("Both positive and negative interest count.")
    )
    conditions = models.TextField(_("conditions"), blank=True)
    concerns = models.TextField(_("concerns"), blank=True)
    gains = models.TextField(_("what they win"), blank=True)
    losses = models.TextField(_("what they lose"), blank=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("issue analysis")
        verbose_name_plural = _("issue analyses")

    def __str__(self) -> str:
        return f"{self.organisation}{f' ({self.person})' if self.person_id else ''}"

    @property
    def quadrant(self) -> str:
        return classify.mendelow_quadrant(influence=self.influence, interest=self.interest).value

    def get_quadrant_display(self) -> str:
        return str(QuadrantChoice(self.quadrant).label)


class CommunicationPlanEntry(VersionedModel):
    """The communication plan: with whom, by whom, why, when, what and how (Bijlage 4)."""

    analysis = models.ForeignKey(
        IssueAnalysis, models.CASCADE, related_name="communication", verbose_name=_("stakeholder")
    )
    communicator = models.CharField(_("who communicates"), max_length=200)
    channel = models.CharField(_("channel"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=100)
    purpose = models.TextField(_("why / what"), blank=True)

    class Meta:
        ordering = ["analysis__organisation__name", "pk"]
        verbose_name = _("communication plan entry")
        verbose_name_plural = _("communication plan entries")

    def __str__(self) -> str:
        return f"{self.analysis}: {self.channel}"


class RiskEntry(VersionedModel):
    """Stakeholder risk analysis: where a stakeholder stands now and where the programme needs them."""

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="risks", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person, models.SET_NULL, null=True, blank=True, related_name="risks", verbose_name=_("person")
    )
    current_engagement = models.CharField(
        _("current engagement"), max_length=12, choices=EngagementChoice.choices
    )
    desired_engagement = models.CharField(
        _("desired engagement"), max_length=12, choices=EngagementChoice.choices
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    actions = models.TextField(_("actions"), blank=True)
    action_holder = models.CharField(_("action holder"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("stakeholder risk")
        verbose_name_plural = _("stakeholder risks")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_current_engagement_display()}"

    @property
    def gap(self) -> int:
        return classify.engagement_gap(current=self.current_engagement, desired=self.desired_engagement)


class ImportBatch(AuditedModel):
    """One bulk import (a file from the slimme tool or another source): its mapping, counts and errors."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        RUNNING = "running", _("Running")
        DRY_RUN = "dry_run", _("Dry run")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(Source, models.PROTECT, related_name="batches", verbose_name=_("source"))
    file_name = models.CharField(_("file name"), max_length=255)
    stored_file = models.CharField(_("stored file"), max_length=255, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("created"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_review = models.PositiveIntegerField(_("to review"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # the first 1,000 row errors
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    failure = models.TextField(_("failure"), blank=True)  # an unexpected error that stopped the run
    dry_run = models.BooleanField(_("dry run"), default=False)  # the last run checked without saving
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class FuzzyMatch(AuditedModel):
    """An imported row without KvK number whose name in the same province resembles an existing organisation:
    a person decides whether it is the same (merge) or a new organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        MERGED = "merged", _("Merged")
        CREATED = "created", _("Created as new")

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="fuzzy_matches")
    row_number = models.PositiveIntegerField(_("row"))
    row = models.JSONField(_("imported values"))
    candidate = models.ForeignKey(
        Organisation, models.CASCADE, related_name="fuzzy_matches", verbose_name=_("existing organisation")
    )
    score = models.FloatField(_("similarity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result = models.ForeignKey(Organisation, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("fuzzy match")
        verbose_name_plural = _("fuzzy matches")

    def __str__(self) -> str:
        return f"{self.row.get('name', '')} ~ {self.candidate}"


class PeopleExportLog(models.Model):
    """Every export of person records (personal data) is logged: who, when, what."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    query = models.CharField(_("filter"), max_length=500, blank=True)
    rows = models.PositiveIntegerField(_("rows"))

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export of people")
        verbose_name_plural = _("exports of people")

    def __str__(self) -> str:
        return f"{self.user} {self.exported_at:%Y-%m-%d %H:%M} ({self.rows})"


class AnalysisRound(VersionedModel):
    """One round of the stakeholder analysis, which "in vijf fasen ... cyclisch doorlopen" (§3.2.2,
    Bijlage 4): its five phases, and, once completed, a snapshot of the classification it was based on, so
    that the next round can be compared with it (stakeholders/cycle.py)."""

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        COMPLETED = "completed", _("completed")

    number = models.PositiveIntegerField(_("round"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("analysis round")
        verbose_name_plural = _("analysis rounds")

    def __str__(self) -> str:
        return f"{_('Round')} {self.number}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundPhase(VersionedModel):
    """A phase of a round (Bijlage 4: fase 0-4) with its status, who finished it and when, and the counts of
    what it produced at that moment (its deliverables, in the register's own pages)."""

    class Phase(models.IntegerChoices):
        RECALIBRATE = 0, _("0. Re-calibrating the information and communication structure")
        IDENTIFY = 1, _("1. Identifying the stakeholders")
        ISSUES = 2, _("2. Issue analysis of the identified stakeholders")
        STRATEGY_ANALYSIS = 3, _("3. Strategy analyses")
        STRATEGY = 4, _("4. Determining the strategy")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    # What each phase produces (Bijlage 4), as counts: the keys of `deliverables` as a person reads them
    # (the phase page and the audit trail, regiekamer.history).
    DICT_LABELS = {
        "deliverables": {
            "sources": _("sources of stakeholder data"),
            "imports": _("imports done"),
            "organisations": _("organisations in the register"),
            "people": _("people (change agents, contacts)"),
            "sector": _("organisations with a sector (categorisation 1)"),
            "classified": _("organisations classified as frontrunner, follower or other (categorisation 6)"),
            "issue_analyses": _("issue analyses"),
            "mendelow": _("stakeholders placed in the Mendelow matrix"),
            "relevance": _("organisations with a relevance role (users, executors, suppliers, deciders)"),
            "communication": _("lines of the communication plan"),
            "risks": _("lines of the stakeholder risk register"),
            "placements": _("stakeholders given a place in the UPCM network"),
        },
    }

    round = models.ForeignKey(AnalysisRound, models.CASCADE, related_name="phases", verbose_name=_("round"))
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True)
    deliverables = models.JSONField(_("deliverables when done"), default=dict, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["round", "phase"]
        constraints = [models.UniqueConstraint(fields=["round", "phase"], name="uniq_round_phase")]
        verbose_name = _("phase of a round")
        verbose_name_plural = _("phases of a round")

    def __str__(self) -> str:
        return f"{self.round}: {self.get_phase_display()}"


class RoundSnapshotEntry(models.Model):
    """How one organisation stood when its round was completed: its class (categorisation 6), the other
    categorisations the six criteria of phase 4 read, and its widest engagement gap. Written once by
    round_complete and never changed (not audited itself: the round's completion is)."""

    round = models.ForeignKey(AnalysisRound, models.CASCADE, related_name="snapshot", verbose_name=_("round"))
    organisation = models.ForeignKey(
        Organisation, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    frontrunner_class = models.CharField(
        _("class (categorisation 6)"), max_length=12, choices=FrontrunnerChoice.choices, blank=True
    )
    sector = models.CharField(
        _("sector (categorisation 1)"), max_length=20, choices=SectorChoice.choices, blank=True
    )
    relevance_role = models.CharField(
        _("relevance (categorisation 4)"), max_length=12, choices=RelevanceRole.choices, blank=True
    )
    circular = models.BooleanField(_("circular innovation"), default=False)
    innovative = models.BooleanField(_("innovative"), default=False)
    in_collaboration = models.BooleanField(_("in a (chain) collaboration"), default=False)
    current_engagement = models.CharField(
        _("current engagement"), max_length=12, choices=EngagementChoice.choices, blank=True
    )
    desired_engagement = models.CharField(
        _("desired engagement"), max_length=12, choices=EngagementChoice.choices, blank=True
    )

    class Meta:
        ordering = ["round", "organisation_name"]
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="uniq_snapshot_org")]
        verbose_name = _("snapshot entry")
        verbose_name_plural = _("snapshot entries")

    def __str__(self) -> str:
        return f"{self.round}: {self.organisation_name}"


class StrategyPlacement(VersionedModel):
    """Phase 4's decision for one stakeholder: it is relevant enough to get a place in the UPCM network (a
    project, a team or a steering meeting, Bijlage 4 fase 4), with the reason."""

    class Place(models.TextChoices):
        PROJECT = "project", _("in a project")
        TEAM = "team", _("in a team")
        STEERING_MEETING = "steering_meeting", _("in a steering meeting (KBO)")

    round = models.ForeignKey(
        AnalysisRound, models.CASCADE, related_name="placements", verbose_name=_("round")
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="placements", verbose_name=_("organisation")
    )
    place = models.CharField(_("place in the UPCM network"), max_length=20, choices=Place.choices)
    team = models.ForeignKey(
        "programme.Team", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided on"), auto_now_add=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="uniq_round_placement")]
        verbose_name = _("strategy placement")
        verbose_name_plural = _("strategy placements")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_place_display()}"
