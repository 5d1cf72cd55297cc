"""Bulk import: mapping, validation failure modes, de-duplication, atomicity."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook

from accounts.roles import Role
from stakeholders import importer, services
from stakeholders.models import FuzzyMatch, ImportBatch, Organisation, OrganisationSource

from .factories import OrganisationFactory, province, sbi, source

pytestmark = pytest.mark.django_db

HEADER = "KvK-nummer;Naam;SBI;Provincie;Grootteklasse;Vestigingen;Website;Ketenpositie\n"


@pytest.fixture
def catalogue_rows():
    province("ZH", "Zuid-Holland")
    province("NB", "Noord-Brabant")
    sbi("29")
    sbi("2910")
    sbi("24")


def run(text: str, office, *, dry_run=False, name="lijst.csv", source_code="slimme-tool", mapping=None):
    batch = services.import_batch_start(
        file_name=name, data=text.encode(), source=source(source_code), actor=office
    )
    return batch, services.import_batch_run(
        batch=batch, mapping=mapping or batch.mapping, dry_run=dry_run, actor=office
    )


def test_mapping_is_guessed_from_dutch_headers():
    headers = [
        "KvK-nummer",
        "Naam",
        "SBI",
        "Provincie",
        "Grootteklasse",
        "Vestigingen",
        "Website",
        "Ketenpositie",
        "Opmerking",
    ]
    assert importer.guess_mapping(headers) == {
        "kvk_number": "KvK-nummer",
        "name": "Naam",
        "sbi_codes": "SBI",
        "province": "Provincie",
        "size_class": "Grootteklasse",
        "establishments": "Vestigingen",
        "website": "Website",
        "chain_position": "Ketenpositie",
    }


def test_import_creates_organisations_with_codes_sources_and_history(office, catalogue_rows):
    text = HEADER + (
        "12345678;Coolrec B.V.;29.10;ZH;>100;4;www.coolrec.com;grondstoffenproducent\n"
        "87654321;Nyrstar Budel;24, 29;Noord-Brabant;120;1;;producent\n"
    )
    batch, plan = run(text, office)
    assert (len(plan.creates), len(plan.updates), len(plan.reviews)) == (2, 0, 0)
    coolrec = Organisation.objects.get(kvk_number="12345678")
    assert (
        coolrec.name,
        coolrec.province.code,
        coolrec.size_class,
        coolrec.establishments,
        coolrec.website,
        coolrec.chain_position,
    ) == ("Coolrec B.V.", "ZH", ">100", 4, "https://www.coolrec.com", "raw_material_producer")
    assert list(coolrec.sbi_codes.values_list("code", flat=True)) == ["2910"]
    nyrstar = Organisation.objects.get(kvk_number="87654321")
    assert sorted(nyrstar.sbi_codes.values_list("code", flat=True)) == ["24", "29"]
    assert nyrstar.size_class == ">100"  # 120 persons
    assert list(coolrec.sources.values_list("code", flat=True)) == ["slimme-tool"]
    assert coolrec.history.count() == 1
    batch.refresh_from_db()
    assert (batch.status, batch.rows_total, batch.rows_created) == ("imported", 2, 2)


def test_same_kvk_from_another_source_updates_and_keeps_both_sources(office, catalogue_rows):
    existing = OrganisationFactory(kvk_number="12345678", name="Coolrec", website="")
    OrganisationSource.objects.create(organisation=existing, source=source("slimme-tool"))
    _batch, plan = run(
        HEADER + "12.345.678;Coolrec Nederland;29;ZH;;;coolrec.nl;\n", office, source_code="rvo"
    )
    assert (len(plan.creates), len(plan.updates)) == (0, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.website, existing.version) == (
        "Coolrec Nederland",
        "https://coolrec.nl",
        2,
    )
    assert sorted(existing.sources.values_list("code", flat=True)) == ["rvo", "slimme-tool"]
    assert existing.history.first().name == "Coolrec Nederland"  # the previous name stays in the history
    assert existing.history.last().name == "Coolrec"


def test_name_without_kvk_in_same_province_goes_to_review(office, catalogue_rows):
    existing = OrganisationFactory(name="Arrosso B.V.", province=province("ZH"))
    OrganisationFactory(name="Arrosso", province=province("NB"), kvk_number="11112222")
    batch, plan = run(
        HEADER + ";ARROSSO;;Zuid-Holland;;;;\n;Geheel Anders BV;;ZH;;;;\n",
        office,
        source_code="media-analyse",
    )
    assert (len(plan.creates), len(plan.reviews)) == (1, 1)
    match = FuzzyMatch.objects.get()
    assert (match.candidate, match.score, match.row_number) == (existing, 1.0, 2)
    merged = services.fuzzy_match_resolve(match=match, merge=True, actor=office)
    assert merged == existing
    assert list(existing.sources.values_list("code", flat=True)) == ["media-analyse"]
    match.refresh_from_db()
    assert match.status == "merged"
    with pytest.raises(Exception, match="already"):
        services.fuzzy_match_resolve(match=match, merge=False, actor=office)


def test_review_can_create_new(office, catalogue_rows):
    OrganisationFactory(name="Umicore", province=province("ZH"))
    run(HEADER + ";Umicore Nederland;;ZH;;;;\n", office)
    match = FuzzyMatch.objects.get()
    assert match.score == 0.9
    new = services.fuzzy_match_resolve(match=match, merge=False, actor=office)
    assert (new.name, new.province.code, new.kvk_number) == ("Umicore Nederland", "ZH", None)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("1234567;Te kort;29;ZH;;;;", "KvK-nummer", "8"),
        ("123456789;Te lang;29;ZH;;;;", "KvK-nummer", "8"),
        ("12345678;Onbekende SBI;99.99;ZH;;;;", "SBI", "99.99"),
        ("12345678;Onbekende provincie;29;Vlaanderen;;;;", "Provincie", ""),
        ("12345678;Grootte;29;ZH;groot;;;", "Grootteklasse", ""),
        ("12345678;Vestigingen;29;ZH;;veel;;", "Vestigingen", ""),
        ("12345678;Keten;29;ZH;;;;bakker", "Ketenpositie", ""),
        ("12345678;Website;29;ZH;;;http://;", "Website", ""),
        ("12345678;;29;ZH;;;;", "Naam", ""),
    ],
)
def test_row_errors_name_row_and_column_and_nothing_is_saved(office, catalogue_rows, line, column, message):
    text = HEADER + "11111111;Goede rij;29;ZH;;;;\n" + line + "\n"
    with pytest.raises(importer.ImportRejected) as info:
        run(text, office)
    [error] = info.value.errors
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert not Organisation.objects.exists()  # the good row was not saved either
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and batch.errors[0]["row"] == 3


def test_duplicate_rows_in_the_file(office, catalogue_rows):
    text = HEADER + "12345678;A;;ZH;;;;\n;B;;ZH;;;;\n12 345 678;A again;;ZH;;;;\n;B b.v.;;ZH;;;;\n"
    with pytest.raises(importer.ImportRejected) as info:
        run(text, office)
    assert [(e.row, e.message) for e in info.value.errors] == [
        (4, "Duplicate row: KvK number 12345678 is also on row 2."),
        (5, "Duplicate row: the same name and province are on row 3."),
    ]
    assert not Organisation.objects.exists()


def test_wrong_column_is_refused_before_reading_rows(office, catalogue_rows):
    batch = services.import_batch_start(
        file_name="x.csv", data=(HEADER + "1;A\n").encode(), source=source(), actor=office
    )
    with pytest.raises(importer.ImportFileError, match="Bedrijfsnaam"):
        services.import_batch_run(batch=batch, mapping={"name": "Bedrijfsnaam"}, dry_run=True, actor=office)
    with pytest.raises(importer.ImportFileError):
        services.import_batch_run(
            batch=batch, mapping={"kvk_number": "KvK-nummer"}, dry_run=True, actor=office
        )


def test_file_over_10_mb_is_refused(office):
    data = HEADER.encode() + b"12345678;x;;;;;;\n" * (10 * 2**20 // 17 + 1)
    assert len(data) > 10 * 2**20
    with pytest.raises(importer.ImportFileError, match="10 MB"):
        services.import_batch_start(file_name="groot.csv", data=data, source=source(), actor=office)
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [("lijst.pdf", b"%PDF-1.4"), ("lijst.xlsx", b"naam\nA\n"), ("lijst.csv", b"PK\x03\x04rest")],
)
def test_wrong_file_type_is_refused(office, name, data):
    with pytest.raises(importer.ImportFileError):
        services.import_batch_start(file_name=name, data=data, source=source(), actor=office)


def test_dry_run_writes_nothing(office, catalogue_rows):
    batch, plan = run(HEADER + "12345678;Coolrec;29;ZH;;;;\n", office, dry_run=True)
    assert len(plan.creates) == 1
    assert not Organisation.objects.exists()
    batch.refresh_from_db()
    assert (batch.status, batch.rows_created) == ("dry_run", 1)


def test_xlsx_import(office, catalogue_rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KvK", "Naam", "SBI", "Provincie"])
    sheet.append([12345678, "TNO", "29.1", "ZH"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sbi("291")
    batch = services.import_batch_start(
        file_name="tool.xlsx", data=buffer.getvalue(), source=source(), actor=office
    )
    services.import_batch_run(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    tno = Organisation.objects.get()
    assert (tno.kvk_number, tno.name, list(tno.sbi_codes.values_list("code", flat=True))) == (
        "12345678",
        "TNO",
        ["291"],
    )


def test_reader_may_not_import(user_for):
    with pytest.raises(PermissionDenied):
        services.import_batch_start(
            file_name="a.csv", data=b"naam\nA\n", source=source(), actor=user_for(Role.READER)
        )


def test_valid_sbi_code_missing_from_the_catalogue_is_added_on_import(office, catalogue_rows):
    from catalogue.models import SbiCode

    section = SbiCode.objects.create(
        code="C", level=1, name="Industrie", first_division=10, last_division=33, source_section="test"
    )
    SbiCode.objects.filter(code="29").update(parent=section)
    _batch, plan = run(HEADER + "12345678;Coolrec;29.10.1;ZH;;;;\n", office, dry_run=True)
    assert plan.creates[0].sbi_new == ["29101"] and not SbiCode.objects.filter(code="29101").exists()
    run(HEADER + "12345678;Coolrec;29.10.1;ZH;;;;\n", office)
    assert list(Organisation.objects.get().sbi_codes.values_list("code", flat=True)) == ["29101"]
    with pytest.raises(importer.ImportRejected) as info:
        run(HEADER + "87654321;Ander;34.1;ZH;;;;\n", office)  # division 34 is in no section
    assert "34.1" in info.value.errors[0].message


def test_command_line_import_with_progress(office, catalogue_rows, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "tool.csv"
    path.write_text(HEADER + "12345678;Coolrec;29;ZH;;;;\n", encoding="utf-8")
    out = io.StringIO()
    call_command("stakeholders_import", str(path), "--dry-run", "--user", office.username, stdout=out)
    assert "would create 1" in out.getvalue() and not Organisation.objects.exists()
    call_command("stakeholders_import", str(path), "--user", office.username, stdout=out)
    assert "1/1 rows (100%)" in out.getvalue() and Organisation.objects.get().name == "Coolrec"
    path.write_text(HEADER + "1234;Kapot;29;ZH;;;;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 errors"):
        call_command(
            "stakeholders_import", str(path), "--user", office.username, stdout=out, stderr=io.StringIO()
        )


def test_command_line_import_acts_as_the_system_actor_or_a_user_who_may_import(
    office, user_for, catalogue_rows, tmp_path
):
    from django.core.management import CommandError, call_command

    from accounts.authorization import system_actor

    path = tmp_path / "tool.csv"
    path.write_text(HEADER + "12345678;Coolrec;29;ZH;;;;\n", encoding="utf-8")
    reader = user_for(Role.READER)
    with pytest.raises(CommandError, match="Only the programme office"):
        call_command("stakeholders_import", str(path), "--user", reader.username, stdout=io.StringIO())
    assert not Organisation.objects.exists()
    call_command("stakeholders_import", str(path), stdout=io.StringIO())
    organisation = Organisation.objects.get()
    assert organisation.history.get().history_user == system_actor()
    assert ImportBatch.objects.get(status="imported").created_by == system_actor()


def test_an_import_announces_the_changed_register_once_committed_and_a_dry_run_does_not(
    office, catalogue_rows, django_capture_on_commit_callbacks
):
    from stakeholders.signals import register_changed

    heard = []

    def listener(sender, **kwargs):
        heard.append(sender)

    register_changed.connect(listener)
    try:
        text = HEADER + "12345678;Coolrec B.V.;29.10;ZH;>100;4;;producent\n"
        with django_capture_on_commit_callbacks(execute=True):
            run(text, office, dry_run=True)
        assert heard == []
        with django_capture_on_commit_callbacks(execute=True):
            run(text, office)
        assert heard == [Organisation]
    finally:
        register_changed.disconnect(listener)


# --- issue 15: limits before parsing, reading outside the write transaction, no lost update ---


def test_an_xlsx_bomb_is_refused_before_openpyxl_reads_it(office, monkeypatch):
    """Finding 2: the finding's bomb was millions of inline-string cells in a few megabytes; this one is past
    the register's cell limit in a fraction of that, and refused on the count in the zip."""
    import openpyxl

    from regiekamer.tests.xlsx_bombs import inline_string_bomb

    bomb = inline_string_bomb(importer.LIMITS.max_cells + 100, width=50)
    assert len(bomb) < importer.MAX_BYTES

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(importer.ImportFileError, match="more cells than the 1,000,000 this import accepts"):
        services.import_batch_start(file_name="tool.xlsx", data=bomb, source=source(), actor=office)
    assert ImportBatch.objects.count() == 0


def test_a_sheet_declaring_the_whole_of_excel_is_read_as_wide_as_its_cells(office, catalogue_rows):
    """A dimension of A1:ZZ999999 (within the zip limits) no longer pads every row to it."""
    from regiekamer.tests.xlsx_bombs import rows_sheet

    content = rows_sheet([["KvK", "Naam"], ["12345678", "TNO"]], dimension="A1:ZZ999999")
    headers, rows = importer.read_table(file_name="tool.xlsx", data=content)
    assert (headers, rows) == (["KvK", "Naam"], [["12345678", "TNO"]])


def test_more_columns_than_the_import_takes_are_refused():
    header = ";".join(f"kolom {index}" for index in range(importer.MAX_COLUMNS + 1))
    with pytest.raises(importer.ImportFileError, match="more than 100 columns"):
        importer.read_table(file_name="breed.csv", data=f"{header}\nA\n".encode())


def test_the_file_is_read_and_planned_outside_the_write_transaction(office, catalogue_rows, monkeypatch):
    """Finding 3: on SQLite an open transaction holds the write lock; the upload and the plan were read
    inside one. Now no transaction of the import is open while the file is read or planned."""
    from django.db import connection

    outside = len(connection.atomic_blocks)  # the test's own transaction(s)
    depths: dict[str, list[int]] = {"read_table": [], "plan_import": []}
    for name in depths:
        original = getattr(importer, name)

        def recording(*args, _original=original, _name=name, **kwargs):
            depths[_name].append(len(connection.atomic_blocks))
            return _original(*args, **kwargs)

        monkeypatch.setattr(importer, name, recording)
    batch, plan = run(HEADER + "12345678;TNO;29;ZH;0-50;2;tno.nl;producent\n", office)
    assert plan.ok and Organisation.objects.get().name == "TNO"
    assert depths == {"read_table": [outside, outside], "plan_import": [outside]}


def _exported_register(client, user_for) -> bytes:
    from django.urls import reverse

    from accounts.testing import login_as

    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    return client.get(reverse("stakeholders:organisation-export")).content


def test_an_exported_register_imported_after_a_change_is_refused(client, user_for, office, catalogue_rows):
    """Finding 7: export (version 1), the organisation is renamed in the browser (version 2), the old file
    comes back: the row is an error naming the versions, nothing is imported, the new name stays."""
    organisation = OrganisationFactory(
        name="Coolrec", kvk_number="12345678", province=province("ZH", "Zuid-Holland")
    )
    exported = _exported_register(client, user_for)
    services.organisation_update(
        organisation=organisation, expected_version=organisation.version, actor=office, name="Coolrec BV"
    )
    batch = services.import_batch_start(
        file_name="register.xlsx", data=exported, source=source(), actor=office
    )
    column = batch.mapping["version"]  # the export's header, in the exporting person's language
    assert column in ("Version", "Versie")
    with translation.override("en"), pytest.raises(importer.ImportRejected) as rejected:
        services.import_batch_run(batch=batch, mapping=batch.mapping, dry_run=False, actor=office)
    [error] = rejected.value.errors
    assert (error.row, error.column, error.value) == (2, column, "1")
    assert error.message.startswith(
        "The organisation with KvK number 12345678 was changed after this file was exported (version 1 in "
        "the file, version 2 now)"
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Coolrec BV", 2)
    fresh = _exported_register(client, user_for)
    batch = services.import_batch_start(file_name="register.xlsx", data=fresh, source=source(), actor=office)
    assert services.import_batch_run(batch=batch, mapping=batch.mapping, dry_run=False, actor=office).ok


def test_a_change_between_the_plan_and_the_write_refuses_the_whole_import(
    office, catalogue_rows, monkeypatch
):
    """The plan is made outside the transaction; the write checks the versions again on the locked rows."""
    organisation = OrganisationFactory(name="Coolrec", kvk_number="12345678")
    other = OrganisationFactory(name="Nyrstar", kvk_number="87654321")
    text = "KvK;Naam;Versie\n12345678;Coolrec Recycling;1\n87654321;Nyrstar Budel;1\n"
    plan_import = importer.plan_import

    def plan_then_someone_edits(**kwargs):
        plan = plan_import(**kwargs)
        services.organisation_update(
            organisation=organisation, expected_version=1, actor=office, name="Coolrec BV"
        )
        return plan

    monkeypatch.setattr(importer, "plan_import", plan_then_someone_edits)
    with pytest.raises(importer.ImportRejected):
        run(text, office)
    assert dict(Organisation.objects.values_list("name", "version")) == {"Coolrec BV": 2, "Nyrstar": 1}
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.error_count) == (ImportBatch.Status.FAILED, 1)
    assert other.version == 1


def test_the_upload_reads_the_header_and_the_preview_and_the_job_reads_the_whole_file(
    office, catalogue_rows, monkeypatch, client, user_for
):
    """The web request that receives a file parses its header and PREVIEW_ROWS rows only (its cost does not
    grow with the file); the row limit is checked by the dry run or the import, a background job, which
    ends the batch failed with the limit in words."""
    from django.urls import reverse

    from accounts.testing import login_as

    monkeypatch.setattr(importer, "MAX_ROWS", services.PREVIEW_ROWS + 5)
    lines = "".join(
        f"{20_000_000 + i};Bedrijf {i};29;ZH;0-50;1;;producent\n" for i in range(services.PREVIEW_ROWS + 6)
    )
    batch = services.import_batch_start(
        file_name="lang.csv", data=(HEADER + lines).encode(), source=source(), actor=office
    )
    assert batch.mapping["name"] == "Naam"

    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    page = client.get(reverse("stakeholders:import-batch", args=[batch.pk])).content.decode()
    assert "de proefimport telt de rijen" in page
    assert page.count("Bedrijf ") == services.PREVIEW_ROWS  # the preview: the first ten rows

    from jobs.testing import run_queued_jobs

    services.import_batch_execute(batch=batch, mapping=batch.mapping, dry_run=True, actor=office)
    assert run_queued_jobs() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.failure == (
        "Het bestand heeft meer dan 15 rijen met gegevens; splits het in kleinere bestanden."
    )
    assert Organisation.objects.count() == 0


def test_the_batch_page_shows_the_rows_the_dry_run_counted(office, catalogue_rows, client, user_for):
    from django.urls import reverse

    from accounts.testing import login_as

    lines = "".join(f"{20_000_000 + i};Bedrijf {i};29;ZH;0-50;1;;producent\n" for i in range(1_234))
    batch, plan = run(HEADER + lines, office, dry_run=True)
    assert plan.total == 1_234
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    page = client.get(reverse("stakeholders:import-batch", args=[batch.pk])).content.decode()
    assert 'data-testid="batch-rows">1.234 rijen</span>' in page
