"""The counts of the UPCM 2019-2023 dashboard (Werkwijze UPCM 2020, §4.4), as a registry of metrics.

Each metric has a key, a label, a pillar and a selector. The selector returns the queryset of the objects the
metric counts (so every number can link to that list), or None when its data source is not available yet (the
app or model has not been built, or its table does not exist); the dashboard then says so instead of
showing 0.

Every metric is one COUNT query (two for a ratio), whatever the number of projects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REALISATIE = "realisatie"
VERSNELLING = "versnelling"
VERBREDING = "verbreding"
PILLARS = (REALISATIE, VERSNELLING, VERBREDING)
PILLAR_LABELS = {REALISATIE: _("Realisation"), VERSNELLING: _("Acceleration"), VERBREDING: _("Broadening")}


@dataclass(frozen=True)
class Scope:
    """What the dashboard is filtered on: one product cluster, or all (None)."""

    cluster: Model | None = None
    cluster_divisions: tuple[str, ...] = ()  # SBI divisions (2 digits) of the cluster

    @classmethod
    def for_cluster(cls, cluster) -> Scope:
        if cluster is None:
            return cls()
        sbi = apps.get_model("catalogue", "SbiCode")
        divisions = tuple(sbi.objects.filter(cluster=cluster, level=2).values_list("code", flat=True))
        return cls(cluster=cluster, cluster_divisions=divisions)

    def sbi_q(self, prefix: str) -> Q:
        """Objects whose SBI code (at `prefix`, e.g. "sbi_codes__") lies in the cluster: the code itself is
        assigned to the cluster, or it lies below one of the cluster's divisions."""
        q = Q(**{f"{prefix}cluster": self.cluster})
        for division in self.cluster_divisions:
            q |= Q(**{f"{prefix}code__startswith": division})
        return q


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise
    pillar: str
    source: str  # the app and model the number comes from, e.g. "portfolio.Project"
    select: Callable[[Scope], QuerySet | None]
    help_text: Promise | str = ""
    # For "x / y" figures: the denominator, also a queryset selector (None: no denominator).
    denominator: Callable[[Scope], QuerySet | None] | None = None
    denominator_label: Promise | str = ""
    related: tuple[str, ...] = ()  # select_related for the list of objects


@dataclass
class MetricValue:
    metric: Metric
    value: int | None  # None: no data source yet
    denominator: int | None = None

    @property
    def available(self) -> bool:
        return self.value is not None


_TABLES: dict[str, frozenset[str]] = {}


def _existing_tables() -> frozenset[str]:
    """The tables of the current database, read once per database (a source whose migration has not been
    applied counts as unavailable)."""
    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    if key not in _TABLES:
        _TABLES[key] = frozenset(connection.introspection.table_names())
    return _TABLES[key]


def forget_tables() -> None:
    """Forget the cached table list (tests and benchmarks that create databases)."""
    _TABLES.clear()


def source_model(app_label: str, model_name: str, *fields: str) -> type[Model] | None:
    """The model if its app is installed, it has `fields` and its table exists; otherwise None."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    if not set(fields) <= names:
        return None
    if model._meta.db_table not in _existing_tables():
        return None
    return model


# --- portfolio ---------------------------------------------------------------------------------------------


def _projects(scope: Scope) -> QuerySet | None:
    project = source_model("portfolio", "Project", "status", "phase", "clusters")
    if project is None:
        return None
    queryset = project.objects.all()
    if scope.cluster is not None:
        queryset = queryset.filter(clusters=scope.cluster)
    return queryset


def running_projects(scope: Scope) -> QuerySet | None:
    """Lopende projecten: active (not paused or stopped) and not closed."""
    queryset = _projects(scope)
    if queryset is None:
        return None
    return queryset.filter(status="active").exclude(phase="closed")


def sweet_spot_projects(scope: Scope) -> QuerySet | None:
    """Relevante projecten bij de sweet-spotcriteria: projects serving an adopted sweet spot (§3.1.1,
    Bijlage 2 principle 6), by the rule of materials.fingerprint.serves."""
    queryset = _projects(scope)
    if queryset is None or source_model("materials", "SweetSpot", "sbi", "team") is None:
        return None
    from materials.selectors import projects_serving_sweet_spots

    return queryset.filter(number__in=projects_serving_sweet_spots())


IMPACT_FIELDS = (
    "project",
    "version_number",
    "cluster",
    "sbi_codes",
    "co2_r0_r2",
    "co2_r3_r7",
    "co2_r8_r9",
    "added_value_meur",
    "innovation_functions",
    "performance",
    "raw_materials",
    "supply_risk_change",
)
CONTRIBUTING = ("low", "medium", "high")  # a level other than "unknown"
STIMULATING = ("medium", "high")


def impact_sheets(scope: Scope) -> QuerySet | None:
    """The current impact sheet of each project (the highest version; earlier versions are history), of the
    projects in the cluster or sheets that name the cluster."""
    sheet = source_model("portfolio", "ImpactSheet", *IMPACT_FIELDS)
    if sheet is None:
        return None
    from portfolio.selectors import current_impact_sheets  # the anti-join the portfolio defines

    queryset = current_impact_sheets()
    if scope.cluster is not None:
        projects = _projects(scope)
        in_cluster = Q(cluster=scope.cluster)
        if projects is not None:
            in_cluster |= Q(project__in=projects.values("pk"))
        queryset = queryset.filter(in_cluster)
    return queryset


def product_groups_higher_r(scope: Scope) -> QuerySet | None:
    """Productgroepen met hogere R-strategie interventie: product groups (SBI) of current impact sheets with a
    CO₂ impact in R0-R2 or R3-R7 (higher on the R-ladder than recycling)."""
    sheets = impact_sheets(scope)
    if sheets is None:
        return None
    higher = sheets.filter(Q(co2_r0_r2__isnull=False) | Q(co2_r3_r7__isnull=False))
    links = sheets.model.sbi_codes.through.objects.filter(impactsheet__in=higher.values("pk"))
    return apps.get_model("catalogue", "SbiCode").objects.filter(pk__in=links.values("sbicode_id"))


def business_propositions(scope: Scope) -> QuerySet | None:
    """Projects whose current impact sheet names (collective) business propositions."""
    sheets = impact_sheets(scope)
    if sheets is None:
        return None
    named = sheets.filter(performance__business_propositions__isnull=False).exclude(
        performance__business_propositions=""
    )
    return _projects(Scope()).filter(pk__in=named.values("project_id"))


def innovation_functions_stimulated(scope: Scope) -> QuerySet | None:
    """Innovation functions F1-F8 that at least one current impact sheet stimulates (medium or high)."""
    sheets = impact_sheets(scope)
    if sheets is None:
        return None
    function = apps.get_model("catalogue", "InnovationFunction")
    codes = [f"F{i}" for i in range(1, 9)]
    stimulated = Q(pk__in=[])
    for code in codes:
        stimulated |= Q(code=code) & Exists(
            sheets.filter(**{f"innovation_functions__{code}__in": STIMULATING})
        )
    return function.objects.filter(stimulated)


def innovation_functions_all(scope: Scope) -> QuerySet | None:
    """'Nu nodig': every innovation function of the mission-oriented innovation system (F1-F8)."""
    if impact_sheets(scope) is None:
        return None
    return apps.get_model("catalogue", "InnovationFunction").objects.all()


def knowledge_exchange_projects(scope: Scope) -> QuerySet | None:
    """Kennisuitwisseling: projects whose current impact sheet contributes to F3 (knowledge exchange)."""
    sheets = impact_sheets(scope)
    if sheets is None:
        return None
    contributing = sheets.filter(innovation_functions__F3__in=CONTRIBUTING)
    return _projects(Scope()).filter(pk__in=contributing.values("project_id"))


# The KIA-CM topic the dashboard counts, by its code in catalogue/data/kia_themes.csv (topic 5 of Bijlage 11).
KEM_THEME_CODE = "kem"


def _tagged_projects(scope: Scope, field: str, **theme_filter) -> QuerySet | None:
    """Projects in scope linked through the many-to-many `field` to a theme matching `theme_filter` (any
    theme when empty); each project once, however many of its themes match."""
    if source_model("portfolio", "Project", field) is None:
        return None
    queryset = _projects(scope)
    if queryset is None:
        return None
    through = getattr(queryset.model, field).through
    target = queryset.model._meta.get_field(field).m2m_reverse_field_name()
    links = through.objects.filter(project=OuterRef("pk"))
    if theme_filter:
        links = links.filter(**{f"{target}__{name}": value for name, value in theme_filter.items()})
    return queryset.filter(Exists(links))


def kem_projects(scope: Scope) -> QuerySet | None:
    """Key enabling methodologies: projects tagged with that KIA-CM topic (Bijlage 11, topic 5)."""
    return _tagged_projects(scope, "kia_themes", code=KEM_THEME_CODE)


def supraregional_projects(scope: Scope) -> QuerySet | None:
    """Bovenregionale aansluiting: projects tagged with a supra-regional theme (CESI, HCA, marktvraag CE)."""
    return _tagged_projects(scope, "supraregional_themes")


def market_segments(scope: Scope) -> QuerySet | None:
    """Betrokken marktsegmenten: the SBI codes (product groups / branches) the projects work in."""
    if _projects(scope) is None:
        return None
    project = apps.get_model("portfolio", "Project")
    links = project.sbi_codes.through.objects.all()
    if scope.cluster is not None:
        links = links.filter(project__clusters=scope.cluster)
    # pk__in a subquery instead of a join + DISTINCT: each code once, and cheap to count.
    return apps.get_model("catalogue", "SbiCode").objects.filter(pk__in=links.values("sbicode_id"))


# --- programme ---------------------------------------------------------------------------------------------


def eu_barriers(scope: Scope) -> QuerySet | None:
    """Op EU niveau geagendeerde belemmeringen: barriers to Dutch innovation functions in the programme's
    register; for a cluster, the barriers registered for that cluster."""
    barrier = source_model("programme", "EuBarrier", "innovation_function", "cluster", "agenda_date")
    if barrier is None:
        return None
    queryset = barrier.objects.all()
    if scope.cluster is not None:
        queryset = queryset.filter(cluster=scope.cluster)
    return queryset


# --- stakeholders ------------------------------------------------------------------------------------------


def _organisations(scope: Scope, *fields: str) -> QuerySet | None:
    organisation = source_model("stakeholders", "Organisation", "org_type", "sbi_codes", *fields)
    if organisation is None:
        return None
    queryset = organisation.objects.all()
    if scope.cluster is not None:
        ids = organisation.objects.filter(scope.sbi_q("sbi_codes__")).values("pk")
        queryset = queryset.filter(pk__in=ids)
    return queryset


def chain_collaborations(scope: Scope) -> QuerySet | None:
    """Geïntegreerde ketensamenwerkingen: collaborations of the kind 'chain'."""
    collaboration = source_model("stakeholders", "Collaboration", "kind", "members")
    if collaboration is None:
        return None
    queryset = collaboration.objects.filter(kind="chain")
    if scope.cluster is not None:
        organisations = _organisations(scope)
        if organisations is None:
            return None
        members = collaboration.members.through.objects.filter(organisation__in=organisations.values("pk"))
        in_cluster = Q(pk__in=members.values("collaboration_id"))
        projects = _projects(scope)
        if projects is not None and "project" in {f.name for f in collaboration._meta.get_fields()}:
            # A collaboration linked to a portfolio project of the cluster counts too.
            in_cluster |= Q(project__in=projects.values("pk"))
        queryset = queryset.filter(in_cluster)
    return queryset


def entrepreneurs(scope: Scope) -> QuerySet | None:
    """Betrokken ondernemers: companies that take part in at least one collaboration."""
    queryset = _organisations(scope, "collaborations")
    if queryset is None:
        return None
    members = queryset.model.collaborations.through.objects.values("organisation_id")
    return queryset.filter(org_type="company", pk__in=members)


def knowledge_networks(scope: Scope) -> QuerySet | None:
    """Betrokken kennisnetwerken: knowledge institutes in the stakeholder register."""
    queryset = _organisations(scope)
    return None if queryset is None else queryset.filter(org_type="knowledge_institute")


def target_group_organisations(scope: Scope) -> QuerySet | None:
    """Geïdentificeerde doelgroepen: organisations categorised as users (output side, UPCM target groups)."""
    queryset = _organisations(scope, "relevance_role")
    return None if queryset is None else queryset.filter(relevance_role="users")


def followers(scope: Scope) -> QuerySet | None:
    """Volgers: companies classified as follower (categorisation 6, Bijlage 4)."""
    queryset = _organisations(scope, "frontrunner_class")
    return None if queryset is None else queryset.filter(frontrunner_class="follower")


def change_agents(scope: Scope) -> QuerySet | None:
    """Change agents: people with a change-agent type (Bijlage 4, horizon 0-3 months)."""
    person = source_model("stakeholders", "Person", "change_agent_type", "organisation")
    if person is None:
        return None
    queryset = person.objects.exclude(change_agent_type="")
    if scope.cluster is not None:
        organisations = _organisations(scope)
        if organisations is None:
            return None
        queryset = queryset.filter(organisation__in=organisations.values("pk"))
    return queryset


def connected_regions(scope: Scope) -> QuerySet | None:
    """Aangesloten regio's: provinces with at least one organisation in the register."""
    organisations = _organisations(scope, "province")
    if organisations is None:
        return None
    province = apps.get_model("catalogue", "Province")
    return province.objects.filter(pk__in=organisations.values("province_id"))


def relevant_regions(scope: Scope) -> QuerySet | None:
    """Relevante regio's: the twelve provinces (§1.2.2)."""
    if _organisations(scope, "province") is None:
        return None
    return apps.get_model("catalogue", "Province").objects.all()


METRICS: tuple[Metric, ...] = (
    # Realisatie (§4.4)
    Metric(
        "running_projects",
        _("Running research projects"),
        REALISATIE,
        "portfolio.Project",
        running_projects,
        _("Projects in the portfolio that are active and not closed."),
    ),
    Metric(
        "product_groups_higher_r",
        _("Product groups with a higher R-strategy intervention"),
        REALISATIE,
        "portfolio.ImpactSheet",
        product_groups_higher_r,
        _("Product groups (SBI) of current impact sheets with a CO₂ impact in R0-R2 or R3-R7."),
    ),
    Metric(
        "chain_collaborations",
        _("Integrated chain collaborations"),
        REALISATIE,
        "stakeholders.Collaboration",
        chain_collaborations,
        _("Collaborations of the kind 'chain' (categorisation 5)."),
    ),
    Metric(
        "market_segments",
        _("Market segments involved"),
        REALISATIE,
        "portfolio.Project",
        market_segments,
        _("Distinct SBI codes (product groups) the projects work in."),
    ),
    Metric(
        "business_propositions",
        _("Circular business propositions identified"),
        REALISATIE,
        "portfolio.ImpactSheet",
        business_propositions,
        _("Projects whose current impact sheet names collective business propositions."),
    ),
    Metric(
        "entrepreneurs",
        _("Entrepreneurs involved"),
        REALISATIE,
        "stakeholders.Organisation",
        entrepreneurs,
        _("Companies taking part in at least one collaboration."),
    ),
    # Versnelling
    Metric(
        "innovation_functions",
        _("Innovation functions stimulated (stimulated / needed now)"),
        VERSNELLING,
        "portfolio.ImpactSheet",
        innovation_functions_stimulated,
        _("Functions F1-F8 that a current impact sheet stimulates (medium or high), out of all eight."),
        denominator=innovation_functions_all,
        denominator_label=_("needed now"),
    ),
    Metric(
        "sweet_spot_projects",
        _("Sweet-spot criteria ~ relevant projects"),
        VERSNELLING,
        "portfolio.ImpactSheet + materials.SweetSpot",
        sweet_spot_projects,
        _(
            "Projects whose current impact sheet serves a sweet spot a team adopted: it names an SBI code "
            "in the sweet spot's product group or that group's cluster (the materials fingerprint rule)."
        ),
    ),
    Metric(
        "knowledge_exchange_projects",
        _("Knowledge exchange, national: projects"),
        VERSNELLING,
        "portfolio.ImpactSheet",
        knowledge_exchange_projects,
        _("Projects whose current impact sheet contributes to F3, knowledge exchange."),
    ),
    Metric(
        "kem_projects",
        _("Key enabling methodologies: projects"),
        VERSNELLING,
        "portfolio.Project",
        kem_projects,
        _("Projects tagged with the KIA-CM topic 'Key enabling methodologies'."),
    ),
    Metric(
        "impact_assessments",
        _("Impact assessments carried out"),
        VERSNELLING,
        "portfolio.ImpactSheet",
        impact_sheets,
        _("Projects with an impact sheet (the current version of each)."),
    ),
    Metric(
        "knowledge_networks",
        _("Reporting quality ~ knowledge networks involved"),
        VERSNELLING,
        "stakeholders.Organisation",
        knowledge_networks,
        _("Knowledge institutes in the stakeholder register."),
    ),
    # Verbreding
    Metric(
        "eu_barriers",
        _("Barriers put on the EU agenda"),
        VERBREDING,
        "programme.EuBarrier",
        eu_barriers,
        _("Barriers to Dutch innovation functions (F1-F8) in the register of barriers put on the EU agenda."),
        related=("innovation_function",),
    ),
    Metric(
        "supraregional_projects",
        _("Supra-regional connection (CESI, HCA, market demand CE): projects"),
        VERBREDING,
        "portfolio.Project",
        supraregional_projects,
        _("Projects tagged with a supra-regional theme: CESI, Human Capital Agenda or market demand CE."),
    ),
    Metric(
        "connected_regions",
        _("Regions connected (connected / relevant)"),
        VERBREDING,
        "stakeholders.Organisation",
        connected_regions,
        _("Provinces with at least one organisation in the register, out of the twelve provinces."),
        denominator=relevant_regions,
        denominator_label=_("relevant"),
    ),
    Metric(
        "target_groups",
        _("Target groups identified: organisations"),
        VERBREDING,
        "stakeholders.Organisation",
        target_group_organisations,
        _("Organisations categorised as users (UPCM target groups)."),
    ),
    Metric(
        "change_agents",
        _("Change agents"),
        VERBREDING,
        "stakeholders.Person",
        change_agents,
        _("People with a change-agent type."),
    ),
    Metric(
        "followers",
        _("Followers"),
        VERBREDING,
        "stakeholders.Organisation",
        followers,
        _("Companies classified as follower (categorisation 6)."),
    ),
)

METRICS_BY_KEY: dict[str, Metric] = {metric.key: metric for metric in METRICS}


def metric_value(metric: Metric, scope: Scope) -> MetricValue:
    queryset = metric.select(scope)
    if queryset is None:
        return MetricValue(metric=metric, value=None)
    denominator = None
    if metric.denominator is not None:
        denominator_qs = metric.denominator(scope)
        denominator = None if denominator_qs is None else denominator_qs.count()
    return MetricValue(metric=metric, value=queryset.count(), denominator=denominator)


def metric_values(scope: Scope) -> dict[str, list[MetricValue]]:
    """Every metric, grouped per pillar in the order of §4.4."""
    grouped: dict[str, list[MetricValue]] = {pillar: [] for pillar in PILLARS}
    for metric in METRICS:
        grouped[metric.pillar].append(metric_value(metric, scope))
    return grouped
