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
    content = impact_xlsx.export(project_number=project.number, data=services.impact_sheet_data(sheet))
    imported = services.impact_sheet_import(
        actor=user_for(Role.PROJECT_LEAD), project=project, content=content
    )
    assert imported.version_number == 2
    before, after = services.impact_sheet_data(sheet), services.impact_sheet_data(imported)
    assert {k: before[k] for k in COMPARED} == {k: after[k] for k in COMPARED}
    assert imported.co2_total == Decimal(20)


def test_export_has_a_computed_total_formula(sheet, project):
    content = impact_xlsx.export(project_number=project.number, data=services.impact_sheet_data(sheet))
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
        ("not_xlsx", "Impactsheet!-: not an Excel (.xlsx) file"),
    ],
)
def test_bad_uploads_are_refused_whole(sheet, user_for, project, case, expected):
    content = impact_xlsx.export(project_number=project.number, data=services.impact_sheet_data(sheet))
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

    content = impact_xlsx.export(project_number=project.number, data=services.impact_sheet_data(sheet))
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
    data, number, problems = impact_xlsx.parse(response.content)
    assert (number, problems, data["status_date"]) == (project.number, [], timezone.localdate())


def test_upload_problems_are_in_dutch_for_a_dutch_user(sheet, user_for, project):
    from django.utils import translation

    content = impact_xlsx.export(project_number=project.number, data=services.impact_sheet_data(sheet))
    row = _row_of(content, "co2_r3_r7")
    bad = _edit(content, {f"C{row}": "zeventien"})
    with translation.override("nl"), pytest.raises(services.ImportRejected) as error:
        services.impact_sheet_import(actor=user_for(Role.PROJECT_LEAD), project=project, content=bad)
    assert f"Impactsheet!C{row}: een getal verwacht, maar tekst gevonden: 'zeventien'" in map(
        str, error.value.problems
    )
