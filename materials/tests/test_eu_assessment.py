"""The EU criticality assessment 2023 as a material data release (materials.eu_assessment, the service, the
command, the pages). Expected figures are read off materials/data/eu-crm-2023/assessment.csv by hand."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import make_user
from catalogue.loader import DATA_DIR
from materials import bom, eu_assessment
from materials.dataset import DatasetError
from materials.demo import EU_CODE, EU_FILE
from materials.models import IndicatorValue, MaterialDataRelease, StageAssessment
from materials.services import material_release_load_eu_assessment, scan_create
from regiekamer.texts import translate_all

TEXT = EU_FILE.read_text(encoding="utf-8")


# The elements of the three groups (the catalogue's aliases of the groups; catalogue/data/README.md).
ELEMENTS = {
    *("Cerium", "Lanthanum", "Neodymium", "Praseodymium", "Samarium"),
    *("Dysprosium", "Erbium", "Europium", "Gadolinium", "Holmium"),
    *("Lutetium", "Terbium", "Thulium", "Ytterbium", "Yttrium"),
    *("Iridium", "Palladium", "Platinum", "Rhodium", "Ruthenium"),
}


def _catalogue_resolvers():
    """The loader's resolvers over the catalogue's CSV files (no database): own names; names and aliases;
    English country names."""
    own: dict[str, tuple[str, str]] = {}
    every: dict[str, tuple[str, str]] = {}
    for name in ("eu_crm_2023.csv", "common_materials.csv", "eu_assessed_materials.csv"):
        with (DATA_DIR / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["material"], row["material"])
                for spelling in (row["material"], row["name_nl"], row["symbol"]):
                    if spelling:
                        own.setdefault(spelling.lower(), key)
                        every.setdefault(spelling.lower(), key)
                for alias in row["aliases"].split(","):
                    if alias.strip():
                        every.setdefault(alias.strip().lower(), key)
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as handle:
        countries = {row["name_en"].lower(): row["code"] for row in csv.DictReader(handle)}
    return {
        "material": lambda name: own.get(name.strip().lower()),
        "member": lambda name: every.get(name.strip().lower()),
        "country": lambda name: countries.get(name.strip().lower()),
    }


def _validate(text: str) -> eu_assessment.Assessment:
    header, rows = eu_assessment.read_csv(text)
    return eu_assessment.validate(header, rows, **_catalogue_resolvers())


@pytest.fixture(scope="module")
def assessment() -> eu_assessment.Assessment:
    return _validate(TEXT)


def _material(assessment, name):
    return next(entry for entry in assessment.materials if entry.material_id == name)


def test_every_assessed_material_of_the_file_is_loaded(assessment):
    # every material of the file but the 20 elements, which are kept with their group
    names = {row["material"] for row in csv.DictReader(io.StringIO(TEXT))}
    elements = {row["material"] for row in csv.DictReader(io.StringIO(TEXT)) if row["material"] in ELEMENTS}
    assert len(elements) == 20
    assert len(assessment.materials) == len(names) - len(elements)
    assert assessment.source == (
        "European Commission (Grohol & Veeh), Study on the Critical Raw Materials for the EU 2023 - "
        "Final Report, doi:10.2873/725585"
    )
    assert assessment.skipped == []


def test_headline_supply_risk_is_the_bottleneck_stage(assessment):
    cobalt = _material(assessment, "Cobalt")
    # extraction SR 2.8 > processing SR 0.5; EI 6.8 and EoL-RIR 22 % in both rows
    assert {key: value.value for key, value in cobalt.headline.items()} == {
        "supply_risk": 2.8,
        "economic_importance": 6.8,
        "eol_rir": 0.22,
    }
    by_stage = {row.stage: row for row in cobalt.stages}
    assert by_stage["extraction"].is_bottleneck and not by_stage["processing"].is_bottleneck
    assert by_stage["extraction"].main_global_supplier == ("CD",)  # "Congo, D.R." 62.8 %
    assert by_stage["extraction"].main_global_supplier_share == 0.628
    assert by_stage["extraction"].main_eu_supplier == ()  # no EU sourcing row at extraction
    assert (by_stage["processing"].main_eu_supplier, by_stage["processing"].import_reliance) == (
        ("FI",),
        0.01,
    )


def test_a_value_the_source_does_not_have_stays_missing_with_the_files_reason(assessment):
    aluminium = _material(assessment, "Bauxite/alumina/aluminium")
    # extraction SR is empty (the transcriptions disagree): no maximum over the processing row's 0.5
    assert aluminium.headline["supply_risk"].value is None
    assert (
        "SR conflict between transcriptions: CritMAT 1.2 vs Annex 4 1.1"
        in aluminium.headline["supply_risk"].note
    )
    assert aluminium.headline["economic_importance"].value is None
    assert aluminium.headline["eol_rir"].value == 0.32
    assert not any(row.is_bottleneck for row in aluminium.stages)
    silicon = _material(assessment, "Silicon metal")
    assert (silicon.headline["supply_risk"].value, silicon.headline["economic_importance"].value) == (
        None,
        4.9,
    )


def test_elements_are_kept_with_their_group(assessment):
    lree = _material(assessment, "Light rare earth elements")
    assert lree.headline["supply_risk"].value == 3.7 and lree.headline["economic_importance"].value == 5.9
    # cerium, lanthanum, neodymium, praseodymium, samarium: two stages each
    assert len(lree.elements) == 10
    neodymium = {row.stage: row.supply_risk for row in lree.elements if row.element == "Neodymium"}
    assert neodymium == {"extraction": 4.5, "processing": 3.7}
    pgm = _material(assessment, "Platinum group metals")
    palladium = next(row for row in pgm.elements if row.element == "Palladium")
    assert (palladium.supply_risk, palladium.main_global_supplier, palladium.main_global_supplier_share) == (
        1.5,
        ("RU",),
        0.404,
    )
    assert len(_material(assessment, "Heavy rare earth elements").elements) == 20  # ten elements, two stages


def _replace_cell(material: str, stage: str, column: str, value: str) -> str:
    header, rows = eu_assessment.read_csv(TEXT)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        if row["material"] == material and row["stage"] == stage:
            row[column] = value
        writer.writerow(row)
    return out.getvalue()


def _row_of(material: str, stage: str) -> int:
    _header, rows = eu_assessment.read_csv(TEXT)
    return next(
        n for n, row in enumerate(rows, start=2) if row["material"] == material and row["stage"] == stage
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("main_global_supplier_share", "1.2", "main_global_supplier_share: 1.2 is not between 0 and 1"),
        ("main_eu_supplier_share", "", "main_eu_supplier_share: a supplier and its share are given together"),
        ("eol_rir", "22", "eol_rir: 22 is not between 0 and 1"),
        ("supply_risk", "-0.5", "supply_risk: -0.5 is below 0"),
        ("supply_risk", "hoog", "supply_risk: 'hoog' is not a number"),
        ("main_global_supplier", "Atlantis", "main_global_supplier: unknown country 'Atlantis'"),
        ("source", "", "source: is empty"),
        ("critical_2023", "maybe", "critical_2023: 'maybe' is not yes or no"),
        ("economic_importance", "6.9", "economic_importance: Cobalt has different values in its stages"),
    ],
)
def test_a_bad_cell_refuses_the_file_naming_row_and_column(column, value, expected):
    number = _row_of("Cobalt", "processing")
    with pytest.raises(DatasetError) as refused, translation.override("en"):
        _validate(_replace_cell("Cobalt", "processing", column, value))
    with translation.override("en"):
        problems = translate_all(refused.value.problems)
    assert any(problem.startswith(f"assessment row {number}: {expected}") for problem in problems), problems


def test_a_file_without_a_source_column_is_refused():
    header, rows = eu_assessment.read_csv(TEXT)
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=[name for name in header if name != "source"], extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    with pytest.raises(DatasetError) as refused:
        _validate(out.getvalue())
    with translation.override("en"):
        assert translate_all(refused.value.problems) == ["assessment: missing column(s) source"]


# ------------------------------------------------------------------------------------------------ database
@pytest.fixture
def eu_release(catalogue):
    release, skipped = material_release_load_eu_assessment(
        actor=system_actor(), text=TEXT, code=EU_CODE, title="EU-beoordeling 2023", file_name="assessment.csv"
    )
    return release


def test_the_service_stores_values_stages_and_sources(eu_release):
    assert eu_release.is_current and eu_release.source.endswith("doi:10.2873/725585")
    cobalt = IndicatorValue.objects.get(
        profile__release=eu_release, profile__material__name="Cobalt", indicator="supply_risk"
    )
    assert (cobalt.value, cobalt.year, cobalt.note) == (2.8, 2023, "")
    assert cobalt.source == eu_release.source
    missing = IndicatorValue.objects.get(
        profile__release=eu_release,
        profile__material__name="Bauxite/alumina/aluminium",
        indicator="supply_risk",
    )
    assert missing.value is None and "left empty" in missing.note
    assert StageAssessment.objects.filter(profile__release=eu_release, element="Neodymium").count() == 2
    assert IndicatorValue.history.filter(profile__release=eu_release).exists()  # audited


def test_the_command_refuses_a_bad_file_and_loads_nothing(catalogue, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(_replace_cell("Cobalt", "processing", "main_eu_supplier_share", "1.62"), encoding="utf-8")
    number = _row_of("Cobalt", "processing")
    with (
        translation.override("en"),
        pytest.raises(CommandError, match=f"assessment row {number}: main_eu_supplier_share"),
    ):
        call_command("materials_load_eu", str(path), stdout=StringIO())
    assert not MaterialDataRelease.objects.exists()
    out = StringIO()
    with translation.override("en"):
        call_command("materials_load_eu", stdout=out)
    assert "Loaded release eu-crm-2023: 70 materials." in out.getvalue()


def test_a_bill_of_materials_with_neodymium_cobalt_and_palladium_scans_with_eu_figures(eu_release, client):
    owner = make_user(Role.APPLICANT, "bedrijf")
    rows = [
        bom.BomRow(2, "Motor", "Magneet", "", 1, 1.0, "neodymium", 0.5),
        bom.BomRow(3, "Motor", "Magneet", "", 1, 1.0, "Kobalt", 0.3),
        bom.BomRow(4, "Motor", "Magneet", "", 1, 1.0, "Pd", 0.2),
    ]
    scan = scan_create(actor=owner, title="Motor", rows=rows)
    client.force_login(owner)
    with translation.override("nl"):
        page = client.get(
            reverse("materials:scan-detail", args=[scan.pk]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    # the group figures: LREE SR 3.7, cobalt 2.8, PGM 2.7 (all ≥ 1.0: high), each with the publication named
    for value in (">3,7<", ">2,8<", ">2,7<"):
        assert value in page
    assert page.count("Study on the Critical Raw Materials for the EU 2023") >= 6  # SR and EoL-RIR of three
    assert "neodymium: telt als Lichte zeldzame aardmetalen (LREE)" in page
    assert "Pd: telt als Platinagroepmetalen (PGM)" in page
    assert "EU-beoordeling 2023" in page  # the release, labelled


def test_a_missing_value_says_no_data_and_why(eu_release, client):
    client.force_login(make_user(Role.READER, "lezer"))
    page = client.get(
        reverse("materials:material-detail", args=["bauxitealuminaaluminium"]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "geen gegevens: waarde ontbreekt in de bron" in page
    assert "SR conflict between transcriptions: CritMAT 1.2 vs Annex 4 1.1" in page


# ----------------------------------------------------------- the fingerprint of 20-004 under the EU release
# The critical materials of the demo impact sheet of 20-004 (Bijlage 8) and their rows in assessment.csv
SHEET_MATERIALS = {
    "Mangaan (Mn)": "Manganese",
    "Niobium (Nb)": "Niobium",
    "Germanium (Ge)": "Germanium",
    "Boor (B)": "Boron",
    "Scandium (Sc)": "Scandium",
    "Strontium (Sr)": "Strontium",
    "Kobalt (Co)": "Cobalt",
    "Platinagroepmetalen (PGM)": "Platinum group metals (PGM)",  # the group row, stage left empty
    "Natuurlijk grafiet (C)": "Natural graphite",
}


def _file_supply_risk(material: str) -> float:
    """The headline supply risk of `material` read off the file: the bottleneck (highest) stage."""
    return max(
        float(row["supply_risk"])
        for row in csv.DictReader(io.StringIO(TEXT))
        if row["material"] == material and row["supply_risk"]
    )


@pytest.fixture
def batteries_under_eu(eu_release, user_for):
    """Project 20-004 with the impact sheet of Bijlage 8 as the portfolio demo saves it; the EU release
    is the only (so the current) material data."""
    from catalogue.models import ProductCluster
    from portfolio.demo import BATTERY_IMPACT
    from portfolio.models import Project
    from portfolio.services import impact_sheet_save
    from programme.models import Team

    team = Team.objects.create(code="realisatie", name="Team Realisatie", level=Team.Level.OPERATIONAL)
    project = Project.objects.create(
        number="20-004", year=2020, sequence=4, title="Project Batterijen", team=team
    )
    values = dict(BATTERY_IMPACT)
    values["cluster"] = ProductCluster.objects.get(code="consumentengoederen")
    impact_sheet_save(actor=user_for(Role.PROGRAMME_OFFICE), project=project, **values)
    return project


def test_the_fingerprint_of_20_004_shows_an_eu_supply_risk_for_every_critical_material(
    batteries_under_eu, eu_release, client
):
    # read off the file by hand: Mn 1.2 (extraction > processing 1.0), Nb 4.4, Ge 1.8, B 3.6, Sc 2.4,
    # Sr 2.6, Co 2.8, PGM 2.7 (group row), natural graphite 1.8
    by_hand = {
        "Mangaan (Mn)": "1,2",
        "Niobium (Nb)": "4,4",
        "Germanium (Ge)": "1,8",
        "Boor (B)": "3,6",
        "Scandium (Sc)": "2,4",
        "Strontium (Sr)": "2,6",
        "Kobalt (Co)": "2,8",
        "Platinagroepmetalen (PGM)": "2,7",
        "Natuurlijk grafiet (C)": "1,8",
    }
    for name, material in SHEET_MATERIALS.items():
        assert by_hand[name] == f"{_file_supply_risk(material):.1f}".replace(".", ",")

    client.force_login(make_user(Role.PROJECT_LEAD, "projectleider"))
    with translation.override("nl"):
        response = client.get(reverse("materials:fingerprint", args=["20-004"]), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    critical = {item["material"].name for item in response.context["materials"] if item["material"].critical}
    assert critical == set(SHEET_MATERIALS)
    page = response.content.decode()
    table = page.split('data-testid="sheet-materials"', 1)[1].split("</table>", 1)[0]
    column = response.context["indicator_labels"].index(eu_assessment_label())
    for name, value in by_hand.items():
        row = table.split(f"<tr><td>{name}</td>", 1)[1].split("</tr>", 1)[0]
        assert "geen gegevens" not in row, name
        cells = row.split('<td class="rk-num">')[1:]
        expected = f'<span title="{escape(eu_release.source)}">{value}</span>'
        assert cells[column].startswith(expected), (name, row)
    assert "geen gegevens" not in table
    assert "Study on the Critical Raw Materials for the EU 2023" in page  # the release, named under the table


def eu_assessment_label() -> str:
    from materials.views import indicator_label

    with translation.override("nl"):
        return str(indicator_label("supply_risk"))


# ------------------------------------------- materials added to the catalogue, EU figures per scan row
def _file_rows(material: str) -> dict[str, dict]:
    """The file's rows of `material` by stage."""
    return {row["stage"]: row for row in csv.DictReader(io.StringIO(TEXT)) if row["material"] == material}


def _dutch(value: str, decimals: int) -> str:
    """A number of the file as the Dutch page writes it (decimal comma, no trailing zeros)."""
    text = f"{float(value):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _scan_of(names: list[str]):
    owner = make_user(Role.APPLICANT, "bedrijf")
    rows = [
        bom.BomRow(number, "Pomp", "Huis", "", 1, 1.0, name, 1 / len(names))
        for number, name in enumerate(names, start=2)
    ]
    return owner, scan_create(actor=owner, title="Pomp", rows=rows)


def _material_row(page: str, name: str) -> str:
    table = page.split('data-testid="materials"', 1)[1].split("</table>", 1)[0]
    return table.split(f"<tr><td>{name}</td>", 1)[1].split("</tr>", 1)[0]


def test_a_bill_of_materials_with_chromium_molybdenum_and_indium_shows_their_eu_figures(eu_release, client):
    owner, scan = _scan_of(["chromium", "Molybdeen", "In"])
    client.force_login(owner)
    with translation.override("nl"):
        page = client.get(
            reverse("materials:scan-detail", args=[scan.pk]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    stage_nl = {"extraction": "winning", "processing": "verwerking"}
    for english, dutch in (("Chromium", "Chroom"), ("Molybdenum", "Molybdeen"), ("Indium", "Indium")):
        rows = _file_rows(english)
        row = _material_row(page, dutch)
        assert "geen gegevens" not in row, dutch
        economic = {stage_row["economic_importance"] for stage_row in rows.values()}
        assert len(economic) == 1
        assert f'data-testid="economic-importance">{_dutch(economic.pop(), 2)}<' in row
        for stage, stage_row in rows.items():
            assert f"{stage_nl[stage]}" in row
            assert f"{_dutch(str(float(stage_row['import_reliance']) * 100), 0)}%" in row, (dutch, stage)
        # the supply risk of the bottleneck stage, with the publication as its source
        risk = max(float(stage_row["supply_risk"]) for stage_row in rows.values())
        assert f">{_dutch(str(risk), 1)}<" in page.split(f"{dutch} —", 1)[1].split("</table>", 1)[0]
    assert "niet gedekt" not in page and "geen gegevens: de materiaaldata" not in page


def test_a_missing_economic_importance_or_import_reliance_says_no_data_and_why(eu_release, client):
    owner, scan = _scan_of(["aluminium", "neodymium", "Beryllium"])
    client.force_login(owner)
    with translation.override("nl"):
        page = client.get(
            reverse("materials:scan-detail", args=[scan.pk]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    aluminium = _material_row(page, "Bauxiet/aluminiumoxide/aluminium")
    assert _file_rows("Aluminium/bauxite")["extraction"]["economic_importance"] == ""
    assert "geen gegevens: waarde ontbreekt in de bron" in aluminium
    assert "EI conflict between transcriptions" in aluminium
    lree = _material_row(page, "Lichte zeldzame aardmetalen")
    assert _file_rows("Light rare earth elements (LREE)")[""]["import_reliance"] == ""
    assert "geen gegevens: de bron geeft de importafhankelijkheid per fase van elk element" in lree
    beryllium = _material_row(page, "Beryllium")
    assert _file_rows("Beryllium")["extraction"]["import_reliance"] == ""
    assert "winning" in beryllium and "geen gegevens: waarde ontbreekt in de bron" in beryllium


def test_the_scan_workbook_has_economic_importance_and_import_reliance_per_stage(eu_release, client):
    from openpyxl import load_workbook

    owner, scan = _scan_of(["chromium", "indium"])
    client.force_login(owner)
    with translation.override("nl"):
        response = client.get(reverse("materials:scan-xlsx", args=[scan.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    columns = [
        header.index(name)
        for name in (
            "Economisch belang",
            "Importafhankelijkheid, winning",
            "Importafhankelijkheid, verwerking",
            "Waarom geen gegevens",
        )
    ]
    lines = {
        row[0]: [row[column] for column in columns] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    chromium, indium = _file_rows("Chromium"), _file_rows("Indium")
    assert lines["Chroom"] == [
        float(chromium["extraction"]["economic_importance"]),
        float(chromium["extraction"]["import_reliance"]),
        float(chromium["processing"]["import_reliance"]),
        None,
    ]
    assert lines["Indium"][:3] == [
        float(indium["processing"]["economic_importance"]),
        None,
        float(indium["processing"]["import_reliance"]),
    ]
    assert lines["Indium"][3] == "Importafhankelijkheid (winning): de bron beoordeelt deze fase niet"
    assert sheet.cell(2, columns[1] + 1).number_format == "0%"


# ------------------------------------------------- the main global supplier as the release's supplier shares
def test_the_release_has_the_main_global_supplier_and_the_rest_as_other_or_unknown(eu_release, client):
    from materials.models import ProducerShare

    countries = {"China": "CN", "South Africa": "ZA", "Congo, D.R.": "CD"}
    for material, english in (("Molybdenum", "Molybdenum"), ("Chromium", "Chromium"), ("Cobalt", "Cobalt")):
        rows = _file_rows(english)
        # the bottleneck stage (the higher SR) names the supplier in these three
        stage = max(rows, key=lambda key: float(rows[key]["supply_risk"]))
        share = float(rows[stage]["main_global_supplier_share"])
        stored = {
            producer.country: producer
            for producer in ProducerShare.objects.filter(
                profile__release=eu_release, profile__material__name=material
            )
        }
        main = countries[rows[stage]["main_global_supplier"]]
        assert set(stored) == {main, ""}, material
        assert stored[main].share == share and stored[main].stage == stage
        assert stored[""].share == pytest.approx(1 - share)  # other or unknown, never split
        assert stored[main].wgi_estimate is None and stored[main].export_restriction is None
        assert "Appendix 7 p.78" in stored[main].source
    # a group has no supplier of its own (its elements do)
    assert not ProducerShare.objects.filter(
        profile__release=eu_release, profile__material__name="Light rare earth elements"
    ).exists()

    client.force_login(make_user(Role.READER, "lezer"))
    with translation.override("nl"):
        page = client.get(
            reverse("materials:material-detail", args=["molybdenum"]), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    table = page.split('data-testid="producers"', 1)[1].split("</table>", 1)[0]
    share = float(_file_rows("Molybdenum")["extraction"]["main_global_supplier_share"])
    assert f"{_dutch(str(share * 100), 1)}%" in table and "China" in table
    assert "overige/onbekend" in table and f"{_dutch(str((1 - share) * 100), 1)}%" in table
    assert "geen gegevens" in table


def test_tied_suppliers_whose_shares_exceed_the_whole_are_refused():
    header, rows = eu_assessment.read_csv(TEXT)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        if row["material"] == "Cobalt" and row["stage"] == "extraction":
            row["main_global_supplier"], row["main_global_supplier_share"] = "China; Finland", "0.6"
        writer.writerow(row)
    with pytest.raises(DatasetError) as refused, translation.override("en"):
        _validate(out.getvalue())
    with translation.override("en"):
        problems = translate_all(refused.value.problems)
    number = _row_of("Cobalt", "extraction")
    assert (
        f"assessment row {number}: main_global_supplier_share: the tied suppliers' shares sum to more than 1"
        in problems
    )
