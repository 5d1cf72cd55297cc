"""Reference lists from the source documents. Every entry records the section it comes from (SourcedModel).

Read-only for everyone but the programme office, who edits them in the Django admin. Each text a person reads
is stored in Dutch and in English and read in the active language through the model's `localized` declaration
and its `label` (see the `catalogue` package docstring)."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regiekamer.models import SourcedModel

from .localized import Localized, reads_english


class LocalizedEntry(models.Model):
    """An entry whose name is read in the active language: `label` (and `str()`, built on it)."""

    localized: Localized
    LABEL = "name"  # the concept of `localized` that names the entry

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return str(getattr(self.localized, self.LABEL))


class ProductCluster(LocalizedEntry, SourcedModel):
    """The five clusters of product groups (§1.2.3) and "Generiek" (§4.4 dashboard legend)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_in_figures = models.CharField(
        _("name in the industry figures"),
        max_length=100,
        blank=True,
        help_text=_(
            "How Werkwijze UPCM 2020 §1.2.3 names the cluster, e.g. 'High Tech (kapitaalgoederen)'; empty "
            "for Generiek."
        ),
    )
    description = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("product cluster")
        verbose_name_plural = _("product clusters")

    def __str__(self) -> str:
        return self.label


def sbi_display(code: str, level: int) -> str:
    """An SBI code of `level` (SbiCode.Level) as CBS writes it: "C", "29", "29.1", "29.10", "29.10.1"."""
    if level <= SbiCode.Level.DIVISION:
        return code
    if level == SbiCode.Level.SUBCLASS:
        return f"{code[:2]}.{code[2:4]}.{code[4:]}"
    return f"{code[:2]}.{code[2:]}"


class SbiCode(LocalizedEntry, SourcedModel):
    """A node of the SBI 2008 tree: section (letter), division (2 digits), group (3), class (4), subclass (5).

    `code` is stored in digits without dots ("291"); `display_code` gives the conventional "29.1"."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("section (1 digit / letter)")
        DIVISION = 2, _("division (2 digits)")
        GROUP = 3, _("group (3 digits)")
        CLASS = 4, _("class (4 digits)")
        SUBCLASS = 5, _("subclass (5 digits)")

    code = models.CharField(_("code"), max_length=5, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name = models.CharField(_("name (Dutch)"), max_length=250, blank=True)  # SBI 2008 (CBS)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)  # NACE Rev. 2 (Eurostat)
    name_in_figures = models.CharField(
        _("name in the industry figures"),
        max_length=100,
        blank=True,
        help_text=_("How Werkwijze UPCM 2020 §1.2.1 names the product group, e.g. 'Machine-industrie'."),
    )
    # A section covers a contiguous range of divisions (C: 10-33); empty below the section level.
    first_division = models.PositiveSmallIntegerField(_("first division"), null=True, blank=True)
    last_division = models.PositiveSmallIntegerField(_("last division"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    cluster = models.ForeignKey(
        ProductCluster,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sbi_codes",
        verbose_name=_("product cluster"),
    )
    in_manufacturing_scope = models.BooleanField(
        _("in UPCM scope"),
        default=False,
        help_text=_("One of the divisions of Werkwijze UPCM 2020 §1.2.1 (or below one)."),
    )

    localized = Localized(name=("name", "name_en"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("SBI code")
        verbose_name_plural = _("SBI codes")

    def __str__(self) -> str:
        return f"{self.display_code} {self.label}".strip()

    @property
    def display_code(self) -> str:
        """The code as CBS writes it: "C", "29", "29.1", "29.10", "29.10.1"."""
        return sbi_display(self.code, self.level)

    @property
    def division_range(self) -> str:
        """For a section, the divisions it covers as CBS writes them ("10-33", "35"); empty otherwise."""
        if self.first_division is None or self.last_division is None:
            return ""
        if self.first_division == self.last_division:
            return f"{self.first_division:02d}"
        return f"{self.first_division:02d}-{self.last_division:02d}"


class Province(LocalizedEntry, SourcedModel):
    code = models.CharField(_("code"), max_length=2, unique=True)  # CBS/ISO 3166-2:NL letters, e.g. "ZH"
    name = models.CharField(_("name (Dutch)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_in_figures = models.CharField(_("name in the industry figures"), max_length=100, blank=True)

    localized = Localized(name=("name", "name_en"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.label


class Country(LocalizedEntry, SourcedModel):
    """A country of ISO 3166-1, by its two-letter code: the producing countries of the material data."""

    code = models.CharField(_("code"), max_length=2, unique=True)  # ISO 3166-1 alpha-2, e.g. "CN"
    name = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    localized = Localized(name=("name", "name_en"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.label


class TransitionAgenda(LocalizedEntry, SourcedModel):
    """An NPCE transition agenda (Instructie Ketendoorbraakprojecten, Bijlage 1)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    localized = Localized(name=("name", "name_en"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("transition agenda")
        verbose_name_plural = _("transition agendas")

    def __str__(self) -> str:
        return self.label


class NpceProductGroup(LocalizedEntry, SourcedModel):
    """A priority product group of the NPCE 2023-2030 (Instructie Ketendoorbraakprojecten, Bijlage 1); some
    belong to two agendas."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    agendas = models.ManyToManyField(
        TransitionAgenda, related_name="product_groups", verbose_name=_("transition agendas")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(name=("name", "name_en"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("NPCE product group")
        verbose_name_plural = _("NPCE product groups")

    def __str__(self) -> str:
        return self.label

    @property
    def agenda_names(self) -> str:
        """The agendas, comma-separated (uses prefetched agendas when there are any)."""
        return ", ".join(agenda.label for agenda in self.agendas.all())


class Horizon(LocalizedEntry, SourcedModel):
    """A decision horizon (beslishorizon), 0-1 mnd ... 0-50 jr (§3.1.1, §3.3, §4.4 Roadmap 2.0 table)."""

    class Granularity(models.TextChoices):
        NONE = "", _("not specified")
        SBI_1 = "sbi1", _("SBI 1 digit (sectors)")
        SBI_2 = "sbi2", _("SBI 2 digits (sub-sectors)")
        SBI_3 = "sbi3", _("SBI 3 digits (branches)")
        SBI_4 = "sbi4", _("SBI 4 digits (business class)")
        SBI_5 = "sbi5", _("SBI 5 digits (companies)")
        LISA = "lisa", _("LISA (establishments)")

    class Landscape(models.TextChoices):
        INITIATIVES = "initiatives", _("Initiatives landscape (0-5 yr)")
        INTERVENTION = "intervention", _("Intervention landscape (5-10 yr)")
        TRANSITION = "transition", _("Transition landscape (10-20 yr)")
        TREND = "trend", _("Trend landscape (20-50 yr)")

    code = models.SlugField(_("code"), unique=True)  # e.g. "0-1m", "0-2y"
    label_nl = models.CharField(_("label (Dutch)"), max_length=30)  # as the sources write it: "0-2 jr"
    label_en = models.CharField(_("label (English)"), max_length=30, blank=True)
    months = models.PositiveIntegerField(_("length in months"), unique=True)
    granularity = models.CharField(_("granularity"), max_length=5, choices=Granularity.choices, blank=True)
    landscape = models.CharField(_("landscape"), max_length=15, choices=Landscape.choices)
    change_strategy = models.TextField(_("change strategy (Dutch)"), blank=True)
    change_strategy_en = models.TextField(_("change strategy (English)"), blank=True)
    # §3.1.1, e.g. "Directe actie taken"
    task_type = models.CharField(_("type of tasks (Dutch)"), max_length=100, blank=True)
    task_type_en = models.CharField(_("type of tasks (English)"), max_length=100, blank=True)
    guiding_question = models.TextField(_("guiding question (Dutch)"), blank=True)
    guiding_question_en = models.TextField(_("guiding question (English)"), blank=True)

    localized = Localized(
        label=("label_nl", "label_en"),
        change_strategy=("change_strategy", "change_strategy_en"),
        task_type=("task_type", "task_type_en"),
        guiding_question=("guiding_question", "guiding_question_en"),
    )
    LABEL = "label"

    class Meta:
        ordering = ["months"]
        verbose_name = _("decision horizon")
        verbose_name_plural = _("decision horizons")

    def __str__(self) -> str:
        return self.label


class Pillar(LocalizedEntry, SourcedModel):
    """Realisatie, Versnelling, Verbreding (§3.1.2, Bijlage 3 criteria table)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=50, blank=True)
    description = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    success_factor = models.TextField(_("primary success factor (Dutch)"), blank=True)
    success_factor_en = models.TextField(_("primary success factor (English)"), blank=True)
    activity_type = models.CharField(_("type of activity (Dutch)"), max_length=200, blank=True)
    activity_type_en = models.CharField(_("type of activity (English)"), max_length=200, blank=True)
    agreements = models.CharField(_("agreements (Dutch)"), max_length=100, blank=True)
    agreements_en = models.CharField(_("agreements (English)"), max_length=100, blank=True)
    roles = models.CharField(_("roles (Dutch)"), max_length=100, blank=True)
    roles_en = models.CharField(_("roles (English)"), max_length=100, blank=True)
    support_needed = models.CharField(_("support needed (Dutch)"), max_length=100, blank=True)
    support_needed_en = models.CharField(_("support needed (English)"), max_length=100, blank=True)
    adaptivity = models.CharField(_("adaptivity (Dutch)"), max_length=100, blank=True)
    adaptivity_en = models.CharField(_("adaptivity (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(
        name=("name", "name_en"),
        description=("description", "description_en"),
        success_factor=("success_factor", "success_factor_en"),
        activity_type=("activity_type", "activity_type_en"),
        agreements=("agreements", "agreements_en"),
        roles=("roles", "roles_en"),
        support_needed=("support_needed", "support_needed_en"),
        adaptivity=("adaptivity", "adaptivity_en"),
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self) -> str:
        return self.label


class EffectDimension(LocalizedEntry, SourcedModel):
    """Milieu, Leveringszekerheid, Economie (letters M, L, E on the dashboard, §4.4)."""

    code = models.CharField(_("code"), max_length=1, unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=50, blank=True)
    description = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("effect dimension")
        verbose_name_plural = _("effect dimensions")

    def __str__(self) -> str:
        return self.label


class RStrategy(LocalizedEntry, SourcedModel):
    """R-ladder R0 (Refuse) ... R9 (Recover), Potting et al. 2017; lower rank = more circular."""

    class Band(models.TextChoices):
        DESIGN = "R0-R2", _("R0–R2 circular design")
        LIFETIME = "R3-R7", _("R3–R7 lifetime extension")
        RECYCLING = "R8-R9", _("R8–R9 recycling")

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    code = models.CharField(_("code"), max_length=3, unique=True)  # "R0"
    name = models.CharField(_("name (English)"), max_length=50)  # e.g. "Refuse"
    name_nl = models.CharField(_("name (Dutch)"), max_length=50)  # e.g. "Weigeren"
    definition = models.TextField(_("definition (English)"))  # Potting et al. 2017
    definition_nl = models.TextField(
        _("definition (Dutch)"), blank=True
    )  # Potting et al. 2016 (Dutch edition)
    band = models.CharField(_("band"), max_length=5, choices=Band.choices)

    localized = Localized(name=("name_nl", "name"), definition=("definition_nl", "definition"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("R-strategy")
        verbose_name_plural = _("R-strategies")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ValueRetentionForm(LocalizedEntry, SourcedModel):
    """Functioneel, technisch, economisch waardebehoud (Bijlage 4, 3.3)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=50, blank=True)
    definition = models.TextField(_("definition (Dutch)"))
    definition_en = models.TextField(_("definition (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(name=("name", "name_en"), definition=("definition", "definition_en"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("value-retention form")
        verbose_name_plural = _("value-retention forms")

    def __str__(self) -> str:
        return self.label


class LansinkStep(LocalizedEntry, SourcedModel):
    """A step of the Lansink ladder for waste (Bijlage 4, 2.3); rank 1 is the most desirable."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("Lansink ladder step")
        verbose_name_plural = _("Lansink ladder steps")

    def __str__(self) -> str:
        return f"{self.rank}. {self.label}"


class InnovationFunction(LocalizedEntry, SourcedModel):
    """Innovation functions F1-F8 of mission-oriented innovation systems (Hekkert et al.; Bijlage 2 table)."""

    code = models.CharField(_("code"), max_length=2, unique=True)  # "F1"
    name = models.CharField(_("name (English)"), max_length=100)  # as in the table
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)  # as on the impact sheet
    description = models.TextField(_("description (English)"))  # as in the table
    description_nl = models.TextField(
        _("description (Dutch)"), blank=True
    )  # translated (the source has none)

    localized = Localized(name=("name_nl", "name"), description=("description_nl", "description"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("innovation function")
        verbose_name_plural = _("innovation functions")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class RawMaterial(LocalizedEntry, SourcedModel):
    """A raw material: the critical raw materials of the EU list 2023 (CRMA Annex II), with strategic status
    and the programme's own named materials (Mg, Ti, Al, P, Sb; §1.2, §4.4), and the common materials of
    bills of materials that are not on that list (steel, plastics, glass ...; `is_critical` false). The two
    are separate lists of the catalogue (critical-raw-materials, common-materials) over this one model."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name (English)"), max_length=100, unique=True)  # as in the EU list
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    symbol = models.CharField(_("symbol"), max_length=10, blank=True)  # "Sb"; empty for e.g. coking coal
    aliases = models.CharField(
        _("aliases"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated other names used in the sources, e.g. 'fosforerts'."),
    )
    is_critical = models.BooleanField(_("EU critical (2023)"), default=True)
    programme_named = models.BooleanField(_("named by the programme"), default=False)
    note = models.TextField(_("note (English)"), blank=True)
    note_nl = models.TextField(_("note (Dutch)"), blank=True)

    localized = Localized(name=("name_nl", "name"), note=("note_nl", "note"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("raw material")
        verbose_name_plural = _("raw materials")

    def __str__(self) -> str:
        return f"{self.label} ({self.symbol})" if self.symbol else self.label

    @property
    def is_strategic(self) -> bool:
        """On the EU strategic list; uses the `strategic` annotation of the catalogue querysets if present."""
        annotated = getattr(self, "strategic", None)
        if annotated is not None:
            return bool(annotated)
        return self.strategic_entries.exists()


class StrategicRawMaterial(LocalizedEntry, SourcedModel):
    """An entry of the EU strategic raw materials list (CRMA Annex I, 17 entries), linked to the critical
    material(s) it is a grade of."""

    name = models.CharField(_("name (English)"), max_length=150, unique=True)  # as in Annex I
    name_nl = models.CharField(_("name (Dutch)"), max_length=150, blank=True)
    materials = models.ManyToManyField(
        RawMaterial, related_name="strategic_entries", verbose_name=_("critical raw materials")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(name=("name_nl", "name"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("strategic raw material")
        verbose_name_plural = _("strategic raw materials")

    def __str__(self) -> str:
        return self.label

    @property
    def material_names(self) -> str:
        """The critical raw materials this entry is a grade of, comma-separated (uses prefetched ones)."""
        return ", ".join(str(material) for material in self.materials.all())


class FigureDataset(LocalizedEntry, SourcedModel):
    """A published table of industry figures (§1.2), with its year and source."""

    code = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    year = models.PositiveIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=300)

    localized = Localized(title=("title", "title_en"))
    LABEL = "title"

    class Meta:
        ordering = ["code"]
        verbose_name = _("figure dataset")
        verbose_name_plural = _("figure datasets")

    def __str__(self) -> str:
        return self.label


class IndustryFigure(SourcedModel):
    """One row of a §1.2 table: per product group (SBI division), per province, or per cluster.

    The row marked `is_stated_total` is the "Totaal" row as printed; it is kept to be compared with the
    column sums, never used in place of them. Audited like every other entry: the programme office can
    correct a figure in the admin, and the trail shows who changed which number."""

    class Breakdown(models.TextChoices):
        PRODUCT_GROUP = "product_group", _("per product group")
        PROVINCE = "province", _("per province")
        CLUSTER = "cluster", _("per cluster")

    dataset = models.ForeignKey(
        FigureDataset, models.CASCADE, related_name="figures", verbose_name=_("dataset")
    )
    breakdown = models.CharField(_("breakdown"), max_length=15, choices=Breakdown.choices)
    label = models.CharField(_("label"), max_length=100)  # as printed
    sbi = models.ForeignKey(
        SbiCode, models.PROTECT, null=True, blank=True, related_name="figures", verbose_name=_("SBI division")
    )
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="figures", verbose_name=_("province")
    )
    cluster = models.ForeignKey(
        ProductCluster,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("product cluster"),
    )
    is_stated_total = models.BooleanField(_("stated total"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    jobs_thousands = models.IntegerField(_("jobs (x 1,000)"))
    labour_volume_thousands = models.IntegerField(_("labour volume (x 1,000)"))
    orgs_0_50 = models.IntegerField(_("organisations 0-50 persons"))
    orgs_51_100 = models.IntegerField(_("organisations 51-100 persons"))
    orgs_over_100 = models.IntegerField(_("organisations > 100 persons"))
    net_turnover_meur = models.IntegerField(_("net turnover (M€)"))
    value_added_meur_per_year = models.IntegerField(_("value added (M€/yr)"))
    upcm_value_added_impact_meur_per_year = models.IntegerField(_("UPCM impact on value added (M€/yr)"))
    co2_kt_per_year = models.IntegerField(_("CO₂ (kt/yr)"))
    upcm_co2_impact_kt_per_year = models.IntegerField(_("UPCM impact on CO₂ (kt/yr)"))
    material_flows_mkg = models.IntegerField(_("material flows (M kg)"))

    VALUE_FIELDS = (
        "jobs_thousands",
        "labour_volume_thousands",
        "orgs_0_50",
        "orgs_51_100",
        "orgs_over_100",
        "net_turnover_meur",
        "value_added_meur_per_year",
        "upcm_value_added_impact_meur_per_year",
        "co2_kt_per_year",
        "upcm_co2_impact_kt_per_year",
        "material_flows_mkg",
    )

    class Meta:
        ordering = ["dataset", "breakdown", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "breakdown", "label"], name="uniq_figure_row")
        ]
        verbose_name = _("industry figure")
        verbose_name_plural = _("industry figures")

    def __str__(self) -> str:
        return f"{self.get_breakdown_display()}: {self.row_label}"

    @property
    def row_label(self) -> str:
        """The row's name for the reader: as printed (the source is Dutch); in English the name of the entry
        the row is about, and "Total" for the stated total."""
        if not reads_english():
            return self.label
        if self.is_stated_total:
            return gettext("Total")
        linked = self.sbi or self.province or self.cluster
        return linked.label if linked is not None else self.label


class KiaTheme(LocalizedEntry, SourcedModel):
    """A topic of the knowledge and innovation agenda for the manufacturing industry (KIA-CM), as shared at
    the UPCM knowledge session of 13 May 2020 (Bijlage 11, project 'Kennisuitwisseling NWA cross-over en
    KIA CM calls'). Projects are tagged with the topics they work on."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)  # as numbered in the source, 1-8
    code = models.SlugField(_("code"), unique=True)  # stable key, e.g. "kem" for Key enabling methodologies
    name = models.CharField(_("name (Dutch)"), max_length=200, unique=True)  # as written in the source
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("KIA-CM topic")
        verbose_name_plural = _("KIA-CM topics")

    def __str__(self) -> str:
        return f"{self.number}) {self.label}"


class SupraregionalTheme(LocalizedEntry, SourcedModel):
    """A theme of the supra-regional approach: CESI, the Human Capital Agenda, market demand CE (§4.4
    dashboard, §5.6 'Bovenregionale samenwerking')."""

    code = models.SlugField(_("code"), unique=True)
    # As the dashboard writes it ("CESI", "HCA"); empty where it writes the name out ("marktvraag CE").
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    name = models.CharField(_("name (Dutch)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("supra-regional theme")
        verbose_name_plural = _("supra-regional themes")

    def __str__(self) -> str:
        return self.label
