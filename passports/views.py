"""Pages of the material passports: a company's passports, issuing one from a scan, a passport with its
versions, downloads and who reads its restricted part, the import of a UNTP passport; the programme's overview
and the pilots' guideline; and the public page at the passport's GS1 Digital Link path (no login)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.authorization import can, permission_required, public, require
from regiekamer.forms import add_service_errors, flash_form_errors, service_saved
from regiekamer.pagination import html_page

from . import display, exports, gs1, pilots, selectors, services
from .forms import (
    AccessForm,
    ChooseScanForm,
    ImportForm,
    MaterialsForm,
    PassportEntry,
    PassportForm,
    WithdrawForm,
    claims_initial,
)
from .models import Passport, PassportAccess

JSONLD = "application/ld+json"
IMPORT_MAX_BYTES = 2 * 1024 * 1024


def _base(request: Any) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _file_stem(passport: Passport) -> str:
    return (
        f"paspoort-{passport.gtin}"
        + (f"-{passport.batch}" if passport.batch else "")
        + (f"-{passport.serial}" if passport.serial else "")
    )


@require_GET
@permission_required("passports.issue_passport")
def passport_list(request: Any) -> HttpResponse:
    page = html_page(request, selectors.passports_for(request.user))
    return render(
        request, "passports/passport_list.html", {"page": page, "pilot_labels": pilots.PILOT_LABELS}
    )


@permission_required("passports.issue_passport")
def passport_issue(request: Any) -> HttpResponse:
    scans = selectors.scans_to_issue_from(request.user)
    choose = ChooseScanForm(request.GET or None, scans=scans)
    if not choose.is_valid():
        return render(
            request, "passports/passport_choose.html", {"form": choose, "has_scans": scans.exists()}
        )
    scan, pilot = choose.cleaned_data["scan"], choose.cleaned_data["pilot"]
    entry = PassportEntry(
        request.POST or None,
        pilot=pilot,
        materials=display.material_lines(selectors.scan_materials(scan)),
        initial={"product_name": scan.title},
    )
    if request.method == "POST" and entry.is_valid():
        saved = service_saved(
            entry,
            lambda _data: services.passport_issue(
                actor=request.user, scan=scan, pilot=pilot, values=entry.values()
            ),
        )
        if saved is not None:
            messages.success(request, _("Passport issued."))
            return redirect("passports:detail", pk=saved.pk)
    return render(
        request,
        "passports/passport_form.html",
        {"entry": entry, "scan": scan, "pilot": pilots.PILOT_LABELS[pilot], "revising": False},
    )


def _passport_page(request: Any, passport: Passport, number: int | None = None) -> HttpResponse:
    version = selectors.version_of(passport, number)
    uri = exports.product_uri(passport, _base(request))
    is_issuer = can(request.user, "passports.edit_passport", passport)
    return render(
        request,
        "passports/passport_detail.html",
        {
            "passport": passport,
            "version": version,
            "is_current": version.number == passport.current_number,
            "sheet": display.sheet(version.record, restricted=True),
            "completeness": pilots.completeness(version.record),
            "uri": uri,
            "versions": selectors.versions_of(passport),
            "access": passport.access.select_related("user") if is_issuer else [],
            "is_issuer": is_issuer,
            "access_form": AccessForm() if is_issuer else None,
            "withdraw_form": WithdrawForm(initial={"version": passport.version}) if is_issuer else None,
            "has_aas": passport.pilot in pilots.AAS_PILOTS,
        },
    )


@require_GET
@permission_required("passports.view_passport")
def passport_detail(request: Any, pk: int) -> HttpResponse:
    return _passport_page(request, selectors.passport_for(request.user, pk))


@require_GET
@permission_required("passports.view_passport")
def passport_version(request: Any, pk: int, number: int) -> HttpResponse:
    return _passport_page(request, selectors.passport_for(request.user, pk), number)


@permission_required("passports.edit_passport")
def passport_revise(request: Any, pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    require(request.user, "passports.edit_passport", passport)
    current = selectors.version_of(passport)
    composition = current.record.get("composition") or []
    initial = {
        **PassportForm.initial_from(current.record),
        **MaterialsForm.initial_from(composition),
        "version": passport.version,
    }
    # the lines of the form are the materials the new version will hold: the scan's now, or the kept ones
    lines = selectors.scan_materials(passport.scan) if passport.scan is not None else composition
    entry = PassportEntry(
        request.POST or None,
        pilot=passport.pilot,
        materials=display.material_lines(lines),
        revising=True,
        initial=initial,
        claims=claims_initial(current.record),
    )
    if request.method == "POST" and entry.is_valid():
        expected = entry.form.cleaned_data.get("version") or passport.version
        saved = service_saved(
            entry,
            lambda _data: services.passport_revise(
                actor=request.user,
                passport=passport,
                expected_version=expected,
                values=entry.values(),
                note=entry.form.cleaned_data.get("note") or "",
            ),
        )
        if saved is not None:
            messages.success(request, _("New version %(number)s issued.") % {"number": saved.number})
            return redirect("passports:detail", pk=passport.pk)
    return render(
        request,
        "passports/passport_form.html",
        {
            "entry": entry,
            "passport": passport,
            "scan": passport.scan,
            "pilot": pilots.PILOT_LABELS[passport.pilot],
            "revising": True,
        },
    )


@require_POST
@permission_required("passports.edit_passport")
def passport_withdraw(request: Any, pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        saved = service_saved(
            form,
            lambda data: services.passport_withdraw(
                actor=request.user, passport=passport, expected_version=data["version"], reason=data["reason"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Passport withdrawn."))
            return redirect("passports:detail", pk=passport.pk)
    flash_form_errors(request, form)
    return redirect("passports:detail", pk=passport.pk)


@require_POST
@permission_required("passports.edit_passport")
def access_grant(request: Any, pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    form = AccessForm(request.POST)
    if form.is_valid():
        saved = service_saved(
            form, lambda data: services.passport_grant_access(actor=request.user, passport=passport, **data)
        )
        if saved is not None:
            messages.success(request, _("%(name)s reads the restricted part now.") % {"name": saved.user})
            return redirect("passports:detail", pk=passport.pk)
    flash_form_errors(request, form)
    return redirect("passports:detail", pk=passport.pk)


@require_POST
@permission_required("passports.edit_passport")
def access_revoke(request: Any, pk: int, access_pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    access = PassportAccess.objects.filter(pk=access_pk, passport=passport).first()
    if access is None:
        raise Http404
    services.passport_revoke_access(actor=request.user, access=access)
    messages.success(request, _("Access withdrawn."))
    return redirect("passports:detail", pk=passport.pk)


@require_GET
@permission_required("passports.view_passport")
def passport_jsonld(request: Any, pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    version = selectors.version_of(passport, _number(request))
    document = exports.credential(passport, version, base=_base(request), restricted=True)
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return _download(content, JSONLD, f"{_file_stem(passport)}-v{version.number}.jsonld")


def _number(request: Any) -> int | None:
    text = request.GET.get("version", "")
    return int(text) if text.isdigit() else None


@require_GET
@permission_required("passports.view_passport")
def passport_pdf(request: Any, pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    version = selectors.version_of(passport, _number(request))
    content = exports.pdf(passport, version, base=_base(request), restricted=True)
    return _download(content, "application/pdf", f"{_file_stem(passport)}-v{version.number}.pdf")


@require_GET
@permission_required("passports.view_passport")
def passport_aasx(request: Any, pk: int) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    if passport.pilot not in pilots.AAS_PILOTS:
        raise Http404(
            _("An Asset Administration Shell is made for machine building and electric motors only.")
        )
    version = selectors.version_of(passport, _number(request))
    content = exports.aasx(passport, version, base=_base(request))
    return _download(
        content, "application/asset-administration-shell-package", f"{_file_stem(passport)}.aasx"
    )


@require_GET
@permission_required("passports.view_passport")
def passport_qr(request: Any, pk: int, kind: str) -> HttpResponse:
    passport = selectors.passport_for(request.user, pk)
    uri = exports.product_uri(passport, _base(request))
    if kind == "svg":
        return _download(exports.qr_svg(uri), "image/svg+xml", f"{_file_stem(passport)}.svg")
    if kind == "png":
        return _download(exports.qr_png(uri), "image/png", f"{_file_stem(passport)}.png")
    raise Http404


@permission_required("passports.issue_passport")
def passport_import(request: Any) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[tuple[str, list[str]]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        document: Any = None
        if upload.size > IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            try:
                document = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                form.add_error("file", _("The file is not JSON."))
        if document is not None:
            try:
                passport = services.passport_import(
                    actor=request.user, document=document, sbi=form.cleaned_data.get("sbi")
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    problems = sorted(error.message_dict.items())
                else:
                    add_service_errors(form, error)
            else:
                messages.success(request, _("Passport imported."))
                return redirect("passports:detail", pk=passport.pk)
    return render(request, "passports/passport_import.html", {"form": form, "problems": problems})


@require_GET
@permission_required("passports.view_programme")
def programme(request: Any) -> HttpResponse:
    summaries = selectors.pilot_summaries()
    groups = selectors.per_group_and_pilot()
    critical = selectors.critical_content_per_group()
    return render(
        request,
        "passports/programme.html",
        {
            "summaries": [(summary, _(pilots.PILOT_LABELS[summary.pilot])) for summary in summaries],
            "groups": [{**row, "pilot_label": _(pilots.PILOT_LABELS[row["pilot"]])} for row in groups],
            "critical": critical,
            "page": html_page(request, selectors.passport_rows()),
        },
    )


@require_GET
@permission_required("passports.view_programme")
def programme_xlsx(request: Any) -> HttpResponse:
    content = exports.programme_xlsx(list(selectors.passport_rows()), list(selectors.current_claims()))
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "materiaalpaspoorten.xlsx",
    )


@require_GET
@permission_required("passports.view_guideline")
def guideline(request: Any) -> HttpResponse:
    templates = [
        (
            _(pilots.PILOT_LABELS[pilot]),
            [(_(label)) for _key, label in pilots.COMMON_FIELDS],
            [(_(field.label), field.unit, field.restricted) for field in pilots.template(pilot)],
        )
        for pilot in pilots.PILOTS
    ]
    return render(request, "passports/guideline.html", {"templates": templates})


# ------------------------------------------------------------------------------------------- public
def _public(request: Any, gtin: str, batch: str = "", serial: str = "") -> HttpResponse:
    try:
        link = gs1.DigitalLink.of(gtin, batch, serial)
    except gs1.Gs1Error as error:
        raise Http404 from error
    if link.gtin != gtin:  # a GTIN-13 or shorter in the path: the canonical link has 14 digits
        return redirect(link.path)
    passport = selectors.passport_at_link(link.gtin, link.batch, link.serial)
    version = selectors.version_of(passport)
    base = _base(request)
    kind = request.GET.get("format", "")
    if kind == "jsonld":
        document = exports.credential(passport, version, base=base, restricted=False)
        return JsonResponse(document, content_type=JSONLD, json_dumps_params={"ensure_ascii": False})
    if kind == "pdf":
        content = exports.pdf(passport, version, base=base, restricted=False)
        return _download(content, "application/pdf", f"{_file_stem(passport)}.pdf", inline=True)
    return render(
        request,
        "passports/public_passport.html",
        {
            "passport": passport,
            "version": version,
            "sheet": display.sheet(version.record, restricted=False),
            "uri": link.uri(base),
            "may_read_restricted": can(request.user, "passports.view_passport", passport),
        },
    )


@public
@require_GET
def public_passport(request: Any, gtin: str) -> HttpResponse:
    return _public(request, gtin)


@public
@require_GET
def public_passport_batch(request: Any, gtin: str, batch: str) -> HttpResponse:
    return _public(request, gtin, batch)


@public
@require_GET
def public_passport_serial(request: Any, gtin: str, serial: str) -> HttpResponse:
    return _public(request, gtin, "", serial)


@public
@require_GET
def public_passport_item(request: Any, gtin: str, batch: str, serial: str) -> HttpResponse:
    return _public(request, gtin, batch, serial)
