"""Pages and files: the access tiers (a restricted value never reaches the public page, the public JSON-LD or
the public PDF), issuing from the form, the import refused with JSON paths, the programme overview."""

import io
import json
from datetime import UTC

import openpyxl
import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.testing import make_user
from catalogue.models import SbiCode
from materials.services import scan_create
from passports import exports, selectors, services, untp
from passports.models import Passport

from .conftest import MOTOR_ROWS, VALUES

PUBLIC = "/01/09506000134352/10/B1"
SECRETS = ("SECRET-SUPPLIER", "987", "Winding")  # supplier facility, magnet mass, a component


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return " ".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture
def public_files(client, passport):
    html = client.get(PUBLIC).content.decode()
    jsonld = client.get(PUBLIC + "?format=jsonld")
    pdf = client.get(PUBLIC + "?format=pdf")
    return html, jsonld, pdf


def test_anonymous_reads_the_public_part_only(public_files):
    html, jsonld, pdf = public_files
    assert "Test motor" in html and "NdFeB" in html and "Replace the bearings." in html
    assert jsonld["Content-Type"] == "application/ld+json"
    document = json.loads(jsonld.content)
    assert untp.schema_problems(document) == []
    assert document["credentialSubject"]["product"]["id"].endswith(PUBLIC)
    text = pdf_text(pdf.content)
    assert "Test motor" in text
    assert len(pypdfium2.PdfDocument(pdf.content)) == 1  # one page per passport
    for secret in SECRETS:
        assert secret not in html
        assert secret not in jsonld.content.decode()
        assert secret not in text
    assert "massFraction" not in jsonld.content.decode()


def test_the_issuer_reads_the_restricted_part_in_page_json_ld_and_pdf(client, supplier, passport):
    client.force_login(supplier)
    html = client.get(f"/passports/{passport.pk}/").content.decode()
    document = client.get(f"/passports/{passport.pk}/passport.jsonld").content.decode()
    text = pdf_text(client.get(f"/passports/{passport.pk}/passport.pdf").content)
    for content in (html, document, text):
        assert "SECRET-SUPPLIER" in content
    assert "987" in html and "Winding" in html
    assert untp.schema_problems(json.loads(document)) == []


def test_another_company_is_refused_until_the_issuer_names_it(client, supplier, passport):
    recycler = make_user(Role.APPLICANT, "recycler")
    client.force_login(recycler)
    assert client.get(f"/passports/{passport.pk}/").status_code == 404
    services.passport_grant_access(actor=supplier, passport=passport, username="recycler", kind="recycler")
    assert "SECRET-SUPPLIER" in client.get(f"/passports/{passport.pk}/").content.decode()


def test_a_withdrawn_passport_says_so_on_its_public_page_and_its_credential_expires(
    client, supplier, passport
):
    assert "validUntil" not in json.loads(client.get(PUBLIC + "?format=jsonld").content)
    assert 'data-testid="withdrawn"' not in client.get(PUBLIC).content.decode()
    services.passport_withdraw(
        actor=supplier, passport=passport, expected_version=passport.version, reason="Recalled: wrong magnet"
    )
    passport.refresh_from_db()
    page = client.get(PUBLIC).content.decode()
    assert 'data-testid="withdrawn"' in page and "Recalled: wrong magnet" in page
    withdrawn_at = passport.withdrawn_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    public = json.loads(client.get(PUBLIC + "?format=jsonld").content)
    client.force_login(supplier)
    whole = json.loads(client.get(f"/passports/{passport.pk}/passport.jsonld").content)
    for document in (public, whole):
        assert document["validUntil"] == withdrawn_at
        assert document["validFrom"] <= document["validUntil"]
        assert untp.schema_problems(document) == []


def test_qr_codes_carry_the_digital_link(client, supplier, passport):
    client.force_login(supplier)
    svg = client.get(f"/passports/{passport.pk}/qr.svg")
    png = client.get(f"/passports/{passport.pk}/qr.png")
    # no QR decoder is installed: the codes must be those of the passport's GS1 Digital Link on this host
    link = "http://testserver" + PUBLIC
    assert svg["Content-Type"] == "image/svg+xml" and svg.content == exports.qr_svg(link)
    assert png["Content-Type"] == "image/png" and png.content == exports.qr_png(link)
    assert svg.content != exports.qr_svg("http://testserver/01/09506000134352/10/B2")


def test_issue_form_refuses_a_wrong_check_digit_and_saves_nothing(client, supplier, motor_scan):
    client.force_login(supplier)
    url = f"/passports/new/?scan={motor_scan.pk}&pilot=electric_motor"
    form = {
        **VALUES,
        "gtin": "09506000134353",
        "recycled_content": "25",
        "recyclable_content": "80",
        "carbon_primary_ratio": "50",
        "supplier_facilities": "",
        "claims-TOTAL_FORMS": "0",  # the form's table of conformity claims, sent empty
        "claims-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert (
        "het controlecijfer" in response.content.decode().lower()
        or "check digit" in response.content.decode()
    )
    assert Passport.objects.count() == 0
    response = client.post(url, {**form, "gtin": "09506000134352"})
    passport = Passport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/passports/{passport.pk}/"
    # percentages typed in the form are stored as fractions
    assert passport.versions.get().record["declared"]["recycled_content"] == 0.25


def test_import_refuses_a_bad_passport_with_json_paths_and_saves_nothing(client, supplier, passport):
    client.force_login(supplier)
    document = json.loads(client.get(f"/passports/{passport.pk}/passport.jsonld").content)
    document["credentialSubject"]["product"]["batchNumber"] = "B2"
    document["credentialSubject"]["circularityScorecard"]["recycledContent"] = 1.5
    document["credentialSubject"]["materialsProvenance"][0]["massFraction"] = 0.1
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "passport.jsonld"
    response = client.post("/passports/import/", {"file": upload})
    page = response.content.decode()
    assert "$.credentialSubject.circularityScorecard.recycledContent" in page
    assert "$.credentialSubject.materialsProvenance" in page
    assert Passport.objects.count() == 1
    document["credentialSubject"]["circularityScorecard"]["recycledContent"] = 0.3
    document["credentialSubject"]["materialsProvenance"][0]["massFraction"] = 10.7 / 16
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "passport.jsonld"
    response = client.post("/passports/import/", {"file": upload})
    imported = Passport.objects.get(batch="B2")
    assert response.status_code == 302 and imported.origin == "import"
    record = imported.versions.get().record
    assert record["composition_source"] == "declared"
    # criticality is computed from the declared material names
    assert {item["code"]: item["critical"] for item in record["composition"]}["light-rare-earth-elements"]


def _issue(supplier, scan, batch, pilot="electric_motor"):
    return services.passport_issue(actor=supplier, scan=scan, pilot=pilot, values={**VALUES, "batch": batch})


def test_programme_page_shows_completeness_per_pilot_in_a_fixed_number_of_queries(
    client, supplier, motor_scan
):
    office = make_user(Role.PROGRAMME_OFFICE, "office")
    client.force_login(office)
    _issue(supplier, motor_scan, "P1")
    with CaptureQueriesContext(connection) as small:
        client.get("/passports/programme/")
    for batch in ("P2", "P3", "P4"):
        _issue(supplier, motor_scan, batch, pilot="machine_building")
    with CaptureQueriesContext(connection) as grown:
        response = client.get("/passports/programme/")
    assert len(small) == len(grown)
    page = response.content.decode()
    # pilot means by hand: the motor 16 of 16 fields (the copper mass computed from the scan); the machines
    # 11 of 14 (none of the three machine fields declared) → 79 %
    assert "100 %" in page and "79 %" in page
    assert client.get("/passports/programme/passports.xlsx").status_code == 200


def test_passport_list_reads_a_fixed_number_of_queries(client, supplier, motor_scan):
    client.force_login(supplier)
    _issue(supplier, motor_scan, "L1")
    with CaptureQueriesContext(connection) as small:
        client.get("/passports/")
    for batch in ("L2", "L3", "L4"):
        _issue(supplier, motor_scan, batch)
    with CaptureQueriesContext(connection) as grown:
        page = client.get("/passports/").content.decode()
    assert len(small) == len(grown)
    for passport in Passport.objects.all():
        assert f'href="/passports/{passport.pk}/"' in page


def test_programme_export_and_critical_content_per_group(client, supplier, motor_scan):
    # given three motors and a machine, all of the conftest motor's materials (copper 5 kg and light rare
    # earths 0.3 kg are critical; steel 10.7 kg is not); one motor withdrawn, one from a scan in SBI 27
    _issue(supplier, motor_scan, "X1")
    _issue(supplier, motor_scan, "X2", pilot="machine_building")
    withdrawn = _issue(supplier, motor_scan, "X3")
    services.passport_withdraw(
        actor=supplier, passport=withdrawn, expected_version=withdrawn.version, reason="Recalled"
    )
    electrical = scan_create(
        actor=supplier, title="Motor scan 27", rows=MOTOR_ROWS, sbi=SbiCode.objects.get(code="27")
    )
    services.passport_issue(
        actor=supplier, scan=electrical, pilot="electric_motor", values={**VALUES, "batch": "X4"}
    )
    client.force_login(make_user(Role.PROGRAMME_OFFICE, "office"))

    # when
    response = client.get("/passports/programme/passports.xlsx")
    critical = selectors.critical_content_per_group()

    # then the sheet has one row per passport, by pilot, product and age (Dutch, the site's first language)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Materiaalpaspoorten"
    assert rows[0] == [
        "Product",
        "Pilot",
        "Productgroep (SBI)",
        "GTIN",
        "Partij",
        "Serienummer",
        "Status",
        "Versie",
        "Volledigheid",
    ]
    gtin = "09506000134352"
    group_27 = "27 Vervaardiging van elektrische apparatuur"
    assert rows[1:] == [
        ["Test motor", "Elektromotoren", "", gtin, "X1", "", "geldig", 1, 1],
        ["Test motor", "Elektromotoren", "", gtin, "X3", "", "ingetrokken", 1, 1],
        ["Test motor", "Elektromotoren", group_27, gtin, "X4", "", "geldig", 1, 1],
        # 11 of 14 fields: none of the three machine fields declared
        ["Test motor", "Machinebouw", "", gtin, "X2", "", "geldig", 1, 0.7857],
    ]
    # and the critical content counts the active passports only: without a group X1 and X2, in SBI 27 X4
    figures = {
        (row["passport__sbi__code"], row["material__code"]): (round(row["kg"], 6), row["passports"])
        for row in critical
    }
    assert figures == {
        (None, "copper"): (10.0, 2),
        (None, "light-rare-earth-elements"): (0.6, 2),
        ("27", "copper"): (5.0, 1),
        ("27", "light-rare-earth-elements"): (0.3, 1),
    }
