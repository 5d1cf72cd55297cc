"""The passport's carriers and files: its UNTP credential (public or whole), the QR code of its GS1 Digital
Link,
the one-page PDF, the AASX package and the programme's spreadsheet. The public ones are made from the public
view of the record only (passports.record.public_view)."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from regiekamer.pdf import html_to_pdf
from regiekamer.xlsx import append, new_workbook, workbook_bytes

from . import aas, display, gs1, pilots, untp
from .models import Passport, PassportClaim, PassportVersion


class InvalidCredential(RuntimeError):
    """A credential made here broke the UNTP schema: a programming error, never served."""


def link_of(passport: Passport) -> gs1.DigitalLink:
    return gs1.DigitalLink(passport.gtin, passport.batch, passport.serial)


def product_uri(passport: Passport, base: str) -> str:
    return link_of(passport).uri(base)


def _timestamp(moment: datetime) -> str:
    """An XML Schema dateTime in UTC to the second, as the UNTP schema's pattern asks."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(
    passport: Passport, version: PassportVersion, *, base: str, restricted: bool
) -> dict[str, Any]:
    """The UNTP DPP 0.6.1 credential of one version, validated against the vendored schema. A withdrawn
    passport's credential is valid until its withdrawal (every version's: the passport as a whole is)."""
    valid_until = ""
    if passport.status == Passport.Status.WITHDRAWN and passport.withdrawn_at is not None:
        valid_until = _timestamp(passport.withdrawn_at)
    document = untp.to_credential(
        version.record,
        product_uri=product_uri(passport, base),
        credential_id=f"urn:uuid:{version.credential_id}",
        valid_from=_timestamp(version.created_at),
        material_uri=base.rstrip("/") + "/materials/",
        restricted=restricted,
        valid_until=valid_until,
        product_category=untp.category(passport.sbi.code, passport.sbi.display_code, passport.sbi.name)
        if passport.sbi
        else None,
    )
    problems = untp.schema_problems(document)
    if problems:
        raise InvalidCredential("; ".join(f"{path}: {message}" for path, message in problems))
    return document


def qr_svg(uri: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=4, border=2)
    return buffer.getvalue()


def qr_png(uri: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def qr_data_uri(uri: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(uri)).decode("ascii")


def pdf(passport: Passport, version: PassportVersion, *, base: str, restricted: bool) -> bytes:
    """One page: the passport's sheet (public or whole) with the QR code of its link."""
    uri = product_uri(passport, base)
    html = render_to_string(
        "passports/passport_pdf.html",
        {
            "passport": passport,
            "version": version,
            "sheet": display.sheet(version.record, restricted=restricted),
            "uri": uri,
            "qr": qr_data_uri(uri),
        },
    )
    return html_to_pdf(html)


def aasx(passport: Passport, version: PassportVersion, *, base: str) -> bytes:
    if passport.pilot not in pilots.AAS_PILOTS:
        raise ValueError("an Asset Administration Shell is made for the machine-side pilots only")
    uri = product_uri(passport, base)
    return aas.package(
        version.record, product_uri=uri, shell_id=f"{base.rstrip('/')}/passports/aas/{passport.pk}"
    )


def programme_xlsx(passports: list[Passport], claims: list[PassportClaim] | None = None) -> bytes:
    """The programme's workbook: a sheet of the passports and one of the conformity claims of their current
    versions."""
    workbook = new_workbook(write_only=True)
    _passport_sheet(workbook, passports)
    sheet = workbook.create_sheet(_("Conformity claims")[:31])
    append(
        sheet,
        [
            _("Product"),
            _("GTIN"),
            pgettext("GS1 batch or lot", "Batch"),
            _("Serial number"),
            _("Version"),
            _("Topic"),
            _("Claim"),
            _("Standard or regulation"),
            _("Issued or administered by"),
            _("Conforms"),
            _("Assessment date"),
            _("Evidence"),
        ],
    )
    for claim in claims or []:
        passport = claim.version.passport
        append(
            sheet,
            [
                passport.product_name,
                passport.gtin,
                passport.batch,
                passport.serial,
                claim.version.number,
                _(untp.TOPIC_LABELS.get(claim.topic, claim.topic)),
                claim.description,
                claim.reference_name,
                claim.reference_party_name,
                _("yes") if claim.conformance else _("no"),
                claim.assessment_date,
                claim.evidence_url,
            ],
        )
    return workbook_bytes(workbook)


def _passport_sheet(workbook: Any, passports: list[Passport]) -> None:
    headers = [
        _("Product"),
        _("Pilot"),
        _("Product group (SBI)"),
        _("GTIN"),
        pgettext("GS1 batch or lot", "Batch"),
        _("Serial number"),
        _("Status"),
        _("Version"),
        _("Completeness"),
    ]
    rows = [
        [
            passport.product_name,
            passport.get_pilot_display(),
            f"{passport.sbi.code} {passport.sbi.label}" if passport.sbi else "",
            passport.gtin,
            passport.batch,
            passport.serial,
            passport.get_status_display(),
            passport.current_number,
            round(passport.completeness, 4),
        ]
        for passport in passports
    ]
    sheet = workbook.create_sheet(_("Material passports")[:31])
    append(sheet, [str(header) for header in headers])
    for row in rows:
        append(sheet, ["" if value is None else value for value in row])
