"""Goal system (doelensysteem) of the Werkwijze UPCM: the change-strategy matrix (§3.1.2), the Roadmap 2.0
rows (§4.4, Bijlage 7), the steering principles (Bijlage 2 §2), and indicators with targets and measured
values."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from regiekamer.models import SourcedModel, VersionedModel


class ChangeStrategy(SourcedModel):
    """One cell of the pillar x horizon matrix (§3.1.2): a handelingsperspectief with its title and aim."""

    pillar = models.ForeignKey(
        "catalogue.Pillar", models.PROTECT, related_name="change_strategies", verbose_name=_("pillar")
    )
    horizon = models.ForeignKey(
        "catalogue.Horizon", models.PROTECT, related_name="change_strategies", verbose_name=_("horizon")
    )
    title = models.CharField(_("title"), max_length=100)
    aim = models.TextField(_("aim"))

    class Meta:
        ordering = ["-horizon__months", "pillar__order"]
        constraints = [models.UniqueConstraint(fields=["pillar", "horizon"], name="uniq_strategy_cell")]
        verbose_name = _("change strategy")
        verbose_name_plural = _("change strategies")

    def __str__(self) -> str:
        return f"{self.pillar} {self.horizon}: {self.title}"


class RoadmapRow(SourcedModel):
    """A row of the Roadmap 2.0 table (§4.4, Bijlage 7): per horizon its granularity, activities and
    performance goals; the effect goals are EffectGoal rows."""

    horizon = models.OneToOneField(
        "catalogue.Horizon", models.PROTECT, related_name="roadmap_row", verbose_name=_("horizon")
    )
    granularity_text = models.CharField(
        _("granularity"), max_length=100, blank=True
    )  # "SBI 3 digit; branches"
    activities = models.TextField(_("activities"))
    performance_goals = models.TextField(_("(draft) performance goals"))
    change_strategy_text = models.TextField(_("change strategy"), blank=True)  # §3.1.1 / Bijlage 2 §4

    class Meta:
        ordering = ["-horizon__months"]
        verbose_name = _("Roadmap 2.0 row")
        verbose_name_plural = _("Roadmap 2.0 rows")

    def __str__(self) -> str:
        return str(self.horizon)


class EffectGoal(SourcedModel):
    """A (draft) desired effect goal of a horizon, per effect dimension, with the availability of
    its raw data."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("available")
        PARTIAL = "partial", _("partly available")
        UNAVAILABLE = "unavailable", _("not available")
        UNKNOWN = "unknown", _("not assessed")

    row = models.ForeignKey(RoadmapRow, models.CASCADE, related_name="effect_goals", verbose_name=_("row"))
    dimension = models.ForeignKey(
        "catalogue.EffectDimension",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="effect_goals",
        verbose_name=_("effect dimension"),
    )
    text = models.TextField(_("effect goal"))
    data_availability = models.CharField(
        _("raw data"), max_length=12, choices=Availability.choices, default=Availability.UNKNOWN
    )
    # Who says so and when (roadmap.services.effect_goal_availability_set): a status other than "not assessed"
    # names its source.
    availability_source = models.CharField(_("source of the assessment"), max_length=300, blank=True)
    availability_date = models.DateField(_("assessed on"), null=True, blank=True)
    availability_note = models.TextField(_("note on the raw data"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["row", "order"]
        verbose_name = _("effect goal")
        verbose_name_plural = _("effect goals")

    def __str__(self) -> str:
        return self.text


class SteeringPrinciple(SourcedModel):
    """One of the ten steering principles (stuurprincipes) of Bijlage 2 §2, linked to the horizons
    it governs."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.TextField(_("text"))
    horizons = models.ManyToManyField(
        "catalogue.Horizon", blank=True, related_name="principles", verbose_name=_("horizons")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("steering principle")
        verbose_name_plural = _("steering principles")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class MeasurementFrequency(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF_YEAR = "half_year", _("half year")
    YEAR = "year", _("year")


class Indicator(VersionedModel):
    """What is measured for a performance or effect goal, and how its values add up."""

    class Kind(models.TextChoices):
        PERFORMANCE = "performance", _("performance goal")
        EFFECT = "effect", _("effect goal")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class AcrossAggregation(models.TextChoices):
        SUM = "sum", _("sum")
        AVERAGE = "average", _("average")
        COUNT = "count", _("count")

    class TimeAggregation(models.TextChoices):
        SUM = "sum", _("sum of periods")
        LATEST = "latest", _("latest value")
        CUMULATIVE = "cumulative", _("cumulative (each value is a running total)")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=50)
    dimension = models.ForeignKey(
        "catalogue.EffectDimension",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("effect dimension"),
    )
    horizon = models.ForeignKey(
        "catalogue.Horizon", models.PROTECT, related_name="indicators", verbose_name=_("horizon")
    )
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(_("data source or instrument"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    raw_material = models.ForeignKey(
        "catalogue.RawMaterial",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("raw material"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators_owned",
        verbose_name=_("owner"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators_reviewed",
        verbose_name=_("reviewer"),
        help_text=_("Approves the values the owner enters."),
    )
    across_aggregation = models.CharField(
        _("aggregation across projects/teams"),
        max_length=8,
        choices=AcrossAggregation.choices,
        default=AcrossAggregation.SUM,
    )
    time_aggregation = models.CharField(
        _("aggregation over time"),
        max_length=10,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=3, default=Decimal("0"))
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    measurement_start = models.DateField(_("measured from"), null=True, blank=True)
    measurement_end = models.DateField(_("measured until"), null=True, blank=True)
    measurement_frequency = models.CharField(
        _("measured every"), max_length=10, choices=MeasurementFrequency.choices, blank=True
    )
    tolerance_pct = models.DecimalField(
        _("on-track tolerance (%)"), max_digits=5, decimal_places=2, default=Decimal("15")
    )
    source_section = models.CharField(_("source section"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    _change_reason: str  # read by django-simple-history when it records the next save

    class Meta:
        ordering = ["-horizon__months", "order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:indicator-detail", kwargs={"code": self.code})


class Target(VersionedModel):
    """Where an indicator should be by a date, for the programme, a product cluster or a team."""

    class Scope(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        CLUSTER = "cluster", _("product cluster")
        TEAM = "team", _("team")

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Empty for a goal that only states a direction."),
    )
    by_date = models.DateField(_("by date"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.PROGRAMME)
    cluster = models.ForeignKey(
        "catalogue.ProductCluster",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("product cluster"),
    )
    team = models.ForeignKey(
        "programme.Team",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("team"),
    )
    description = models.TextField(_("description"), blank=True)
    source_section = models.CharField(_("source section"), max_length=200, blank=True)

    _change_reason: str  # read by django-simple-history when it records the next save

    class Meta:
        ordering = ["indicator", "scope", "by_date"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        value = number_format(self.value, use_l10n=True) if self.value is not None else "—"
        return f"{self.indicator}: {value} ({date_format(self.by_date, 'SHORT_DATE_FORMAT')})"

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.CLUSTER and self.cluster_id:
            return str(self.cluster)
        if self.scope == self.Scope.TEAM and self.team_id:
            return str(self.team)
        return str(self.get_scope_display())


class ReportingPeriod(VersionedModel):
    """A reporting period; once locked, no value dated in it can be entered, changed or approved."""

    label = models.CharField(_("label"), max_length=50, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            )
        ]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return self.label


class MeasuredValueQuerySet(models.QuerySet["MeasuredValue"]):
    def approved(self) -> "MeasuredValueQuerySet":
        """The values that count: approved by the indicator's reviewer."""
        return self.filter(status=MeasuredValue.Status.APPROVED)

    def visible(self, *, drafts: bool) -> "MeasuredValueQuerySet":
        """What a reader sees: every value with `drafts` (the programme roles), else the approved ones."""
        return self if drafts else self.approved()


class MeasuredValue(VersionedModel):
    """A value of an indicator on a date, from a source. Draft until the indicator's reviewer approves it;
    only approved values count."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=50)
    date = models.DateField(_("date"))
    period = models.ForeignKey(
        ReportingPeriod,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("reporting period"),
    )
    team = models.ForeignKey(
        "programme.Team",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="measured_values",
        verbose_name=_("team"),
    )
    cluster = models.ForeignKey(
        "catalogue.ProductCluster",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="measured_values",
        verbose_name=_("product cluster"),
    )
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = MeasuredValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "date", "pk"]
        # An indicator's values by date (its page, newest first) and every value by indicator (the API) are
        # read a page at a time through this index instead of sorting every value first.
        indexes = [models.Index(fields=["indicator", "date", "id"], name="roadmap_value_order_idx")]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")

    def __str__(self) -> str:
        value = number_format(self.value, use_l10n=True)
        return f"{self.indicator}: {value} {self.unit} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"


class IndicatorDay(models.Model):
    """The approved values of one indicator in one scope on one day, summed up as they are approved: what the
    indicator pages, the roadmap and the dashboard aggregate (roadmap.selectors.daily_points), so their cost
    follows the reporting days, not the number of values. Kept by the review service in the transaction that
    approves a value (services.measured_value_review); services.indicator_days_rebuild recomputes it from the
    values (the migration that added it, the demo, bulk loads). Approved values are never changed or deleted,
    so approval is the only write that moves it."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="+")
    scope = models.CharField(max_length=40)  # as roadmap.progress.Point: "", "team:<id>" or "cluster:<id>"
    date = models.DateField()
    total = models.DecimalField(max_digits=20, decimal_places=3)  # the sum of the day's values
    count = models.PositiveIntegerField()  # how many values
    last_value = models.DecimalField(max_digits=14, decimal_places=3)  # the value entered last that day
    last_entry = models.BigIntegerField()  # ... and its MeasuredValue pk

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "scope", "date"], name="roadmap_indicator_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.scope or 'programme'} {self.date}: {self.total} ({self.count})"


class Means(VersionedModel):
    """Means (middelen) a team needs or has on a horizon, and the steering-meeting parties that mobilise them
    (§3.1.1: "middelen (financiële middelen, kennis, mensen, etc.)" per horizon; §4.3: the parties in the
    koersbepalersoverleg mobilise money, knowledge, technologies, partners and networks for "their" team)."""

    class Kind(models.TextChoices):
        MONEY = "money", _("money")
        KNOWLEDGE = "knowledge", _("knowledge")
        PEOPLE = "people", _("people")
        TECHNOLOGIES = "technologies", _("technologies")
        PARTNERS = "partners", _("partners and networks")

    horizon = models.ForeignKey(
        "catalogue.Horizon", models.PROTECT, related_name="means", verbose_name=_("horizon")
    )
    team = models.ForeignKey("programme.Team", models.PROTECT, related_name="means", verbose_name=_("team"))
    kind = models.CharField(_("kind of means"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Money only; empty while the amount is not known."),
    )
    mobilised_by = models.ManyToManyField(
        "programme.ZichtlijnEntry",
        blank=True,
        related_name="means",
        verbose_name=_("mobilised by"),
        help_text=_("The team's key players and (possible) course-setters (§4.2) who mobilise these means."),
    )
    source = models.CharField(_("source"), max_length=300)

    _history_m2m_fields = ["mobilised_by"]  # who mobilises the means is audited like the rest

    class Meta:
        ordering = ["-horizon__months", "team__order", "kind", "pk"]
        verbose_name = _("means")
        verbose_name_plural = _("means")

    def __str__(self) -> str:
        return f"{self.team} {self.horizon}: {self.description}"
