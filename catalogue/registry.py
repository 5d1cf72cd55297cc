"""The one list of reference lists. The loader, the `catalogue` command, the pages, the API and the admin all
read it, so a list is declared once: its name (URL slug, command argument, API prefix), model, data files,
the columns shown in overviews, what search looks in and what the API filters on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import models as m


@dataclass(frozen=True)
class Column:
    """A column of an overview: a model field, property or annotation, with its heading."""

    attr: str
    label: str | Promise | None = None  # None: the model field's verbose name


@dataclass(frozen=True)
class CatalogueList:
    name: str
    model: type[models.Model]
    files: tuple[str, ...]
    columns: tuple[Column, ...]
    search_fields: tuple[str, ...]
    filter_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    description: str | Promise = ""
    # Extra read-only values for the API: properties ("display_code") or reverse relations (as primary keys).
    api_extra_fields: tuple[str, ...] = ()
    annotations: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def queryset(self) -> models.QuerySet:
        """Every entry, with what the overview columns need fetched up front (no query per row)."""
        queryset = self.model._default_manager.all()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if self.annotations:
            queryset = queryset.annotate(**self.annotations)
        return queryset

    def column_label(self, column: Column) -> str:
        if column.label is not None:
            return str(column.label)
        try:
            return str(self.model._meta.get_field(column.attr).verbose_name)
        except Exception:  # a property without its own label
            return column.attr.replace("_", " ")

    def admin_list_display(self) -> tuple[str, ...]:
        """The overview columns the admin can show (annotations exist only in `queryset()`)."""
        return tuple(c.attr for c in self.columns if c.attr not in self.annotations)


def _c(*attrs: str) -> tuple[Column, ...]:
    return tuple(Column(a) for a in attrs)


_strategic = Exists(m.StrategicRawMaterial.materials.through.objects.filter(rawmaterial_id=OuterRef("pk")))

LISTS: tuple[CatalogueList, ...] = (
    CatalogueList(
        name="product-clusters",
        model=m.ProductCluster,
        files=("product_clusters.csv",),
        columns=_c("name", "name_in_figures", "description"),
        search_fields=("code", "name", "name_in_figures"),
        description=_("The five clusters of product groups and 'Generiek', as on the programme dashboard."),
    ),
    CatalogueList(
        name="sbi",
        model=m.SbiCode,
        files=("sbi_codes.csv",),
        columns=(
            Column("display_code", _("code")),
            Column("name"),
            Column("name_in_figures"),
            Column("level"),
            Column("parent"),
            Column("cluster"),
            Column("in_manufacturing_scope"),
        ),
        search_fields=("code", "name", "name_in_figures"),
        filter_fields=("level", "parent", "cluster", "in_manufacturing_scope"),
        select_related=("parent", "cluster"),
        api_extra_fields=("display_code",),
        description=_(
            "Standaard Bedrijfsindeling 2008: sections, divisions, groups, classes and subclasses."
        ),
    ),
    CatalogueList(
        name="provinces",
        model=m.Province,
        files=("provinces.csv",),
        columns=_c("code", "name", "name_in_figures"),
        search_fields=("code", "name", "name_in_figures"),
        description=_("The twelve provinces of the Netherlands."),
    ),
    CatalogueList(
        name="transition-agendas",
        model=m.TransitionAgenda,
        files=("transition_agendas.csv",),
        columns=_c("name"),
        search_fields=("code", "name"),
        description=_("The transition agendas of the national circular economy programme (NPCE)."),
    ),
    CatalogueList(
        name="npce-product-groups",
        model=m.NpceProductGroup,
        files=("npce_product_groups.csv",),
        columns=(Column("name"), Column("agenda_names", _("transition agendas"))),
        search_fields=("code", "name", "agendas__name"),
        filter_fields=("agendas",),
        prefetch_related=("agendas",),
        description=_("The priority product groups of the NPCE per transition agenda."),
    ),
    CatalogueList(
        name="horizons",
        model=m.Horizon,
        files=("horizons.csv",),
        columns=_c("label", "granularity", "landscape", "task_type"),
        search_fields=("code", "label", "change_strategy", "task_type", "guiding_question"),
        filter_fields=("granularity", "landscape"),
        description=_(
            "Decision horizons 0-1 month to 0-50 years with their granularity, landscape and strategy."
        ),
    ),
    CatalogueList(
        name="pillars",
        model=m.Pillar,
        files=("pillars.csv",),
        columns=_c("name", "success_factor", "agreements", "adaptivity"),
        search_fields=("code", "name", "description"),
        description=_("Realisatie, Versnelling and Verbreding."),
    ),
    CatalogueList(
        name="effect-dimensions",
        model=m.EffectDimension,
        files=("effect_dimensions.csv",),
        columns=_c("code", "name", "description"),
        search_fields=("code", "name", "description"),
        description=_("Milieu (M), Leveringszekerheid (L), Economie (E)."),
    ),
    CatalogueList(
        name="r-ladder",
        model=m.RStrategy,
        files=("r_strategies.csv",),
        columns=_c("code", "name", "name_nl", "band", "definition"),
        search_fields=("code", "name", "name_nl", "definition", "definition_nl"),
        filter_fields=("band",),
        description=_("R-strategies R0 (Refuse) to R9 (Recover), Potting et al. 2017."),
    ),
    CatalogueList(
        name="value-retention-forms",
        model=m.ValueRetentionForm,
        files=("value_retention_forms.csv",),
        columns=_c("name", "definition"),
        search_fields=("code", "name", "definition"),
        description=_("Functional, technical and economic value retention."),
    ),
    CatalogueList(
        name="lansink-ladder",
        model=m.LansinkStep,
        files=("lansink_steps.csv",),
        columns=_c("rank", "name", "description"),
        search_fields=("name", "description"),
        description=_("The waste hierarchy of the Wet milieubeheer and the LAP, most desirable first."),
    ),
    CatalogueList(
        name="innovation-functions",
        model=m.InnovationFunction,
        files=("innovation_functions.csv",),
        columns=_c("code", "name_nl", "name"),
        search_fields=("code", "name", "name_nl", "description"),
        description=_("Functions F1-F8 of mission-oriented innovation systems (Hekkert)."),
    ),
    CatalogueList(
        name="critical-raw-materials",
        model=m.RawMaterial,
        files=("eu_crm_2023.csv", "common_materials.csv"),
        columns=(
            Column("name_nl"),
            Column("name"),
            Column("symbol"),
            Column("is_critical"),
            Column("strategic", _("EU strategic")),
            Column("programme_named"),
        ),
        search_fields=("code", "name", "name_nl", "symbol", "aliases"),
        filter_fields=("is_critical", "programme_named", "symbol"),
        prefetch_related=("strategic_entries",),
        annotations={"strategic": _strategic},
        api_extra_fields=("strategic_entries",),
        description=_(
            "The 34 critical raw materials of the EU list 2023 and the programme's named materials, and the "
            "common materials of bills of materials that are not on the EU list (not critical)."
        ),
    ),
    CatalogueList(
        name="strategic-raw-materials",
        model=m.StrategicRawMaterial,
        files=("eu_srm_2024.csv",),
        columns=(Column("name"), Column("material_names", _("critical raw materials"))),
        search_fields=("name", "materials__name", "materials__name_nl"),
        filter_fields=("materials",),
        prefetch_related=("materials",),
        description=_("The 17 strategic raw materials of the Critical Raw Materials Act (Annex I)."),
    ),
    CatalogueList(
        name="figure-datasets",
        model=m.FigureDataset,
        files=("figure_datasets.csv",),
        columns=_c("title", "year", "source"),
        search_fields=("code", "title", "source"),
        filter_fields=("year",),
        description=_("Published tables of industry figures, with year and source."),
    ),
    CatalogueList(
        name="industry-figures",
        model=m.IndustryFigure,
        files=(
            "maakindustrie_per_productgroep.csv",
            "maakindustrie_per_provincie.csv",
            "maakindustrie_per_cluster.csv",
        ),
        columns=_c(
            "breakdown",
            "label",
            "is_stated_total",
            "jobs_thousands",
            "net_turnover_meur",
            "value_added_meur_per_year",
            "co2_kt_per_year",
        ),
        search_fields=("label",),
        filter_fields=("dataset", "breakdown", "is_stated_total", "sbi", "province", "cluster"),
        select_related=("dataset", "sbi", "province", "cluster"),
        description=_(
            "The manufacturing industry in figures (2020): per product group, province and cluster."
        ),
    ),
    CatalogueList(
        name="kia-themes",
        model=m.KiaTheme,
        files=("kia_themes.csv",),
        columns=_c("number", "name", "description"),
        search_fields=("code", "name", "description"),
        description=_(
            "The eight topics of the knowledge and innovation agenda for the manufacturing industry."
        ),
    ),
    CatalogueList(
        name="supraregional-themes",
        model=m.SupraregionalTheme,
        files=("supraregional_themes.csv",),
        columns=_c("name", "abbreviation", "description"),
        search_fields=("code", "abbreviation", "name", "description"),
        description=_(
            "The themes of the supra-regional approach: CESI, Human Capital Agenda, market demand CE."
        ),
    ),
)

BY_NAME: dict[str, CatalogueList] = {entry.name: entry for entry in LISTS}
BY_MODEL: dict[type[models.Model], CatalogueList] = {entry.model: entry for entry in LISTS}


def catalogue_list(name: str) -> CatalogueList:
    """The list called `name`; KeyError naming the known lists otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown reference list {name!r}; the lists are: {', '.join(BY_NAME)}") from None


def column_value(entry: object, column: Column) -> Any:
    """The value of `column` for display: choice labels, not stored codes."""
    display = getattr(entry, f"get_{column.attr}_display", None)
    if callable(display):
        return display()
    value = getattr(entry, column.attr, "")
    return "" if value is None else value
