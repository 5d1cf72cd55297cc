"""Pure modules: GS1 identifiers, the passport rules, the UNTP credential and the AASX package (no
database)."""

import io
import json
from copy import deepcopy

import pytest

from passports import aas, gs1, pilots, record, untp

# A record as the service stores it (passports.record): an electric motor of 16 kg, by hand.
RECORD = {
    "pilot": "electric_motor",
    "product": {
        "name": "Motor",
        "description": "A motor",
        "gtin": "09506000134352",
        "batch": "B1",
        "serial": "",
        "production_date": "2026-01-15",
        "country": "NL",
    },
    "operator": {"name": "Maker B.V.", "id": "https://example.org/kvk/1"},
    "facility": {"name": "Plant", "id": "https://example.org/facility/1"},
    "supplier_facilities": [{"name": "SECRET-SUPPLIER", "id": "https://example.org/facility/secret"}],
    "declared": {
        "recycled_content": 0.25,
        "recyclable_content": 0.8,
        "lifetime_years": 20,
        "lifetime_industry_years": 10,
        "carbon": {"value": 120, "unit": "EA", "scope": "CradleToGate", "primary_ratio": 0.5},
        "repair": {"R4": "Replace the bearings."},
    },
    "pilot_fields": {"efficiency_class": "IE4", "magnet_material": "NdFeB", "magnet_mass_kg": 987.654},
    "composition": [
        {
            "code": "steel",
            "name": "Steel",
            "kg": 10.7,
            "mass_fraction": 0.66875,
            "critical": False,
            "strategic": False,
            "band": "unknown",
        },
        {
            "code": "copper",
            "name": "Copper",
            "kg": 5.0,
            "mass_fraction": 0.3125,
            "critical": False,
            "strategic": True,
            "band": "medium",
        },
        {
            "code": "light-rare-earth-elements",
            "name": "Light rare earth elements",
            "kg": 0.3,
            "mass_fraction": 0.01875,
            "critical": True,
            "strategic": True,
            "band": "high",
        },
    ],
    "composition_source": "computed",
    "components": [
        {"product": "Motor", "component": "SECRET-COMPONENT", "part_of": "", "material": "Copper", "kg": 5.0}
    ],
    "computed": {
        "total_kg": 16.0,
        "critical_kg": 0.3,
        "mci": 0.78625,
        "utility_factor": 0.45,
        "release": "x",
    },
}


def credential(data=RECORD, restricted=False):
    return untp.to_credential(
        data,
        product_uri="https://regiekamer.example/01/09506000134352/10/B1",
        credential_id="urn:uuid:8d6e4f5a-0000-4000-8000-000000000001",
        valid_from="2026-01-15T10:00:00Z",
        material_uri="https://regiekamer.example/materials/",
        restricted=restricted,
    )


# --- GS1 ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, digit",
    [
        ("0950600013435", 2),  # GS1 Digital Link standard's example GTIN 09506000134352
        ("400638133393", 1),  # GTIN-13 4006381333931 (GS1 General Specifications check-digit example)
        ("629104150021", 3),  # GTIN-13 6291041500213 (GS1 check digit calculator example)
    ],
)
def test_check_digit(body, digit):
    assert gs1.check_digit(body) == digit


def test_a_wrong_check_digit_is_refused_and_the_right_one_named():
    with pytest.raises(gs1.Gs1Error) as refused:
        gs1.normalise_gtin("09506000134353")
    assert refused.value.field == "gtin"
    assert "2" in str(refused.value.message)


def test_gtin_13_is_written_with_14_digits():
    assert gs1.normalise_gtin("4006381333931") == "04006381333931"


@pytest.mark.parametrize(
    "path, granularity",
    [
        ("/01/09506000134352", "model"),
        ("/01/09506000134352/10/AB-12", "batch"),
        ("/01/09506000134352/21/12345", "item"),
        ("/01/09506000134352/10/AB-12/21/12345", "item"),
    ],
)
def test_digital_link_paths_round_trip(path, granularity):
    link = gs1.parse_path(path)
    assert link.path == path and link.granularity == granularity


@pytest.mark.parametrize("path", ["/02/09506000134352", "/01/09506000134352/21/1/10/2", "/01/123"])
def test_bad_digital_link_paths(path):
    with pytest.raises(gs1.Gs1Error):
        gs1.parse_path(path)


def test_batch_with_a_space_is_refused():
    with pytest.raises(gs1.Gs1Error) as refused:
        gs1.DigitalLink.of("09506000134352", "A 1")
    assert refused.value.field == "batch"


@pytest.mark.parametrize("batch, serial, field", [("A/1", "", "batch"), ("A1", "7/8", "serial")])
def test_a_slash_in_batch_or_serial_is_refused_naming_the_field(batch, serial, field):
    # a web server decodes %2F before routing, so the public page of such a passport could not be found
    with pytest.raises(gs1.Gs1Error) as refused:
        gs1.DigitalLink.of("09506000134352", batch, serial)
    assert refused.value.field == field
    assert str(refused.value.message).startswith(f"A {field} number cannot contain '/'")


# --- passport rules ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "change, key",
    [
        ({"recycled_content": 1.01}, "recycled_content"),
        ({"recyclable_content": -0.1}, "recyclable_content"),
        ({"carbon": {"value": 5, "unit": None, "scope": "CradleToGate", "primary_ratio": 1}}, "carbon.unit"),
        ({"carbon": {"value": 5, "unit": "EA", "scope": None, "primary_ratio": 1}}, "carbon.scope"),
        ({"lifetime_years": 0}, "lifetime_years"),
        ({"repair": {"R1": "Rethink"}}, "repair"),
    ],
)
def test_declared_rules(change, key):
    declared = {**RECORD["declared"], **change}
    assert key in [problem[0] for problem in record.check_declared(declared)]


def test_the_example_record_breaks_no_rule():
    assert record.check_declared(RECORD["declared"]) == []
    assert record.check_composition(RECORD["composition"]) == []


@pytest.mark.parametrize("fractions, ok", [((0.5, 0.495), True), ((0.5, 0.51), True), ((0.5, 0.48), False)])
def test_mass_fractions_add_up_to_one_within_a_hundredth(fractions, ok):
    composition = [{"mass_fraction": value} for value in fractions]
    assert (record.check_composition(composition) == []) is ok


def test_completeness_counts_the_common_and_the_pilot_fields():
    result = pilots.completeness(RECORD)
    # 11 common fields, all filled; motor template 5 fields: 3 declared, the copper mass computed (copper is
    # in the composition), the rated power empty
    assert (result.filled, result.total) == (15, 16)
    assert set(result.missing) == {"Rated power"}


# --- UNTP -------------------------------------------------------------------------------------------------
def test_vendored_schema_is_release_0_6_1():
    schema = untp.schema()
    context = schema["properties"]["@context"]["prefixItems"][1]["const"]
    assert context == "https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/"


@pytest.mark.parametrize("restricted", [False, True])
def test_credentials_validate_against_the_schema(restricted):
    assert untp.schema_problems(credential(restricted=restricted)) == []


def test_the_public_credential_holds_no_restricted_value():
    text = json.dumps(credential(restricted=False))
    for secret in ("SECRET-SUPPLIER", "SECRET-COMPONENT", "987.654", "massFraction", "0.3125"):
        assert secret not in text
    whole = json.dumps(credential(restricted=True))
    for secret in ("SECRET-SUPPLIER", "SECRET-COMPONENT", "987.654", "massFraction"):
        assert secret in whole


@pytest.mark.parametrize(
    "text, ok",
    [
        ("https://example.org/kvk/1", True),
        ("urn:uuid:8d6e4f5a-0000-4000-8000-000000000001", True),
        ("did:web:example.org", True),
        ("https://example.org/a%20b", True),
        ("not a uri", False),  # no scheme, spaces
        ("example.org/kvk/1", False),  # no scheme
        ("https://example.org/a b", False),
        ("https://example.org/café", False),  # an IRI, not a URI
        ("https://example.org/%zz", False),
        ("http://[::1/", False),
        ("https:", False),
    ],
)
def test_uri_format(text, ok):
    assert untp.is_uri(text) is ok


def test_the_schema_refuses_an_issuer_id_that_is_no_uri_naming_its_json_path():
    problems = _broken(lambda d: d["issuer"].update(id="not a uri"))
    assert [path for path, _message in problems] == ["$.issuer.id"]
    assert str(problems[0][1]) == "“not a uri” is not a valid URI."


def test_a_withdrawn_passport_is_valid_until_its_withdrawal():
    document = untp.to_credential(
        RECORD,
        product_uri="https://regiekamer.example/01/09506000134352/10/B1",
        credential_id="urn:uuid:8d6e4f5a-0000-4000-8000-000000000001",
        valid_from="2026-01-15T10:00:00Z",
        material_uri="https://regiekamer.example/materials/",
        restricted=False,
        valid_until="2026-03-01T08:30:00Z",
    )
    assert document["validUntil"] == "2026-03-01T08:30:00Z"
    assert untp.schema_problems(document) == []
    assert "validUntil" not in credential()


def test_the_mci_maps_to_the_circularity_scorecard():
    scorecard = credential()["credentialSubject"]["circularityScorecard"]
    assert scorecard["materialCircularityIndicator"] == 0.7863  # 0.78625 rounded to 4 places
    assert scorecard["recycledContent"] == 0.25


def test_a_credential_imports_to_the_same_declared_record():
    data, problems = untp.from_credential(credential(restricted=True))
    assert problems == []
    assert data["product"]["gtin"] == "09506000134352" and data["product"]["batch"] == "B1"
    assert data["declared"]["carbon"] == RECORD["declared"]["carbon"]
    assert data["pilot_fields"]["magnet_mass_kg"] == 987.654
    assert [item["mass_fraction"] for item in data["composition"]] == [0.66875, 0.3125, 0.01875]


def _broken(mutate):
    document = deepcopy(credential(restricted=True))
    mutate(document)
    return untp.from_credential(document)[1]


@pytest.mark.parametrize(
    "mutate, path",
    [
        (
            lambda d: d["credentialSubject"]["product"].update(registeredId="09506000134353"),
            "$.credentialSubject.product.registeredId",
        ),
        (
            lambda d: d["credentialSubject"]["materialsProvenance"][0].update(massFraction=0.5),
            "$.credentialSubject.materialsProvenance",
        ),
        (
            lambda d: d["credentialSubject"]["circularityScorecard"].update(recycledContent=1.5),
            "$.credentialSubject.circularityScorecard.recycledContent",
        ),
        (
            lambda d: d["credentialSubject"]["emissionsScorecard"].pop("declaredUnit"),
            "$.credentialSubject.emissionsScorecard",
        ),
        (
            lambda d: d["credentialSubject"]["emissionsScorecard"].update(operationalScope="Everywhere"),
            "$.credentialSubject.emissionsScorecard.operationalScope",
        ),
        (lambda d: d.pop("issuer"), "$"),
        (
            lambda d: d["credentialSubject"]["product"]["characteristics"].update(pilot="boats"),
            "$.credentialSubject.product.characteristics.pilot",
        ),
    ],
)
def test_import_names_the_json_path_of_each_problem(mutate, path):
    assert path in [problem[0] for problem in _broken(mutate)]


# --- AASX -------------------------------------------------------------------------------------------------
def test_the_aasx_passes_the_aas_test_engines_and_holds_the_public_part_only():
    from aas_test_engines.file import check_aasx_file

    content = aas.package(
        RECORD,
        product_uri="https://regiekamer.example/01/09506000134352/10/B1",
        shell_id="https://regiekamer.example/passports/aas/1",
    )
    result = check_aasx_file(io.BytesIO(content))
    assert result.ok(), (
        "\n".join(str(line) for line in result.to_lines()) if hasattr(result, "to_lines") else ""
    )
    import zipfile

    text = " ".join(
        zipfile.ZipFile(io.BytesIO(content)).read(name).decode("utf-8", "ignore")
        for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
    )
    assert "https://admin-shell.io/zvei/nameplate/2/0/Nameplate" in text
    assert "Template: DigitalNameplate" in _lines(result)
    assert "987.654" not in text and "SECRET" not in text


def test_a_machine_building_aasx_passes_the_aas_test_engines_without_its_restricted_fields():
    from aas_test_engines.file import check_aasx_file

    machine = {
        **deepcopy(RECORD),
        "pilot": "machine_building",
        "pilot_fields": {
            "main_assemblies": "Frame; guarding; drives",
            "steel_grades": "SECRET-GRADE S235JR",  # restricted
            "machine_mass_kg": 709,
        },
    }
    content = aas.package(
        machine,
        product_uri="https://regiekamer.example/01/09506000134352/10/B1",
        shell_id="https://regiekamer.example/passports/aas/2",
    )
    result = check_aasx_file(io.BytesIO(content))
    assert result.ok(), _lines(result)
    assert "Template: DigitalNameplate" in _lines(result)
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(content))
    text = " ".join(archive.read(name).decode("utf-8", "ignore") for name in archive.namelist())
    assert "Frame; guarding; drives" in text and "709" in text
    assert "SECRET" not in text


def _lines(result) -> str:
    lines = []

    def walk(item):
        lines.append(item.message)
        for sub in item.sub_results:
            walk(sub)

    walk(result)
    return "\n".join(lines)
