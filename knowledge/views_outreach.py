"""Pages of the communication strategy and image bank (S22), the knowledge hub and mailing lists (S23) and the
vision landscape (S21). Stored files (images, hub documents) are served only through these views, after the
permission check; the public case pages show an image only when it is approved and a published case uses
it."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.authorization import can, permission_required, public, require
from jobs.exports import Table, download
from regiekamer.forms import flash_errors, service_saved
from regiekamer.history import render_history
from regiekamer.pagination import html_page, query_without_page
from stakeholders.services import register as stakeholder_register

from . import landscape
from . import selectors_outreach as selectors
from . import services_outreach as services
from .forms_outreach import (
    GuidelineForm,
    HubFilterForm,
    HubItemForm,
    HubVersionForm,
    ImageMetaForm,
    ImageUploadForm,
    LandscapeItemForm,
    MailingListForm,
    RejectForm,
    StrategyForm,
    TargetGroupForm,
)
from .models import (
    BankImage,
    HubItem,
    HubVersion,
    ImagingGuideline,
    LandscapeItem,
    MailingList,
    TargetGroup,
)

HUB_PAGE_SIZE = 25
IMAGE_PAGE_SIZE = 24


def _get(model_or_queryset: Any, pk: int, message: str) -> Any:
    rows = getattr(model_or_queryset, "objects", model_or_queryset)
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


def _without_version(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "version"}


def _as_expected(data: dict[str, Any]) -> dict[str, Any]:
    """A form's data for a service: the `version` it was read at as the `expected_version` it checks."""
    return {**_without_version(data), "expected_version": data["version"]}


# --- communication strategy ---


@permission_required("knowledge.view_strategy")
def strategy(request) -> HttpResponse:
    current = services.strategy_current()
    return render(
        request,
        "knowledge/strategy.html",
        {
            "strategy": current,
            "groups": list(current.target_groups.all()) if current else [],
            "can_edit": can(request.user, "knowledge.edit_strategy"),
            "can_images": can(request.user, "knowledge.view_images"),
            "carrying": selectors.carrying_status(),
            "guideline_groups": _guideline_groups(),
        },
    )


def _guideline_groups() -> list[tuple[str, str, list[ImagingGuideline]]]:
    found = selectors.imaging_guidelines()
    return [
        (ImagingGuideline.Kind.DO, _("Do's"), found["do"]),
        (ImagingGuideline.Kind.DONT, _("Don'ts"), found["dont"]),
    ]


@permission_required("knowledge.edit_strategy")
def strategy_edit(request) -> HttpResponse:
    current = services.strategy_current()
    initial = {name: getattr(current, name) for name in services.STRATEGY_TEXTS} if current else {}
    if current:
        initial["version"] = current.version
    form = StrategyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if service_saved(form, lambda d: services.strategy_save(actor=request.user, **_as_expected(d))):
            messages.success(request, _("Communication strategy saved."))
            return redirect("knowledge:strategy")
    return render(request, "knowledge/strategy_form.html", {"form": form, "strategy": current})


@permission_required("knowledge.view_strategy")
def strategy_history(request) -> HttpResponse:
    current = services.strategy_current()
    if current is None:
        raise Http404(_("No communication strategy yet."))
    return render_history(request, current, back_url=reverse("knowledge:strategy"))


@permission_required("knowledge.edit_strategy")
def target_group_edit(request, pk: int | None = None) -> HttpResponse:
    group = _get(TargetGroup, pk, _("No such target group.")) if pk else None
    initial: dict[str, Any] = {}
    if group:
        initial = {n: getattr(group, n) for n in ("name", "segment", "role", "goal", "description", "order")}
        initial["version"] = group.version
    form = TargetGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if service_saved(
            form, lambda d: services.target_group_save(actor=request.user, group=group, **_as_expected(d))
        ):
            messages.success(request, _("Target group saved."))
            return redirect("knowledge:strategy")
    return render(request, "knowledge/target_group_form.html", {"form": form, "group": group})


@permission_required("knowledge.edit_strategy")
def guideline_edit(request, pk: int | None = None) -> HttpResponse:
    guideline = _get(ImagingGuideline, pk, _("No such do or don't.")) if pk else None
    initial: dict[str, Any] = {"kind": ImagingGuideline.Kind.DO}
    if guideline:
        names = ("kind", "text", "source_quote", "source_section", "order")
        initial = {name: getattr(guideline, name) for name in names} | {"version": guideline.version}
    form = GuidelineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if service_saved(
            form,
            lambda d: services.imaging_guideline_save(
                actor=request.user, guideline=guideline, **_as_expected(d)
            ),
        ):
            messages.success(request, _("Do or don't saved."))
            return redirect(reverse("knowledge:strategy") + "#dos-and-donts")
    return render(request, "knowledge/guideline_form.html", {"form": form, "guideline": guideline})


@require_POST
@permission_required("knowledge.edit_strategy")
def guideline_delete(request, pk: int) -> HttpResponse:
    guideline = _get(ImagingGuideline, pk, _("No such do or don't."))
    services.imaging_guideline_delete(actor=request.user, guideline=guideline)
    messages.success(request, _("Do or don't removed."))
    return redirect(reverse("knowledge:strategy") + "#dos-and-donts")


@require_POST
@permission_required("knowledge.edit_strategy")
def guidelines_load(request) -> HttpResponse:
    added = services.imaging_guidelines_load(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s do or don't of Bijlage 5 added.",
            "%(count)s do's and don'ts of Bijlage 5 added.",
            added,
        )
        % {"count": added},
    )
    return redirect(reverse("knowledge:strategy") + "#dos-and-donts")


@require_POST
@permission_required("knowledge.edit_strategy")
def target_group_delete(request, pk: int) -> HttpResponse:
    group = _get(TargetGroup, pk, _("No such target group."))
    services.target_group_delete(actor=request.user, group=group)
    messages.success(request, _("Target group removed."))
    return redirect("knowledge:strategy")


# --- image bank ---


@permission_required("knowledge.view_images")
def image_list(request) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in BankImage.Kind.values else ""
    status = status if status in BankImage.Status.values else ""
    page = html_page(request, selectors.image_list(kind=kind, status=status), per_page=IMAGE_PAGE_SIZE)
    return render(
        request,
        "knowledge/image_list.html",
        {
            "page": page,
            "images": page.object_list,
            "page_query": query_without_page(request),
            "kinds": BankImage.Kind.choices,
            "statuses": BankImage.Status.choices,
            "kind": kind,
            "status": status,
            "carrying": selectors.carrying_status(),
            "can_upload": can(request.user, "knowledge.upload_image"),
        },
    )


@permission_required("knowledge.upload_image")
def image_upload(request) -> HttpResponse:
    form = ImageUploadForm(request.POST or None, request.FILES or None, initial={"kind": "supporting"})
    if request.method == "POST" and form.is_valid():
        data = _without_version(form.cleaned_data)
        upload = data.pop("file")
        image = service_saved(
            form,
            lambda _d: services.image_upload(
                actor=request.user, content=upload.read(), file_name=upload.name, **data
            ),
        )
        if image is not None:
            messages.success(request, _("Image added. The programme office approves it before it is used."))
            return redirect(image)
    return render(request, "knowledge/image_form.html", {"form": form, "image": None})


def _image(pk: int) -> BankImage:
    return _get(BankImage.objects.select_related("uploaded_by", "reviewed_by"), pk, _("No such image."))


@permission_required("knowledge.view_images")
def image_detail(request, pk: int) -> HttpResponse:
    image = _image(pk)
    can_review = can(request.user, "knowledge.approve_image")
    return render(
        request,
        "knowledge/image_detail.html",
        {
            "image": image,
            "can_review": can_review,
            "refusals": services.image_approval_refusals(image),
            "reject_form": RejectForm() if can_review else None,
            "cases": image.cases.select_related("project"),
            "guideline_rows": _guideline_rows(image),
        },
    )


def _guideline_rows(image: BankImage) -> list[tuple[ImagingGuideline, bool]]:
    """Every do and don't with whether `image` keeps it (does the do, avoids the don't)."""
    kept = {guideline.pk for guideline in image.guidelines_followed.all()}
    found = selectors.imaging_guidelines()
    return [(guideline, guideline.pk in kept) for guideline in found["do"] + found["dont"]]


@permission_required("knowledge.approve_image")
def image_edit(request, pk: int) -> HttpResponse:
    image = _image(pk)
    names = [n for n in ImageMetaForm.base_fields if n not in ("version", "guidelines_followed")]
    initial = {name: getattr(image, name) for name in names} | {
        "version": image.version,
        "guidelines_followed": list(image.guidelines_followed.values_list("pk", flat=True)),
    }
    form = ImageMetaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or image.version
        if service_saved(
            form,
            lambda _d: services.image_update(
                actor=request.user, image=image, expected_version=version, **data
            ),
        ):
            messages.success(request, _("Image saved."))
            return redirect(image)
    return render(request, "knowledge/image_form.html", {"form": form, "image": image})


def _step(request, step: Any, success: str) -> None:
    try:
        step()
    except ValidationError as error:
        flash_errors(request, error)
        return
    messages.success(request, success)


@require_POST
@permission_required("knowledge.approve_image")
def image_approve(request, pk: int) -> HttpResponse:
    image = _image(pk)
    _step(request, lambda: services.image_approve(actor=request.user, image=image), _("Image approved."))
    return redirect(image)


@require_POST
@permission_required("knowledge.approve_image")
def image_reject(request, pk: int) -> HttpResponse:
    image = _image(pk)
    _step(
        request,
        lambda: services.image_reject(actor=request.user, image=image, reason=request.POST.get("reason", "")),
        _("Image rejected."),
    )
    return redirect(image)


@permission_required("knowledge.view_images")
def image_history(request, pk: int) -> HttpResponse:
    image = _image(pk)
    return render_history(request, image, back_url=image.get_absolute_url())


def _serve_image(image: BankImage, variant: str) -> FileResponse:
    if variant not in ("original", "thumbnail"):
        raise Http404
    path = image.file if variant == "original" else image.thumbnail
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image.image_format]
    if variant == "thumbnail":
        content_type = "image/jpeg"
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError as error:
        raise Http404(_("The image file is missing.")) from error
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    if variant == "original":
        response["Content-Disposition"] = f'inline; filename="image-{image.pk}.{image.image_format.lower()}"'
    return response


@require_GET
@permission_required("knowledge.view_images")
def image_file(request, pk: int, variant: str) -> FileResponse:
    return _serve_image(_image(pk), variant)


@require_GET
@public
def public_image(request, pk: int, variant: str) -> FileResponse:
    """An image of a published case: anyone may see it (nothing else of the bank is public)."""
    image = selectors.public_image(pk)
    if image is None:
        raise Http404(_("No such image."))
    response = _serve_image(image, variant)
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- knowledge hub ---


@permission_required("knowledge.view_hub")
def hub(request) -> HttpResponse:
    form = HubFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    page = html_page(request, selectors.hub_items(**filters), per_page=HUB_PAGE_SIZE)
    return render(
        request,
        "knowledge/hub.html",
        {
            "form": form,
            "page": page,
            "items": page.object_list,
            "page_query": query_without_page(request),
            "searched": bool(filters),
            "can_edit": can(request.user, "knowledge.edit_hub"),
            "can_lists": can(request.user, "knowledge.view_mailing_lists"),
        },
    )


@permission_required("knowledge.edit_hub")
def hub_item_create(request) -> HttpResponse:
    initial = {"team": request.GET.get("team") or None, "kind": "document"}
    form = HubItemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _without_version(form.cleaned_data)
        upload = data.pop("file")
        item = service_saved(
            form,
            lambda _d: services.hub_item_create(
                actor=request.user,
                content=upload.read() if upload else None,
                file_name=upload.name if upload else "",
                **data,
            ),
        )
        if item is not None:
            messages.success(request, _("Added to the knowledge hub."))
            return redirect(item)
    return render(request, "knowledge/hub_form.html", {"form": form, "item": None})


def _hub_item(pk: int) -> HubItem:
    try:
        return selectors.hub_item_detail(pk)
    except HubItem.DoesNotExist as error:
        raise Http404(_("No such item.")) from error


@permission_required("knowledge.view_hub")
def hub_item(request, pk: int) -> HttpResponse:
    item = _hub_item(pk)
    can_edit = can(request.user, "knowledge.edit_hub")
    return render(
        request,
        "knowledge/hub_item.html",
        {
            "item": item,
            "versions": item.versions.select_related("created_by"),
            "can_edit": can_edit,
            "version_form": HubVersionForm() if can_edit else None,
        },
    )


@permission_required("knowledge.edit_hub")
def hub_item_edit(request, pk: int) -> HttpResponse:
    item = _hub_item(pk)
    initial = {n: getattr(item, n) for n in ("title", "team", "theme", "description", "tags")}
    form = HubItemForm(request.POST or None, initial=initial | {"version": item.version}, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or item.version
        if service_saved(
            form,
            lambda _d: services.hub_item_update(
                actor=request.user, item=item, expected_version=version, **data
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect(item)
    return render(request, "knowledge/hub_form.html", {"form": form, "item": item})


@require_POST
@permission_required("knowledge.edit_hub")
def hub_version_add(request, pk: int) -> HttpResponse:
    item = _hub_item(pk)
    form = HubVersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        saved = service_saved(
            form,
            lambda data: services.hub_version_add(
                actor=request.user,
                item=item,
                content=upload.read() if upload else None,
                file_name=upload.name if upload else "",
                url=data["url"],
                note=data["note"],
            ),
        )
        if saved is not None:
            messages.success(request, _("New version added."))
            return redirect(item)
    return render(
        request,
        "knowledge/hub_item.html",
        {"item": item, "versions": item.versions.all(), "can_edit": True, "version_form": form},
        status=400,
    )


@require_GET
@permission_required("knowledge.view_hub")
def hub_file(request, pk: int) -> FileResponse:
    version = _get(HubVersion, pk, _("No such version."))
    if not version.file:
        raise Http404(_("This version has no file."))
    try:
        handle = default_storage.open(version.file, "rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=version.file_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("knowledge.view_hub")
def hub_item_history(request, pk: int) -> HttpResponse:
    item = _hub_item(pk)
    return render_history(request, item, back_url=item.get_absolute_url())


# --- mailing lists ---


@permission_required("knowledge.view_mailing_lists")
def mailing_lists(request) -> HttpResponse:
    lists = list(selectors.mailing_lists())
    return render(
        request,
        "knowledge/mailing_lists.html",
        {"lists": lists, "can_edit": can(request.user, "knowledge.edit_mailing_lists")},
    )


@permission_required("knowledge.edit_mailing_lists")
def mailing_list_edit(request, pk: int | None = None) -> HttpResponse:
    found = _get(MailingList, pk, _("No such mailing list.")) if pk else None
    initial: dict[str, Any] = {"team": request.GET.get("team") or None}
    if found:
        initial = {n: getattr(found, n) for n in ("team", "name", "content", "change_agent_types")}
        initial["version"] = found.version
    form = MailingListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = service_saved(
            form,
            lambda d: services.mailing_list_save(actor=request.user, mailing_list=found, **_as_expected(d)),
        )
        if saved is not None:
            messages.success(request, _("Mailing list saved."))
            return redirect(saved)
    return render(request, "knowledge/mailing_list_form.html", {"form": form, "mailing_list": found})


def _mailing_list(pk: int) -> MailingList:
    return _get(MailingList.objects.select_related("team"), pk, _("No such mailing list."))


@permission_required("knowledge.view_mailing_lists")
def mailing_list(request, pk: int) -> HttpResponse:
    found = _mailing_list(pk)
    page = html_page(request, selectors.mailing_list_members(found), per_page=50)
    return render(
        request,
        "knowledge/mailing_list.html",
        {
            "mailing_list": found,
            "page": page,
            "people": page.object_list,
            "page_query": query_without_page(request),
            "can_edit": can(request.user, "knowledge.edit_mailing_lists"),
            "types": found.change_agent_types,
        },
    )


def _member_table(found: MailingList) -> Table:
    members = list(selectors.mailing_list_members(found))
    rows = [
        [p.name, p.email, p.organisation.name, p.position, p.get_change_agent_type_display()] for p in members
    ]
    headers = [_("Name"), _("Email"), _("Organisation"), _("Position"), _("Change-agent type")]
    return Table(headers=headers, count=len(rows), rows=rows, filename=f"mailing-list-{found.pk}")


@require_GET
@permission_required("knowledge.view_mailing_lists")
def mailing_list_export(request, pk: int, fmt: str) -> HttpResponse:
    """Who is on the list, for the newsletter tool, as CSV or XLSX (jobs.exports: as Dutch Excel reads it,
    formula-like text kept as text). Person records are personal data: the export is logged in the
    register's export log."""
    found = _mailing_list(pk)
    require(request.user, "stakeholders.export_people")
    table = _member_table(found)
    stakeholder_register.people_export_log(
        actor=request.user, query=f"mailing-list={found.pk}", rows=table.count
    )
    return download(table, fmt, title=found.name)


@permission_required("knowledge.view_mailing_lists")
def mailing_list_history(request, pk: int) -> HttpResponse:
    found = _mailing_list(pk)
    return render_history(request, found, back_url=found.get_absolute_url())


# --- vision landscape ---

LAYER_ASPECTS = {
    # §3.3, the row under the four landscapes.
    "initiatives": (gettext_lazy("in the present"), gettext_lazy("circular products, services and systems")),
    "intervention": (gettext_lazy("scaling up"), gettext_lazy("change of culture, behaviour and set-up")),
    "transition": (gettext_lazy("acceleration"), gettext_lazy("cross-sector connections")),
    "trend": (
        gettext_lazy("the future economy, society and biosphere"),
        gettext_lazy("programmes, plans, laws and measures"),
    ),
}


def _drawing() -> tuple[landscape.Drawing, list[dict[str, Any]]]:
    """The laid-out drawing and, per layer (far to near), its label and items for the text view."""
    from catalogue.models import Horizon

    items = list(selectors.landscape_items())
    drawing = landscape.layout(selectors.landscape_plain(items))
    labels = dict(Horizon.Landscape.choices)
    layers = []
    for band in drawing.bands:
        band_label = str(labels[band.code])
        movement, aspect = LAYER_ASPECTS[band.code]
        band.label = band_label  # type: ignore[attr-defined]
        band.movement = str(movement)  # type: ignore[attr-defined]
        band.aspect = str(aspect)  # type: ignore[attr-defined]
        layers.append(
            {
                "code": band.code,
                "label": band_label,
                "movement": movement,
                "aspect": aspect,
                "items": [i for i in items if i.horizon.landscape == band.code],
            }
        )
    return drawing, layers


def _svg(drawing: landscape.Drawing, *, standalone: bool) -> str:
    return render_to_string(
        "knowledge/landscape.svg",
        {"drawing": drawing, "standalone": standalone, "title": _("Vision landscape")},
    )


@permission_required("knowledge.view_landscape")
def landscape_page(request) -> HttpResponse:
    drawing, layers = _drawing()
    return render(
        request,
        "knowledge/landscape.html",
        {
            "svg": _svg(drawing, standalone=False),
            "layers": layers,
            "count": drawing.count,
            "can_edit": can(request.user, "knowledge.edit_landscape"),
        },
    )


@require_GET
@permission_required("knowledge.view_landscape")
def landscape_export(request, fmt: str) -> HttpResponse:
    drawing, layers = _drawing()
    svg = _svg(drawing, standalone=True)
    stem = f"visielandschap-{timezone.localdate():%Y%m%d}"
    if fmt == "svg":
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.svg"'
        return response
    if fmt != "pdf":
        raise Http404
    from regiekamer.pdf import html_to_pdf

    html = render_to_string(
        "knowledge/landscape_pdf.html",
        {
            "svg_data": base64.b64encode(svg.encode()).decode(),
            "layers": layers,
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response


@permission_required("knowledge.edit_landscape")
def landscape_item_edit(request, pk: int | None = None) -> HttpResponse:
    item = _get(LandscapeItem, pk, _("No such landscape item.")) if pk else None
    names = ("title", "horizon", "description", "effect_goal", "project", "change_strategy", "order")
    initial = ({n: getattr(item, n) for n in names} | {"version": item.version}) if item else {}
    form = LandscapeItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if service_saved(
            form, lambda d: services.landscape_item_save(actor=request.user, item=item, **_as_expected(d))
        ):
            messages.success(request, _("Landscape item saved."))
            return redirect("knowledge:landscape")
    return render(request, "knowledge/landscape_item_form.html", {"form": form, "item": item})


@require_POST
@permission_required("knowledge.edit_landscape")
def landscape_item_delete(request, pk: int) -> HttpResponse:
    item = _get(LandscapeItem, pk, _("No such landscape item."))
    services.landscape_item_delete(actor=request.user, item=item)
    messages.success(request, _("Landscape item removed."))
    return redirect("knowledge:landscape")


@permission_required("knowledge.view_landscape")
def landscape_item_history(request, pk: int) -> HttpResponse:
    item = _get(LandscapeItem, pk, _("No such landscape item."))
    return render_history(request, item, back_url=reverse("knowledge:landscape"))
