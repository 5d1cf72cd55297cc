"""Raw-material data (per material the indicators of the Dutch scanner method), scans of bills of materials,
and the sweet spots a team adopts.

Sources: werkwijze-upcm-2020 Bijlage 1 actielijn 2 and Bijlage 11 (Grondstoffenscanner), §3.1.1, §5.5 and
Bijlage 2 principle 6 (scopingstabel / sweet spots); TNO/EY/HCSS (2015) "Materialen in de Nederlandse
economie —
een kwetsbaarheidsanalyse" for the indicator set.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.localized import Localized
from regiekamer.models import AuditedModel, VersionedModel


class Indicator(models.TextChoices):
    """The supply-risk indicators per material (TNO/EY/HCSS 2015 and EU CRM 2017)."""

    HHI = "hhi", _("Concentration of production (HHI)")
    WGI = "weighted_wgi", _("Governance of producing countries (weighted WGI, 0–10)")
    EXPORT_RESTRICTIONS = "export_restrictions", _("Production under export restrictions (share)")
    COMPANIONALITY = "companionality", _("Companionality (share mined as by-product)")
    EOL_RECYCLING = "eol_recycling_rate", _("End-of-life recycling rate")
    PRICE_VOLATILITY = "price_volatility", _("Price volatility")
    RESERVES = "reserve_production_ratio", _("Reserves / production (years)")
    CSR = "csr_risk", _("Reputation risk (CSR, 0–10)")
    ENVIRONMENT = "environmental_risk", _("Environmental risk (0–10)")
    # The EU criticality assessment 2023 (materials/data/eu-crm-2023/README.md).
    SUPPLY_RISK = "supply_risk", _("EU supply risk (SR)")
    ECONOMIC_IMPORTANCE = "economic_importance", _("EU economic importance (EI)")
    EOL_RIR = "eol_rir", _("End-of-life recycling input rate (EoL-RIR)")


class MaterialDataReleaseQuerySet(models.QuerySet["MaterialDataRelease"]):
    def current(self) -> MaterialDataReleaseQuerySet:
        """The current release (at most one: the constraint materials_one_current_release)."""
        return self.filter(is_current=True)


class MaterialDataRelease(AuditedModel):
    """One loaded version of the material data set; exactly one release is current at a time."""

    code = models.SlugField(
        _("release"), unique=True, help_text=_("Version label, e.g. 'sample-2015' or 'tno-2023'.")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(
        _("title (English)"), max_length=200, blank=True, help_text=_("Shown to English readers; optional.")
    )
    is_sample = models.BooleanField(
        _("illustrative sample"),
        default=False,
        help_text=_("Sample values for the demo, not the programme's data set."),
    )
    is_current = models.BooleanField(_("current"), default=False)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("The publication the release's figures come from, as the release is labelled."),
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    objects = MaterialDataReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at", "code"]
        verbose_name = _("material data release")
        verbose_name_plural = _("material data releases")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="materials_one_current_release",
            )
        ]

    # The title in the reader's language, as the catalogue's reference data (see the catalogue package).
    localized = Localized(title=("title", "title_en"))

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(self.localized.title)


class MaterialProfile(AuditedModel):
    """The data of one raw material in one release."""

    release = models.ForeignKey(
        MaterialDataRelease, models.CASCADE, related_name="profiles", verbose_name=_("release")
    )
    material = models.ForeignKey(
        "catalogue.RawMaterial", models.PROTECT, related_name="profiles", verbose_name=_("raw material")
    )

    class Meta:
        ordering = ["material__name"]
        verbose_name = _("material profile")
        verbose_name_plural = _("material profiles")
        constraints = [models.UniqueConstraint(fields=["release", "material"], name="materials_uniq_profile")]

    def __str__(self) -> str:
        return f"{self.material} ({self.release.code})"


class IndicatorValue(AuditedModel):
    """One indicator value of a material, with its source and year."""

    profile = models.ForeignKey(
        MaterialProfile, models.CASCADE, related_name="values", verbose_name=_("material profile")
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    # None: the source has no value (`note` says why); nothing is filled in for it.
    value = models.FloatField(_("value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Why the value is missing, or where the sources disagree (as the data file says)."),
    )
    # HHI, weighted WGI and the export-restricted share calculated from the producers (`source` then names the
    # producers' sources).
    calculated = models.BooleanField(_("calculated from the producers"), default=False)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["profile", "indicator"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["profile", "indicator"], name="materials_uniq_value")]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"


class StageAssessment(AuditedModel):
    """One row of the EU criticality assessment 2023 for a material of a release: a stage (extraction or
    processing; none for a group of elements) with its supply risk, import reliance and main suppliers, or the
    same for an element the EU list counts in a group (neodymium in the light rare earth elements)."""

    class Stage(models.TextChoices):
        EXTRACTION = "extraction", _("extraction")
        PROCESSING = "processing", _("processing")
        GROUP = "", _("whole group")

    profile = models.ForeignKey(
        MaterialProfile, models.CASCADE, related_name="stages", verbose_name=_("material profile")
    )
    element = models.CharField(
        _("element"), max_length=100, blank=True, help_text=_("An element of the group; empty for the group.")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, blank=True)
    is_bottleneck = models.BooleanField(_("bottleneck stage"), default=False)
    supply_risk = models.FloatField(_("supply risk"), null=True, blank=True)
    economic_importance = models.FloatField(_("economic importance"), null=True, blank=True)
    import_reliance = models.FloatField(
        _("import reliance"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    # ISO 3166-1 codes, several separated by ";" where the source's shares tie.
    main_global_supplier = models.CharField(_("main global supplier"), max_length=50, blank=True)
    main_global_supplier_share = models.FloatField(
        _("share of global supply"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    main_eu_supplier = models.CharField(_("main supplier to the EU"), max_length=50, blank=True)
    main_eu_supplier_share = models.FloatField(
        _("share of EU sourcing"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    source = models.TextField(_("source"))
    flags = models.TextField(
        _("notes of the data file"), blank=True, help_text=_("Where the sources disagree or a cell is empty.")
    )

    class Meta:
        ordering = ["profile", "element", "stage"]
        verbose_name = _("stage of the EU assessment")
        verbose_name_plural = _("stages of the EU assessment")
        constraints = [
            models.UniqueConstraint(fields=["profile", "element", "stage"], name="materials_uniq_stage")
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.element} {self.stage}".strip()


class ProducerShare(AuditedModel):
    """A producing country's share of world production of a material, its WGI estimate and export
    restrictions.

    A release that names only the main supplier (the EU assessment 2023: the main global supplier of a stage
    and its share) has that country's row and one row for the rest of the supply, `country` empty: "other or
    unknown", never split over countries it does not name; its WGI and export restriction are None (not in
    the data)."""

    profile = models.ForeignKey(
        MaterialProfile, models.CASCADE, related_name="producers", verbose_name=_("material profile")
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code; empty for the rest of the supply (other or unknown)."),
    )
    share = models.FloatField(
        _("share of production"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    wgi_estimate = models.FloatField(_("WGI estimate (−2.5 … 2.5)"), null=True, blank=True)
    export_restriction = models.BooleanField(_("export restriction"), null=True, default=False)
    stage = models.CharField(
        _("stage"),
        max_length=12,
        blank=True,
        help_text=_("The stage of the supply the share is of, where the source says."),
    )
    source = models.CharField(_("source"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["profile", "-share"]
        verbose_name = _("producer share")
        verbose_name_plural = _("producer shares")
        constraints = [models.UniqueConstraint(fields=["profile", "country"], name="materials_uniq_producer")]

    def __str__(self) -> str:
        return f"{self.country} {self.share:.0%}"


class ScanQuerySet(models.QuerySet["Scan"]):
    def owned_by(self, user: Any) -> ScanQuerySet:
        """The scans of `user` (the rule materials.view_scan as a filter: only the owner sees a scan)."""
        return self.filter(owner_id=getattr(user, "pk", None)) if getattr(user, "pk", None) else self.none()


class Scan(VersionedModel):
    """A company's scan of its bill of materials. Only the owner sees it."""

    class Origin(models.TextChoices):
        FORM = "form", _("entered in the form")
        XLSX = "xlsx", _("uploaded spreadsheet")
        API = "api", _("API")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="material_scans", verbose_name=_("owner")
    )
    title = models.CharField(_("title"), max_length=200)
    sbi = models.ForeignKey(
        "catalogue.SbiCode",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product group (SBI)"),
        help_text=_("Optional: lets the programme count the scan in the sweet-spot table."),
    )
    origin = models.CharField(_("origin"), max_length=5, choices=Origin.choices, default=Origin.FORM)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("raw-material scan")
        verbose_name_plural = _("raw-material scans")

    def __str__(self) -> str:
        return self.title


class ScanRow(AuditedModel):
    """One row of the bill of materials as entered: a component of a product and one material in it."""

    scan = models.ForeignKey(Scan, models.CASCADE, related_name="rows", verbose_name=_("scan"))
    row_number = models.PositiveIntegerField(_("row"))
    product = models.CharField(_("product"), max_length=200)
    component = models.CharField(_("component"), max_length=200)
    parent = models.CharField(_("part of"), max_length=200, blank=True)
    quantity = models.FloatField(_("quantity"), default=1)
    mass_kg = models.FloatField(_("mass per unit (kg)"))
    material = models.ForeignKey(
        "catalogue.RawMaterial",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raw material"),
    )
    fraction = models.FloatField(_("mass fraction"), null=True, blank=True)
    # The material's name as the row gives it; differs from the material's own names when an alias resolved it
    # ("Neodymium" counts as the light rare earth elements).
    material_entered = models.CharField(_("material as entered"), max_length=200, blank=True)

    class Meta:
        ordering = ["scan", "row_number"]
        verbose_name = _("bill-of-materials row")
        verbose_name_plural = _("bill-of-materials rows")

    def __str__(self) -> str:
        return f"{self.product} / {self.component}"


class ScanMaterial(models.Model):
    """Derived: kg of a material per product of a scan (rebuilt whenever the scan's rows change). Feeds the
    anonymised programme statistics and the sweet-spot table without re-reading every bill of materials."""

    scan = models.ForeignKey(Scan, models.CASCADE, related_name="material_totals")
    product = models.CharField(_("product"), max_length=200)
    material = models.ForeignKey("catalogue.RawMaterial", models.PROTECT, related_name="+")
    kg = models.FloatField(_("kg"))

    class Meta:
        ordering = ["scan", "product", "material"]
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "product", "material"], name="materials_uniq_scan_material"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.material_id} {self.kg:g} kg"


class ClusterInnovationScore(AuditedModel):
    """How strong an innovation function (F1–F8) is in a product cluster's innovation system (Bijlage 2
    principle 4), on the impact sheet's scale Onbekend/Laag/Middel/Hoog. Entered by the programme."""

    class Level(models.IntegerChoices):
        UNKNOWN = 0, _("Unknown")
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    cluster = models.ForeignKey(
        "catalogue.ProductCluster",
        models.CASCADE,
        related_name="innovation_scores",
        verbose_name=_("product cluster"),
    )
    function = models.ForeignKey(
        "catalogue.InnovationFunction",
        models.PROTECT,
        related_name="+",
        verbose_name=_("innovation function"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.UNKNOWN)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_date = models.DateField(_("date of the source"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("A demo value, not an assessment of the programme.")
    )

    class Meta:
        ordering = ["cluster", "function"]
        verbose_name = _("cluster innovation score")
        verbose_name_plural = _("cluster innovation scores")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "function"], name="materials_uniq_innovation")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.function.code}: {self.get_level_display()}"


class SweetSpot(VersionedModel):
    """A product group a team adopted from the scoping table (Bijlage 2 principle 6), with the R-strategy
    band and
    the score and reasoning as they stood when it was adopted."""

    sbi = models.ForeignKey(
        "catalogue.SbiCode", models.PROTECT, related_name="+", verbose_name=_("product group (SBI)")
    )
    r_band = models.CharField(
        _("R-strategy band"),
        max_length=5,
        choices=[("R0-R2", "R0–R2"), ("R3-R7", "R3–R7"), ("R8-R9", "R8–R9")],
    )
    score = models.FloatField(_("score at adoption"))
    rank = models.PositiveSmallIntegerField(_("rank at adoption"))
    weights = models.JSONField(_("weights used"))
    reasoning = models.TextField(_("reasoning"))
    team = models.ForeignKey(
        "programme.Team", models.PROTECT, related_name="sweet_spots", verbose_name=_("team")
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("adopted by")
    )
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)

    class Meta:
        ordering = ["-adopted_at", "-pk"]
        verbose_name = _("sweet spot")
        verbose_name_plural = _("sweet spots")

    def __str__(self) -> str:
        return f"{self.sbi} ({self.r_band})"


class ProductGroupCluster(AuditedModel):
    """The product cluster the programme office assigns to a §1.2.1 product group (SBI division) that the
    source does not place in a cluster (§1.2.3 gives the clusters' totals, not their divisions: only
    Materialen is a sum of whole divisions, catalogue/data/README.md), with the source of the decision and its
    date. A division the source places keeps the source's cluster."""

    sbi = models.OneToOneField(
        "catalogue.SbiCode",
        models.PROTECT,
        related_name="assigned_cluster",
        verbose_name=_("product group (SBI)"),
    )
    cluster = models.ForeignKey(
        "catalogue.ProductCluster", models.PROTECT, related_name="+", verbose_name=_("product cluster")
    )
    source = models.CharField(_("source"), max_length=300)
    source_date = models.DateField(_("date of the source"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["sbi__code"]
        verbose_name = _("cluster of a product group")
        verbose_name_plural = _("clusters of product groups")

    def __str__(self) -> str:
        return f"{self.sbi_id}: {self.cluster}"
