"""Pages and files: the access tiers (a restricted value never reaches the public page, the public JSON-LD or
the public PDF), issuing from the form, the import refused with JSON paths, the programme overview."""

import io
import json

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.testing import make_user
from passports import exports, services, untp
from passports.models import Passport

from .conftest import VALUES

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
