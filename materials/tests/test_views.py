"""Pages of the scanner: owner-only scans, refusals naming rows, exports (who may open which page: the role
matrix, materials/tests/matrix.py)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.roles import Role
from accounts.testing import login_as, make_user
from materials import bom
from materials.models import Scan, ScanMaterial
from materials.services import scan_create

MOTOR_ROWS = [
    # Housing 2 kg: 1.8 kg copper, 0.2 kg cobalt; 4 magnets of 0.05 kg cobalt = 0.2 kg → cobalt 0.4 kg
    ["Motor", "Housing", "", 1, 2, "Copper", 0.9],
    ["Motor", "Housing", "", 1, 2, "Cobalt", 0.1],
    ["Motor", "Magnet", "Housing", 4, 0.05, "Co", 1],
]


def bom_rows(values):
    return [bom.BomRow(number, *row) for number, row in enumerate(values, start=2)]


def xlsx(rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or [bom.HEADERS[column] for column in bom.COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "bom.xlsx"
    return buffer


@pytest.fixture
def scan(release, user_for):
    return scan_create(actor=user_for(Role.APPLICANT), title="Motor scan", rows=bom_rows(MOTOR_ROWS))


def test_scan_totals_by_hand(scan):
    totals = {(row.material.code, row.product): row.kg for row in ScanMaterial.objects.filter(scan=scan)}
    assert totals == {("copper", "Motor"): pytest.approx(1.8), ("cobalt", "Motor"): pytest.approx(0.4)}


# Who may open which page is the role matrix (materials/tests/matrix.py); here what the pages show.


def test_material_detail(client, user_for, release):
    login_as(client, user_for, Role.READER)
    response = client.get(reverse("materials:material-detail", args=["cobalt"]))
    assert "rk-status--bad" in response.content.decode()


@pytest.mark.parametrize("name", ["scan-detail", "scan-pdf", "scan-xlsx"])
def test_another_users_scan_is_not_disclosed(client, user_for, scan, name):
    """Not even the programme office sees a company's scan, and the answer does not tell that it exists."""
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    assert client.get(reverse(f"materials:{name}", args=[scan.pk])).status_code == 404
    assert client.get(reverse(f"materials:{name}", args=[scan.pk + 1000])).status_code == 404


def test_the_material_list_offers_loading_a_release_to_the_office_only(client, user_for, release):
    link = reverse("materials:release-list")
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    assert link in client.get(reverse("materials:material-list")).content.decode()
    login_as(client, user_for, Role.STEERING_TEAM)
    assert link not in client.get(reverse("materials:material-list")).content.decode()


def test_scan_detail_shows_profile(client, user_for, scan):
    login_as(client, user_for, Role.APPLICANT)
    page = client.get(reverse("materials:scan-detail", args=[scan.pk])).content.decode()
    assert "illustrative sample" in page or "illustratief" in page
    assert ">0,4<" in page  # kg cobalt, in Dutch notation


def test_pdf_export(client, user_for, scan):
    login_as(client, user_for, Role.APPLICANT)
    response = client.get(reverse("materials:scan-pdf", args=[scan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_xlsx_export(client, user_for, scan):
    login_as(client, user_for, Role.APPLICANT)
    response = client.get(reverse("materials:scan-xlsx", args=[scan.pk]))
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Kobalt"][1] == pytest.approx(0.4) and rows["Kobalt"][2] == "ja"
    assert rows["Koper"][1] == pytest.approx(1.8)


def test_form_entry_creates_scan(client, user_for, release):
    login_as(client, user_for, Role.APPLICANT)
    data = {
        "scan-title": "Typed",
        "scan-sbi": "",
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "500",
    }
    rows = [["P", "C", "", "1", "3", "Copper", "0,5"], ["P", "C", "", "", "", "Kobalt", "0,5"], [""] * 7]
    for index, values in enumerate(rows):
        for column, value in zip(bom.COLUMNS, values, strict=True):
            data[f"rows-{index}-{column}"] = value
    response = client.post(reverse("materials:scan-new"), data)
    scan = Scan.objects.get(title="Typed")
    assert response.status_code == 302 and scan.origin == Scan.Origin.FORM
    # 3 kg · 0.5 = 1.5 kg copper and 1.5 kg cobalt; the decimal commas are read
    assert {row.material.code: row.kg for row in ScanMaterial.objects.filter(scan=scan)} == {
        "copper": pytest.approx(1.5),
        "cobalt": pytest.approx(1.5),
    }
    assert sorted(scan.rows.values_list("fraction", flat=True)) == [0.5, 0.5]


def test_the_entry_form_takes_more_lines_than_it_shows(client, user_for, release):
    """Under the entry table, "Regel toevoegen" (app.js) copies the formset's empty row, numbered, below the
    last one: a bill of materials longer than the 12 lines shown is typed in one go, up to MAX_NUM_FORMS."""
    login_as(client, user_for, Role.APPLICANT)
    html = client.get(reverse("materials:scan-new")).content.decode()
    template = html.split('<template data-rows-new="rows">', 1)[1].split("</template>", 1)[0]
    assert 'name="rows-__prefix__-material"' in template and "__number__" in template
    assert 'data-rows-add="rows"' in html and "Regel toevoegen" in html
    assert html.count('name="rows-TOTAL_FORMS" value="12"') == 1
    assert 'name="rows-MAX_NUM_FORMS" value="500"' in html


def test_form_entry_refusal_names_the_row(client, user_for, release):
    login_as(client, user_for, Role.APPLICANT)
    data = {
        "scan-title": "Typed",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "500",
    }
    for column, value in zip(bom.COLUMNS, ["P", "C", "", "1", "-3", "Copper", "1"], strict=True):
        data[f"rows-0-{column}"] = value
    response = client.post(reverse("materials:scan-new"), data)
    assert response.status_code == 200
    assert "regel 1: massa -3 kg is negatief" in response.content.decode()
    assert not Scan.objects.exists()


def test_upload_creates_scan(client, user_for, release):
    login_as(client, user_for, Role.APPLICANT)
    response = client.post(
        reverse("materials:scan-upload"), {"upload-title": "Uploaded", "upload-file": xlsx(MOTOR_ROWS)}
    )
    scan = Scan.objects.get(title="Uploaded")
    assert response.status_code == 302 and scan.origin == Scan.Origin.XLSX and scan.file_name == "bom.xlsx"
    assert scan.rows.count() == 3


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["P", "C", "", 1, 1, "Copper", 0.5], ["P", "C", "", 1, 1, "Cobalt", 0.3]],
            "regel 2: de massafracties van onderdeel &#x27;C&#x27; tellen op tot 0.800",
        ),
        (
            [["P", "C", "", 1, 1, "Copper", 1], ["P", "D", "", 1, 1, "Kryptonite", 1]],
            "regel 3: onbekend materiaal &#x27;Kryptonite&#x27;",
        ),
        (
            [["P", "A", "B", 1, 0, "", ""], ["P", "B", "A", 1, 0, "", ""]],
            "regel 2: lus in de onderdelenboom: A → B → A",
        ),
    ],
)
def test_upload_refusal_names_the_row(client, user_for, release, rows, message):
    login_as(client, user_for, Role.APPLICANT)
    response = client.post(
        reverse("materials:scan-upload"), {"upload-title": "Bad", "upload-file": xlsx(rows)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scan.objects.exists()


def test_upload_refuses_other_files(client, user_for, release):
    login_as(client, user_for, Role.APPLICANT)
    upload = BytesIO(b"hello")
    upload.name = "bom.xlsx"
    response = client.post(reverse("materials:scan-upload"), {"upload-title": "Bad", "upload-file": upload})
    assert response.status_code == 200 and not Scan.objects.exists()


@pytest.mark.parametrize(
    ("language", "header", "names"),
    [
        ("nl", ["Product", "Onderdeel", "Onderdeel van"], ["Koper", "Antimoon", "", "Gallium"]),
        ("en", ["Product", "Component", "Part of"], ["Copper", "Antimony", "", "Gallium"]),
    ],
)
def test_template_download_is_a_valid_bom_in_the_users_language(
    client, user_for, release, language, header, names
):
    from django.conf import settings
    from openpyxl import load_workbook

    from materials.selectors import bom_resolver

    login_as(client, user_for, Role.APPLICANT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get(reverse("materials:scan-template")).content
    first_row = next(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert list(first_row[:3]) == header
    rows = bom.read_xlsx(content)
    assert [row.material for row in rows] == names
    parsed = bom.parse(rows, bom_resolver())  # the example resolves: every name is known to the catalogue
    assert parsed


def test_owner_deletes_scan_others_cannot(client, user_for, scan):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    assert client.post(reverse("materials:scan-delete", args=[scan.pk])).status_code == 404
    login_as(client, user_for, Role.APPLICANT)
    assert client.post(reverse("materials:scan-delete", args=[scan.pk])).status_code == 302
    assert not Scan.objects.exists()


def test_the_services_refuse_whom_the_rules_refuse(user_for, release, scan):
    from django.core.exceptions import PermissionDenied

    from accounts.authorization import system_actor
    from materials.services import material_release_make_current, scan_delete

    with pytest.raises(PermissionDenied, match="eigenaar|owner"):
        scan_delete(actor=make_user(Role.APPLICANT, "another-company"), scan=scan)
    with pytest.raises(TypeError):  # no actor is not an actor: nothing skips the check
        scan_delete(actor=None, scan=scan)
    with pytest.raises(PermissionDenied):
        material_release_make_current(actor=user_for(Role.STEERING_TEAM), release=release)
    assert material_release_make_current(actor=system_actor(), release=release).is_current
    assert Scan.objects.filter(pk=scan.pk).exists()


def test_a_refused_title_or_bill_of_materials_names_its_field(user_for, release):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    applicant = user_for(Role.APPLICANT)
    with pytest.raises(ValidationError) as refused:
        scan_create(actor=applicant, title="  ", rows=bom_rows(MOTOR_ROWS))
    assert list(refused.value.message_dict) == ["title"]
    with pytest.raises(ValidationError) as refused:
        scan_create(actor=applicant, title="Bad", rows=bom_rows([["P", "C", "", 1, -2, "Copper", 1]]))
    with translation.override("en"):
        assert refused.value.message_dict == {"rows": ["row 2: mass -2 kg is negative"]}
    with translation.override("nl"):
        assert refused.value.message_dict == {"rows": ["regel 2: massa -2 kg is negatief"]}
    assert not Scan.objects.exists()


def test_statistics_are_anonymous_and_suppress_small_counts(client, user_for, release):
    owners = [make_user(Role.APPLICANT, f"company-{i}") for i in range(3)]
    for owner in owners:
        scan_create(
            actor=owner, title="secret product title", rows=bom_rows([["P", "C", "", 1, 1, "Copper", 1]])
        )
    scan_create(actor=owners[0], title="other", rows=bom_rows([["P", "C", "", 1, 1, "Cobalt", 1]]))
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.get(reverse("materials:statistics"))
    page = response.content.decode()
    rows = {row["name"]: row["scans"] for row in response.context["rows"]}
    assert response.context["total"] == 4
    assert rows == {"Koper": 3, "Kobalt": None}  # cobalt is in 1 scan: fewer than 3, not disclosed
    assert "secret product title" not in page and "company-0" not in page


def test_scan_detail_query_count(client, user_for, release, django_assert_max_num_queries):
    owner = user_for(Role.APPLICANT)
    for index in range(5):
        scan_create(actor=owner, title=f"S{index}", rows=bom_rows(MOTOR_ROWS))
    login_as(client, user_for, Role.APPLICANT)
    with django_assert_max_num_queries(20):
        client.get(reverse("materials:scan-detail", args=[Scan.objects.first().pk]))


# --- issue 15: formula-safe export, upload limits before parsing, reading outside the write transaction ---


def test_the_scan_export_writes_a_formula_like_product_name_as_text(client, user_for, release):
    """Finding 5: a scan created through the API or an upload may name a product '=HYPERLINK(...)'."""
    from regiekamer.tests.xlsx_checks import INJECTED, assert_written_as_text

    applicant = user_for(Role.APPLICANT)
    rows = [[INJECTED, "Housing", "", 1, 2, "Copper", 1], ["@Motor", "Housing", "", 1, 1, "Cobalt", 1]]
    scan = scan_create(actor=applicant, title="=1+1", rows=bom_rows(rows))
    login_as(client, user_for, Role.APPLICANT)
    content = client.get(reverse("materials:scan-xlsx", args=[scan.pk])).content
    assert_written_as_text(content, INJECTED, "@Motor")


def test_a_bill_of_materials_bomb_is_refused_before_openpyxl_reads_it(client, user_for, release, monkeypatch):
    """Finding 2: an applicant's 4.5 MB uploads of millions of cells held every worker for a minute. A file
    past the bill of materials' cell limit is refused on the count in the zip, with the limit named."""
    import openpyxl

    from materials.services import BOM_LIMITS
    from regiekamer.tests.xlsx_bombs import inline_string_bomb

    bomb = inline_string_bomb(BOM_LIMITS.max_cells + 7, first_rows=[bom.HEADERS.values()], width=7)

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    login_as(client, user_for, Role.APPLICANT)
    upload = BytesIO(bomb)
    upload.name = "bom.xlsx"
    response = client.post(
        reverse("materials:scan-upload"), {"upload-title": "Bom", "upload-sbi": "", "upload-file": upload}
    )
    assert response.status_code == 200
    assert ("more cells than the 60,000" in response.content.decode()) or (
        "meer cellen dan de 60.000" in response.content.decode()
    )
    assert Scan.objects.count() == 0


def test_an_uploaded_bill_of_materials_is_read_and_checked_outside_the_write_transaction(
    user_for, release, monkeypatch
):
    """Finding 3: on SQLite an open transaction holds the write lock. Reading the workbook and validating
    the bill of materials happen with no transaction of the upload open; the write is atomic."""
    from django.db import connection

    from materials import services

    outside = len(connection.atomic_blocks)  # the test's own transaction(s)
    depths: dict[str, list[int]] = {"read_xlsx": [], "parse": []}
    for name in depths:
        original = getattr(bom, name)

        def recording(*args, _original=original, _name=name, **kwargs):
            depths[_name].append(len(connection.atomic_blocks))
            return _original(*args, **kwargs)

        monkeypatch.setattr(bom, name, recording)
    scan = services.scan_import_xlsx(
        actor=user_for(Role.APPLICANT), title="Upload", content=xlsx(MOTOR_ROWS).getvalue()
    )
    assert depths == {"read_xlsx": [outside], "parse": [outside]}
    assert scan.rows.count() == 3
