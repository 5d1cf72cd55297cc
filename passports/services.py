"""Use cases of the material passports: issue from a scan, revise (a new version), withdraw, name who reads
the
restricted part, import a supplier's UNTP passport. Each requires its action first, validates everything
before
it writes (a refusal names the field, or for an import the JSON path, and saves nothing), and writes in one
transaction; every model is audited (django-simple-history)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import RawMaterial, SbiCode
from materials import methods
from materials.models import Scan, ScanMaterial, ScanRow
from materials.selectors import build_profile, current_release, material_resolver
from regiekamer.concurrency import StateConflict, update_versioned
from regiekamer.texts import gettext_noop, translate

from . import gs1, pilots, record, untp
from .models import Passport, PassportAccess, PassportClaim, PassportMaterial, PassportVersion

# A party or facility identifier is a URI (UNTP 0.6.1 producedByParty.id / producedAtFacility.id: format uri).
_URI = re.compile(r"^(https?://\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+|did:[a-z0-9]+:\S+)$", re.IGNORECASE)


def _is_identifier(text: str) -> bool:
    """An https, urn or did address that is a URI as the credential's schema checks it (untp.is_uri)."""
    return bool(_URI.match(text)) and untp.is_uri(text)


def _refuse(problems: Sequence[tuple[str, object]]) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for key, message in problems:
        errors.setdefault(key, []).append(translate(message))
    return ValidationError(errors)


def _text(values: Mapping[str, Any], key: str, limit: int = 500) -> str:
    return str(values.get(key) or "").strip()[:limit]


def _optional_float(values: Mapping[str, Any], key: str, problems: list) -> float | None:
    value = values.get(key)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        problems.append((key, _("Enter a number.")))
        return None


def _supplier_facilities(text: str, problems: list) -> list[dict[str, str]]:
    """One facility a line, "name | identifier"."""
    facilities = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _sep, identifier = (part.strip() for part in line.partition("|"))
        if not name or not _is_identifier(identifier):
            problems.append(
                ("supplier_facilities", _("Write each supplier facility as 'name | identifier (a URI)'."))
            )
            continue
        facilities.append({"name": name[:200], "id": identifier[:300]})
    return facilities


def declared_from_values(pilot: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list]:
    """The identity and declared part of a record from flat input (the form's and the API's field names;
    fractions as fractions), and the problems found, keyed by those field names."""
    problems: list[tuple[str, object]] = []
    if pilot not in pilots.PILOTS:
        problems.append(("pilot", _("Choose one of the three pilots.")))
    try:
        link = gs1.DigitalLink.of(_text(values, "gtin"), _text(values, "batch"), _text(values, "serial"))
    except gs1.Gs1Error as error:
        problems.append((error.field, error.message))
        link = None
    name = _text(values, "product_name", 200)
    if not name:
        problems.append(("product_name", _("A passport needs the product's name.")))
    operator = {"name": _text(values, "operator_name", 200), "id": _text(values, "operator_id", 300)}
    if not operator["name"]:
        problems.append(("operator_name", _("Name the company that puts the product on the market.")))
    if not _is_identifier(operator["id"]):
        problems.append(("operator_id", _("The operator's identifier is a URI (https://…, urn:… or did:…).")))
    facility = {"name": _text(values, "facility_name", 200), "id": _text(values, "facility_id", 300)}
    if (facility["name"] or facility["id"]) and not (facility["name"] and _is_identifier(facility["id"])):
        problems.append(("facility_id", _("A facility needs its name and its identifier (a URI).")))
    production_date = values.get("production_date") or ""
    carbon: dict[str, Any] = {}
    carbon_value = _optional_float(values, "carbon_value", problems)
    if carbon_value is not None or values.get("carbon_unit") or values.get("carbon_scope"):
        carbon = {
            "value": carbon_value,
            "unit": values.get("carbon_unit") or None,
            "scope": values.get("carbon_scope") or None,
            "primary_ratio": _optional_float(values, "carbon_primary_ratio", problems),
        }
    declared = {
        "recycled_content": _optional_float(values, "recycled_content", problems),
        "recyclable_content": _optional_float(values, "recyclable_content", problems),
        "lifetime_years": _optional_float(values, "lifetime_years", problems),
        "lifetime_industry_years": _optional_float(values, "lifetime_industry_years", problems),
        "carbon": carbon,
        "repair": {
            code: _text(values, f"repair_{code}", 2000)
            for code in record.REPAIR_STRATEGIES
            if _text(values, f"repair_{code}", 2000)
        },
    }
    for key, message in record.check_declared(declared):
        problems.append((key.replace(".", "_"), message))
    pilot_values: dict[str, Any] = {}
    if pilot in pilots.PILOTS:
        for field in pilots.template(pilot):
            value = values.get(field.key)
            if value is None or value == "":
                continue
            if field.kind == pilots.NUMBER:
                number = _optional_float(values, field.key, problems)
                value = number
            pilot_values[field.key] = value
        problems.extend(record.check_pilot_fields(pilot, pilot_values))
    data = {
        "pilot": pilot,
        "product": {
            "name": name,
            "description": _text(values, "description", 2000),
            "gtin": link.gtin if link else "",
            "batch": link.batch if link else "",
            "serial": link.serial if link else "",
            "production_date": production_date.isoformat()
            if hasattr(production_date, "isoformat")
            else str(production_date),
            "country": _text(values, "country", 2).upper(),
        },
        "operator": operator,
        "facility": facility if facility["id"] else {},
        "supplier_facilities": _supplier_facilities(str(values.get("supplier_facilities") or ""), problems),
        "declared": declared,
        "pilot_fields": pilot_values,
        "claims": _claims(values.get("claims") or [], problems),
    }
    return data, problems


def _claims(rows: Sequence[Mapping[str, Any]], problems: list) -> list[dict[str, Any]]:
    """The conformity claims from the form's rows (or the API's list), checked by untp.check_claims; a problem
    is keyed claims.<row>.<field>."""
    claims = []
    for row in rows:
        when = row.get("assessment_date")
        claims.append(
            {
                "topic": str(row.get("topic") or ""),
                "description": _text(row, "description", 2000),
                "reference_kind": str(row.get("reference_kind") or ""),
                "reference_name": _text(row, "reference_name", 300),
                "reference_id": _text(row, "reference_id", 300),
                "reference_party_name": _text(row, "reference_party_name", 200),
                "reference_party_id": _text(row, "reference_party_id", 300),
                "conformance": row.get("conformance"),
                "assessment_date": when.isoformat() if isinstance(when, date) else str(when or ""),
                "evidence_url": _text(row, "evidence_url", 500),
                "evidence_name": _text(row, "evidence_name", 200),
            }
        )
    problems.extend(untp.check_claims(claims))
    return claims


def material_declarations(
    composition: Sequence[Mapping[str, Any]], values: Mapping[str, Any], problems: list
) -> list[dict[str, Any]]:
    """The composition with what the issuer declares per material (the form's `hazardous__<code>` and
    `recycled_content__<code>`, a fraction): whether it is hazardous and its recycled content, within
    0–100 % (a problem keyed by the field's name)."""
    declared = []
    for item in composition:
        code = str(item.get("code") or "")
        entry = {**item}
        hazardous = values.get(f"hazardous__{code}")
        entry["hazardous"] = hazardous if isinstance(hazardous, bool) else None
        key = f"recycled_content__{code}"
        fraction = _optional_float(values, key, problems)
        record.check_fraction(key, fraction, problems, label=gettext_noop("Recycled content"))
        entry["recycled_fraction"] = fraction
        declared.append(entry)
    return declared


def _material_entries(kg_by_id: Mapping[int, float]) -> list[dict[str, Any]]:
    """Per material: kg, mass fraction, EU critical and strategic status and the supply-risk band, banded by
    the materials app (materials.selectors.build_profile against the current material data release)."""
    total = sum(kg_by_id.values())
    profile = build_profile("passport", {"": kg_by_id})
    bands = {item.code: item.band for item in profile.materials}
    strategic = {item.code for item in profile.materials if item.strategic}
    entries = [
        {
            "code": material.code,
            "name": material.name,
            "name_nl": material.name_nl,
            "kg": kg_by_id[material.pk],
            "mass_fraction": kg_by_id[material.pk] / total if total else None,
            "critical": material.is_critical,
            "strategic": material.code in strategic,
            "band": bands.get(material.code, ""),
        }
        for material in RawMaterial.objects.filter(pk__in=kg_by_id)
    ]
    return sorted(entries, key=lambda item: (-float(item["kg"] or 0), item["name"]))


def computed_from_scan(scan: Scan) -> dict[str, Any]:
    """What the passport computes from the scan's bill of materials with the materials app's own figures:
    kg per material (materials.ScanMaterial, summed over the scan's products), mass fraction, critical and
    strategic status, supply-risk band, and the components with the mass of their material."""
    kg_by_id: dict[int, float] = {}
    for material_id, kg in ScanMaterial.objects.filter(scan=scan).values_list("material_id", "kg"):
        kg_by_id[material_id] = kg_by_id.get(material_id, 0.0) + kg
    kg_by_id = {key: value for key, value in kg_by_id.items() if value > 0}
    composition = _material_entries(kg_by_id)
    components = [
        {
            "product": row.product,
            "component": row.component,
            "part_of": row.parent,
            "material": row.material.name if row.material else "",
            "material_nl": row.material.name_nl if row.material else "",
            "kg": row.quantity * row.mass_kg * (row.fraction or 0),
        }
        for row in ScanRow.objects.filter(scan=scan, material__isnull=False).select_related("material")
    ]
    release = current_release()
    return {
        "composition": composition,
        "composition_source": record.COMPUTED,
        "components": components,
        "computed": {
            "total_kg": sum(kg_by_id.values()),
            "critical_kg": sum(float(item["kg"]) for item in composition if item["critical"]),
            "release": release.code if release else "",
            "scan": scan.title,
        },
    }


def _with_mci(data: dict[str, Any]) -> dict[str, Any]:
    """The Material Circularity Indicator (materials.methods, Ellen MacArthur Foundation method) from the
    declared recycled content, collection for recycling and lifetimes; the recycling efficiencies are the
    method's defaults (100 %) and the intensity of use the industry's average. Not computed when one of the
    four declared inputs is missing (the page names which)."""
    declared = data["declared"]
    computed = data.setdefault("computed", {})
    inputs = ("recycled_content", "recyclable_content", "lifetime_years", "lifetime_industry_years")
    if any(declared.get(key) is None for key in inputs):
        computed.update(mci=None, utility_factor=None)
        return data
    result = methods.material_circularity_indicator(
        mass=1.0,
        recycled_feedstock=float(declared["recycled_content"]),
        collected_for_recycling=float(declared["recyclable_content"]),
        lifetime=float(declared["lifetime_years"]),
        lifetime_industry_average=float(declared["lifetime_industry_years"]),
    )
    computed.update(mci=result.mci, utility_factor=result.utility_factor)
    return data


def _store(passport: Passport, data: dict[str, Any], actor: User, note: str) -> PassportVersion:
    passport.completeness = pilots.completeness(data).score
    ids = dict(
        RawMaterial.objects.filter(code__in=[item["code"] for item in data["composition"]]).values_list(
            "code", "pk"
        )
    )
    PassportMaterial.objects.filter(passport=passport).delete()
    PassportMaterial.objects.bulk_create(
        PassportMaterial(
            passport=passport,
            material_id=ids[item["code"]],
            kg=item.get("kg"),
            mass_fraction=item.get("mass_fraction"),
            critical=bool(item.get("critical")),
        )
        for item in data["composition"]
    )
    version = PassportVersion.objects.create(
        passport=passport, number=passport.current_number, record=data, created_by=actor, note=note[:300]
    )
    for position, claim in enumerate(data.get("claims") or [], start=1):  # one by one: each is audited
        fields = {key: claim.get(key) or "" for key in untp.CLAIM_FIELDS}
        fields.update(
            conformance=bool(claim.get("conformance")), assessment_date=claim.get("assessment_date") or None
        )
        PassportClaim.objects.create(version=version, position=position, **fields)
    return version


def _unique_link(data: Mapping[str, Any], exclude: int | None = None) -> None:
    product = data["product"]
    taken = Passport.objects.filter(gtin=product["gtin"], batch=product["batch"], serial=product["serial"])
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"gtin": _("A passport with this GTIN, batch and serial number exists already.")}
        )


def passport_issue(*, actor: User, scan: Scan, pilot: str, values: Mapping[str, Any]) -> Passport:
    """Issue a passport for a product from the actor's own scan: identity and declared data from `values`,
    composition, critical materials, supply-risk bands and MCI computed."""
    require(actor, "passports.issue_passport")
    require(actor, "materials.view_scan", scan)
    data, problems = declared_from_values(pilot, values)
    data.update(computed_from_scan(scan))
    data["composition"] = material_declarations(data["composition"], values, problems)
    if problems:
        raise _refuse(problems)
    if not data["composition"]:
        raise ValidationError(
            {"scan": _("This scan names no materials with a mass: nothing to compose from.")}
        )
    _with_mci(data)
    with transaction.atomic():
        _unique_link(data)
        passport = Passport(
            issuer=actor,
            pilot=pilot,
            scan=scan,
            sbi=scan.sbi,
            product_name=data["product"]["name"],
            gtin=data["product"]["gtin"],
            batch=data["product"]["batch"],
            serial=data["product"]["serial"],
            origin=Passport.Origin.SCAN,
        )
        passport.completeness = pilots.completeness(data).score
        passport.save()
        _store(passport, data, actor, _("Issued from scan “%(scan)s”.") % {"scan": scan.title})
    return passport


def passport_revise(
    *, actor: User, passport: Passport, expected_version: int, values: Mapping[str, Any], note: str = ""
) -> PassportVersion:
    """A change is a new version: the declared data as given now, the composition computed again from the
    scan (or kept, for an imported passport or a deleted scan); the old version stays readable. The
    identifiers stay: another GTIN, batch or serial is another passport."""
    require(actor, "passports.edit_passport", passport)
    if passport.status == Passport.Status.WITHDRAWN:
        raise StateConflict({"status": _("A withdrawn passport is not changed any more.")})
    values = {**values, "gtin": passport.gtin, "batch": passport.batch, "serial": passport.serial}
    data, problems = declared_from_values(passport.pilot, values)
    previous = passport.versions.get(number=passport.current_number).record
    if passport.scan is not None:
        data.update(computed_from_scan(passport.scan))
    else:
        for key in ("composition", "composition_source", "components", "computed"):
            data[key] = previous.get(key)
    data["composition"] = material_declarations(data["composition"] or [], values, problems)
    if problems:
        raise _refuse(problems)
    _with_mci(data)
    with transaction.atomic():
        passport.current_number += 1
        passport.product_name = data["product"]["name"]
        passport.completeness = pilots.completeness(data).score
        update_versioned(
            passport,
            expected_version=expected_version,
            fields=["current_number", "product_name", "completeness"],
        )
        return _store(passport, data, actor, note.strip() or _("Revised."))


@transaction.atomic
def passport_withdraw(*, actor: User, passport: Passport, expected_version: int, reason: str) -> Passport:
    """Withdraw a passport: its link then shows that it is withdrawn, and why; its versions stay readable."""
    require(actor, "passports.edit_passport", passport)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the passport is withdrawn.")})
    if passport.status == Passport.Status.WITHDRAWN:
        raise StateConflict({"status": _("This passport is withdrawn already.")})
    passport.status = Passport.Status.WITHDRAWN
    passport.withdrawn_at = timezone.now()
    passport.withdrawal_reason = reason[:2000]
    update_versioned(
        passport, expected_version=expected_version, fields=["status", "withdrawn_at", "withdrawal_reason"]
    )
    return passport


@transaction.atomic
def passport_grant_access(*, actor: User, passport: Passport, username: str, kind: str) -> PassportAccess:
    """Name a recycler or repairer (a Regiekamer account) who may read the restricted part."""
    require(actor, "passports.edit_passport", passport)
    if kind not in PassportAccess.Kind.values:
        raise ValidationError({"kind": _("Choose recycler or repairer.")})
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("No active account has this user name.")})
    if user.pk == passport.issuer_id:
        raise ValidationError({"username": _("The issuer reads the restricted part already.")})
    access, _created = PassportAccess.objects.update_or_create(
        passport=passport, user=user, defaults={"kind": kind}
    )
    return access


@transaction.atomic
def passport_revoke_access(*, actor: User, access: PassportAccess) -> None:
    require(actor, "passports.edit_passport", access.passport)
    access.delete()


def _product_group(codes: Sequence[str]) -> SbiCode | None:
    """The first SBI code of a productCategory that Regiekamer's catalogue knows (the most detailed it knows
    of that code: "271" falls back to the division "27")."""
    for code in codes:
        for length in range(len(code), 1, -1):
            found = SbiCode.objects.filter(code=code[:length]).first()
            if found is not None:
                return found
    return None


def passport_import(*, actor: User, document: Any, sbi: SbiCode | None = None) -> Passport:
    """Import a supplier's UNTP Digital Product Passport (JSON-LD, release 0.6.1): validated against the
    schema and the passport rules, its materials against Regiekamer's catalogue and its identifiers against
    the passports there are; refused whole, with the JSON path of every problem at once, and then nothing is
    saved. The composition is the supplier's declaration; criticality, bands and the MCI are computed. The
    product group is `sbi` (the importer's choice) or else the productCategory's SBI or NACE code where the
    catalogue knows it."""
    require(actor, "passports.issue_passport")
    data, found_problems = untp.from_credential(document)
    if not data:
        raise _refuse(found_problems)
    problems: list[tuple[str, object]] = list(found_problems)
    resolve = material_resolver()
    fractions: dict[int, float] = {}
    ids: list[int | None] = []  # per entry: the catalogue's material (None: refused below)
    for index, item in enumerate(data["composition"]):
        found = resolve(str(item["name"])) if item["name"] else None
        ids.append(found[0] if found else None)
        if found is None:
            problems.append(
                (
                    untp.json_path(["credentialSubject", "materialsProvenance", index, "name"]),
                    _("Regiekamer's raw-material catalogue does not know this material."),
                )
            )
            continue
        try:
            fraction = float(item["mass_fraction"])
        except (TypeError, ValueError):
            fraction = 0.0  # the rules name it already
        fractions[found[0]] = fractions.get(found[0], 0.0) + fraction
    product = data["product"]
    if (
        product["gtin"]
        and Passport.objects.filter(
            gtin=product["gtin"], batch=product["batch"], serial=product["serial"]
        ).exists()
    ):
        problems.append(
            (
                "$.credentialSubject.product.registeredId",
                _("A passport with this GTIN, batch and serial number exists already."),
            )
        )
    if problems:
        raise _refuse(problems)
    # the declared fractions; a mass only where the supplier declared one for every entry of the material
    entries = _material_entries(fractions)
    code_of = dict(RawMaterial.objects.filter(pk__in=fractions).values_list("pk", "code"))
    by_code = {entry["code"]: entry for entry in entries}
    for entry in entries:
        entry["kg"] = None
    for material_id, fraction in fractions.items():
        by_code[code_of[material_id]]["mass_fraction"] = fraction
    masses: dict[str, float | None] = {}
    for item, resolved_id in zip(data["composition"], ids, strict=True):
        assert resolved_id is not None  # noqa: S101 (every one resolved, or refused above)
        code = code_of[resolved_id]
        entry = by_code[code]
        if item.get("hazardous") is not None:
            entry["hazardous"] = bool(item["hazardous"]) or bool(entry.get("hazardous"))
        if item.get("recycled_fraction") is not None:
            entry["recycled_fraction"] = item["recycled_fraction"]
        so_far = masses.get(code, 0.0)
        masses[code] = None if so_far is None or item.get("kg") is None else so_far + float(item["kg"])
    for code, mass in masses.items():
        by_code[code]["kg"] = mass
    data["composition"] = entries
    data["components"] = []
    with_mass = [entry for entry in entries if entry["kg"] is not None]
    data["computed"] = {
        "total_kg": sum(float(entry["kg"]) for entry in with_mass)
        if len(with_mass) == len(entries)
        else None,
        "critical_kg": None,
        "release": "",
        "scan": "",
    }
    group = sbi if sbi is not None else _product_group(data.pop("category_codes", []))
    data.pop("category_codes", None)
    _with_mci(data)
    with transaction.atomic():
        try:
            _unique_link(data)
        except ValidationError:  # imported by someone else since the check above
            raise ValidationError(
                {
                    "$.credentialSubject.product.registeredId": [
                        _("A passport with this GTIN, batch and serial number exists already.")
                    ]
                }
            ) from None
        passport = Passport(
            issuer=actor,
            pilot=data["pilot"],
            sbi=group,
            product_name=data["product"]["name"][:200],
            gtin=data["product"]["gtin"],
            batch=data["product"]["batch"],
            serial=data["product"]["serial"],
            origin=Passport.Origin.IMPORT,
        )
        passport.completeness = pilots.completeness(data).score
        passport.save()
        _store(passport, data, actor, _("Imported from a UNTP passport."))
    return passport
