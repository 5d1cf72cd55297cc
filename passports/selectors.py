"""Reads of the material passports: a user's passports, one passport for its readers, the public lookup by
GS1 Digital Link, and the programme's aggregates (per product group and pilot, completeness per pilot,
critical-material content per product group), each an aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.http import Http404

from accounts.authorization import can
from materials.models import Scan, ScanMaterial

from . import pilots
from .models import Passport, PassportClaim, PassportMaterial, PassportVersion


def passports_for(user: Any) -> QuerySet[Passport]:
    """The passports whose restricted part `user` reads: their own, those shared with them; every one for the
    programme office."""
    return Passport.objects.readable_by(user).select_related("sbi", "issuer")


def passport_for(user: Any, pk: int) -> Passport:
    """The passport if `user` reads its restricted part; 404 otherwise (its public page is at its link)."""
    passport = Passport.objects.filter(pk=pk).select_related("sbi", "issuer", "scan").first()
    if passport is None or not can(user, "passports.view_passport", passport):
        raise Http404
    return passport


def version_of(passport: Passport, number: int | None = None) -> PassportVersion:
    found = passport.versions.filter(number=number or passport.current_number).first()
    if found is None:
        raise Http404
    return found


def versions_of(passport: Passport) -> QuerySet[PassportVersion]:
    return passport.versions.select_related("created_by").order_by("-number")


def passport_at_link(gtin: str, batch: str, serial: str) -> Passport:
    passport = Passport.objects.filter(gtin=gtin, batch=batch, serial=serial).first()
    if passport is None:
        raise Http404
    return passport


def scan_materials(scan: Scan) -> list[dict[str, Any]]:
    """The materials of a scan with their mass (summed over its products), heaviest first: the lines of the
    passport form where the issuer declares each material's hazard and recycled content."""
    rows = (
        ScanMaterial.objects.filter(scan=scan, kg__gt=0)
        .values("material__code", "material__name", "material__name_nl")
        .annotate(total=Sum("kg"))
        .order_by("-total", "material__name")
    )
    return [
        {
            "code": row["material__code"],
            "name": row["material__name"],
            "name_nl": row["material__name_nl"],
            "kg": row["total"],
        }
        for row in rows
    ]


def scans_to_issue_from(user: Any) -> QuerySet[Scan]:
    return Scan.objects.owned_by(user).select_related("sbi")


@dataclass
class PilotSummary:
    pilot: str
    passports: int
    active: int
    completeness: float | None


def pilot_summaries() -> list[PilotSummary]:
    rows: dict[str, dict[str, Any]] = {
        row["pilot"]: dict(row)
        for row in Passport.objects.values("pilot").annotate(
            passports=Count("pk"),
            active=Count("pk", filter=Q(status=Passport.Status.ACTIVE)),
            completeness=Avg("completeness"),
        )
    }
    return [
        PilotSummary(
            pilot,
            rows.get(pilot, {}).get("passports", 0),
            rows.get(pilot, {}).get("active", 0),
            rows.get(pilot, {}).get("completeness"),
        )
        for pilot in pilots.PILOTS
    ]


def per_group_and_pilot() -> list[dict[str, Any]]:
    """Passports per product group (SBI; none for a scan without one) and pilot, with their completeness."""
    return [
        dict(row)
        for row in Passport.objects.values("sbi__code", "sbi__name", "sbi__name_en", "pilot")
        .annotate(passports=Count("pk"), completeness=Avg("completeness"))
        .order_by("sbi__code", "pilot")
    ]


def critical_content_per_group() -> list[dict[str, Any]]:
    """Per product group and critical raw material: kg in the active passports (summed over the passports that
    give a mass) and how many passports contain it."""
    return [
        dict(row)
        for row in PassportMaterial.objects.filter(critical=True, passport__status=Passport.Status.ACTIVE)
        .values(
            "passport__sbi__code",
            "passport__sbi__name",
            "passport__sbi__name_en",
            "material__code",
            "material__name",
            "material__name_nl",
        )
        .annotate(kg=Sum("kg"), passports=Count("passport", distinct=True))
        .order_by("passport__sbi__code", "-kg", "material__name")
    ]


def passport_rows() -> QuerySet[Passport]:
    return Passport.objects.select_related("sbi", "issuer").order_by("pilot", "product_name", "pk")


def current_claims() -> QuerySet[PassportClaim]:
    """The conformity claims of every passport's current version, with their passport (for the programme's
    workbook)."""
    return (
        PassportClaim.objects.filter(version__number=F("version__passport__current_number"))
        .select_related("version__passport")
        .order_by(
            "version__passport__pilot", "version__passport__product_name", "version__passport_id", "position"
        )
    )


def declared_critical_content_by_division() -> dict[str, list[dict[str, Any]]]:
    """For the sweet-spot table (materials.views.sweet_spots): per SBI division, the EU-critical raw
    materials the active passports of that product group declare, with their mass summed over the
    passports that give one (None when none does) and how many passports hold each; heaviest first. A
    passport in a finer SBI code counts in its division; one without a product group is left out."""
    totals: dict[str, dict[str, dict[str, Any]]] = {}
    for row in critical_content_per_group():
        code = row["passport__sbi__code"]
        if not code:
            continue
        materials = totals.setdefault(code[:2], {})
        entry = materials.setdefault(
            row["material__code"],
            {
                "code": row["material__code"],
                "name": row["material__name"],
                "name_nl": row["material__name_nl"],
                "kg": None,
                "passports": 0,
            },
        )
        if row["kg"] is not None:
            entry["kg"] = (entry["kg"] or 0.0) + row["kg"]
        entry["passports"] += row["passports"]
    return {
        division: sorted(materials.values(), key=lambda item: (-(item["kg"] or 0.0), item["name"]))
        for division, materials in totals.items()
    }
