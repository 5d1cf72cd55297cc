"""The one list of reference lists. The loader, the `catalogue` command, the pages, the API and the admin all
read it, so a list is declared once: its name (URL slug, command argument, API prefix), model, where it is
loaded from (its files, natural key, cells and references: `sources.py`), the columns shown in overviews, what
search looks in and what the API filters on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import models as m
from .localized import localized_ordering
from .sources import (
    Boolean,
    Choice,
    DataFile,
    Fixed,
    FixedRef,
    Flag,
    Integer,
    Position,
    Ref,
    Refs,
    SbiNode,
    SbiParent,
    Slug,
    Source,
    Text,
    one_file,
    texts,
)


@dataclass(frozen=True)
class Column:
    """A column of an overview: a model field, property or annotation, with its heading."""

    attr: str
    label: str | Promise | None = None  # None: the model field's verbose name


@dataclass(frozen=True)
class CatalogueList:
    name: str
    model: type[models.Model]
    source: Source
    columns: tuple[Column, ...]
    search_fields: tuple[str, ...]
    filter_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    description: str | Promise = ""
    # Extra read-only values for the API: properties ("display_code") or reverse relations (as primary keys).
    api_extra_fields: tuple[str, ...] = ()
    annotations: dict[str, Any] = field(default_factory=dict)
    # Two lists may share a model: `where` names the field values of this list's entries (the critical raw
    # materials are the raw materials with is_critical true), `plural` its title (the model's plural
    # otherwise).
    where: tuple[tuple[str, Any], ...] = ()
    plural: str | Promise | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(file.name for file in self.source.files)

    @property
    def title(self) -> str:
        return str(self.plural if self.plural is not None else self.model._meta.verbose_name_plural)

    def entries(self) -> models.QuerySet:
        """The entries of this list (all of its model's, unless `where` narrows them)."""
        return self.model._default_manager.filter(**dict(self.where))

    def holds(self, obj: models.Model) -> bool:
        """Whether `obj` is an entry of this list."""
        return isinstance(obj, self.model) and all(getattr(obj, name) == value for name, value in self.where)

    def queryset(self) -> models.QuerySet:
        """Every entry, with what the overview columns need fetched up front (no query per row), sorted by
        the texts the reader sees (a list ordered by name by the name in the active language)."""
        queryset = self.entries().order_by(*localized_ordering(self.model))
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
            field = self.model._meta.get_field(column.attr)
        except FieldDoesNotExist:  # a property or an annotation, without its own label
            return column.attr.replace("_", " ")
        return str(getattr(field, "verbose_name", column.attr))

    def admin_list_display(self) -> tuple[str, ...]:
        """The overview columns the admin can show (annotations exist only in `queryset()`); a translated
        text as its two stored fields (the admin edits both languages)."""
        shown: list[str] = []
        for column in self.columns:
            if column.attr in self.annotations:
                continue
            if column.attr.startswith("localized."):
                shown.extend(self.model.localized.pairs[column.attr.split(".", 1)[1]])  # type: ignore[attr-defined]
            else:
                shown.append(column.attr)
        return tuple(shown)


def _c(*attrs: str) -> tuple[Column, ...]:
    return tuple(Column(a) for a in attrs)


def _text(concept: str, label: str | Promise) -> Column:
    """A column of a translated text, in the reader's language (`localized.<concept>`)."""
    return Column(f"localized.{concept}", label)


NAME = Column("label", _("name"))  # an entry's name in the reader's language


# The dataset the three §1.2 tables belong to (figure_datasets.csv), and how they mark their total row.
FIGURES_DATASET = "upcm-2020-maakindustrie"
STATED_TOTAL_LABEL = "Totaal"


def _figures_table(label: str, breakdown: str, section: str) -> tuple[Text | Flag | Fixed, ...]:
    """The cells every §1.2 table has: its label column, whether a row is the stated total, the breakdown it
    stands for and its section."""
    return (
        Text(label, to="label"),
        Flag(label, to="is_stated_total", equals=STATED_TOTAL_LABEL),
        Fixed("breakdown", breakdown),
        Fixed("source_section", f"Werkwijze UPCM 2020 {section}"),
    )


# A raw material, critical or common: read alike from both files.
_RAW_MATERIAL_CELLS: tuple[Text | Slug | Boolean, ...] = (
    Text("material", to="name"),
    Slug("material", to="code"),
    *texts("note", "note_nl", required=False),
    Text("name_nl"),
    *texts("symbol", "aliases", required=False),
    Boolean("programme_named"),
    Text("source_section"),
)
_RAW_MATERIAL_SEARCH = ("code", "name", "name_nl", "symbol", "aliases")

_strategic = Exists(m.StrategicRawMaterial.materials.through.objects.filter(rawmaterial_id=OuterRef("pk")))

LISTS: tuple[CatalogueList, ...] = (
    CatalogueList(
        name="product-clusters",
        model=m.ProductCluster,
        source=one_file(
            "product_clusters.csv",
            key="code",
            cells=(
                *texts("code", "name", "name_en"),
                *texts("name_in_figures", "description", "description_en", required=False),
                Integer("order"),
                Text("source_section"),
            ),
        ),
        columns=(NAME, Column("name_in_figures"), _text("description", _("description"))),
        search_fields=("code", "name", "name_en", "name_in_figures"),
        description=_("The five clusters of product groups and 'Generic', as on the programme dashboard."),
    ),
    CatalogueList(
        name="sbi",
        model=m.SbiCode,
        source=Source(
            files=(DataFile("sbi_codes.csv"),),
            key=("code",),
            cells=(
                SbiNode("code"),
                *texts("name", "name_en"),
                Text("name_in_figures", required=False),
                Ref("cluster", model=m.ProductCluster, by="code", what="product cluster"),
                Boolean("in_manufacturing_scope"),
                Text("source_section"),
                SbiParent("code"),
            ),
            # sections, then divisions, groups, classes, subclasses: each level is stored before the next
            # looks up its parents
            levels="level",
        ),
        columns=(
            Column("display_code", _("code")),
            NAME,
            Column("name_in_figures"),
            Column("level"),
            Column("parent"),
            Column("cluster"),
            Column("in_manufacturing_scope"),
        ),
        search_fields=("code", "name", "name_en", "name_in_figures"),
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
        source=one_file(
            "provinces.csv",
            key="code",
            cells=(
                *texts("code", "name", "name_en"),
                Text("name_in_figures", required=False),
                Text("source_section"),
            ),
        ),
        columns=(Column("code"), NAME, Column("name_in_figures")),
        search_fields=("code", "name", "name_en", "name_in_figures"),
        description=_("The twelve provinces of the Netherlands."),
    ),
    CatalogueList(
        name="countries",
        model=m.Country,
        source=one_file(
            "countries.csv", key="code", cells=texts("code", "name", "name_en", "source_section")
        ),
        columns=(Column("code"), NAME),
        search_fields=("code", "name", "name_en"),
        description=_(
            "The countries of ISO 3166-1, by their two-letter code (producing countries of materials)."
        ),
    ),
    CatalogueList(
        name="transition-agendas",
        model=m.TransitionAgenda,
        source=one_file(
            "transition_agendas.csv", key="code", cells=texts("code", "name", "name_en", "source_section")
        ),
        columns=(NAME,),
        search_fields=("code", "name", "name_en"),
        description=_("The transition agendas of the national circular economy programme (NPCE)."),
    ),
    CatalogueList(
        name="npce-product-groups",
        model=m.NpceProductGroup,
        source=one_file(
            "npce_product_groups.csv",
            key="code",
            cells=(
                *texts("code", "name", "name_en"),
                Refs("agendas", model=m.TransitionAgenda, by="code", what="transition agenda"),
                Integer("order"),
                Text("source_section"),
            ),
        ),
        columns=(NAME, Column("agenda_names", _("transition agendas"))),
        search_fields=("code", "name", "name_en", "agendas__name", "agendas__name_en"),
        filter_fields=("agendas",),
        prefetch_related=("agendas",),
        description=_("The priority product groups of the NPCE per transition agenda."),
    ),
    CatalogueList(
        name="horizons",
        model=m.Horizon,
        source=one_file(
            "horizons.csv",
            key="code",
            cells=(
                *texts("code", "label_nl", "label_en"),
                Integer("months"),
                Choice("granularity", choices=m.Horizon.Granularity),
                Choice("landscape", choices=m.Horizon.Landscape),
                *texts(
                    "change_strategy",
                    "change_strategy_en",
                    "task_type",
                    "task_type_en",
                    "guiding_question",
                    "guiding_question_en",
                    required=False,
                ),
                Text("source_section"),
            ),
        ),
        columns=(
            Column("label", _("decision horizon")),
            Column("granularity"),
            Column("landscape"),
            _text("task_type", _("type of tasks")),
        ),
        search_fields=(
            "code",
            "label_nl",
            "label_en",
            "change_strategy",
            "change_strategy_en",
            "task_type",
            "task_type_en",
            "guiding_question",
            "guiding_question_en",
        ),
        filter_fields=("granularity", "landscape"),
        description=_(
            "Decision horizons 0-1 month to 0-50 years with their granularity, landscape and strategy."
        ),
    ),
    CatalogueList(
        name="pillars",
        model=m.Pillar,
        source=one_file(
            "pillars.csv",
            key="code",
            cells=(
                Text("code"),
                Integer("order"),
                *texts(
                    *(
                        f"{concept}{language}"
                        for concept in m.Pillar.localized.pairs
                        for language in ("", "_en")
                    ),
                    "source_section",
                ),
            ),
        ),
        columns=(
            NAME,
            _text("success_factor", _("primary success factor")),
            _text("agreements", _("agreements")),
            _text("adaptivity", _("adaptivity")),
        ),
        search_fields=("code", "name", "name_en", "description", "description_en"),
        description=_("Realisation, Acceleration and Broadening."),
    ),
    CatalogueList(
        name="effect-dimensions",
        model=m.EffectDimension,
        source=one_file(
            "effect_dimensions.csv",
            key="code",
            cells=(
                *texts("code", "name", "name_en"),
                *texts("description", "description_en", required=False),
                Integer("order"),
                Text("source_section"),
            ),
        ),
        columns=(Column("code"), NAME, _text("description", _("description"))),
        search_fields=("code", "name", "name_en", "description", "description_en"),
        description=_("Environment (M), Security of supply (L), Economy (E)."),
    ),
    CatalogueList(
        name="r-ladder",
        model=m.RStrategy,
        source=one_file(
            "r_strategies.csv",
            key="rank",
            cells=(
                Integer("rank"),
                *texts("code", "name", "name_nl", "definition"),
                Text("definition_nl", required=False),
                Choice("band", choices=m.RStrategy.Band),
                Text("source_section"),
            ),
        ),
        columns=(Column("code"), NAME, Column("band"), _text("definition", _("definition"))),
        search_fields=("code", "name", "name_nl", "definition", "definition_nl"),
        filter_fields=("band",),
        description=_("R-strategies R0 (Refuse) to R9 (Recover), Potting et al. 2017."),
    ),
    CatalogueList(
        name="value-retention-forms",
        model=m.ValueRetentionForm,
        source=one_file(
            "value_retention_forms.csv",
            key="code",
            cells=(
                *texts("code", "name", "name_en", "definition"),
                Text("definition_en", required=False),
                Integer("order"),
                Text("source_section"),
            ),
        ),
        columns=(NAME, _text("definition", _("definition"))),
        search_fields=("code", "name", "name_en", "definition", "definition_en"),
        description=_("Functional, technical and economic value retention."),
    ),
    CatalogueList(
        name="lansink-ladder",
        model=m.LansinkStep,
        source=one_file(
            "lansink_steps.csv",
            key="rank",
            cells=(
                Integer("rank"),
                *texts("name", "name_en"),
                *texts("description", "description_en", required=False),
                Text("source_section"),
            ),
        ),
        columns=(Column("rank"), NAME, _text("description", _("description"))),
        search_fields=("name", "name_en", "description", "description_en"),
        description=_("The waste hierarchy of the Wet milieubeheer and the LAP, most desirable first."),
    ),
    CatalogueList(
        name="innovation-functions",
        model=m.InnovationFunction,
        source=one_file(
            "innovation_functions.csv",
            key="code",
            cells=(
                *texts("code", "name", "name_nl", "description"),
                Text("description_nl", required=False),
                Text("source_section"),
            ),
        ),
        columns=(Column("code"), NAME, _text("description", _("description"))),
        search_fields=("code", "name", "name_nl", "description", "description_nl"),
        description=_("Functions F1-F8 of mission-oriented innovation systems (Hekkert)."),
    ),
    CatalogueList(
        name="critical-raw-materials",
        model=m.RawMaterial,
        plural=_("critical raw materials"),
        where=(("is_critical", True),),
        source=Source(
            # The EU list 2023 (CRMA Annex II), every row critical; a material is listed in one list only
            # (a second listing, here or among the common materials, is refused naming the row that has it).
            files=(DataFile("eu_crm_2023.csv"),),
            key=("name",),
            cells=(*_RAW_MATERIAL_CELLS, Fixed("is_critical", True)),
        ),
        columns=(
            NAME,
            Column("symbol"),
            Column("strategic", _("EU strategic")),
            Column("programme_named"),
            _text("note", _("note")),
        ),
        search_fields=_RAW_MATERIAL_SEARCH,
        filter_fields=("programme_named", "symbol"),
        prefetch_related=("strategic_entries",),
        annotations={"strategic": _strategic},
        api_extra_fields=("strategic_entries",),
        description=_(
            "The 34 critical raw materials of the EU list 2023 (Critical Raw Materials Act, Annex II), among "
            "them the programme's named materials."
        ),
    ),
    CatalogueList(
        name="common-materials",
        model=m.RawMaterial,
        plural=_("common materials"),
        where=(("is_critical", False),),
        source=Source(
            # Common materials of bills of materials, and every other material the EU study of 2023 assessed
            # (chromium, molybdenum, indium ...), so the scanner resolves them and shows their EU figures.
            files=(DataFile("common_materials.csv"), DataFile("eu_assessed_materials.csv")),
            key=("name",),
            cells=(*_RAW_MATERIAL_CELLS, Fixed("is_critical", False)),
        ),
        columns=(NAME, Column("symbol"), _text("note", _("note"))),
        search_fields=_RAW_MATERIAL_SEARCH,
        filter_fields=("symbol",),
        description=_(
            "Materials that are not on the EU list 2023: common materials of bills of materials (steel, "
            "plastics, glass …) and the other materials the EU assessed in 2023 (chromium, molybdenum, "
            "indium …). The raw-material scanner knows them, as not critical."
        ),
    ),
    CatalogueList(
        name="strategic-raw-materials",
        model=m.StrategicRawMaterial,
        source=one_file(
            "eu_srm_2024.csv",
            key="name",
            cells=(
                Text("strategic_raw_material", to="name"),
                Text("name_nl"),
                Refs("materials", model=m.RawMaterial, by="name", what="critical raw material"),
                Text("source_section"),
                Position("order"),
            ),
        ),
        columns=(NAME, Column("material_names", _("critical raw materials"))),
        search_fields=("name", "name_nl", "materials__name", "materials__name_nl"),
        filter_fields=("materials",),
        prefetch_related=("materials",),
        description=_("The 17 strategic raw materials of the Critical Raw Materials Act (Annex I)."),
    ),
    CatalogueList(
        name="figure-datasets",
        model=m.FigureDataset,
        source=one_file(
            "figure_datasets.csv",
            key="code",
            cells=(*texts("code", "title", "title_en"), Integer("year"), *texts("source", "source_section")),
        ),
        columns=(Column("label", _("title")), Column("year"), Column("source")),
        search_fields=("code", "title", "title_en", "source"),
        filter_fields=("year",),
        description=_("Published tables of industry figures, with year and source."),
    ),
    CatalogueList(
        name="industry-figures",
        model=m.IndustryFigure,
        source=Source(
            # The three §1.2 tables, each row linked to what it is about; the "Totaal" rows are stored as
            # stated totals, linked to nothing.
            files=(
                DataFile(
                    "maakindustrie_per_productgroep.csv",
                    cells=(
                        *_figures_table("name", m.IndustryFigure.Breakdown.PRODUCT_GROUP, "§1.2.1"),
                        Ref(
                            "sbi_division",
                            to="sbi",
                            model=m.SbiCode,
                            what="SBI division",
                            required=True,
                            where=(("level", m.SbiCode.Level.DIVISION),),
                            unless="is_stated_total",
                        ),
                    ),
                ),
                DataFile(
                    "maakindustrie_per_provincie.csv",
                    cells=(
                        *_figures_table("province", m.IndustryFigure.Breakdown.PROVINCE, "§1.2.2"),
                        Ref(
                            "province",
                            model=m.Province,
                            by="name_in_figures",
                            what="province (name in the figures)",
                            unless="is_stated_total",
                        ),
                    ),
                ),
                DataFile(
                    "maakindustrie_per_cluster.csv",
                    cells=(
                        *_figures_table("cluster", m.IndustryFigure.Breakdown.CLUSTER, "§1.2.3"),
                        Ref(
                            "cluster",
                            model=m.ProductCluster,
                            by="name_in_figures",
                            what="product cluster (name in the figures)",
                            unless="is_stated_total",
                        ),
                    ),
                ),
            ),
            key=("dataset", "breakdown", "label"),
            cells=(
                FixedRef(
                    "dataset",
                    model=m.FigureDataset,
                    by="code",
                    value=FIGURES_DATASET,
                    declared_in="figure_datasets.csv",
                ),
                *(Integer(name) for name in m.IndustryFigure.VALUE_FIELDS),
                Position("order"),
            ),
            defaults={"sbi": None, "province": None, "cluster": None},
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
        source=one_file(
            "kia_themes.csv",
            key="number",
            cells=(
                Integer("number"),
                *texts("code", "name", "name_en"),
                *texts("description", "description_en", required=False),
                Text("source_section"),
            ),
        ),
        columns=(Column("number"), NAME, _text("description", _("description"))),
        search_fields=("code", "name", "name_en", "description", "description_en"),
        description=_(
            "The eight topics of the knowledge and innovation agenda for the manufacturing industry."
        ),
    ),
    CatalogueList(
        name="supraregional-themes",
        model=m.SupraregionalTheme,
        source=one_file(
            "supraregional_themes.csv",
            key="code",
            cells=(
                Text("code"),
                Text("abbreviation", required=False),
                *texts("name", "name_en"),
                *texts("description", "description_en", required=False),
                Integer("order"),
                Text("source_section"),
            ),
        ),
        columns=(NAME, Column("abbreviation"), _text("description", _("description"))),
        search_fields=("code", "abbreviation", "name", "name_en", "description", "description_en"),
        description=_(
            "The themes of the supra-regional approach: CESI, Human Capital Agenda, market demand CE."
        ),
    ),
)

BY_NAME: dict[str, CatalogueList] = {entry.name: entry for entry in LISTS}
# The models of the lists, each once (two lists may share one).
MODELS: tuple[type[models.Model], ...] = tuple(dict.fromkeys(entry.model for entry in LISTS))


def list_of(obj: models.Model) -> CatalogueList | None:
    """The list `obj` is an entry of; None for an object of another model."""
    return next((entry for entry in LISTS if entry.holds(obj)), None)


def catalogue_list(name: str) -> CatalogueList:
    """The list called `name`; KeyError naming the known lists otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown reference list {name!r}; the lists are: {', '.join(BY_NAME)}") from None


def column_value(entry: object, column: Column) -> Any:
    """The value of `column` for display: choice labels, not stored codes; texts in the reader's language."""
    display = getattr(entry, f"get_{column.attr}_display", None)
    if callable(display):
        return display()
    value: Any = entry
    for part in column.attr.split("."):
        value = getattr(value, part, "")
    return "" if value is None else value
