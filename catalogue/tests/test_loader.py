"""catalogue_load: every list complete (counts counted in the sources), idempotent, and all-or-nothing on a
malformed row."""

import csv
import shutil
from pathlib import Path

import pytest
from django.apps import apps

from accounts.authorization import system_actor
from catalogue import models as m
from catalogue.loader import DATA_DIR, CatalogueLoadError, catalogue_load
from catalogue.registry import LISTS, catalogue_list

pytestmark = pytest.mark.django_db

# Entries per list and where they were counted.
EXPECTED_COUNTS = {
    # Werkwijze UPCM 2020 §1.2.3: five clusters (Materialen ... Consumentenproducten) + "Generiek" of the §4.4
    # dashboard legend (Generiek, Materialen, Verbruiksartikelen, Bouw & constructie, Kapitaalgoederen,
    # Consumentengoederen).
    "product-clusters": 6,
    # SBI 2008: sections A-U = 21; the §1.2.1 table has 13 division rows (20, 22-30, 32, 33, 38); the §4.4
    # impact sheet of Project Batterijen cites 29.1, 30.9, 47.6 (3), and 47.6 needs its division 47 (1).
    "sbi": 21 + 13 + 3 + 1,
    # §1.2.2: twelve province rows above "Totaal".
    "provinces": 12,
    # ISO 3166-1: 249 countries (Debian iso-codes 4.15).
    "countries": 249,
    # Instructie Ketendoorbraakprojecten, Bijlage 1: NPCE column Kunststoffen, Consumptiegoederen, Bouw,
    # Maakindustrie ("Maakindustrie en bouw" is a row shared by two of them, not a fifth agenda).
    "transition-agendas": 4,
    # Same table: 3 Kunststoffen + 4 Consumptiegoederen + 5 Bouw + 3 Maakindustrie + 1 Maakindustrie en bouw.
    "npce-product-groups": 16,
    # §4.4 Roadmap 2.0 table rows: 0-50 jaar, 0-20, 0-10, 0-5, 0-2, 0-1 jaar, 0-3 mnd, 0-1 mnd.
    "horizons": 8,
    # §3.1.2 and the Bijlage 3 table columns: Realisatie, Versnelling, Verbreding.
    "pillars": 3,
    # §4.4 dashboard: M, L, E.
    "effect-dimensions": 3,
    # Potting et al. 2017: R0 ... R9.
    "r-ladder": 10,
    # Bijlage 4, 3.3: functioneel, technisch, economisch waardebehoud.
    "value-retention-forms": 3,
    # Wet milieubeheer / LAP: preventie, producthergebruik, materiaalhergebruik, verbranden met
    # energieterugwinning, verbranden, storten.
    "lansink-ladder": 6,
    # Bijlage 2 table: F1 ... F8.
    "innovation-functions": 8,
    # CRMA Annex II / EU list 2023 (data/sources/eu_crm_2023.csv): 34 materials.
    "critical-raw-materials": 34,
    # common_materials.csv: 20 common materials of bills of materials that are not on the EU list;
    # eu_assessed_materials.csv: the 31 other materials of the EU assessment 2023 (not critical).
    "common-materials": 20 + 31,
    # CRMA Annex I (../shared/data/eu_srm_2024.csv): 17 entries.
    "strategic-raw-materials": 17,
    # §1.2: one published dataset (2020).
    "figure-datasets": 1,
    # §1.2.1 13 rows + Totaal, §1.2.2 12 + Totaal, §1.2.3 5 + Totaal.
    "industry-figures": 14 + 13 + 6,
    # Bijlage 11, project KIA-CM: topics 1) ... 8).
    "kia-themes": 8,
    # §4.4 dashboard 'Bovenregionale aansluiting CESI, HCA, marktvraag CE': three themes.
    "supraregional-themes": 3,
}


def _counts() -> dict[str, int]:
    return {entry.name: entry.entries().count() for entry in LISTS}


def _history_rows() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_app_config("catalogue").get_models()
        if model.__name__.startswith("Historical")
    )


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A copy of catalogue/data that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row numbered as in a spreadsheet: header = 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    lines[row - 1][lines[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(lines)


def test_every_list_is_loaded_complete():
    counts = catalogue_load()

    assert counts == EXPECTED_COUNTS
    assert _counts() == EXPECTED_COUNTS
    assert set(counts) == {entry.name for entry in LISTS}


def test_every_entry_carries_its_source_section():
    catalogue_load()

    for entry in LISTS:
        assert not entry.model.objects.filter(source_section="").exists(), entry.name


def test_a_second_load_changes_nothing():
    catalogue_load()
    counts, history = _counts(), _history_rows()

    assert catalogue_load() == EXPECTED_COUNTS

    assert _counts() == counts
    assert _history_rows() == history


def test_a_changed_cell_updates_only_that_entry(data_dir):
    catalogue_load(data_dir=data_dir)
    history = _history_rows()
    _edit(data_dir / "provinces.csv", 2, "name", "Groningen (Stad en Ommelanden)")

    catalogue_load(data_dir=data_dir)

    assert m.Province.objects.get(code="GR").name == "Groningen (Stad en Ommelanden)"
    assert _history_rows() == history + 1
    assert m.Province.objects.get(code="GR").history.latest().history_type == "~"


def test_entries_added_outside_the_files_are_kept():
    from catalogue.services import sbi_resolve

    catalogue_load()
    sbi_resolve("29.10.1", actor=system_actor())

    catalogue_load()

    assert m.SbiCode.objects.filter(code__in=["2910", "29101"]).count() == 2


class TestContent:
    """What the lists say, checked against the sources."""

    @pytest.fixture(autouse=True)
    def _loaded(self):
        catalogue_load()

    def test_clusters_keep_the_names_of_the_figures(self):
        names = dict(m.ProductCluster.objects.values_list("name", "name_in_figures"))
        assert names == {
            "Generiek": "",
            "Materialen": "Materialen",
            "Verbruiksartikelen": "Verbruiksartikelen",
            "Bouw & constructie": "Bouw- en constructie",
            "Kapitaalgoederen": "High Tech (kapitaalgoederen)",
            "Consumentengoederen": "Consumentenproducten",
        }

    def test_sections_cover_every_division_once(self):
        sections = m.SbiCode.objects.filter(level=1)
        assert sorted(sections.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRSTU")
        covered = [d for s in sections for d in range(s.first_division, s.last_division + 1)]
        assert len(covered) == len(set(covered))
        assert m.SbiCode.objects.get(code="C").division_range == "10-33"

    def test_the_figures_divisions_are_in_scope_and_materialen_has_its_four(self):
        in_scope = m.SbiCode.objects.filter(level=2, in_manufacturing_scope=True)
        assert sorted(in_scope.values_list("code", flat=True)) == [
            "20", "22", "23", "24", "25", "26", "27", "28", "29", "30", "32", "33", "38",
        ]  # fmt: skip
        materialen = in_scope.filter(cluster__code="materialen").values_list("code", flat=True)
        assert sorted(materialen) == ["20", "22", "24", "38"]
        assert in_scope.filter(cluster__isnull=True).count() == 9
        assert m.SbiCode.objects.get(code="38").parent.code == "E"
        assert m.SbiCode.objects.get(code="291").parent.code == "29"
        assert m.SbiCode.objects.get(code="476").parent.code == "47"

    def test_circular_climate_installations_belong_to_two_agendas(self):
        group = m.NpceProductGroup.objects.get(name="Circulaire klimaatinstallaties")
        assert sorted(group.agendas.values_list("name", flat=True)) == ["Bouw", "Maakindustrie"]
        assert m.NpceProductGroup.objects.filter(agendas__code="bouw").count() == 6

    @pytest.mark.parametrize(
        ("code", "granularity", "landscape"),
        [
            ("0-1m", "", "initiatives"),
            ("0-3m", "lisa", "initiatives"),
            ("0-1y", "sbi5", "initiatives"),
            ("0-2y", "sbi4", "initiatives"),
            ("0-5y", "sbi3", "initiatives"),
            ("0-10y", "sbi2", "intervention"),
            ("0-20y", "sbi1", "transition"),
            ("0-50y", "", "trend"),
        ],
    )
    def test_horizons_follow_the_roadmap_table(self, code, granularity, landscape):
        horizon = m.Horizon.objects.get(code=code)
        assert (horizon.granularity, horizon.landscape) == (granularity, landscape)

    def test_horizon_boxes_of_section_3_1_1(self):
        assert m.Horizon.objects.get(code="0-3m").task_type == "Directe actie taken"
        assert m.Horizon.objects.get(code="0-2y").guiding_question.startswith("Welke ketenprocessen")
        assert m.Horizon.objects.exclude(change_strategy="").count() == 7  # §3.1.1 has no bullet for 0-50

    def test_r_ladder_bands(self):
        bands = dict(m.RStrategy.objects.values_list("code", "band"))
        assert [bands[f"R{i}"] for i in range(10)] == ["R0-R2"] * 3 + ["R3-R7"] * 5 + ["R8-R9"] * 2
        assert m.RStrategy.objects.get(code="R0").name == "Refuse"

    def test_innovation_functions_have_both_names(self):
        f4 = m.InnovationFunction.objects.get(code="F4")
        assert (f4.name, f4.name_nl) == ("Creation of Directionality", "Richting zoekproces")

    def test_raw_materials_programme_and_strategic(self):
        assert m.RawMaterial.objects.filter(is_critical=True).count() == 34
        assert m.StrategicRawMaterial.objects.count() == 17
        named = m.RawMaterial.objects.filter(programme_named=True).values_list("symbol", flat=True)
        assert sorted(named) == ["Al", "Mg", "P", "Sb", "Ti"]
        assert m.RawMaterial.objects.get(programme_named=True, symbol="P").name == "Phosphate rock"
        magnets = m.StrategicRawMaterial.objects.get(name__startswith="Rare earth elements")
        assert sorted(magnets.materials.values_list("name", flat=True)) == [
            "Heavy rare earth elements",
            "Light rare earth elements",
        ]
        # 17 entries name 18 materials: the magnets entry is a grade of both LREE and HREE.
        assert m.RawMaterial.objects.filter(strategic_entries__isnull=False).distinct().count() == 18
        assert not m.RawMaterial.objects.get(name="Arsenic").is_strategic

    def test_common_materials_are_not_critical_and_name_their_source(self):
        common = m.RawMaterial.objects.filter(is_critical=False)
        assert common.count() == 20 + 31
        steel = common.get(name="Steel")
        assert (steel.code, steel.name_nl, steel.symbol) == ("steel", "Staal", "Fe")
        assert not steel.is_strategic and not steel.programme_named
        assert "niet op EU-lijst 2023" in steel.source_section
        # zinc, lead, tin, gold and silver were candidates of the 2023 assessment and are not on the list
        assessed = common.filter(
            source_section__startswith="Study on the Critical Raw Materials for the EU 2023"
        )
        assert {"Ag", "Au", "Pb", "Sn", "Zn"} <= set(assessed.values_list("symbol", flat=True))
        # copper and nickel stay on the EU list (strategic), not among the common materials
        assert m.RawMaterial.objects.get(name="Copper").is_critical
        assert not common.filter(name__in=["Copper", "Nickel"]).exists()

    def test_no_name_or_symbol_of_a_common_material_names_another_material(self):
        def keys(material):
            names = [
                material.name,
                material.name_nl,
                material.code,
                material.symbol,
                *material.aliases.split(","),
            ]
            return {name.strip().lower() for name in names if name.strip()}

        materials = list(m.RawMaterial.objects.all())
        for common in (material for material in materials if not material.is_critical):
            for other in materials:
                if other.pk != common.pk:
                    assert not keys(common) & keys(other), (common.name, other.name)

    def test_figures_link_their_rows_and_keep_the_stated_totals(self):
        dataset = m.FigureDataset.objects.get()
        assert (dataset.year, dataset.source) == (2020, "Werkwijze UPCM 2020 §1.2")
        totals = m.IndustryFigure.objects.filter(is_stated_total=True)
        assert totals.count() == 3
        assert set(totals.values_list("jobs_thousands", flat=True)) == {608}
        assert not totals.filter(sbi__isnull=False).exists()
        rows = m.IndustryFigure.objects.filter(is_stated_total=False)
        assert rows.filter(breakdown="product_group", sbi__isnull=False).count() == 13
        assert rows.filter(breakdown="province", province__isnull=False).count() == 12
        assert rows.filter(breakdown="cluster", cluster__isnull=False).count() == 5
        noord_holland = rows.get(breakdown="province", label="Noord Holland")
        assert (noord_holland.province.code, noord_holland.net_turnover_meur) == ("NH", 23582)
        high_tech = rows.get(breakdown="cluster", label="High Tech (kapitaalgoederen)")
        assert (high_tech.cluster.code, high_tech.upcm_co2_impact_kt_per_year) == ("kapitaalgoederen", -98)


# ------------------------------------------------------------------------------------------ malformed rows
def _rewrite(path: Path, transform) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    lines = transform(lines)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(lines)


def _drop_column(name):
    def transform(lines):
        index = lines[0].index(name)
        return [line[:index] + line[index + 1 :] for line in lines]

    return transform


def _shorten_row(row):
    def transform(lines):
        lines[row - 1] = lines[row - 1][:-2]
        return lines

    return transform


def _set(row, column, value):
    def transform(lines):
        lines[row - 1][lines[0].index(column)] = value
        return lines

    return transform


def _duplicate_row(row):
    def transform(lines):
        return [*lines, list(lines[row - 1])]

    return transform


MALFORMED = [
    pytest.param(
        "pillars.csv", _drop_column("adaptivity"), 1, "adaptivity", "column is missing", id="missing-column"
    ),
    pytest.param(
        "provinces.csv", _shorten_row(4), 4, "name_in_figures", "cell is missing", id="missing-cell"
    ),
    pytest.param(
        "horizons.csv", _set(3, "months", "drie"), 3, "months", "not a whole number", id="bad-number"
    ),
    pytest.param(
        "maakindustrie_per_provincie.csv",
        _set(5, "co2_kt_per_year", "1.806"),
        5,
        "co2_kt_per_year",
        "not a whole number",
        id="bad-number-in-figures",
    ),
    pytest.param(
        "sbi_codes.csv",
        _set(23, "cluster", "robots"),
        23,
        "cluster",
        "unknown product cluster 'robots'",
        id="unknown-cluster",
    ),
    pytest.param(
        "npce_product_groups.csv",
        _set(17, "agendas", "maakindustrie;textiel"),
        17,
        "agendas",
        "unknown transition agenda 'textiel'",
        id="unknown-agenda",
    ),
    pytest.param(
        "eu_srm_2024.csv",
        _set(15, "materials", "Unobtainium"),
        15,
        "materials",
        "unknown critical raw material 'Unobtainium'",
        id="unknown-material",
    ),
    pytest.param(
        "maakindustrie_per_productgroep.csv",
        _set(3, "sbi_division", "21"),
        3,
        "sbi_division",
        "unknown SBI division '21'",
        id="unknown-sbi-division",
    ),
    pytest.param(
        "maakindustrie_per_provincie.csv",
        _set(2, "province", "Fryslân"),
        2,
        "province",
        "unknown province",
        id="unknown-province",
    ),
    pytest.param(
        "sbi_codes.csv", _set(36, "code", "34.1"), 36, "code", "its parent 34", id="sbi-code-without-parent"
    ),
    pytest.param("sbi_codes.csv", _set(2, "code", "2"), 2, "code", "'2'", id="not-an-sbi-code"),
    pytest.param(
        "r_strategies.csv", _set(4, "band", "R2-R4"), 4, "band", "'R2-R4' is not one of", id="bad-choice"
    ),
    pytest.param(
        "eu_crm_2023.csv",
        _set(3, "programme_named", "misschien"),
        3,
        "programme_named",
        "not true or false",
        id="bad-boolean",
    ),
    pytest.param(
        "common_materials.csv",
        _set(2, "material", "Copper"),
        2,
        "material",
        "is already listed in eu_crm_2023.csv, row 11",
        id="common-material-on-the-eu-list",
    ),
    pytest.param("provinces.csv", _duplicate_row(2), 14, "code", "duplicate of row 2", id="duplicate-key"),
    pytest.param("transition_agendas.csv", _set(2, "name", ""), 2, "name", "is empty", id="empty-required"),
    pytest.param("provinces.csv", _set(2, "code", "GRN"), 2, "code", "", id="model-validation"),
]


@pytest.mark.parametrize(("file", "transform", "row", "field", "message"), MALFORMED)
def test_a_malformed_row_is_named_and_nothing_is_saved(data_dir, file, transform, row, field, message):
    _rewrite(data_dir / file, transform)

    with pytest.raises(CatalogueLoadError) as raised:
        catalogue_load(data_dir=data_dir)

    error = raised.value
    assert (error.file, error.row, error.field) == (file, row, field)
    assert message in error.message
    assert f"{file}, row {row}, field '{field}'" in str(error)
    assert _counts() == dict.fromkeys(EXPECTED_COUNTS, 0)
    assert _history_rows() == 0


def test_a_rejected_reload_leaves_the_loaded_catalogue_as_it_was(data_dir):
    catalogue_load(data_dir=data_dir)
    counts, history = _counts(), _history_rows()
    _edit(
        data_dir / "product_clusters.csv", 3, "name", "Materialen (nieuw)"
    )  # an early list: would be written
    _edit(data_dir / "maakindustrie_per_cluster.csv", 2, "jobs_thousands", "veel")  # the last list: fails

    with pytest.raises(CatalogueLoadError):
        catalogue_load(data_dir=data_dir)

    assert m.ProductCluster.objects.get(code="materialen").name == "Materialen"
    assert _counts() == counts
    assert _history_rows() == history


def test_a_missing_file_is_named(data_dir):
    (data_dir / "lansink_steps.csv").unlink()

    with pytest.raises(CatalogueLoadError, match="lansink_steps.csv"):
        catalogue_load(data_dir=data_dir)


def test_the_figure_files_are_the_shared_copies():
    shared = Path(__file__).resolve().parents[3] / "shared" / "data"
    if not shared.exists():
        pytest.skip("../shared/data is not beside this clone")
    for name in (
        "maakindustrie_per_productgroep.csv",
        "maakindustrie_per_provincie.csv",
        "maakindustrie_per_cluster.csv",
    ):
        assert (DATA_DIR / name).read_bytes() == (shared / name).read_bytes(), name


def _annex_ii_names(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row["material"] for row in csv.DictReader(handle)]


def test_the_critical_list_is_exactly_the_eu_list_2023():
    """The list named critical holds the 34 materials of Annex II of the Critical Raw Materials Act (the EU
    list 2023) and nothing else: read from the source's own CSV, not from the catalogue's file."""
    source = _annex_ii_names(DATA_DIR / "sources" / "eu_crm_2023.csv")
    catalogue_load()

    critical = catalogue_list("critical-raw-materials").entries()

    assert len(source) == len(set(source)) == 34
    assert sorted(critical.values_list("name", flat=True)) == sorted(source)
    assert all(critical.values_list("is_critical", flat=True))
    common = catalogue_list("common-materials").entries()
    assert common.count() == 20 + 31 and not common.filter(name__in=source).exists()


def test_every_material_the_eu_assessed_in_2023_is_in_the_catalogue_marked_as_the_file_says():
    """Each material of ../shared/data/eu_crm_2023_assessment.csv (its copy in materials/data) is a catalogue
    raw material by its own name (the loader's spellings: "Aluminium/bauxite", "Titanium", a group with its
    abbreviation in brackets) or, for an element of a group, an alias of a critical group."""
    from materials.eu_assessment import CATALOGUE_NAMES

    path = Path(__file__).resolve().parents[2] / "materials" / "data" / "eu-crm-2023" / "assessment.csv"
    with path.open(encoding="utf-8") as handle:
        critical = {row["material"]: row["critical_2023"] == "yes" for row in csv.DictReader(handle)}
    catalogue_load()
    materials = list(m.RawMaterial.objects.all())
    by_name = {material.name.lower(): material for material in materials}
    by_alias = {
        alias.strip().lower(): material
        for material in materials
        for alias in material.aliases.split(",")
        if alias.strip()
    }
    for name, is_critical in critical.items():
        spelled = CATALOGUE_NAMES.get(name.lower(), name.split(" (")[0]).lower()
        material = by_name.get(spelled) or by_alias.get(name.lower())
        assert material is not None, name
        assert material.is_critical == is_critical, name
    assert len(critical) == 90


def test_the_eu_list_2023_is_the_shared_copy():
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "eu_crm_2023.csv"
    if not shared.exists():
        pytest.skip("../shared/data is not beside this clone")
    assert (DATA_DIR / "sources" / "eu_crm_2023.csv").read_bytes() == shared.read_bytes()
