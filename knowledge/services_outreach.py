"""Writes of the communication strategy, the image bank, the knowledge hub, the mailing lists and the vision
landscape (S21-S23): each requires its action first, validates, writes in a transaction and is audited
(django-simple-history on every model). Stored files go to the default storage, outside the static root."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.concurrency import StateConflict, update_versioned
from regiekamer.links import validate_link
from regiekamer.uploads import UploadRefused, pdf_active_content
from stakeholders.models import Person as StakeholderPerson

from . import imagecheck, textextract
from .models import (
    BankImage,
    CommunicationStrategy,
    HubItem,
    HubVersion,
    ImageCriterion,
    ImageUsage,
    ImagingGuideline,
    LandscapeItem,
    MailingList,
    TargetGroup,
)

STRATEGY_TEXTS = (
    "aim",
    "message",
    "knowledge_goal",
    "doing_goal",
    "key_message",
    "promise",
    "image_concept",
)
# Bijlage 5: "Dragende beelden (minimaal 5)".
CARRYING_IMAGES_NEEDED = 5
GUIDELINES_FILE = Path(__file__).resolve().parent / "data" / "imaging_guidelines.json"


def _clean(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def _store(folder: str, name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:16]
    return default_storage.save(f"{folder}/{digest}-{name}", ContentFile(content))


# --- communication strategy ---


def strategy_current() -> CommunicationStrategy | None:
    return CommunicationStrategy.objects.order_by("pk").first()


@transaction.atomic
def strategy_save(*, actor: User, expected_version: int | None, **values: Any) -> CommunicationStrategy:
    """The programme office writes the strategy (one for the programme; the first save creates it)."""
    require(actor, "knowledge.edit_strategy")
    cleaned = {name: _clean(values.get(name)) for name in STRATEGY_TEXTS}
    errors = {}
    for name, message in (
        ("aim", _("Say what the communication aims at.")),
        ("key_message", _("The strategy needs a key message.")),
        ("promise", _("The strategy needs a promise to the target group.")),
    ):
        if not cleaned[name]:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    strategy = strategy_current()
    if strategy is None:
        return CommunicationStrategy.objects.create(
            source_section=_clean(values.get("source_section")), **cleaned
        )
    for name, value in cleaned.items():
        setattr(strategy, name, value)
    update_versioned(
        strategy, expected_version=expected_version or strategy.version, fields=list(STRATEGY_TEXTS)
    )
    return strategy


def _target_group_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "name": _clean(values.get("name")),
        "segment": _clean(values.get("segment")),
        "role": _clean(values.get("role")),
        "goal": _clean(values.get("goal")),
        "description": _clean(values.get("description")),
        "order": int(values.get("order") or 0),
    }
    errors = {}
    if not cleaned["name"]:
        errors["name"] = _("A target group needs a name.")
    for name, choices in (
        ("segment", TargetGroup.Segment),
        ("role", TargetGroup.Role),
        ("goal", TargetGroup.Goal),
    ):
        if cleaned[name] not in choices.values:
            errors[name] = _("Choose one of the options.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def target_group_save(
    *, actor: User, group: TargetGroup | None = None, expected_version: int | None = None, **values: Any
) -> TargetGroup:
    """Add a target group to the strategy, or change one."""
    require(actor, "knowledge.edit_strategy")
    cleaned = _target_group_values(values)
    if group is None:
        strategy = strategy_current()
        if strategy is None:
            raise ValidationError({"name": _("Write the strategy first; then add its target groups.")})
        return TargetGroup.objects.create(strategy=strategy, **cleaned)
    for name, value in cleaned.items():
        setattr(group, name, value)
    update_versioned(group, expected_version=expected_version or group.version, fields=list(cleaned))
    return group


@transaction.atomic
def target_group_delete(*, actor: User, group: TargetGroup) -> None:
    require(actor, "knowledge.edit_strategy")
    group.delete()


# --- the do's and don'ts of the imaging strategy (Bijlage 5) ---


@transaction.atomic
def imaging_guidelines_load(*, actor: User) -> int:
    """Load the do's and don'ts of Bijlage 5 from knowledge/data/imaging_guidelines.json (each with the
    sentence of the source it is taken from); those already there (same kind and text) are left as they
    are. Returns how many were added."""
    require(actor, "knowledge.edit_strategy")
    data = json.loads(GUIDELINES_FILE.read_text(encoding="utf-8"))
    added = 0
    for row in data["guidelines"]:
        if ImagingGuideline.objects.filter(kind=row["kind"], text=row["text"]).exists():
            continue
        ImagingGuideline.objects.create(
            kind=row["kind"],
            text=row["text"],
            source_quote=row["quote"],
            source_section=f"{data['source']}, {row['section']}",
            order=row["order"],
        )
        added += 1
    return added


@transaction.atomic
def imaging_guideline_save(
    *,
    actor: User,
    guideline: ImagingGuideline | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> ImagingGuideline:
    """The programme office adds a do or a don't, or changes one."""
    require(actor, "knowledge.edit_strategy")
    cleaned = {
        "kind": _clean(values.get("kind")),
        "text": _clean(values.get("text")),
        "source_quote": _clean(values.get("source_quote")),
        "source_section": _clean(values.get("source_section")),
        "order": int(values.get("order") or 0),
    }
    errors = {}
    if cleaned["kind"] not in ImagingGuideline.Kind.values:
        errors["kind"] = _("Choose do or don't.")
    if not cleaned["text"]:
        errors["text"] = _("Write the guideline.")
    if errors:
        raise ValidationError(errors)
    if guideline is None:
        return ImagingGuideline.objects.create(**cleaned)
    for name, value in cleaned.items():
        setattr(guideline, name, value)
    update_versioned(guideline, expected_version=expected_version or guideline.version, fields=list(cleaned))
    return guideline


@transaction.atomic
def imaging_guideline_delete(*, actor: User, guideline: ImagingGuideline) -> None:
    require(actor, "knowledge.edit_strategy")
    guideline.delete()


# --- image bank ---


def _choices(values: Iterable[Any] | None, allowed: Iterable[str], field: str) -> list[str]:
    chosen = [str(v) for v in (values or [])]
    allowed = list(allowed)
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise ValidationError({field: _("Unknown option: %(value)s.") % {"value": ", ".join(unknown)}})
    return [v for v in allowed if v in chosen]  # the choices' own order, each once


def image_approval_refusals(image: BankImage) -> list[str]:
    """Why `image` cannot be approved yet (empty: it can). A carrying image meets every criterion of Bijlage 5
    (light, concentration, action, no snapshot); a supporting image at least the quality ("geen snapshots").
    Who is portrayed gave permission."""
    reasons = []
    missing = [code for code in ImageCriterion.values if code not in image.criteria]
    if image.kind == BankImage.Kind.CARRYING and missing:
        labels = ", ".join(str(ImageCriterion(code).label).split(":")[0] for code in missing)
        reasons.append(
            _("A carrying image meets every image criterion; not met: %(criteria)s.") % {"criteria": labels}
        )
    if image.kind == BankImage.Kind.SUPPORTING and ImageCriterion.QUALITY not in image.criteria:
        reasons.append(_("Every image of the bank is of good quality: no snapshots."))
    if image.kind == BankImage.Kind.CARRYING and not image.own_photography:
        reasons.append(_('A carrying image is own photography (Bijlage 5, "Eigen fotografie").'))
    if image.people_portrayed and not image.portrait_permission:
        reasons.append(_("The people portrayed have not given permission."))
    if not image.usages:
        reasons.append(_("Say where the image may be used."))
    return reasons


@transaction.atomic
def image_upload(
    *,
    actor: User,
    content: bytes,
    file_name: str,
    title: str,
    kind: str,
    photographer: str,
    licence: str,
    description: str = "",
    own_photography: bool = False,
    people_portrayed: bool = False,
    portrait_permission: bool = False,
    usages: Iterable[str] = (),
    criteria: Iterable[str] = (),
    guidelines_followed: Iterable[Any] = (),
) -> BankImage:
    """Add an image to the bank (awaiting the programme office's approval). The file is checked on its content
    (knowledge.imagecheck): type, size and dimensions; an image without photographer or licence is refused."""
    require(actor, "knowledge.upload_image")
    errors = {}
    title, photographer, licence = _clean(title), _clean(photographer), _clean(licence)
    if not title:
        errors["title"] = _("An image needs a title.")
    if kind not in BankImage.Kind.values:
        errors["kind"] = _("Choose carrying or supporting.")
    if not photographer:
        errors["photographer"] = _("Name the photographer (or the source of the image).")
    if not licence:
        errors["licence"] = _("An image without a licence cannot be used: name the licence.")
    if portrait_permission and not people_portrayed:
        portrait_permission = False
    try:
        info = imagecheck.inspect(content, kind=kind if kind in BankImage.Kind.values else "supporting")
    except UploadRefused as refused:
        errors["file"] = str(refused)
        info = None
    cleaned_usages = _choices(usages, ImageUsage.values, "usages")
    cleaned_criteria = _choices(criteria, ImageCriterion.values, "criteria")
    followed = _guidelines(guidelines_followed)
    if errors:
        raise ValidationError(errors)
    assert info is not None
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[info.image_format]
    path = _store("imagebank", f"image.{extension}", content)
    thumb = _store("imagebank/thumbnails", "thumb.jpg", imagecheck.thumbnail(content))
    image = BankImage.objects.create(
        title=title,
        description=_clean(description),
        kind=kind,
        file=path,
        thumbnail=thumb,
        file_name=_clean(file_name)[:255] or f"image.{extension}",
        image_format=info.image_format,
        width=info.width,
        height=info.height,
        size=info.size,
        photographer=photographer,
        licence=licence,
        own_photography=bool(own_photography),
        people_portrayed=bool(people_portrayed),
        portrait_permission=bool(portrait_permission),
        usages=cleaned_usages,
        criteria=cleaned_criteria,
        uploaded_by=actor,
    )
    image.guidelines_followed.set(followed)
    return image


def _guidelines(values: Iterable[Any] | None) -> list[ImagingGuideline]:
    """The guidelines named by `values` (objects or primary keys); an unknown one is refused."""
    wanted = {getattr(value, "pk", value) for value in (values or [])}
    found = list(ImagingGuideline.objects.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({"guidelines_followed": _("Unknown do or don't.")})
    return found


@transaction.atomic
def image_update(*, actor: User, image: BankImage, expected_version: int, **values: Any) -> BankImage:
    """The programme office records the checklist, usage, licence and permission (an approved image goes back
    to awaiting approval when they change)."""
    require(actor, "knowledge.approve_image")
    errors: dict[str, Any] = {}
    for name in ("title", "photographer", "licence"):
        if name in values:
            text = _clean(values[name])
            if not text:
                errors[name] = {
                    "title": _("An image needs a title."),
                    "photographer": _("Name the photographer (or the source of the image)."),
                    "licence": _("An image without a licence cannot be used: name the licence."),
                }[name]
            setattr(image, name, text)
    if "kind" in values:
        if values["kind"] not in BankImage.Kind.values:
            errors["kind"] = _("Choose carrying or supporting.")
        elif values["kind"] != image.kind:
            least = imagecheck.MIN_SHORT_SIDE[values["kind"]]
            if min(image.width, image.height) < least:
                errors["kind"] = _(
                    "This kind of image needs at least %(limit)s pixels on its shortest side."
                ) % {"limit": least}
            image.kind = values["kind"]
    if errors:
        raise ValidationError(errors)
    image.description = _clean(values.get("description", image.description))
    image.own_photography = bool(values.get("own_photography", image.own_photography))
    image.people_portrayed = bool(values.get("people_portrayed", image.people_portrayed))
    image.portrait_permission = image.people_portrayed and bool(
        values.get("portrait_permission", image.portrait_permission)
    )
    image.usages = _choices(values.get("usages", image.usages), ImageUsage.values, "usages")
    image.criteria = _choices(values.get("criteria", image.criteria), ImageCriterion.values, "criteria")
    fields = [
        "title",
        "photographer",
        "licence",
        "kind",
        "description",
        "own_photography",
        "people_portrayed",
        "portrait_permission",
        "usages",
        "criteria",
    ]
    if "guidelines_followed" in values:
        image.guidelines_followed.set(_guidelines(values["guidelines_followed"]))
    if image.status == BankImage.Status.APPROVED and image_approval_refusals(image):
        image.status = BankImage.Status.SUBMITTED
        fields.append("status")
    update_versioned(image, expected_version=expected_version, fields=fields)
    return image


@transaction.atomic
def image_approve(*, actor: User, image: BankImage) -> BankImage:
    """The programme office approves an image for use; refused with the reasons while it misses a criterion,
    the permission of the people portrayed or its usage."""
    require(actor, "knowledge.approve_image")
    locked = BankImage.objects.select_for_update().get(pk=image.pk)
    if locked.status == BankImage.Status.APPROVED:
        raise StateConflict(_("The image is approved already."))
    reasons = image_approval_refusals(locked)
    if reasons:
        raise ValidationError({"status": reasons})
    locked.status, locked.reviewed_by, locked.reviewed_at = BankImage.Status.APPROVED, actor, timezone.now()
    locked.rejection_reason = ""
    update_versioned(
        locked,
        expected_version=locked.version,
        fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"],
    )
    return locked


@transaction.atomic
def image_reject(*, actor: User, image: BankImage, reason: str) -> BankImage:
    """The programme office rejects an image, saying why (it stays in the bank's history, unused)."""
    require(actor, "knowledge.approve_image")
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the image is rejected.")})
    locked = BankImage.objects.select_for_update().get(pk=image.pk)
    if locked.cases.filter(status="published").exists():
        raise StateConflict(_("A published case shows this image; take it off the case first."))
    locked.status, locked.reviewed_by, locked.reviewed_at = BankImage.Status.REJECTED, actor, timezone.now()
    locked.rejection_reason = reason
    update_versioned(
        locked,
        expected_version=locked.version,
        fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"],
    )
    return locked


# --- knowledge hub ---

HUB_MAX_BYTES = 8 * 1024 * 1024
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}


def normalise_tags(text: str) -> str:
    """Tags typed as 'Kritieke metalen, batterijen' → 'batterijen, kritieke metalen' (lower case, each once,
    sorted)."""
    tags = sorted({tag.strip().lower() for tag in (text or "").split(",") if tag.strip()})
    return ", ".join(tags)[:300]


def document_type(content: bytes) -> str:
    """The content type of a hub document, judged on its content: a PDF without active content, an Office
    Open XML document (Word, Excel, PowerPoint) or plain UTF-8 text. UploadRefused otherwise."""
    import io
    import zipfile

    if not content:
        raise UploadRefused(_("The file is empty."))
    if len(content) > HUB_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": round(len(content) / 1024 / 1024, 1), "limit": HUB_MAX_BYTES // 1024 // 1024}
        )
    if content.startswith(b"%PDF-"):
        active = pdf_active_content(content)
        if active:
            raise UploadRefused(
                _("The PDF contains active content (%(parts)s); upload it without.")
                % {"parts": ", ".join(active)}
            )
        return "application/pdf"
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = archive.namelist()
                if len(names) > 2000 or sum(i.file_size for i in archive.infolist()) > 20 * HUB_MAX_BYTES:
                    raise UploadRefused(_("The document unpacks to more than is accepted."))
        except zipfile.BadZipFile as error:
            raise UploadRefused(_("The file is no PDF, Office document or text file.")) from error
        if "[Content_Types].xml" in names:
            for prefix, (content_type, _extension) in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return content_type
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return "text/plain; charset=utf-8"
    raise UploadRefused(_("The file is no PDF, Office document or text file."))


def _hub_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "title": _clean(values.get("title")),
        "description": _clean(values.get("description")),
        "kind": _clean(values.get("kind")),
        "tags": normalise_tags(values.get("tags") or ""),
        "team": values.get("team"),
        "theme": values.get("theme"),
    }
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("An item needs a title.")
    if cleaned["kind"] not in HubItem.Kind.values:
        errors["kind"] = _("Choose document, source or link.")
    if cleaned["team"] is None and cleaned["theme"] is None:
        errors["team"] = _("Name the team or the roadmap theme the item belongs to (or both).")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _version_values(kind: str, content: bytes | None, file_name: str, url: str) -> dict[str, Any]:
    url = _clean(url)
    if url:
        try:
            validate_link(url)
        except ValidationError as error:
            raise ValidationError({"url": error.messages}) from error
    if kind == HubItem.Kind.DOCUMENT:
        if not content:
            raise ValidationError({"file": _("A document needs its file.")})
        try:
            content_type = document_type(content)
        except UploadRefused as refused:
            raise ValidationError({"file": str(refused)}) from refused
        name = _clean(file_name).replace("/", "_")[:200] or "document"
        return {
            "file": _store("hub", name, content),
            "file_name": name,
            "content_type": content_type,
            "size": len(content),
            "url": url,
            "text": textextract.document_text(content, content_type),
        }
    if not url:
        raise ValidationError({"url": _("A link or source needs its address.")})
    return {"url": url}


@transaction.atomic
def hub_item_create(
    *,
    actor: User,
    title: str,
    kind: str,
    team: Any = None,
    theme: Any = None,
    description: str = "",
    tags: str = "",
    content: bytes | None = None,
    file_name: str = "",
    url: str = "",
    note: str = "",
) -> HubItem:
    """Add a document (with its file), a source or a link to the hub; its first version."""
    require(actor, "knowledge.edit_hub")
    cleaned = _hub_values(
        {"title": title, "kind": kind, "team": team, "theme": theme, "description": description, "tags": tags}
    )
    version = _version_values(cleaned["kind"], content, file_name, url)
    item = HubItem.objects.create(created_by=actor, **cleaned)
    HubVersion.objects.create(item=item, number=1, note=_clean(note), created_by=actor, **version)
    return item


@transaction.atomic
def hub_item_update(*, actor: User, item: HubItem, expected_version: int, **values: Any) -> HubItem:
    """Change an item's title, description, tags, team or theme (its file or address: a new version)."""
    require(actor, "knowledge.edit_hub")
    cleaned = _hub_values({**values, "kind": item.kind})
    for name, value in cleaned.items():
        setattr(item, name, value)
    update_versioned(item, expected_version=expected_version, fields=list(cleaned))
    return item


@transaction.atomic
def hub_version_add(
    *,
    actor: User,
    item: HubItem,
    content: bytes | None = None,
    file_name: str = "",
    url: str = "",
    note: str = "",
) -> HubVersion:
    """A new version of a hub item: a new file (documents) or address (sources, links), with what changed."""
    require(actor, "knowledge.edit_hub")
    locked = HubItem.objects.select_for_update().get(pk=item.pk)
    note = _clean(note)
    if not note:
        raise ValidationError({"note": _("Say what changed in this version.")})
    version = _version_values(locked.kind, content, file_name, url)
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    found = HubVersion.objects.create(item=locked, number=number, note=note, created_by=actor, **version)
    update_versioned(locked, expected_version=locked.version, fields=[])
    return found


# --- mailing lists ---


@transaction.atomic
def mailing_list_save(
    *,
    actor: User,
    mailing_list: MailingList | None = None,
    expected_version: int | None = None,
    team: Any,
    name: str,
    content: str,
    change_agent_types: Iterable[str] = (),
) -> MailingList:
    """A team's mailing list: who of the register receives what."""
    require(actor, "knowledge.edit_mailing_lists")
    name, content = _clean(name), _clean(content)
    errors = {}
    if team is None:
        errors["team"] = _("A mailing list belongs to a team.")
    if not name:
        errors["name"] = _("A mailing list needs a name.")
    if not content:
        errors["content"] = _("Say what the people on the list receive.")
    if errors:
        raise ValidationError(errors)
    types = _choices(change_agent_types, StakeholderPerson.ChangeAgentType.values, "change_agent_types")
    duplicate = MailingList.objects.filter(team=team, name__iexact=name)
    if mailing_list is not None:
        duplicate = duplicate.exclude(pk=mailing_list.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("The team has a mailing list of this name already.")})
    if mailing_list is None:
        return MailingList.objects.create(team=team, name=name, content=content, change_agent_types=types)
    mailing_list.team, mailing_list.name, mailing_list.content = team, name, content
    mailing_list.change_agent_types = types
    update_versioned(
        mailing_list,
        expected_version=expected_version or mailing_list.version,
        fields=["team", "name", "content", "change_agent_types"],
    )
    return mailing_list


# --- vision landscape ---


@transaction.atomic
def landscape_item_save(
    *,
    actor: User,
    item: LandscapeItem | None = None,
    expected_version: int | None = None,
    title: str,
    horizon: Any,
    description: str = "",
    effect_goal: Any = None,
    project: Any = None,
    change_strategy: Any = None,
    order: int | None = 0,
    source_section: str = "",
) -> LandscapeItem:
    """Place an action of the roadmap in the landscape (its horizon gives the layer), linked to the goal,
    project or change strategy it stands for."""
    require(actor, "knowledge.edit_landscape")
    title = _clean(title)
    errors = {}
    if not title:
        errors["title"] = _("An item needs a title.")
    if horizon is None:
        errors["horizon"] = _("Choose the decision horizon: it places the item in its layer.")
    if effect_goal is None and project is None and change_strategy is None:
        errors["effect_goal"] = _(
            "Link the item to the goal, the project or the change strategy it stands for."
        )
    if errors:
        raise ValidationError(errors)
    values = {
        "title": title,
        "horizon": horizon,
        "description": _clean(description),
        "effect_goal": effect_goal,
        "project": project,
        "change_strategy": change_strategy,
        "order": int(order or 0),
    }
    if item is None:
        return LandscapeItem.objects.create(source_section=_clean(source_section), **values)
    for name, value in values.items():
        setattr(item, name, value)
    update_versioned(item, expected_version=expected_version or item.version, fields=list(values))
    return item


@transaction.atomic
def landscape_item_delete(*, actor: User, item: LandscapeItem) -> None:
    require(actor, "knowledge.edit_landscape")
    item.delete()
