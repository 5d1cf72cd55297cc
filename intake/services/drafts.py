"""Drafts and their parts: the consortium, a new draft, its fields, the signed ambition document, the parties
and their signatories, and the action lines. Only the consortium's members change a draft, and only while it
is a draft (intake.edit_draft)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import NpceProductGroup, TransitionAgenda
from regiekamer.concurrency import update_versioned
from regiekamer.uploads import PdfUnreadable, pdf_active_content

from .. import checks
from ..models import (
    ActionLine,
    Application,
    ChainDirectionRole,
    ChainRole,
    Consortium,
    ExcludedSupport,
    GoalTheme,
    OrganisationType,
    Party,
    Signatory,
    Status,
    StatusEvent,
)
from .steps import locked, require_draft

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB
PDF_MAGIC = b"%PDF-"

APPLICATION_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "product_group",
        "transition_agenda",
        "market_share_percent",
        "market_share_argument",
        "role_arguments",
        "centre_of_gravity_in_nl",
        "centre_of_gravity_explanation",
        "branches_and_small_companies",
        "transition_phase",
        "transition_phase_description",
        "circular_gains",
        "bottlenecks",
        "analysis_tool",
        "contributions_description",
        "governance_model",
        "disagreement_procedure",
        "shared_goal",
        "long_term_goals",
        "goal_themes",
        "lap_cmp_sector_plan",
        "lap_cmp_exceedance",
        "intended_effects",
        "barriers_resolved",
        "raw_material_savings_tonnes",
        "raw_material_savings_calculation",
        "co2_savings_tonnes",
        "environmental_effects",
        "supply_security_effects",
        "lasting_effects",
        "risks",
        "chain_direction_needed",
        "excluded_support_requested",
        "planned_start",
        "planned_end",
        "planning",
        "cost_benefit_distribution",
        "requested_budget_eur",
        "knowledge_sharing_between_parties",
        "knowledge_sharing_cross_sector",
        "knowledge_sharing_outside",
        "leerkring_participation",
        "accepts_periodic_consultation",
        "r_strategies",
    }
)

PARTY_FIELDS = (
    "name",
    "organisation_type",
    "chain_role",
    "responsibility",
    "chain_function",
    "contribution_hours",
    "contribution_eur",
    "country",
)


# --- consortium and drafts ----------------------------------------------------------------------------------


@transaction.atomic
def consortium_ensure(*, actor: User, name: str, members: Iterable[User] = ()) -> Consortium:
    """The consortium `name` (created if new) with `members` added to the people who may apply for it."""
    require(actor, "intake.manage_consortia")
    consortium, _created = Consortium.objects.get_or_create(name=name)
    consortium.members.add(*members)
    return consortium


@transaction.atomic
def application_create(
    *,
    consortium: Consortium,
    actor: User,
    title: str,
    product_group: NpceProductGroup,
    transition_agenda: TransitionAgenda | None = None,
) -> Application:
    """A new draft for `consortium`; the transition agenda defaults to the product group's only agenda."""
    require(actor, "intake.create_application", consortium)
    if transition_agenda is None:
        agendas = list(product_group.agendas.all())
        transition_agenda = agendas[0] if len(agendas) == 1 else None
    elif not product_group.agendas.filter(pk=transition_agenda.pk).exists():
        raise ValidationError(
            {"transition_agenda": _("The product group does not belong to this transition agenda.")}
        )
    application = Application.objects.create(
        consortium=consortium,
        title=title,
        product_group=product_group,
        transition_agenda=transition_agenda,
        created_by=actor,
    )
    StatusEvent.objects.create(application=application, from_status="", to_status=Status.DRAFT, actor=actor)
    return application


def _clean_choice_list(values: Iterable[str] | None, choices: list[tuple[Any, Any]], field: str) -> list[str]:
    allowed = {value for value, _label in choices}
    cleaned = list(dict.fromkeys(values or []))
    unknown = [value for value in cleaned if value not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Unknown value(s): %(values)s.") % {"values": ", ".join(map(str, unknown))}}
        )
    return cleaned


@transaction.atomic
def application_update(
    *, application: Application, actor: User, expected_version: int, data: dict[str, Any]
) -> Application:
    """Save draft fields. `data` maps field names (APPLICATION_EDITABLE_FIELDS) to values."""
    require(actor, "intake.edit_draft", application)
    require_draft(application)
    unknown = set(data) - APPLICATION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "goal_themes" in data:
        data["goal_themes"] = _clean_choice_list(data["goal_themes"], GoalTheme.choices, "goal_themes")
    if "excluded_support_requested" in data:
        data["excluded_support_requested"] = _clean_choice_list(
            data["excluded_support_requested"], ExcludedSupport.choices, "excluded_support_requested"
        )
    if "role_arguments" in data:
        allowed = set(checks.REQUIRED_CHAIN_ROLES)
        data["role_arguments"] = {
            role: text.strip()
            for role, text in (data["role_arguments"] or {}).items()
            if role in allowed and text and text.strip()
        }
    product_group = data.get("product_group", application.product_group)
    agenda = data.get("transition_agenda", application.transition_agenda)
    if agenda is not None and not product_group.agendas.filter(pk=agenda.pk).exists():
        raise ValidationError(
            {"transition_agenda": _("The product group does not belong to this transition agenda.")}
        )
    r_strategies = data.pop("r_strategies", None)
    for name, value in data.items():
        setattr(application, name, value)
    application.full_clean(exclude=["ambition_document", "created_by", "consortium"])
    update_versioned(application, expected_version=expected_version, fields=sorted(data))
    if r_strategies is not None:
        application.r_strategies.set(r_strategies)
    return application


@transaction.atomic
def application_upload_ambition(
    *, application: Application, actor: User, upload: UploadedFile
) -> Application:
    """Store the signed ambition document: PDF only (checked by content, not by name), at most 10 MB, and
    nothing active in it: the PDF is parsed (pikepdf) and every object is checked, those in compressed object
    streams and names written with escapes included (regiekamer.uploads.pdf_active_content); a file that
    cannot be parsed is refused too. Assessors download it. The file is stored under a random name and only
    ever served as an attachment through a permission-checked view."""
    require(actor, "intake.edit_draft", application)
    require_draft(application)
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "ambition_document": _(
                    "The file is %(size)s bytes; at most %(max)s bytes (10 MB) are accepted."
                )
                % {"size": size, "max": MAX_UPLOAD_BYTES}
            }
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if not name.lower().endswith(".pdf") or head != PDF_MAGIC:
        raise ValidationError(
            {"ambition_document": _("Only PDF files are accepted (the file must be a PDF and end in .pdf).")}
        )
    upload.seek(0)
    try:
        active = pdf_active_content(upload.read())
    except PdfUnreadable as error:
        raise ValidationError({"ambition_document": str(error)}) from error
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            {
                "ambition_document": _(
                    "The PDF contains scripts, launch actions or embedded files (%(found)s); upload a plain "
                    "(printed or flattened) PDF of the signed ambition."
                )
                % {"found": ", ".join(name.lstrip("/") for name in active)}
            }
        )
    application = locked(application)
    old = application.ambition_document.name if application.ambition_document else ""
    application.ambition_document.save("ambition.pdf", upload, save=False)
    application.ambition_document_name = name
    application.ambition_document_size = size
    application.version += 1
    application.save(
        update_fields=["ambition_document", "ambition_document_name", "ambition_document_size", "version"]
    )
    if old:
        storage = application.ambition_document.storage
        transaction.on_commit(lambda: storage.delete(old))
    return application


# --- parties, signatories, action lines ---------------------------------------------------------------------


def _clean_party(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values["country"] = (values.get("country") or "NL").strip().upper()
    if len(values["country"]) != 2 or not values["country"].isalpha():
        raise ValidationError({"country": _("Give the country as a two-letter ISO code, e.g. NL, BE, DE.")})
    if values.get("chain_role") not in ChainRole.values:
        raise ValidationError({"chain_role": _("Unknown chain role.")})
    if values.get("organisation_type") not in OrganisationType.values:
        raise ValidationError({"organisation_type": _("Unknown type of organisation.")})
    for money in ("contribution_hours", "contribution_eur"):
        values[money] = Decimal(values.get(money) or 0)
        if values[money] < 0:
            raise ValidationError({money: _("A contribution cannot be negative.")})
    return values


@transaction.atomic
def party_create(*, application: Application, actor: User, **values: Any) -> Party:
    require(actor, "intake.edit_draft", application)
    require_draft(application)
    values = _clean_party({key: values.get(key) for key in PARTY_FIELDS})
    if application.parties.filter(name__iexact=values["name"]).exists():
        raise ValidationError({"name": _("A party with this name is already in the consortium.")})
    return Party.objects.create(application=application, **{k: v for k, v in values.items() if v is not None})


@transaction.atomic
def party_update(*, party: Party, actor: User, expected_version: int, **values: Any) -> Party:
    require(actor, "intake.edit_draft", party)
    require_draft(party.application)
    values = _clean_party({key: values.get(key, getattr(party, key)) for key in PARTY_FIELDS})
    if party.application.parties.filter(name__iexact=values["name"]).exclude(pk=party.pk).exists():
        raise ValidationError({"name": _("A party with this name is already in the consortium.")})
    for key, value in values.items():
        setattr(party, key, value)
    update_versioned(party, expected_version=expected_version, fields=list(PARTY_FIELDS))
    return party


@transaction.atomic
def party_delete(*, party: Party, actor: User) -> None:
    require(actor, "intake.edit_draft", party)
    require_draft(party.application)
    party.delete()


@transaction.atomic
def signatory_create(
    *, party: Party, actor: User, name: str, position: str = "", signed_on: dt.date | None = None
) -> Signatory:
    require(actor, "intake.edit_draft", party)
    require_draft(party.application)
    if not name.strip():
        raise ValidationError({"name": _("Give the name of the signatory.")})
    return Signatory.objects.create(party=party, name=name.strip(), position=position, signed_on=signed_on)


@transaction.atomic
def signatory_delete(*, signatory: Signatory, actor: User) -> None:
    require(actor, "intake.edit_draft", signatory)
    require_draft(signatory.party.application)
    signatory.delete()


@transaction.atomic
def action_line_create(
    *,
    application: Application,
    actor: User,
    title: str,
    description: str = "",
    chain_direction_roles: Iterable[str] = (),
) -> ActionLine:
    require(actor, "intake.edit_draft", application)
    require_draft(application)
    roles = _clean_choice_list(chain_direction_roles, ChainDirectionRole.choices, "chain_direction_roles")
    order = application.action_lines.count() + 1
    return ActionLine.objects.create(
        application=application,
        order=order,
        title=title,
        description=description,
        chain_direction_roles=roles,
    )


@transaction.atomic
def action_line_delete(*, action_line: ActionLine, actor: User) -> None:
    require(actor, "intake.edit_draft", action_line)
    require_draft(action_line.application)
    action_line.delete()
