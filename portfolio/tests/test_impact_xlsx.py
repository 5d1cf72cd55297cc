"""Impact sheet in Excel both ways: the round trip, and every bad upload refused whole with sheet and cell."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import login_as
from portfolio import impact_xlsx, services
from portfolio.demo import BATTERY_IMPACT

pytestmark = pytest.mark.django_db

COMPARED = [
    "status_date",
    "goals",
    "results",
    "milestones",
    "activities",
    "modules",
    "size_figures",
    "co2_r0_r2",
    "co2_r3_r7",
    "co2_r8_r9",
    "effect_contributions",
    "supply_risk_change",
    "added_value_meur",
    "added_value_base_year",
    "innovation_functions",
    "performance",
    "stakeholders",
    "target_groups",
    "change_agents",
    "cluster",
    "sbi_codes",
    "raw_materials",
]


@pytest.fixture
def sheet(catalogue, user_for, project):
    from catalogue.models import ProductCluster

    values = dict(BATTERY_IMPACT)
    values["cluster"] = ProductCluster.objects.get(code="consumentengoederen")
    values["innovation_functions"] = {"F1": "high", "F4": "unknown"}
    return services.impact_sheet_save(actor=user_for(Role.PROJECT_LEAD), project=project, **values)


def _export(sheet, project) -> bytes:
    """The sheet as the export page writes it (based on its own version)."""
    return impact_xlsx.export(
        project_number=project.number,
        data=services.impact_sheet_data(sheet),
        based_on_version=sheet.version_number,
    )


def _edit(content: bytes, edits: dict) -> bytes:
    workbook = load_workbook(BytesIO(content))
    for cell, value in edits.items():
        workbook[impact_xlsx.SHEET][cell] = value
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row_of(content: bytes, key: str) -> int:
    for row in load_workbook(BytesIO(content))[impact_xlsx.SHEET].iter_rows(min_row=1):
        if row[0].value == key:
            return row[0].row
    raise AssertionError(key)


def test_round_trip_export_import_gives_the_same_data(sheet, user_for, project):
    content = _export(sheet, project)
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=content
    )
    assert imported.version_number == 2
    before, after = services.impact_sheet_data(sheet), services.impact_sheet_data(imported)
    assert {k: before[k] for k in COMPARED} == {k: after[k] for k in COMPARED}
    assert imported.co2_total == Decimal(20)


def test_export_has_a_computed_total_formula(sheet, project):
    content = _export(sheet, project)
    row = _row_of(content, "co2_total")
    first = _row_of(content, "co2_r0_r2")
    assert (
        load_workbook(BytesIO(content))[impact_xlsx.SHEET][f"C{row}"].value == f"=SUM(C{first}:C{first + 2})"
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("wrong_template", "Impactsheet!C1: not the impact-sheet template"),
        ("missing_status", "Impactsheet!C{status}: required: the 'status per' date"),
        ("text_in_number", "Impactsheet!C{co2}: expected a number, found text 'zeventien'"),
        ("unknown_sbi", "Impactsheet!C{sbi}: unknown SBI code '04.1'"),
        ("unknown_material", "Impactsheet!C{material}: 'Unobtainium' is not a critical raw material"),
        ("non_critical_material", "Impactsheet!C{material}: 'Staal' is not a critical raw material"),
        ("other_project", "Impactsheet!C2: the sheet is for project 19-999"),
        ("not_xlsx", "not an Excel (.xlsx) file"),
    ],
)
def test_bad_uploads_are_refused_whole(sheet, user_for, project, case, expected):
    content = _export(sheet, project)
    rows = {
        "status": _row_of(content, "status_date"),
        "co2": _row_of(content, "co2_r3_r7"),
        "sbi": _row_of(content, "sbi"),
        "material": _row_of(content, "material"),
    }
    edits = {
        "wrong_template": {"C1": "iets anders"},
        "missing_status": {f"C{rows['status']}": None},
        "text_in_number": {f"C{rows['co2']}": "zeventien"},
        "unknown_sbi": {f"C{rows['sbi']}": "04.1"},
        "unknown_material": {f"C{rows['material']}": "Unobtainium"},
        "non_critical_material": {f"C{rows['material']}": "Staal"},
        "other_project": {"C2": "19-999"},
    }
    bad = b"PK not really" if case == "not_xlsx" else _edit(content, edits[case])
    with pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=bad)
    assert any(str(problem).startswith(expected.format(**rows)) for problem in error.value.problems), (
        error.value.problems
    )
    assert project.impact_sheets.count() == 1  # nothing saved


def test_upload_through_the_page_lists_the_cells(client, sheet, user_for, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = _export(sheet, project)
    bad = _edit(content, {f"C{_row_of(content, 'co2_r3_r7')}": "veel"})
    login_as(client, user_for, Role.PROJECT_LEAD)
    url = reverse("portfolio:impact-import", args=[project.number])
    response = client.post(url, {"file": SimpleUploadedFile("sheet.xlsx", bad)})
    assert "expected a number, found text &#x27;veel&#x27;" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("sheet.xlsx", content)})
    assert response.status_code == 302
    assert project.impact_sheets.count() == 2
    login_as(client, user_for, Role.READER)
    assert client.post(url, {"file": SimpleUploadedFile("sheet.xlsx", content)}).status_code == 403
    assert client.get(reverse("portfolio:impact-export", args=[project.number])).status_code == 200


def test_empty_template_for_a_project_without_sheet(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.get(reverse("portfolio:impact-export", args=[project.number]))
    parsed = impact_xlsx.parse(response.content)
    assert parsed.data is not None
    assert (parsed.number, parsed.problems, parsed.based_on, parsed.data["status_date"]) == (
        project.number,
        [],
        0,
        timezone.localdate(),
    )


def test_upload_problems_are_in_dutch_for_a_dutch_user(sheet, user_for, project):
    from django.utils import translation

    content = _export(sheet, project)
    row = _row_of(content, "co2_r3_r7")
    bad = _edit(content, {f"C{row}": "zeventien"})
    with translation.override("nl"):
        with pytest.raises(services.ImportRejected) as error:
            services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=bad)
        assert f"Impactsheet!C{row}: een getal verwacht, maar tekst gevonden: 'zeventien'" in map(
            str, error.value.problems
        )


def test_a_problem_is_read_in_the_language_of_whoever_reads_it(sheet, project):
    """impact_xlsx keeps each problem as a message (regiekamer.texts), translated when it is shown: a file
    read while Dutch was active reads in English for an English reader, and the other way round."""
    from django.utils import translation

    content = _export(sheet, project)
    row = _row_of(content, "co2_r3_r7")
    with translation.override("nl"):
        problems = impact_xlsx.parse(_edit(content, {f"C{row}": "zeventien"})).problems
    with translation.override("en"):
        assert f"Impactsheet!C{row}: expected a number, found text 'zeventien'" in map(str, problems)
    with translation.override("nl"):
        assert f"Impactsheet!C{row}: een getal verwacht, maar tekst gevonden: 'zeventien'" in map(
            str, problems
        )


def _source_innovation_levels() -> dict[str, str]:
    """F1-F8 of the source's sheet of Project Batterijen (Bijlage 8), read from the seed text itself."""
    import re
    from pathlib import Path

    from django.conf import settings

    seed = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "werkwijze-upcm-2020.txt"
    if not seed.exists():
        return {}
    text = seed.read_text(encoding="utf-8")
    pairs = re.findall(r"<td>(F\d)\s*-\s*[^<]+</td>\s*<td>(\w+)</td>", text)
    return dict(pairs[:8])


def test_all_eight_innovation_functions_round_trip_in_the_sheets_words(catalogue, user_for, project):
    from portfolio.demo import BATTERY_IMPACT as demo

    values = dict(demo)
    values.pop("cluster", None)
    sheet = services.impact_sheet_save(actor=user_for(Role.PROJECT_LEAD), project=project, **values)
    content = impact_xlsx.export(
        project_number=project.number,
        data=services.impact_sheet_data(sheet),
        based_on_version=sheet.version_number,
        innovation_names={"F2": "Kennisontwikkeling"},
    )
    rows = [
        row
        for row in load_workbook(BytesIO(content))[impact_xlsx.SHEET].iter_rows(values_only=True)
        if row[0] == "innovation_function"
    ]
    assert [row[2] for row in rows] == ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"]
    source = _source_innovation_levels()
    if source:  # the seed is beside the repository in the workplace; CI has it too
        assert {row[2]: row[3] for row in rows} == source
    assert rows[1][4] == "Kennisontwikkeling"
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=content
    )
    assert imported.innovation_functions == sheet.innovation_functions
    assert imported.co2_stated == Decimal(26)


def test_an_unstated_innovation_function_stays_unstated(sheet, user_for, project):
    content = _export(sheet, project)
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=content
    )
    assert imported.innovation_functions == {"F1": "high", "F4": "unknown"}


def test_a_bad_innovation_level_names_its_cell_and_function(sheet, user_for, project):
    content = _export(sheet, project)
    row = next(
        r[0].row
        for r in load_workbook(BytesIO(content))[impact_xlsx.SHEET].iter_rows()
        if r[0].value == "innovation_function" and r[2].value == "F3"
    )
    bad = _edit(content, {f"D{row}": "Heel hoog"})
    with pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=bad)
    assert [str(p) for p in error.value.problems] == [
        f"Impactsheet!D{row}: F3: 'Heel hoog' is not one of Onbekend, Laag, Middel, Hoog"
    ]
    assert project.impact_sheets.count() == 1


def test_stated_co2_that_differs_is_exported_with_a_notice_and_imported_as_stated(sheet, user_for, project):
    data = services.impact_sheet_data(sheet) | {"co2_stated": Decimal(26)}
    content = impact_xlsx.export(project_number=project.number, data=data, based_on_version=1)
    cells = {
        row[0]: row[2]
        for row in load_workbook(BytesIO(content))[impact_xlsx.SHEET].iter_rows(values_only=True)
    }
    assert cells["co2_stated"] == 26
    assert cells["co2_notice"].startswith("De opgegeven CO2 (26) wijkt af van de som van de banden (20)")
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=content
    )
    assert (imported.co2_stated, imported.co2_total) == (Decimal(26), Decimal(20))
    same = impact_xlsx.export(
        project_number=project.number, data=data | {"co2_stated": Decimal(20)}, based_on_version=1
    )
    keys = [row[0] for row in load_workbook(BytesIO(same))[impact_xlsx.SHEET].iter_rows(values_only=True)]
    assert "co2_notice" not in keys


# --- issue 15: a bomb is refused unread, the file is read outside the write transaction, no lost update ---


def test_a_small_xlsx_bomb_is_refused_before_openpyxl_reads_it(sheet, user_for, project, monkeypatch):
    """Finding 2: 60,000 inline-string cells in a 170 kB file (the finding's 5 MB file had millions) are
    refused on the count in the zip, with the limit in the message; openpyxl never opens the file."""
    from regiekamer.tests.xlsx_bombs import inline_string_bomb

    first_rows = [["template", "Sjabloon", impact_xlsx.TEMPLATE, impact_xlsx.TEMPLATE_VERSION]]
    bomb = inline_string_bomb(60_000, first_rows=first_rows, sheet_name=impact_xlsx.SHEET)
    assert len(bomb) < 300_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(impact_xlsx, "load_workbook", never)
    with pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=bomb)
    assert [str(problem) for problem in error.value.problems] == [
        "The workbook has more cells than the 20,000 this import accepts."
    ]
    assert project.impact_sheets.count() == 1


def test_a_sheet_reaching_to_the_last_row_of_excel_is_refused(sheet, user_for, project):
    """A few hundred bytes whose one cell is XFD1048576: openpyxl would walk 17 billion cells."""
    from regiekamer.tests.xlsx_bombs import far_cell

    first_rows = [["template", "Sjabloon", impact_xlsx.TEMPLATE, impact_xlsx.TEMPLATE_VERSION]]
    bomb = far_cell(first_rows=first_rows, sheet_name=impact_xlsx.SHEET)
    with pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=bomb)
    assert "rows numbered beyond 9,999" in str(error.value.problems[0])


def test_far_cells_and_ranges_in_a_filled_template_cost_nothing(sheet, user_for, project):
    """A cell far to the right and a merged range over 16 million cells: openpyxl in full mode made every
    cell of the range; the import reads the template read-only within A-Z and 9,999 rows."""
    import time

    from openpyxl.worksheet.cell_range import CellRange

    workbook = load_workbook(BytesIO(_export(sheet, project)))
    worksheet = workbook[impact_xlsx.SHEET]
    worksheet["XFD5"] = "ver weg"
    worksheet.merged_cells.add(CellRange("F1:XFD999"))  # added as a range: openpyxl makes no cells here
    buffer = BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=buffer.getvalue()
    )
    assert time.perf_counter() - started < 10
    assert imported.version_number == 2


def test_the_file_is_read_before_the_write_transaction_opens(sheet, user_for, project, monkeypatch):
    """Finding 3: on SQLite an open transaction holds the write lock; reading the upload inside it locked
    every other user out. Parsing happens with no transaction of the import open; the write is atomic."""
    from django.db import connection

    outside = len(connection.atomic_blocks)  # the test's own transaction(s)
    depths = []
    parse = impact_xlsx.parse

    def parse_recording(content):
        depths.append(len(connection.atomic_blocks))
        return parse(content)

    monkeypatch.setattr(impact_xlsx, "parse", parse_recording)
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=_export(sheet, project)
    )
    assert depths == [outside]
    assert imported.version_number == 2


def test_an_import_of_a_sheet_exported_before_a_newer_version_is_refused(sheet, user_for, project):
    """Finding 7: export version 2, someone saves version 3 in the browser, the old file comes back: it is
    refused with the reason, and version 3 stays the current one."""
    lead = user_for(Role.PROJECT_LEAD)
    second = services.impact_sheet_import(actor=lead, project=project, content=_export(sheet, project))
    exported = _export(second, project)  # carries 'based on version 2'
    values = services.impact_sheet_data(second)
    values |= {"goals": ["Nieuw doel uit de browser"], "based_on_version": 2, "cluster": second.cluster}
    third = services.impact_sheet_save(actor=lead, project=project, **values)
    assert third.version_number == 3
    with pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(actor=lead, project=project, content=exported)
    assert [str(problem) for problem in error.value.problems] == [
        "Impactsheet!C3: this sheet was exported from version 2, but version 3 has been saved since; "
        "importing it would undo that version. Download the current sheet, make your changes there and "
        "upload it again."
    ]
    assert project.impact_sheets.count() == 3
    assert project.impact_sheets.order_by("-version_number").first().goals == ["Nieuw doel uit de browser"]
    fresh = _export(third, project)
    assert services.impact_sheet_import(actor=lead, project=project, content=fresh).version_number == 4


def test_a_template_without_the_base_version_is_refused(sheet, user_for, project):
    content = _export(sheet, project)
    workbook = load_workbook(BytesIO(content))
    workbook[impact_xlsx.SHEET].delete_rows(impact_xlsx.BASED_ON_ROW)
    buffer = BytesIO()
    workbook.save(buffer)
    with pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(
            actor=user_for(Role.PROJECT_LEAD), project=project, content=buffer.getvalue()
        )
    assert "Impactsheet!A3: required row 'based_on' is missing: download the template again" in map(
        str, error.value.problems
    )


def test_the_export_writes_a_formula_typed_in_the_sheet_as_text(sheet, user_for, project):
    """Finding 5: a goal imported or typed as '=HYPERLINK(...)' is text in the export; the CO2 total stays
    the export's own formula."""
    from regiekamer.tests.xlsx_checks import INJECTED, assert_written_as_text, formulas

    values = services.impact_sheet_data(sheet)
    values |= {"goals": [INJECTED, "-2 kt"], "based_on_version": 1, "cluster": sheet.cluster}
    second = services.impact_sheet_save(actor=user_for(Role.PROJECT_LEAD), project=project, **values)
    content = _export(second, project)
    assert_written_as_text(content, INJECTED, "-2 kt")
    row = _row_of(content, "co2_total")
    first = _row_of(content, "co2_r0_r2")
    assert formulas(content) == {f"C{row}": f"=SUM(C{first}:C{first + 2})"}
