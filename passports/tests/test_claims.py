"""Conformity claims, per-material hazard and recycled content, the product group of an import, one refusal
with every problem of an imported passport, and the passports' critical content in the sweet-spot table."""

import io
import json
import re
from copy import deepcopy
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from catalogue.models import SbiCode
from materials.services import scan_create
from passports import exports, selectors, services, untp
from passports.models import Passport, PassportClaim, PassportVersion

from .conftest import MOTOR_ROWS, VALUES
from .test_pure import RECORD, credential
from .test_views import PUBLIC, pdf_text

CLAIM = {
    "topic": "environment.energy",
    "description": "Efficiency class IE4",
    "reference_kind": "standard",
    "reference_name": "IEC 60034-30-1:2014",
    "reference_id": "https://webstore.iec.ch/publication/136",
    "reference_party_name": "IEC",
    "reference_party_id": "https://www.iec.ch",
    "conformance": True,
    "assessment_date": "2026-01-10",
    "evidence_url": "https://example.org/reports/ie4.pdf",
    "evidence_name": "KEMA test report 2026-17",
}
REGULATION_CLAIM = {
    **CLAIM,
    "topic": "governance.compliance",
    "description": "No lead above the limits",
    "reference_kind": "regulation",
    "reference_name": "RoHS, Directive 2011/65/EU",
    "reference_id": "https://eur-lex.europa.eu/eli/dir/2011/65/oj",
    "reference_party_name": "European Commission",
    "reference_party_id": "https://commission.europa.eu",
    "conformance": False,
    "assessment_date": "",
    "evidence_url": "",
    "evidence_name": "",
}
DECLARED = {
    **VALUES,
    "claims": [{**CLAIM, "assessment_date": date(2026, 1, 10)}, REGULATION_CLAIM],
    "hazardous__light-rare-earth-elements": True,
    "hazardous__steel": False,
    "recycled_content__copper": 0.4,
}


# --- pure: the UNTP claim and the import's one list of problems -------------------------------------------
@pytest.mark.parametrize("restricted", [False, True])
def test_claims_are_written_as_untp_conformity_claims_that_validate(restricted):
    document = credential({**RECORD, "claims": [CLAIM, REGULATION_CLAIM]}, restricted=restricted)
    assert untp.schema_problems(document) == []
    standard, regulation = document["credentialSubject"]["conformityClaim"]
    assert standard == {
        "type": ["Claim", "Declaration"],
        "id": "urn:uuid:8d6e4f5a-0000-4000-8000-000000000001#claim-1",
        "conformityTopic": "environment.energy",
        "conformance": True,
        "description": "Efficiency class IE4",
        "assessmentDate": "2026-01-10",
        "referenceStandard": {
            "type": ["Standard"],
            "name": "IEC 60034-30-1:2014",
            "issuingParty": {"id": "https://www.iec.ch", "name": "IEC"},
            "id": "https://webstore.iec.ch/publication/136",
        },
        "conformityEvidence": {
            "type": ["SecureLink", "Link"],
            "linkURL": "https://example.org/reports/ie4.pdf",
            "linkName": "KEMA test report 2026-17",
        },
    }
    assert regulation["conformance"] is False
    assert regulation["referenceRegulation"]["administeredBy"]["name"] == "European Commission"
    assert "conformityEvidence" not in regulation and "assessmentDate" not in regulation


def test_claims_read_back_from_an_imported_credential():
    data, problems = untp.from_credential(
        credential({**RECORD, "claims": [CLAIM, REGULATION_CLAIM]}, restricted=True)
    )
    assert problems == []
    assert data["claims"] == [CLAIM, REGULATION_CLAIM]


def test_a_supplier_claim_with_only_what_untp_requires_is_read():
    document = credential(restricted=True)
    document["credentialSubject"]["conformityClaim"] = [
        {
            "type": ["Claim", "Declaration"],
            "id": "https://supplier.example/claims/1",
            "conformityTopic": "circularity.design",
            "conformance": True,
        }
    ]
    data, problems = untp.from_credential(document)
    assert problems == []
    assert data["claims"] == [
        {
            "topic": "circularity.design",
            "description": "",
            "reference_kind": "",
            "reference_name": "",
            "reference_id": "",
            "reference_party_name": "",
            "reference_party_id": "",
            "conformance": True,
            "assessment_date": "",
            "evidence_url": "",
            "evidence_name": "",
        }
    ]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"topic": "circularity.magic"}, "topic"),
        ({"conformance": None}, "conformance"),
        ({"reference_kind": ""}, "reference_kind"),
        ({"reference_party_id": "IEC Geneva"}, "reference_party_id"),
        ({"reference_id": "not a uri"}, "reference_id"),
        ({"assessment_date": "10-01-2026"}, "assessment_date"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),  # linked on the public page
        ({"evidence_url": "", "evidence_name": "A report"}, "evidence_url"),
        ({"description": "", "reference_name": ""}, "description"),
    ],
)
def test_a_bad_claim_is_refused_naming_its_field(change, field):
    keys = [key for key, _message in untp.check_claims([CLAIM, {**CLAIM, **change}])]
    assert f"claims.1.{field}" in keys
    assert all(key.startswith("claims.1.") for key in keys)


def test_an_import_reports_schema_and_rule_problems_together():
    # given a credential that breaks the schema (issuer.id no URI, hazardous not a boolean) and the rules
    # (GTIN check digit, fractions adding up to 1.3, a recycled content of 150 %, a footprint without unit)
    document = deepcopy(credential(restricted=True))
    subject = document["credentialSubject"]
    document["issuer"]["id"] = "not a uri"
    subject["product"]["registeredId"] = "09506000134353"
    subject["materialsProvenance"][0]["massFraction"] = 0.96875  # + 0.3125 + 0.01875 = 1.3
    subject["materialsProvenance"][1]["hazardous"] = "yes"
    subject["circularityScorecard"]["recycledContent"] = 1.5
    del subject["emissionsScorecard"]["declaredUnit"]

    # when
    _data, problems = untp.from_credential(document)

    # then every problem is named at once, each at its JSON path, the schema's and the rules'
    paths = [path for path, _message in problems]
    for path in (
        "$.issuer.id",
        "$.credentialSubject.materialsProvenance[1].hazardous",
        "$.credentialSubject.product.registeredId",
        "$.credentialSubject.materialsProvenance",
        "$.credentialSubject.circularityScorecard.recycledContent",
        "$.credentialSubject.emissionsScorecard.declaredUnit",
    ):
        assert path in paths, path
    # and a place the schema names is not named a second time by a rule
    assert len(paths) == len(set(paths))


def test_a_recycled_mass_fraction_above_one_is_named_on_its_material():
    document = deepcopy(credential(restricted=True))
    document["credentialSubject"]["materialsProvenance"][2]["recycledMassFraction"] = 1.2
    paths = [path for path, _message in untp.from_credential(document)[1]]
    assert paths == ["$.credentialSubject.materialsProvenance[2].recycledMassFraction"]


@pytest.mark.parametrize(
    "categories, codes",
    [
        ([untp.category("27", "27", "Elektrische apparatuur")], ["27"]),
        (
            [
                {
                    "type": ["Classification"],
                    "id": "https://x.example/nace/C27.1",
                    "code": "C27.1",
                    "name": "Motors",
                    "schemeName": "NACE Rev. 2",
                }
            ],
            ["271"],
        ),
        (
            [
                {
                    "type": ["Classification"],
                    "id": "https://unstats.un.org/cpc/46410",
                    "code": "46410",
                    "name": "Batteries",
                    "schemeID": "https://unstats.un.org/unsd/classifications/Econ/cpc/",
                }
            ],
            [],
        ),
    ],
)
def test_product_categories_map_to_sbi_codes(categories, codes):
    assert untp.category_codes(categories) == codes


# --- services ----------------------------------------------------------------------------------------------
@pytest.fixture
def declared_passport(supplier, motor_scan):
    return services.passport_issue(actor=supplier, scan=motor_scan, pilot="electric_motor", values=DECLARED)


def test_issue_keeps_claims_per_version_and_material_declarations(supplier, declared_passport):
    version = declared_passport.versions.get()
    claims = list(PassportClaim.objects.filter(version=version))
    assert [(claim.position, claim.reference_name, claim.conformance) for claim in claims] == [
        (1, "IEC 60034-30-1:2014", True),
        (2, "RoHS, Directive 2011/65/EU", False),
    ]
    assert claims[0].assessment_date == date(2026, 1, 10) and claims[1].assessment_date is None
    by_code = {item["code"]: item for item in version.record["composition"]}
    assert by_code["light-rare-earth-elements"]["hazardous"] is True
    assert by_code["steel"]["hazardous"] is False
    assert by_code["copper"]["hazardous"] is None
    assert by_code["copper"]["recycled_fraction"] == 0.4
    # a new version without the RoHS claim: the first version keeps both
    services.passport_revise(
        actor=supplier,
        passport=declared_passport,
        expected_version=declared_passport.version,
        values={**DECLARED, "claims": [CLAIM]},
    )
    counts = {
        number: PassportClaim.objects.filter(
            version__passport=declared_passport, version__number=number
        ).count()
        for number in (1, 2)
    }
    assert counts == {1: 2, 2: 1}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"recycled_content__copper": 1.01}, "recycled_content__copper"),
        ({"claims": [{**CLAIM, "reference_party_id": "IEC"}]}, "claims.0.reference_party_id"),
        ({"claims": [{**CLAIM, "conformance": None}]}, "claims.0.conformance"),
    ],
)
def test_bad_declarations_are_refused_naming_the_field_and_nothing_is_saved(
    supplier, motor_scan, change, field
):
    with pytest.raises(ValidationError) as refused:
        services.passport_issue(
            actor=supplier, scan=motor_scan, pilot="electric_motor", values={**DECLARED, **change}
        )
    assert list(refused.value.message_dict) == [field]
    assert Passport.objects.count() == PassportVersion.objects.count() == PassportClaim.objects.count() == 0


def test_the_credential_carries_claims_and_material_declarations_by_tier(declared_passport):
    version = declared_passport.versions.get()
    base = "https://regiekamer.example"
    public = exports.credential(declared_passport, version, base=base, restricted=False)
    whole = exports.credential(declared_passport, version, base=base, restricted=True)
    for document in (public, whole):
        assert untp.schema_problems(document) == []
        assert [
            c["referenceStandard" if i == 0 else "referenceRegulation"]["name"]
            for i, c in enumerate(document["credentialSubject"]["conformityClaim"])
        ] == [
            "IEC 60034-30-1:2014",
            "RoHS, Directive 2011/65/EU",
        ]
    materials = {m["materialType"]["code"]: m for m in public["credentialSubject"]["materialsProvenance"]}
    assert materials["light-rare-earth-elements"]["hazardous"] is True
    assert "hazardous" not in materials["copper"]
    assert "recycledMassFraction" not in json.dumps(public)  # restricted, like the mass fractions
    materials = {m["materialType"]["code"]: m for m in whole["credentialSubject"]["materialsProvenance"]}
    assert materials["copper"]["recycledMassFraction"] == 0.4


def _upload(document):
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "passport.jsonld"
    return upload


def _supplier_document(passport, batch):
    version = passport.versions.get()
    document = exports.credential(passport, version, base="https://supplier.example", restricted=True)
    document["credentialSubject"]["product"]["batchNumber"] = batch
    return document


def test_an_import_is_refused_with_every_problem_at_once_and_saves_nothing(supplier, declared_passport):
    document = _supplier_document(declared_passport, "B1")  # the link is taken: the passport exists
    subject = document["credentialSubject"]
    document["issuer"]["id"] = "not a uri"  # schema
    subject["materialsProvenance"][0]["name"] = "Unobtainium"  # catalogue
    subject["materialsProvenance"][1]["massFraction"] = 0.9  # sum
    subject["conformityClaim"][0]["referenceStandard"]["issuingParty"]["id"] = "IEC"  # schema (format uri)
    subject["conformityClaim"][1]["conformityTopic"] = "circularity.magic"  # schema (enum)
    before = (Passport.objects.count(), PassportVersion.objects.count(), PassportClaim.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.passport_import(actor=supplier, document=document)
    paths = set(refused.value.message_dict)
    assert {
        "$.issuer.id",
        "$.credentialSubject.materialsProvenance[0].name",
        "$.credentialSubject.materialsProvenance",
        "$.credentialSubject.conformityClaim[0].referenceStandard.issuingParty.id",
        "$.credentialSubject.conformityClaim[1].conformityTopic",
        "$.credentialSubject.product.registeredId",
    } <= paths
    after = (Passport.objects.count(), PassportVersion.objects.count(), PassportClaim.objects.count())
    assert after == before


def test_an_import_takes_the_product_group_from_its_category_or_the_importer(supplier, motor_scan):
    electrical = scan_create(
        actor=supplier, title="Motor scan 27", rows=MOTOR_ROWS, sbi=SbiCode.objects.get(code="27")
    )
    issued = services.passport_issue(actor=supplier, scan=electrical, pilot="electric_motor", values=DECLARED)
    document = _supplier_document(issued, "I1")
    assert document["credentialSubject"]["product"]["productCategory"][0]["code"] == "27"
    imported = services.passport_import(actor=make_user(Role.APPLICANT, "buyer"), document=document)
    assert imported.sbi.code == "27"
    # the claims and the material declarations come along
    version = imported.versions.get()
    assert [claim.reference_name for claim in version.claims.all()] == [
        "IEC 60034-30-1:2014",
        "RoHS, Directive 2011/65/EU",
    ]
    by_code = {item["code"]: item for item in version.record["composition"]}
    assert by_code["copper"]["recycled_fraction"] == 0.4
    assert by_code["light-rare-earth-elements"]["hazardous"] is True
    # without a category the importer's choice counts
    document = _supplier_document(issued, "I2")
    del document["credentialSubject"]["product"]["productCategory"]
    machines = SbiCode.objects.get(code="28")
    chosen = services.passport_import(actor=supplier, document=document, sbi=machines)
    assert chosen.sbi == machines
    groups = {(row["sbi__code"], row["pilot"]): row["passports"] for row in selectors.per_group_and_pilot()}
    assert groups[("27", "electric_motor")] == 2 and groups[("28", "electric_motor")] == 1


# --- pages and files ---------------------------------------------------------------------------------------
FORM = {
    **{key: value for key, value in VALUES.items() if not key.startswith("supplier")},
    "recycled_content": "25",
    "recyclable_content": "80",
    "carbon_primary_ratio": "50",
    "hazardous__light-rare-earth-elements": "yes",
    "recycled_content__copper": "40",
    "claims-TOTAL_FORMS": "2",
    "claims-INITIAL_FORMS": "0",
    **{f"claims-0-{key}": value for key, value in CLAIM.items() if key != "conformance"},
    "claims-0-conformance": "yes",
    "claims-0-assessment_date": "2026-01-10",
}


def test_the_issue_form_takes_more_claims_than_it_offered_and_carries_the_empty_claim_to_add(
    client, supplier, motor_scan
):
    """The form offers two empty claims; "Claim toevoegen" (app.js) copies the empty claim it carries and
    counts it in claims-TOTAL_FORMS, and the passport is issued with every claim sent."""
    client.force_login(supplier)
    url = f"/passports/new/?scan={motor_scan.pk}&pilot=electric_motor"
    page = client.get(url).content.decode()
    template = re.search(r'<template data-rows-new="claims">(.*?)</template>', page, re.S).group(1)
    assert 'name="claims-__prefix__-topic"' in template and "Claim __number__" in template
    assert re.search(r'<button[^>]*data-rows-add="claims"[^>]*hidden>Claim toevoegen</button>', page)
    names = ["IEC 60034-30-1:2014", "RoHS 2011/65/EU", "Verordening (EU) 2019/1781"]
    claims = {
        f"claims-{index}-{key}": value
        for index, name in enumerate(names)
        for key, value in {**CLAIM, "reference_name": name, "conformance": "yes"}.items()
    }
    response = client.post(url, {**FORM, **claims, "claims-TOTAL_FORMS": "3"})
    assert response.status_code == 302
    version = Passport.objects.get().versions.get()
    assert sorted(claim.reference_name for claim in version.claims.all()) == sorted(names)


def test_the_issue_form_takes_claims_and_material_declarations_and_names_a_bad_cell(
    client, supplier, motor_scan
):
    client.force_login(supplier)
    url = f"/passports/new/?scan={motor_scan.pk}&pilot=electric_motor"
    page = client.get(url).content.decode()
    assert 'name="recycled_content__copper"' in page and 'name="claims-1-topic"' in page
    # a recycled content of 140 % and a claim whose issuer has no URI: both named at their input
    response = client.post(
        url, {**FORM, "recycled_content__copper": "140", "claims-0-reference_party_id": "IEC"}
    )
    assert response.status_code == 200 and Passport.objects.count() == 0
    entry = response.context["entry"]
    assert list(entry.materials_form.errors) == ["recycled_content__copper"]
    assert list(entry.formsets["claims"].forms[0].errors) == ["reference_party_id"]
    # corrected, it is issued; the second, empty claim row is left out
    response = client.post(url, FORM)
    passport = Passport.objects.get()
    assert response.status_code == 302
    version = passport.versions.get()
    assert [claim.reference_name for claim in version.claims.all()] == ["IEC 60034-30-1:2014"]
    by_code = {item["code"]: item for item in version.record["composition"]}
    assert by_code["copper"]["recycled_fraction"] == 0.4
    assert by_code["light-rare-earth-elements"]["hazardous"] is True
    # the revision form starts from them, and ticking "remove" drops the claim from the new version
    revise = f"/passports/{passport.pk}/edit/"
    entry = client.get(revise).context["entry"]
    assert entry.formsets["claims"].forms[0].initial["reference_name"] == "IEC 60034-30-1:2014"
    assert entry.materials_form.initial["recycled_content__copper"] == 40
    response = client.post(
        revise,
        {**FORM, "version": passport.version, "claims-INITIAL_FORMS": "1", "claims-0-DELETE": "on"},
    )
    assert response.status_code == 302
    assert passport.versions.get(number=2).claims.count() == 0
    assert passport.versions.get(number=1).claims.count() == 1


def test_claims_and_hazards_show_on_the_public_page_pdf_and_programme_workbook(client, declared_passport):
    html = client.get(PUBLIC).content.decode()
    assert "IEC 60034-30-1:2014 (norm), uitgegeven door IEC" in html
    assert "Milieu: energie" in html and "10 januari 2026" in html
    assert 'href="https://example.org/reports/ie4.pdf"' in html
    assert "40,0 %" not in html  # recycled content per material is restricted
    text = pdf_text(client.get(PUBLIC + "?format=pdf").content)
    assert "IEC 60034-30-1:2014" in text and "RoHS" in text
    client.force_login(make_user(Role.PROGRAMME_OFFICE, "office"))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/passports/programme/passports.xlsx").content))
    assert workbook.sheetnames == ["Materiaalpaspoorten", "Conformiteitsclaims"]
    rows = list(workbook["Conformiteitsclaims"].iter_rows(values_only=True))
    assert rows[1][5:10] == ("Milieu: energie", "Efficiency class IE4", "IEC 60034-30-1:2014", "IEC", "ja")
    assert rows[2][9] == "nee"


def test_the_sweet_spot_table_shows_the_critical_content_the_passports_declare(client, catalogue, supplier):
    # given two active motors in SBI 27 (5 kg copper and 0.3 kg light rare earths each, conftest) and an
    # industry figure for 27, so the division is a row of the scoping table
    from catalogue.models import IndustryFigure
    from materials.tests.factories import industry_figure

    group = SbiCode.objects.get(code="27")
    if not IndustryFigure.objects.filter(
        sbi=group, breakdown=IndustryFigure.Breakdown.PRODUCT_GROUP
    ).exists():
        industry_figure(group, co2_impact=-100, value_impact=100, flows=1000)
    scan = scan_create(actor=supplier, title="Motor scan 27", rows=MOTOR_ROWS, sbi=group)
    for batch in ("S1", "S2"):
        services.passport_issue(
            actor=supplier, scan=scan, pilot="electric_motor", values={**VALUES, "batch": batch}
        )
    client.force_login(make_user(Role.PROGRAMME_OFFICE, "office"))

    # when
    response = client.get(reverse("materials:sweet-spots"))

    # then the row of division 27 lists them, summed, in Dutch
    entry = next(entry for entry in response.context["table"] if entry["row"].item.sbi == "27")
    ((template, declared),) = entry["parts"]  # the part passports registers in materials.extensions
    assert template == "passports/_sweet_spot_content.html"
    assert [(item["code"], round(item["kg"], 6), item["passports"]) for item in declared] == [
        ("copper", 10.0, 2),
        ("light-rare-earth-elements", 0.6, 2),
    ]
    page = response.content.decode()
    assert "Kritieke grondstoffen in materiaalpaspoorten" in page
    assert "0,6 kg (2 paspoorten)" in page
