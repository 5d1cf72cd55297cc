"""Load the reference catalogue from `catalogue/data/*.csv`, one file per list (see `data/README.md`).

`catalogue_load()` is idempotent: entries are matched on their natural key (a code, a rank, a name) and only
written when a value differs, so a second load changes nothing and adds no history rows. The whole load is one
transaction: the first malformed row (a missing column or cell, a bad number, an unknown reference, a value
the model refuses) raises `CatalogueLoadError` naming the file, the row and the field, and nothing is saved.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first entry row 2. Entries that are in
the catalogue but not in the files (for instance SBI codes added by `sbi_resolve`) are left alone."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from . import models as m
from .registry import LISTS
from .services import sbi_normalize, sbi_section_for_division

DATA_DIR = Path(__file__).resolve().parent / "data"
FIGURES_DATASET = (
    "upcm-2020-maakindustrie"  # the dataset the three §1.2 tables belong to (figure_datasets.csv)
)
TRUE_WORDS = {"true", "1", "yes", "ja"}
FALSE_WORDS = {"false", "0", "no", "nee", ""}


class CatalogueLoadError(Exception):
    """A row of a catalogue file that cannot be loaded; says where (file, row, field) and what is wrong."""

    def __init__(self, *, file: str, row: int, field: str, message: str):
        self.file, self.row, self.field, self.message = file, row, field, message
        super().__init__(f"{file}, row {row}, field '{field}': {message}")


class _Row:
    """One entry row of a CSV file, with typed accessors that raise CatalogueLoadError naming the cell."""

    def __init__(self, file: str, number: int, values: dict[str, str]):
        self.file, self.number, self.values = file, number, values

    def error(self, field: str, message: str) -> CatalogueLoadError:
        return CatalogueLoadError(file=self.file, row=self.number, field=field, message=message)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.values[column].strip()
        if required and not value:
            raise self.error(column, "is empty")
        return value

    def integer(self, column: str, *, required: bool = True) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.error(column, f"'{value}' is not a whole number") from None

    def boolean(self, column: str) -> bool:
        value = self.text(column, required=False).lower()
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise self.error(column, f"'{value}' is not true or false")

    def choice(self, column: str, choices: type[models.Choices]) -> Any:
        value = self.text(column, required=False)
        if value not in choices.values:
            allowed = ", ".join(repr(v) for v in choices.values)
            raise self.error(column, f"'{value}' is not one of {allowed}")
        return value

    def ref(self, column: str, index: dict[str, Any], what: str, *, required: bool = False):
        value = self.text(column, required=required)
        if not value:
            return None
        if value not in index:
            raise self.error(column, f"unknown {what} '{value}'")
        return index[value]

    def refs(self, column: str, index: dict[str, Any], what: str) -> list:
        names = [name.strip() for name in self.text(column).split(";") if name.strip()]
        missing = [name for name in names if name not in index]
        if missing:
            raise self.error(column, f"unknown {what} {', '.join(repr(n) for n in missing)}")
        return [index[name] for name in names]


class _Loader:
    """Reads the files of one load and writes entries only where they differ."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        # Per model: the stored entries by natural key, and per many-to-many field the linked primary keys,
        # each read in one query the first time the model is loaded (not one query per row).
        self._entries: dict[tuple[type[models.Model], tuple[str, ...]], dict[tuple, models.Model]] = {}
        self._links: dict[tuple[type[models.Model], str], dict[Any, set]] = {}
        # New entries wait here and are inserted in bulk, with their history rows, by `flush()`.
        self._pending: dict[type[models.Model], list[tuple[models.Model, dict[str, list]]]] = {}

    def _existing(self, model: type[models.Model], key_fields: tuple[str, ...]) -> dict[tuple, models.Model]:
        cache_key = (model, key_fields)
        if cache_key not in self._entries:
            attnames = [model._meta.get_field(name).attname for name in key_fields]
            self._entries[cache_key] = {
                tuple(getattr(entry, attname) for attname in attnames): entry
                for entry in model._default_manager.all()
            }
        return self._entries[cache_key]

    def _linked(self, model: type[models.Model], name: str) -> dict[Any, set]:
        if (model, name) not in self._links:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source = field.m2m_field_name() + "_id"
            target = field.m2m_reverse_field_name() + "_id"
            links: dict[Any, set] = {}
            for source_pk, target_pk in through.objects.values_list(source, target):
                links.setdefault(source_pk, set()).add(target_pk)
            self._links[(model, name)] = links
        return self._links[(model, name)]

    def read(self, file: str, columns: Iterable[str]) -> list[_Row]:
        path = self.data_dir / file
        if not path.exists():
            raise CatalogueLoadError(
                file=file, row=0, field="", message=f"the file is missing from {self.data_dir}"
            )
        with path.open(newline="", encoding="utf-8") as handle:
            lines = list(csv.reader(handle))
        if not lines:
            raise CatalogueLoadError(file=file, row=1, field="", message="the file is empty (no header row)")
        header = [name.strip() for name in lines[0]]
        for column in columns:
            if column not in header:
                raise CatalogueLoadError(file=file, row=1, field=column, message="the column is missing")
        rows = []
        for offset, cells in enumerate(lines[1:]):
            number = offset + 2
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(cells) < len(header):
                raise CatalogueLoadError(
                    file=file,
                    row=number,
                    field=header[len(cells)],
                    message="the cell is missing (the row is too short)",
                )
            if len(cells) > len(header):
                raise CatalogueLoadError(
                    file=file,
                    row=number,
                    field=f"column {len(header) + 1}",
                    message=f"the row has {len(cells)} cells, the header {len(header)}",
                )
            rows.append(_Row(file, number, dict(zip(header, cells, strict=True))))
        return rows

    def upsert(
        self,
        row: _Row,
        model: type[models.Model],
        key: dict[str, Any],
        values: dict[str, Any],
        *,
        m2m: dict[str, list] | None = None,
        columns: dict[str, str] | None = None,
        seen: dict[tuple, int],
    ) -> models.Model:
        """Create or update the entry with natural key `key`; save only the fields that differ.

        `columns` maps a model field to the CSV column it came from, for error messages."""
        columns = columns or {}
        key_tuple = tuple(key.values())
        if key_tuple in seen:
            field = columns.get(next(iter(key)), next(iter(key)))
            raise row.error(field, f"duplicate of row {seen[key_tuple]}")
        seen[key_tuple] = row.number

        stored_key = tuple(value.pk if isinstance(value, models.Model) else value for value in key.values())
        existing = self._existing(model, tuple(key))
        entry = existing.get(stored_key)
        created = entry is None
        if created:
            entry = model(**key)
        changed = []
        for name, value in values.items():
            field = model._meta.get_field(name)
            current = getattr(entry, field.attname)
            new = value.pk if (field.is_relation and value is not None) else value
            if created or current != new:
                setattr(entry, name, value)
                changed.append(name)
        if changed:
            relation_fields = [f.name for f in model._meta.concrete_fields if f.is_relation]
            try:
                entry.full_clean(exclude=relation_fields, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                field, messages = next(iter(error.message_dict.items()))
                raise row.error(columns.get(field, field), " ".join(str(msg) for msg in messages)) from None
            if created:
                self._pending.setdefault(model, []).append((entry, m2m or {}))
                existing[stored_key] = entry
                return entry
            entry.save(update_fields=changed)
        for name, targets in (m2m or {}).items():
            linked = self._linked(model, name)
            wanted = {target.pk for target in targets}
            if linked.get(entry.pk, set()) != wanted:
                getattr(entry, name).set(targets)
                linked[entry.pk] = wanted
        return entry

    def flush(self) -> None:
        """Insert the new entries (one INSERT per model and one for their history), then their links."""
        for model, items in self._pending.items():
            bulk_create_with_history([entry for entry, _links in items], model)
            for name in {name for _entry, links in items for name in links}:
                field = model._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
                rows = [
                    through(**{source: entry.pk, target: linked.pk})
                    for entry, links in items
                    for linked in links.get(name, ())
                ]
                through.objects.bulk_create(rows)
                cache = self._linked(model, name)
                for entry, links in items:
                    cache[entry.pk] = {linked.pk for linked in links.get(name, ())}
        self._pending.clear()


def _index(model: type[models.Model], attribute: str) -> dict[str, Any]:
    return {
        getattr(entry, attribute): entry
        for entry in model._default_manager.all()
        if getattr(entry, attribute)
    }


# ----------------------------------------------------------------------------------------------- one per list
def _load_product_clusters(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(
        files[0], ["code", "name", "name_in_figures", "description", "order", "source_section"]
    )
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.ProductCluster,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "name_in_figures": row.text("name_in_figures", required=False),
                "description": row.text("description", required=False),
                "order": row.integer("order"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_sbi(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(
        files[0],
        [
            "code",
            "name",
            "name_in_figures",
            "first_division",
            "last_division",
            "cluster",
            "in_manufacturing_scope",
            "source_section",
        ],
    )
    clusters = _index(m.ProductCluster, "code")
    parsed = []
    for row in rows:
        try:
            code, level = sbi_normalize(row.text("code"))
        except ValueError as error:
            raise row.error("code", str(error)) from None
        parsed.append((level, code, row))
    seen: dict[tuple, int] = {}
    # Parents before children: sections, then divisions, groups, classes, subclasses; each level is written
    # before the next looks up its parents.
    previous_level = None
    for level, code, row in sorted(parsed, key=lambda item: item[0]):
        if level != previous_level:
            loader.flush()
            previous_level = level
        values: dict[str, Any] = {
            "level": level,
            "name": row.text("name"),
            "name_in_figures": row.text("name_in_figures", required=False),
            "cluster": row.ref("cluster", clusters, "product cluster"),
            "in_manufacturing_scope": row.boolean("in_manufacturing_scope"),
            "source_section": row.text("source_section"),
        }
        if level == m.SbiCode.Level.SECTION:
            first, last = row.integer("first_division"), row.integer("last_division")
            if last < first:
                raise row.error("last_division", f"{last:02d} comes before first_division {first:02d}")
            values.update(parent=None, first_division=first, last_division=last)
        else:
            for column in ("first_division", "last_division"):
                if row.text(column, required=False):
                    raise row.error(column, "only a section (a letter) has a division range")
            if level == m.SbiCode.Level.DIVISION:
                parent = sbi_section_for_division(int(code))
                if parent is None:
                    raise row.error("code", f"no section in the file covers division {code}")
            else:
                parent = m.SbiCode.objects.filter(code=code[:-1]).first()
                if parent is None:
                    raise row.error(
                        "code", f"its parent {code[:-1]} is neither in the file nor in the catalogue"
                    )
            values.update(parent=parent, first_division=None, last_division=None)
        loader.upsert(row, m.SbiCode, {"code": code}, values, seen=seen)
    return len(rows)


def _load_provinces(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "name", "name_in_figures", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.Province,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "name_in_figures": row.text("name_in_figures", required=False),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_transition_agendas(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "name", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.TransitionAgenda,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_npce_product_groups(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "name", "agendas", "order", "source_section"])
    agendas = _index(m.TransitionAgenda, "code")
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.NpceProductGroup,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "order": row.integer("order"),
                "source_section": row.text("source_section"),
            },
            m2m={"agendas": row.refs("agendas", agendas, "transition agenda")},
            seen=seen,
        )
    return len(rows)


def _load_horizons(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(
        files[0],
        [
            "code",
            "label",
            "months",
            "granularity",
            "landscape",
            "change_strategy",
            "task_type",
            "guiding_question",
            "source_section",
        ],
    )
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.Horizon,
            {"code": row.text("code")},
            {
                "label": row.text("label"),
                "months": row.integer("months"),
                "granularity": row.choice("granularity", m.Horizon.Granularity),
                "landscape": row.choice("landscape", m.Horizon.Landscape),
                "change_strategy": row.text("change_strategy", required=False),
                "task_type": row.text("task_type", required=False),
                "guiding_question": row.text("guiding_question", required=False),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_pillars(loader: _Loader, files: tuple[str, ...]) -> int:
    text_fields = [
        "name",
        "description",
        "success_factor",
        "activity_type",
        "agreements",
        "roles",
        "support_needed",
        "adaptivity",
        "source_section",
    ]
    rows = loader.read(files[0], ["code", "order", *text_fields])
    seen: dict[tuple, int] = {}
    for row in rows:
        values: dict[str, Any] = {name: row.text(name) for name in text_fields}
        values["order"] = row.integer("order")
        loader.upsert(row, m.Pillar, {"code": row.text("code")}, values, seen=seen)
    return len(rows)


def _load_effect_dimensions(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "name", "description", "order", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.EffectDimension,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "description": row.text("description", required=False),
                "order": row.integer("order"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_r_strategies(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(
        files[0], ["rank", "code", "name", "name_nl", "definition", "definition_nl", "band", "source_section"]
    )
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.RStrategy,
            {"rank": row.integer("rank")},
            {
                "code": row.text("code"),
                "name": row.text("name"),
                "name_nl": row.text("name_nl"),
                "definition": row.text("definition"),
                "definition_nl": row.text("definition_nl", required=False),
                "band": row.choice("band", m.RStrategy.Band),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_value_retention_forms(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "name", "definition", "order", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.ValueRetentionForm,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "definition": row.text("definition"),
                "order": row.integer("order"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_lansink_steps(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["rank", "name", "description", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.LansinkStep,
            {"rank": row.integer("rank")},
            {
                "name": row.text("name"),
                "description": row.text("description", required=False),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_innovation_functions(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "name", "name_nl", "description", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.InnovationFunction,
            {"code": row.text("code")},
            {
                "name": row.text("name"),
                "name_nl": row.text("name_nl"),
                "description": row.text("description"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_raw_materials(loader: _Loader, files: tuple[str, ...]) -> int:
    """The EU critical raw materials (the first file, every row critical) and then the common non-critical
    materials of bills of materials (`common_materials.csv`, whose `is_critical` column says false). A
    material is listed in one file only: a second listing is refused, naming the row that has it already."""
    columns = ["material", "note", "name_nl", "symbol", "aliases", "programme_named", "source_section"]
    listed: dict[str, str] = {}  # material name -> "file, row N" where it was read
    count = 0
    for index, file in enumerate(files):
        rows = loader.read(file, columns if index == 0 else [*columns, "is_critical"])
        seen: dict[tuple, int] = {}
        for row in rows:
            name = row.text("material")
            if name in listed and index > 0:
                raise row.error("material", f"is already listed in {listed[name]}")
            listed.setdefault(name, f"{file}, row {row.number}")
            loader.upsert(
                row,
                m.RawMaterial,
                {"name": name},
                {
                    "code": slugify(name),
                    "name_nl": row.text("name_nl"),
                    "symbol": row.text("symbol", required=False),
                    "aliases": row.text("aliases", required=False),
                    # every row of the first file is on the EU critical list 2023; later files say per row
                    "is_critical": True if index == 0 else row.boolean("is_critical"),
                    "programme_named": row.boolean("programme_named"),
                    "note": row.text("note", required=False),
                    "source_section": row.text("source_section"),
                },
                columns={"name": "material", "code": "material"},
                seen=seen,
            )
        count += len(rows)
    return count


def _load_strategic_raw_materials(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["strategic_raw_material", "materials", "source_section"])
    materials = _index(m.RawMaterial, "name")
    seen: dict[tuple, int] = {}
    for order, row in enumerate(rows, start=1):
        loader.upsert(
            row,
            m.StrategicRawMaterial,
            {"name": row.text("strategic_raw_material")},
            {
                "order": order,
                "source_section": row.text("source_section"),
            },
            m2m={"materials": row.refs("materials", materials, "critical raw material")},
            columns={"name": "strategic_raw_material"},
            seen=seen,
        )
    return len(rows)


def _load_figure_datasets(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "title", "year", "source", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.FigureDataset,
            {"code": row.text("code")},
            {
                "title": row.text("title"),
                "year": row.integer("year"),
                "source": row.text("source"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


_FIGURE_TABLES = {
    # file: (breakdown, source section, label column, link column)
    "maakindustrie_per_productgroep.csv": (
        m.IndustryFigure.Breakdown.PRODUCT_GROUP,
        "Werkwijze UPCM 2020 §1.2.1",
        "name",
        "sbi_division",
    ),
    "maakindustrie_per_provincie.csv": (
        m.IndustryFigure.Breakdown.PROVINCE,
        "Werkwijze UPCM 2020 §1.2.2",
        "province",
        "province",
    ),
    "maakindustrie_per_cluster.csv": (
        m.IndustryFigure.Breakdown.CLUSTER,
        "Werkwijze UPCM 2020 §1.2.3",
        "cluster",
        "cluster",
    ),
}
STATED_TOTAL_LABEL = "Totaal"


def _load_industry_figures(loader: _Loader, files: tuple[str, ...]) -> int:
    divisions = {
        code: sbi for code, sbi in _index(m.SbiCode, "code").items() if sbi.level == m.SbiCode.Level.DIVISION
    }
    provinces = _index(m.Province, "name_in_figures")
    clusters = _index(m.ProductCluster, "name_in_figures")
    count = 0
    for file in files:
        breakdown, section, label_column, link_column = _FIGURE_TABLES[file]
        columns = list(dict.fromkeys([label_column, link_column, *m.IndustryFigure.VALUE_FIELDS]))
        rows = loader.read(file, columns)
        dataset = m.FigureDataset.objects.filter(code=FIGURES_DATASET).first()
        if dataset is None:
            raise CatalogueLoadError(
                file="figure_datasets.csv",
                row=1,
                field="code",
                message=f"the dataset '{FIGURES_DATASET}' of {file} is missing",
            )
        seen: dict[tuple, int] = {}
        for order, row in enumerate(rows, start=1):
            label = row.text(label_column)
            total = label == STATED_TOTAL_LABEL
            links: dict[str, Any] = {"sbi": None, "province": None, "cluster": None}
            if breakdown == m.IndustryFigure.Breakdown.PRODUCT_GROUP and not total:
                links["sbi"] = row.ref(link_column, divisions, "SBI division", required=True)
            elif breakdown == m.IndustryFigure.Breakdown.PROVINCE and not total:
                links["province"] = row.ref(link_column, provinces, "province (name in the figures)")
            elif breakdown == m.IndustryFigure.Breakdown.CLUSTER and not total:
                links["cluster"] = row.ref(link_column, clusters, "product cluster (name in the figures)")
            values: dict[str, Any] = {name: row.integer(name) for name in m.IndustryFigure.VALUE_FIELDS}
            values.update(links, is_stated_total=total, order=order, source_section=section)
            loader.upsert(
                row,
                m.IndustryFigure,
                {"dataset": dataset, "breakdown": breakdown, "label": label},
                values,
                columns={"label": label_column},
                seen=seen,
            )
        count += len(rows)
    return count


def _load_kia_themes(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["number", "code", "name", "description", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.KiaTheme,
            {"number": row.integer("number")},
            {
                "code": row.text("code"),
                "name": row.text("name"),
                "description": row.text("description", required=False),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


def _load_supraregional_themes(loader: _Loader, files: tuple[str, ...]) -> int:
    rows = loader.read(files[0], ["code", "abbreviation", "name", "description", "order", "source_section"])
    seen: dict[tuple, int] = {}
    for row in rows:
        loader.upsert(
            row,
            m.SupraregionalTheme,
            {"code": row.text("code")},
            {
                "abbreviation": row.text("abbreviation", required=False),
                "name": row.text("name"),
                "description": row.text("description", required=False),
                "order": row.integer("order"),
                "source_section": row.text("source_section"),
            },
            seen=seen,
        )
    return len(rows)


_LOADERS: dict[str, Callable[[_Loader, tuple[str, ...]], int]] = {
    "product-clusters": _load_product_clusters,
    "sbi": _load_sbi,
    "provinces": _load_provinces,
    "transition-agendas": _load_transition_agendas,
    "npce-product-groups": _load_npce_product_groups,
    "horizons": _load_horizons,
    "pillars": _load_pillars,
    "effect-dimensions": _load_effect_dimensions,
    "r-ladder": _load_r_strategies,
    "value-retention-forms": _load_value_retention_forms,
    "lansink-ladder": _load_lansink_steps,
    "innovation-functions": _load_innovation_functions,
    "critical-raw-materials": _load_raw_materials,
    "strategic-raw-materials": _load_strategic_raw_materials,
    "figure-datasets": _load_figure_datasets,
    "industry-figures": _load_industry_figures,
    "kia-themes": _load_kia_themes,
    "supraregional-themes": _load_supraregional_themes,
}


@transaction.atomic
def catalogue_load(*, data_dir: Path | str | None = None) -> dict[str, int]:
    """Load every reference list from `data_dir` (default: catalogue/data) in registry order, which puts each
    list after the lists it refers to. Returns the number of entries read per list name."""
    assert set(_LOADERS) == {entry.name for entry in LISTS}, "every registered list has a loader"
    loader = _Loader(Path(data_dir) if data_dir is not None else DATA_DIR)
    counts = {}
    for entry in LISTS:
        counts[entry.name] = _LOADERS[entry.name](loader, entry.files)
        loader.flush()  # later lists refer to this one
    return counts
