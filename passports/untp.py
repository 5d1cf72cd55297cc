"""A passport record as a UN Transparency Protocol (UNTP) Digital Product Passport, release 0.6.1, and back.

The credential is a W3C Verifiable Credential (data model 2.0) whose subject is a UNTP ProductPassport; it is
not signed (no proof): Regiekamer vouches for it by serving it from its own address. The JSON Schema and the
JSON-LD context are vendored in passports/schemas/ (see its README for the source and licence); every
credential made here and every one imported is validated against the schema.

Regiekamer's own terms that UNTP 0.6.1 has no property for sit where the schema allows more properties: the
material's critical/strategic status and supply-risk band on each Material (`criticalRawMaterial`,
`strategicRawMaterial`, `supplyRiskBand`), the pilot, its fields and the repair information per R-strategy in
`product.characteristics` (the schema's extension point for commodity-specific characteristics). They are not
terms of the UNTP context: a JSON-LD processor drops them, a JSON reader finds them.

Pure module: no ORM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker

from regiekamer.texts import Message, gettext_noop

from . import gs1, pilots, record

SCHEMA_VERSION = "0.6.1"
SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / f"untp-dpp-schema-{SCHEMA_VERSION}.json"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    f"https://test.uncefact.org/vocabulary/untp/dpp/{SCHEMA_VERSION}/",
]
GTIN_SCHEME = {
    "type": ["IdentifierScheme"],
    "id": "https://id.gs1.org/01/",
    "name": "Global Trade Item Number (GTIN)",
}

Problem = tuple[str, Message]


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


# RFC 3986 §3.1 (scheme) and §2 (the characters of a URI: unreserved, reserved, percent-encoded).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URI_CHARACTERS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+")


def is_uri(text: str) -> bool:
    """Whether `text` is a URI per RFC 3986: a scheme, a colon, then something, in URI characters only (no
    spaces, no unencoded non-ASCII: that would be an IRI)."""
    scheme = _SCHEME.match(text)
    if scheme is None or not _URI_CHARACTERS.fullmatch(text[scheme.end() :]):
        return False
    try:
        urlsplit(text)  # refuses an unclosed IPv6 bracket, for one
    except ValueError:
        return False
    return True


def _uri_format(instance: object) -> bool:
    return not isinstance(instance, str) or is_uri(instance)


@cache
def _validator() -> Draft202012Validator:
    # jsonschema checks `format: uri` only when rfc3987 is installed, and passes it silently otherwise: the
    # schema's 18 uri fields are checked here by is_uri.
    checker = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("uri")(_uri_format)
    return Draft202012Validator(schema(), format_checker=checker)


def json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_problems(document: Any) -> list[Problem]:
    """Every place `document` breaks the UNTP DPP schema, as (JSON path, message)."""
    problems = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(
            (
                json_path(error.absolute_path),
                Message(
                    gettext_noop("Does not match the UNTP schema: %(detail)s"), detail=error.message[:300]
                ),
            )
        )
    return problems


def _link(url: str, name: str, kind: str) -> dict[str, Any]:
    return {"type": ["Link"], "linkURL": url, "linkName": name, "linkType": kind}


def to_credential(
    data: Mapping[str, Any],
    *,
    product_uri: str,
    credential_id: str,
    valid_from: str,
    material_uri: str,
    restricted: bool,
    valid_until: str = "",
) -> dict[str, Any]:
    """The UNTP DPP credential of a record. `restricted=False` leaves out what public_view leaves out (the
    public credential is made from the public view, so a restricted value cannot slip in). `valid_until`, the
    time a withdrawn passport was withdrawn, ends the credential's validity (VC 2.0 `validUntil`)."""
    view = dict(data) if restricted else record.public_view(data)
    product_data = view["product"]
    link = gs1.DigitalLink.of(
        product_data["gtin"], product_data.get("batch", ""), product_data.get("serial", "")
    )
    operator = view["operator"]
    declared = view.get("declared") or {}
    computed = view.get("computed") or {}

    characteristics: dict[str, Any] = {"type": ["Characteristics"], "pilot": view["pilot"]}
    characteristics.update(view.get("pilot_fields") or {})
    if declared.get("repair"):
        characteristics["repairInformation"] = dict(declared["repair"])
    for key in ("lifetime_years", "lifetime_industry_years"):
        if declared.get(key) is not None:
            characteristics[
                "lifetimeYears" if key == "lifetime_years" else "industryAverageLifetimeYears"
            ] = declared[key]
    if restricted and view.get("supplier_facilities"):
        characteristics["supplierFacilities"] = [dict(item) for item in view["supplier_facilities"]]
    if restricted and view.get("components"):
        characteristics["components"] = [dict(item) for item in view["components"]]

    product: dict[str, Any] = {
        "type": ["Product"],
        "id": product_uri,
        "name": product_data["name"],
        "registeredId": link.gtin,
        "idScheme": GTIN_SCHEME,
        "characteristics": characteristics,
        "producedByParty": {"id": operator["id"], "name": operator["name"]},
    }
    if product_data.get("description"):
        product["description"] = product_data["description"]
    if link.batch:
        product["batchNumber"] = link.batch
    if link.serial:
        product["serialNumber"] = link.serial
    facility = view.get("facility") or {}
    if facility.get("id") and facility.get("name"):
        product["producedAtFacility"] = {"id": facility["id"], "name": facility["name"]}
    if product_data.get("production_date"):
        product["productionDate"] = product_data["production_date"]
    if product_data.get("country"):
        product["countryOfProduction"] = product_data["country"]

    materials = []
    for item in view.get("composition") or []:
        material: dict[str, Any] = {"type": ["Material"], "name": item["name"]}
        if item.get("code"):
            material["materialType"] = {
                "type": ["Classification"],
                "id": f"{material_uri}{item['code']}/",
                "code": item["code"],
                "name": item["name"],
                "schemeID": material_uri,
                "schemeName": "Regiekamer raw-material catalogue (EU critical raw materials 2023)",
            }
        if item.get("hazardous") is not None:
            material["hazardous"] = bool(item["hazardous"])
        material["criticalRawMaterial"] = bool(item.get("critical"))
        material["strategicRawMaterial"] = bool(item.get("strategic"))
        if item.get("band"):
            material["supplyRiskBand"] = item["band"]
        if restricted:
            if item.get("mass_fraction") is not None:
                material["massFraction"] = round(float(item["mass_fraction"]), 6)
            if item.get("kg") is not None:
                material["mass"] = {"type": ["Measure"], "value": round(float(item["kg"]), 6), "unit": "KGM"}
            if item.get("recycled_fraction") is not None:
                material["recycledMassFraction"] = float(item["recycled_fraction"])
        materials.append(material)

    circularity: dict[str, Any] = {
        "type": ["CircularityPerformance"],
        "repairInformation": _link(
            product_uri + "#repair", "Repair and disassembly", "untp:repairInformation"
        ),
        "recyclingInformation": _link(product_uri + "#recycling", "Recycling", "untp:recyclingInformation"),
    }
    if declared.get("recycled_content") is not None:
        circularity["recycledContent"] = float(declared["recycled_content"])
    if declared.get("recyclable_content") is not None:
        circularity["recyclableContent"] = float(declared["recyclable_content"])
    if computed.get("mci") is not None:
        circularity["materialCircularityIndicator"] = round(float(computed["mci"]), 4)
        circularity["utilityFactor"] = round(float(computed["utility_factor"]), 4)

    subject: dict[str, Any] = {
        "type": ["ProductPassport"],
        "id": credential_id + "#subject",
        "product": product,
        "granularityLevel": link.granularity,
        "circularityScorecard": circularity,
        "materialsProvenance": materials,
    }
    carbon = declared.get("carbon") or {}
    if carbon:
        subject["emissionsScorecard"] = {
            "type": ["EmissionsPerformance"],
            "carbonFootprint": float(carbon["value"]),
            "declaredUnit": carbon["unit"],
            "operationalScope": carbon["scope"],
            "primarySourcedRatio": float(carbon["primary_ratio"]),
        }
    document: dict[str, Any] = {
        "@context": list(CONTEXT),
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        "id": credential_id,
        "issuer": {"type": ["CredentialIssuer"], "id": operator["id"], "name": operator["name"]},
        "validFrom": valid_from,
    }
    if valid_until:
        document["validUntil"] = valid_until
    document["credentialSubject"] = subject
    return document


def _get(document: Any, *path: str | int) -> Any:
    value = document
    for part in path:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and len(value) > part else None
        else:
            value = value.get(part) if isinstance(value, Mapping) else None
    return value


def from_credential(document: Any) -> tuple[dict[str, Any], list[Problem]]:
    """A record from a supplier's UNTP DPP credential, and every problem with it as (JSON path, message): the
    schema first, then the identifiers, the pilot and the passport rules (mass fractions, fractions, carbon
    footprint). The composition is declared; criticality and the MCI are computed by the service."""
    problems = schema_problems(document)
    if problems:
        return {}, problems
    subject = ("credentialSubject",)
    product = (*subject, "product")
    data: dict[str, Any] = {"composition_source": record.DECLARED}
    characteristics = _get(document, *product, "characteristics") or {}
    pilot = characteristics.get("pilot")
    if pilot not in pilots.PILOTS:
        problems.append(
            (
                json_path([*product, "characteristics", "pilot"]),
                Message(gettext_noop("Name the pilot: machine_building, electric_motor or ict_hardware.")),
            )
        )
        pilot = None
    data["pilot"] = pilot
    try:
        link = gs1.DigitalLink.of(
            str(_get(document, *product, "registeredId") or ""),
            str(_get(document, *product, "batchNumber") or ""),
            str(_get(document, *product, "serialNumber") or ""),
        )
    except gs1.Gs1Error as error:
        field = {"gtin": "registeredId", "batch": "batchNumber", "serial": "serialNumber"}.get(
            error.field, "id"
        )
        problems.append((json_path([*product, field]), error.message))
        link = None
    data["product"] = {
        "name": _get(document, *product, "name") or "",
        "description": _get(document, *product, "description") or "",
        "gtin": link.gtin if link else "",
        "batch": link.batch if link else "",
        "serial": link.serial if link else "",
        "production_date": _get(document, *product, "productionDate") or "",
        "country": _get(document, *product, "countryOfProduction") or "",
    }
    party = _get(document, *product, "producedByParty") or _get(document, "issuer") or {}
    data["operator"] = {"name": party.get("name", ""), "id": party.get("id", "")}
    facility = _get(document, *product, "producedAtFacility") or {}
    data["facility"] = {"name": facility.get("name", ""), "id": facility.get("id", "")}
    data["supplier_facilities"] = [
        {"name": str(item.get("name", "")), "id": str(item.get("id", ""))}
        for item in characteristics.get("supplierFacilities") or []
        if isinstance(item, Mapping)
    ]
    circularity = _get(document, *subject, "circularityScorecard") or {}
    emissions = _get(document, *subject, "emissionsScorecard") or {}
    declared: dict[str, Any] = {
        "recycled_content": circularity.get("recycledContent"),
        "recyclable_content": circularity.get("recyclableContent"),
        "lifetime_years": characteristics.get("lifetimeYears"),
        "lifetime_industry_years": characteristics.get("industryAverageLifetimeYears"),
        "repair": dict(characteristics.get("repairInformation") or {}),
        "carbon": {},
    }
    if emissions:
        declared["carbon"] = {
            "value": emissions.get("carbonFootprint"),
            "unit": emissions.get("declaredUnit"),
            "scope": emissions.get("operationalScope"),
            "primary_ratio": emissions.get("primarySourcedRatio"),
        }
    data["declared"] = declared
    where_declared = {
        "recycled_content": [*subject, "circularityScorecard", "recycledContent"],
        "recyclable_content": [*subject, "circularityScorecard", "recyclableContent"],
        "lifetime_years": [*product, "characteristics", "lifetimeYears"],
        "lifetime_industry_years": [*product, "characteristics", "industryAverageLifetimeYears"],
        "carbon.value": [*subject, "emissionsScorecard", "carbonFootprint"],
        "carbon.unit": [*subject, "emissionsScorecard", "declaredUnit"],
        "carbon.scope": [*subject, "emissionsScorecard", "operationalScope"],
        "carbon.primary_ratio": [*subject, "emissionsScorecard", "primarySourcedRatio"],
        "repair": [*product, "characteristics", "repairInformation"],
    }
    for key, message in record.check_declared(declared):
        problems.append((json_path(where_declared.get(key, [*subject])), message))

    composition = []
    for item in _get(document, *subject, "materialsProvenance") or []:
        composition.append(
            {
                "name": item.get("name", ""),
                "mass_fraction": item.get("massFraction"),
                "recycled_fraction": item.get("recycledMassFraction"),
                "hazardous": item.get("hazardous"),
                "kg": _get(item, "mass", "value") if _get(item, "mass", "unit") == "KGM" else None,
            }
        )
    data["composition"] = composition
    for key, message in record.check_composition(composition):
        parts = key.split(".")
        where: list[str | int] = [*subject, "materialsProvenance"]
        if len(parts) == 3:
            where += [
                int(parts[1]),
                "massFraction" if parts[2] == "mass_fraction" else "recycledMassFraction",
            ]
        problems.append((json_path(where), message))

    if pilot:
        fields = {field.key for field in pilots.template(pilot)}
        values = {key: value for key, value in characteristics.items() if key in fields}
        data["pilot_fields"] = values
        for key, message in record.check_pilot_fields(pilot, values):
            problems.append((json_path([*product, "characteristics", key]), message))
    return data, problems
