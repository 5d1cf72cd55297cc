"""The counts of the UPCM 2019-2023 dashboard (Werkwijze UPCM 2020, §4.4), as a registry of metrics.

Each metric has a key, a label, a pillar and a selector. The selector returns the queryset of the objects the
metric counts (so every number can link to that list), built on the other apps' published selectors. A
figure without a source declares so (``select=None``): the dashboard then says "no data source yet" instead of
showing 0. Nothing else does: a renamed field fails, it does not turn into "no data".

Every metric is one COUNT query (two for a ratio), whatever the number of projects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalogue import selectors as catalogue
from materials import selectors as materials
from portfolio import selectors as portfolio
from portfolio.models import ImpactSheet, Project
from programme import selectors as programme
from stakeholders import selectors as stakeholders

from . import kept
from .scope import Scope, impact_sheets, organisations, projects

REALISATIE = "realisatie"
VERSNELLING = "versnelling"
VERBREDING = "verbreding"
PILLARS = (REALISATIE, VERSNELLING, VERBREDING)
PILLAR_LABELS = {REALISATIE: _("Realisation"), VERSNELLING: _("Acceleration"), VERBREDING: _("Broadening")}

Select = Callable[[Scope], QuerySet[Any]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise | str
    pillar: str
    source: str  # where the number comes from, for people: e.g. "portfolio.Project"
    select: Select | None  # None: the figure has no data source (yet), declared here
    help_text: Promise | str = ""
    # For "x / y" figures: the denominator, also a queryset selector.
    denominator: Select | None = None
    denominator_label: Promise | str = ""
    # The objects counted are persons: the list of them needs dashboard.view_counted_people, the number not.
    personal_data: bool = False


@dataclass
class MetricValue:
    metric: Metric
    value: int | None  # None: the metric declares no data source
    denominator: int | None = None

    @property
    def available(self) -> bool:
        return self.value is not None


# --- portfolio ---------------------------------------------------------------------------------------------


def running_projects(scope: Scope) -> QuerySet[Any]:
    """Lopende onderzoeksprojecten: running projects (active, not closed) of type research
    (portfolio.models.ProjectType, set from the source's words per project)."""
    return portfolio.running(projects(scope)).filter(project_type=portfolio.RESEARCH)


def sweet_spot_projects(scope: Scope) -> QuerySet[Any]:
    """Relevante projecten bij de sweet-spotcriteria: projects serving an adopted sweet spot (§3.1.1,
    Bijlage 2 principle 6), by the rule of materials.fingerprint.serves."""
    return projects(scope).filter(pk__in=materials.projects_serving_sweet_spots().values("pk"))


CONTRIBUTING = ("low", "medium", "high")  # a level other than "unknown"
STIMULATING = ("medium", "high")


def product_groups_higher_r(scope: Scope) -> QuerySet[Any]:
    """Productgroepen met hogere R-strategie interventie: product groups (SBI) of current impact sheets with a
    CO₂ impact in R0-R2 or R3-R7 (higher on the R-ladder than recycling)."""
    higher = impact_sheets(scope).filter(Q(co2_r0_r2__isnull=False) | Q(co2_r3_r7__isnull=False))
    return catalogue.sbi_codes().filter(pk__in=higher.values("sbi_codes"))


def business_propositions(scope: Scope) -> QuerySet[Any]:
    """Projects whose current impact sheet names (collective) business propositions."""
    named = (
        impact_sheets(scope)
        .filter(performance__business_propositions__isnull=False)
        .exclude(performance__business_propositions="")
    )
    return portfolio.projects_in_cluster().filter(pk__in=named.values("project_id"))


def innovation_functions_stimulated(scope: Scope) -> QuerySet[Any]:
    """Innovation functions F1-F8 that at least one current impact sheet stimulates (medium or high)."""
    sheets = impact_sheets(scope)
    stimulated = Q(pk__in=[])
    for code in (f"F{i}" for i in range(1, 9)):
        stimulated |= Q(
            Exists(sheets.filter(**{f"innovation_functions__{code}__in": STIMULATING})), code=code
        )
    return catalogue.innovation_functions().filter(stimulated)


def innovation_functions_all(scope: Scope) -> QuerySet[Any]:
    """'Nu nodig': every innovation function of the mission-oriented innovation system (F1-F8)."""
    return catalogue.innovation_functions()


def knowledge_exchange_projects(scope: Scope) -> QuerySet[Any]:
    """Kennisuitwisseling: projects whose current impact sheet contributes to F3 (knowledge exchange)."""
    contributing = impact_sheets(scope).filter(innovation_functions__F3__in=CONTRIBUTING)
    return portfolio.projects_in_cluster().filter(pk__in=contributing.values("project_id"))


# The KIA-CM topic the dashboard counts, by its code in catalogue/data/kia_themes.csv (topic 5 of Bijlage 11).
KEM_THEME_CODE = "kem"


def kem_projects(scope: Scope) -> QuerySet[Any]:
    """Key enabling methodologies: projects tagged with that KIA-CM topic (Bijlage 11, topic 5)."""
    tagged = portfolio.projects_in_cluster().filter(kia_themes__code=KEM_THEME_CODE)
    return projects(scope).filter(pk__in=tagged.values("pk"))


def supraregional_projects(scope: Scope) -> QuerySet[Any]:
    """Bovenregionale aansluiting: projects tagged with a supra-regional theme (CESI, HCA, marktvraag CE);
    each once, however many themes it has."""
    tagged = portfolio.projects_in_cluster().filter(supraregional_themes__isnull=False)
    return projects(scope).filter(pk__in=tagged.values("pk"))


def market_segments(scope: Scope) -> QuerySet[Any]:
    """Betrokken marktsegmenten: the SBI codes (product groups / branches) the projects work in."""
    # pk__in a subquery instead of a join + DISTINCT: each code once, and cheap to count.
    return catalogue.sbi_codes().filter(pk__in=projects(scope).values("sbi_codes"))


# --- programme ---------------------------------------------------------------------------------------------


def eu_barriers(scope: Scope) -> QuerySet[Any]:
    """Op EU niveau geagendeerde belemmeringen: barriers to Dutch innovation functions in the programme's
    register; for a cluster, the barriers registered for that cluster."""
    queryset = programme.eu_barrier_list()
    if scope.cluster is not None:
        queryset = queryset.filter(cluster=scope.cluster)
    return queryset


# --- stakeholders ------------------------------------------------------------------------------------------


def chain_collaborations(scope: Scope) -> QuerySet[Any]:
    """Geïntegreerde ketensamenwerkingen: collaborations of the kind 'chain'; for a cluster, those with a
    member in the cluster or linked to a portfolio project of the cluster."""
    queryset = stakeholders.collaborations().filter(kind="chain")
    if scope.cluster is not None:
        members = stakeholders.collaboration_members().filter(
            organisation__in=organisations(scope).values("pk")
        )
        # A collaboration linked to a portfolio project of the cluster counts too (the project holds
        # the link).
        linked = projects(scope).filter(collaborations__isnull=False)
        queryset = queryset.filter(
            Q(pk__in=members.values("collaboration_id")) | Q(pk__in=linked.values("collaborations"))
        )
    return queryset


def entrepreneurs(scope: Scope) -> QuerySet[Any]:
    """Betrokken ondernemers: companies that take part in at least one collaboration."""
    members = stakeholders.collaboration_members().values("organisation_id")
    return organisations(scope).filter(org_type="company", pk__in=members)


def knowledge_networks(scope: Scope) -> QuerySet[Any]:
    """Betrokken kennisnetwerken: knowledge institutes in the stakeholder register."""
    return organisations(scope).filter(org_type="knowledge_institute")


def target_group_organisations(scope: Scope) -> QuerySet[Any]:
    """Geïdentificeerde doelgroepen: organisations categorised as users (output side, UPCM target groups)."""
    return organisations(scope).filter(relevance_role="users")


def followers(scope: Scope) -> QuerySet[Any]:
    """Volgers: companies classified as follower (categorisation 6, Bijlage 4)."""
    return organisations(scope).filter(frontrunner_class="follower")


def change_agents(scope: Scope) -> QuerySet[Any]:
    """Change agents: people with a change-agent type (Bijlage 4, horizon 0-3 months)."""
    queryset = stakeholders.people_list().exclude(change_agent_type="")
    if scope.cluster is not None:
        queryset = queryset.filter(organisation__in=organisations(scope).values("pk"))
    return queryset


def connected_regions(scope: Scope) -> QuerySet[Any]:
    """Aangesloten regio's: provinces with at least one organisation in the register."""
    # EXISTS per province (a dozen probes of the index on province_id), not IN over every organisation's
    # province, which SQLite built from the whole register each time.
    return catalogue.provinces().filter(Exists(organisations(scope).filter(province_id=OuterRef("pk"))))


def relevant_regions(scope: Scope) -> QuerySet[Any]:
    """Relevante regio's: the twelve provinces (§1.2.2)."""
    return catalogue.provinces()


METRICS: tuple[Metric, ...] = (
    # Realisatie (§4.4)
    Metric(
        "running_projects",
        _("Running research projects"),
        REALISATIE,
        "portfolio.Project",
        running_projects,
        _("Projects of the type research in the portfolio that are active and not closed."),
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
        personal_data=True,
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

# The metrics whose count for the whole programme is made of the projects' own data (their fields, themes and
# product groups, their current impact sheet): the part of each project is kept (dashboard.kept), so the
# dashboard reads the count instead of counting over every project. Not the counts of the register, the
# barriers and the provinces.
PER_PROJECT = frozenset(
    {
        "running_projects",
        "sweet_spot_projects",
        "product_groups_higher_r",
        "market_segments",
        "business_propositions",
        "innovation_functions",
        "knowledge_exchange_projects",
        "kem_projects",
        "impact_assessments",
        "supraregional_projects",
    }
)
# The metrics that count the stakeholder register: for the whole programme their count is kept as counted at
# the register's number of changes (dashboard.kept.register_count), so the dashboard does not count 100,000
# organisations and their memberships on every view. Every write of an organisation, a person, a collaboration
# or a membership changes that number (dashboard.signals).
REGISTER = frozenset(
    {
        "chain_collaborations",
        "entrepreneurs",
        "knowledge_networks",
        "target_groups",
        "followers",
        "change_agents",
        "connected_regions",
    }
)
# Metrics whose rule also reads data of no single project (the adopted sweet spots): when that changes,
# every project's part is counted again at once (kept.metric_refresh).
SWEET_SPOTS = "sweet_spot_projects"
# What a project's scope holds at most one of: its part of the count is a number (0 or 1), added up.
COUNTED_ONCE = (Project, ImpactSheet)


def metric_parts(metric: Metric, scope: Scope) -> dict[str, Decimal]:
    """What the objects `metric` counts in `scope` add to the programme's count, as kept parts (keys after
    "metric:"): projects and impact sheets as one number; other objects (product groups, innovation
    functions), which several projects share, one part each, so that the programme counts each once."""
    assert metric.select is not None
    objects = metric.select(scope)
    if objects.model in COUNTED_ONCE:
        return {f"{metric.key}|": Decimal(objects.count())}
    return {f"{metric.key}|{pk}": Decimal(1) for pk in objects.order_by().values_list("pk", flat=True)}


def _count(metric: Metric, scope: Scope) -> int:
    """The metric's count: for the whole programme read from the kept parts' totals once they are built."""
    assert metric.select is not None
    if metric.key in PER_PROJECT and scope.is_programme and kept.built():
        parts = kept.totals(f"metric:{metric.key}|")
        return int(parts.get("", 0)) + sum(1 for key, value in parts.items() if key and value > 0)
    if metric.key in REGISTER and scope.is_programme:
        return kept.register_count(metric.key, metric.select(scope).count)
    return metric.select(scope).count()


def metric_value(metric: Metric, scope: Scope) -> MetricValue:
    if metric.select is None:
        return MetricValue(metric=metric, value=None)
    denominator = None if metric.denominator is None else metric.denominator(scope).count()
    return MetricValue(metric=metric, value=_count(metric, scope), denominator=denominator)


def metric_values(scope: Scope) -> dict[str, list[MetricValue]]:
    """Every metric, grouped per pillar in the order of §4.4."""
    grouped: dict[str, list[MetricValue]] = {pillar: [] for pillar in PILLARS}
    for metric in METRICS:
        grouped[metric.pillar].append(metric_value(metric, scope))
    return grouped


def metric_objects(metric: Metric, scope: Scope) -> QuerySet[Any] | None:
    """The objects a metric counts, in a stable order (None: the metric declares no data source)."""
    if metric.select is None:
        return None
    return metric.select(scope).order_by("pk")
