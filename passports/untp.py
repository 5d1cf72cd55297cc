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
from collections.abc import Mapping, Sequence
from datetime import date
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

# The product group as a UNTP productCategory: an SBI 2008 code (CBS); its divisions are NACE Rev. 2's.
SBI_SCHEME = "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/activiteiten/standaard-bedrijfsindeling--sbi--"
SBI_SCHEME_NAME = "SBI 2008 (Standaard Bedrijfsindeling)"
# UNTP 0.6.1 Claim.conformityTopic
CONFORMITY_TOPICS: tuple[str, ...] = (
    "environment.energy",
    "environment.emissions",
    "environment.water",
    "environment.waste",
    "environment.deforestation",
    "environment.biodiversity",
    "circularity.content",
    "circularity.design",
    "social.labour",
    "social.rights",
    "social.community",
    "social.safety",
    "governance.ethics",
    "governance.compliance",
    "governance.transparency",
)
TOPIC_LABELS = {
    "environment.energy": gettext_noop("Environment: energy"),
    "environment.emissions": gettext_noop("Environment: emissions"),
    "environment.water": gettext_noop("Environment: water"),
    "environment.waste": gettext_noop("Environment: waste"),
    "environment.deforestation": gettext_noop("Environment: deforestation"),
    "environment.biodiversity": gettext_noop("Environment: biodiversity"),
    "circularity.content": gettext_noop("Circularity: material content"),
    "circularity.design": gettext_noop("Circularity: design"),
    "social.labour": gettext_noop("Social: labour"),
    "social.rights": gettext_noop("Social: human rights"),
    "social.community": gettext_noop("Social: community"),
    "social.safety": gettext_noop("Social: safety"),
    "governance.ethics": gettext_noop("Governance: ethics"),
    "governance.compliance": gettext_noop("Governance: compliance"),
    "governance.transparency": gettext_noop("Governance: transparency"),
}
STANDARD, REGULATION = "standard", "regulation"
CLAIM_FIELDS: tuple[str, ...] = (
    "topic",
    "description",
    "reference_kind",
    "reference_name",
    "reference_id",
    "reference_party_name",
    "reference_party_id",
    "conformance",
    "assessment_date",
    "evidence_url",
    "evidence_name",
)

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


_FORMATS = {
    "uri": gettext_noop("URI"),
    "date": gettext_noop("date"),
    "date-time": gettext_noop("date and time"),
}
_TYPES = {
    "string": gettext_noop("text"),
    "number": gettext_noop("a number"),
    "integer": gettext_noop("a whole number"),
    "boolean": gettext_noop("true or false"),
    "array": gettext_noop("a list"),
    "object": gettext_noop("an object"),
}


def _schema_message(error: Any) -> Message:
    """What a schema error means, in words the reader's language has (jsonschema writes English with Python
    quoting): for the common rules a sentence of our own, for the rest that the form is not UNTP's."""
    rule, value = error.validator, error.instance
    if rule == "format" and error.validator_value in _FORMATS:
        return Message(
            gettext_noop("“%(value)s” is not a valid %(format)s."),
            value=str(value)[:200],
            format=Message(_FORMATS[error.validator_value]),
        )
    if rule == "type" and isinstance(error.validator_value, str) and error.validator_value in _TYPES:
        return Message(gettext_noop("This must be %(type)s."), type=Message(_TYPES[error.validator_value]))
    if rule == "required":
        found = re.match(r"'(.+)' is a required property", error.message)
        return Message(gettext_noop("%(name)s is missing."), name=found.group(1) if found else "")
    if rule == "enum":
        return Message(
            gettext_noop("“%(value)s” is not one of %(values)s."),
            value=str(value)[:200],
            values=", ".join(str(item) for item in error.validator_value),
        )
    if rule == "additionalProperties":
        names = re.findall(r"'([^']+)'", error.message)
        return Message(gettext_noop("Not allowed here: %(names)s."), names=", ".join(names))
    return Message(gettext_noop("Does not have the form the UNTP schema asks for."))


def schema_problems(document: Any) -> list[Problem]:
    """Every place `document` breaks the UNTP DPP schema, as (JSON path, message)."""
    return [
        (json_path(error.absolute_path), _schema_message(error))
        for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]


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
    product_category: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The UNTP DPP credential of a record. `restricted=False` leaves out what public_view leaves out (the
    public credential is made from the public view, so a restricted value cannot slip in). `valid_until`, the
    time a withdrawn passport was withdrawn, ends the credential's validity (VC 2.0 `validUntil`);
    `product_category` is the product group as a Classification (untp.category)."""
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
    if product_category:
        product["productCategory"] = [dict(product_category)]
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
    claims = [
        claim_to_untp(claim, f"{credential_id}#claim-{number}")
        for number, claim in enumerate(view.get("claims") or [], start=1)
    ]
    if claims:
        subject["conformityClaim"] = claims
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


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# ------------------------------------------------------------------------------------------- product group
def category(code: str, display_code: str, name: str) -> dict[str, Any]:
    """A product group (SBI code) as a UNTP Classification."""
    return {
        "type": ["Classification"],
        "id": f"{SBI_SCHEME}#{code}",
        "code": display_code,
        "name": name or display_code,
        "schemeID": SBI_SCHEME,
        "schemeName": SBI_SCHEME_NAME,
    }


def category_codes(categories: Any) -> list[str]:
    """The SBI codes (digits, no dots) a productCategory names in the SBI or NACE scheme, in order: a NACE
    Rev. 2 code ("C27.1", "27.11") is the SBI code of the same digits down to the class (SBI subdivides
    NACE below it). Classifications of other schemes (UN CPC, for one) are passed by."""
    codes = []
    for item in _items(categories):
        item = _mapping(item)
        scheme = f"{item.get('schemeID', '')} {item.get('schemeName', '')}".lower()
        if "sbi" not in scheme and "nace" not in scheme and "standaard-bedrijfsindeling" not in scheme:
            continue
        digits = "".join(character for character in str(item.get("code") or "") if character.isdigit())
        if 2 <= len(digits) <= 5:
            codes.append(digits if "nace" not in scheme else digits[:4])
    return codes


# ---------------------------------------------------------------------------------------- conformity claims
def _claim_problem(problems: list[Problem], index: int) -> Any:
    def add(field: str, text: str) -> None:
        problems.append((f"claims.{index}.{field}", Message(text)))

    return add


def check_claims(claims: Sequence[Mapping[str, Any]], *, reference_required: bool = True) -> list[Problem]:
    """The conformity claims of a record (keys claims.<n>.<field>): a topic of UNTP's list, what is claimed,
    whether the product conforms; the standard or regulation referenced with who issued it (UNTP asks the
    issuing party's name and identifier), identifiers and the evidence link as URIs, the date as a date."""
    problems: list[Problem] = []
    for index, claim in enumerate(claims):
        problem = _claim_problem(problems, index)
        if claim.get("topic") not in CONFORMITY_TOPICS:
            problem("topic", gettext_noop("Choose the topic of the claim."))
        # UNTP asks only id, topic and conformance: a supplier's bare claim is read; the form asks more
        if (
            reference_required
            and not _text(claim.get("description"))
            and not _text(claim.get("reference_name"))
        ):
            problem("description", gettext_noop("Say what the claim declares."))
        if not isinstance(claim.get("conformance"), bool):
            problem("conformance", gettext_noop("Say whether the product conforms."))
        referenced = any(
            _text(claim.get(key))
            for key in ("reference_name", "reference_id", "reference_party_name", "reference_party_id")
        )
        if referenced or reference_required:
            if claim.get("reference_kind") not in (STANDARD, REGULATION):
                problem(
                    "reference_kind", gettext_noop("Say whether a standard or a regulation is referenced.")
                )
            if not _text(claim.get("reference_name")):
                problem("reference_name", gettext_noop("Name the standard or regulation."))
            if _text(claim.get("reference_id")) and not is_uri(_text(claim.get("reference_id"))):
                problem(
                    "reference_id", gettext_noop("The identifier of the standard or regulation is a URI.")
                )
            if not _text(claim.get("reference_party_name")):
                problem(
                    "reference_party_name",
                    gettext_noop("Name who issued the standard or administers the regulation."),
                )
            if not is_uri(_text(claim.get("reference_party_id"))):
                problem(
                    "reference_party_id",
                    gettext_noop("The identifier of who issued it is a URI (https://…, urn:… or did:…)."),
                )
        when = claim.get("assessment_date")
        if when not in (None, ""):
            try:
                date.fromisoformat(str(when))
            except ValueError:
                problem("assessment_date", gettext_noop("The assessment date is a date (YYYY-MM-DD)."))
        url = _text(claim.get("evidence_url"))
        if url and not (url.lower().startswith(("https://", "http://")) and is_uri(url)):
            # a web address only: the public page links it
            problem("evidence_url", gettext_noop("The link to the evidence is a web address (https://…)."))
        if _text(claim.get("evidence_name")) and not url:
            problem("evidence_url", gettext_noop("Give the link to the evidence you name."))
    return problems


def claim_to_untp(claim: Mapping[str, Any], claim_id: str) -> dict[str, Any]:
    """One claim of a record as a UNTP Claim (a Declaration)."""
    document: dict[str, Any] = {
        "type": ["Claim", "Declaration"],
        "id": claim_id,
        "conformityTopic": claim["topic"],
        "conformance": bool(claim["conformance"]),
    }
    if claim.get("description"):
        document["description"] = claim["description"]
    if claim.get("assessment_date"):
        document["assessmentDate"] = claim["assessment_date"]
    if claim.get("reference_name"):
        party = {"id": claim["reference_party_id"], "name": claim["reference_party_name"]}
        if claim.get("reference_kind") == REGULATION:
            reference: dict[str, Any] = {"type": ["Regulation"], "name": claim["reference_name"]}
            reference["administeredBy"] = party
        else:
            reference = {"type": ["Standard"], "name": claim["reference_name"], "issuingParty": party}
        if claim.get("reference_id"):
            reference["id"] = claim["reference_id"]
        key = "referenceRegulation" if claim.get("reference_kind") == REGULATION else "referenceStandard"
        document[key] = reference
    if claim.get("evidence_url"):
        evidence = {"type": ["SecureLink", "Link"], "linkURL": claim["evidence_url"]}
        if claim.get("evidence_name"):
            evidence["linkName"] = claim["evidence_name"]
        document["conformityEvidence"] = evidence
    return document


def _claim_from_untp(item: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str | int]]]:
    """A UNTP Claim as a record's claim, and where in the Claim each of the record's fields came from."""
    standard, regulation = _mapping(item.get("referenceStandard")), _mapping(item.get("referenceRegulation"))
    kind, reference_key, party_key = "", "referenceStandard", "issuingParty"
    reference: Mapping[str, Any] = standard
    if standard:
        kind = STANDARD
    elif regulation:
        kind, reference_key, party_key = REGULATION, "referenceRegulation", "administeredBy"
        reference = regulation
    party = _mapping(reference.get(party_key))
    evidence = _mapping(item.get("conformityEvidence"))
    claim = {
        "topic": item.get("conformityTopic"),
        "description": _text(item.get("description"))[:2000],
        "reference_kind": kind,
        "reference_name": _text(reference.get("name"))[:300],
        "reference_id": _text(reference.get("id"))[:300],
        "reference_party_name": _text(party.get("name"))[:200],
        "reference_party_id": _text(party.get("id"))[:300],
        "conformance": item.get("conformance"),
        "assessment_date": _text(item.get("assessmentDate")),
        "evidence_url": _text(evidence.get("linkURL"))[:500],
        "evidence_name": _text(evidence.get("linkName"))[:200],
    }
    where: dict[str, list[str | int]] = {
        "topic": ["conformityTopic"],
        "description": ["description"],
        "conformance": ["conformance"],
        "assessment_date": ["assessmentDate"],
        "reference_kind": [reference_key],
        "reference_name": [reference_key, "name"],
        "reference_id": [reference_key, "id"],
        "reference_party_name": [reference_key, party_key, "name"],
        "reference_party_id": [reference_key, party_key, "id"],
        "evidence_url": ["conformityEvidence", "linkURL"],
        "evidence_name": ["conformityEvidence", "linkName"],
    }
    return claim, where


# -------------------------------------------------------------------------------------------------- import
def from_credential(document: Any) -> tuple[dict[str, Any], list[Problem]]:
    """A record from a supplier's UNTP DPP credential, and every problem with it as (JSON path, message): the
    schema's and, in the same list, the identifiers, the pilot and the passport rules (mass fractions sum to
    1 ± 0.01, GTIN check digit, recycled content within 0–100 %, carbon footprint with unit and scope,
    conformity claims), so a supplier learns every problem from one refusal. A rule is not reported a second
    time at a path the schema already names. The composition is declared; criticality and the MCI are
    computed by the service."""
    problems = schema_problems(document)
    schema_paths = {path for path, _message in problems}
    rules: list[Problem] = []
    if not isinstance(document, Mapping):
        return {}, problems
    subject = ("credentialSubject",)
    product = (*subject, "product")
    data: dict[str, Any] = {"composition_source": record.DECLARED}
    characteristics = _mapping(_get(document, *product, "characteristics"))
    pilot = characteristics.get("pilot")
    if pilot not in pilots.PILOTS:
        rules.append(
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
        rules.append((json_path([*product, field]), error.message))
        link = None
    data["product"] = {
        "name": _text(_get(document, *product, "name")),
        "description": _text(_get(document, *product, "description")),
        "gtin": link.gtin if link else "",
        "batch": link.batch if link else "",
        "serial": link.serial if link else "",
        "production_date": _text(_get(document, *product, "productionDate")),
        "country": _text(_get(document, *product, "countryOfProduction")),
    }
    data["category_codes"] = category_codes(_get(document, *product, "productCategory"))
    party = _mapping(_get(document, *product, "producedByParty")) or _mapping(_get(document, "issuer"))
    data["operator"] = {"name": _text(party.get("name")), "id": _text(party.get("id"))}
    facility = _mapping(_get(document, *product, "producedAtFacility"))
    data["facility"] = {"name": _text(facility.get("name")), "id": _text(facility.get("id"))}
    data["supplier_facilities"] = [
        {"name": str(item.get("name", "")), "id": str(item.get("id", ""))}
        for item in _items(characteristics.get("supplierFacilities"))
        if isinstance(item, Mapping)
    ]
    circularity = _mapping(_get(document, *subject, "circularityScorecard"))
    emissions = _mapping(_get(document, *subject, "emissionsScorecard"))
    declared: dict[str, Any] = {
        "recycled_content": circularity.get("recycledContent"),
        "recyclable_content": circularity.get("recyclableContent"),
        "lifetime_years": characteristics.get("lifetimeYears"),
        "lifetime_industry_years": characteristics.get("industryAverageLifetimeYears"),
        "repair": dict(_mapping(characteristics.get("repairInformation"))),
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
        rules.append((json_path(where_declared.get(key, [*subject])), message))

    composition = []
    for raw in _items(_get(document, *subject, "materialsProvenance")):
        item = _mapping(raw)
        composition.append(
            {
                "name": _text(item.get("name")),
                "mass_fraction": item.get("massFraction"),
                "recycled_fraction": item.get("recycledMassFraction"),
                "hazardous": item.get("hazardous") if isinstance(item.get("hazardous"), bool) else None,
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
        rules.append((json_path(where), message))

    claims, claim_places = [], []
    for raw in _items(_get(document, *subject, "conformityClaim")):
        claim, places = _claim_from_untp(_mapping(raw))
        claims.append(claim)
        claim_places.append(places)
    data["claims"] = claims
    for key, message in check_claims(claims, reference_required=False):
        _claims, index, field = key.split(".")
        position = int(index)
        rules.append(
            (json_path([*subject, "conformityClaim", position, *claim_places[position][field]]), message)
        )

    if pilot:
        fields = {field.key for field in pilots.template(pilot)}
        values = {key: value for key, value in characteristics.items() if key in fields}
        data["pilot_fields"] = values
        for key, message in record.check_pilot_fields(pilot, values):
            rules.append((json_path([*product, "characteristics", key]), message))
    problems.extend(problem for problem in rules if problem[0] not in schema_paths)
    return data, problems
