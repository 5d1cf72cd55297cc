"""Writes of the Regio-tool (§5.6 "Regionale clusteraanpak"): the promising groups of companies and
initiatives per region, kept by the programme office and Team Verbreding. Atomic and audited; an edit names
the version it read."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.concurrency import update_versioned

from .models import RegionalOpportunity

TEXTS = ("name", "regional_theme", "target_group", "description", "status", "alignment_note")
REFERENCES = ("province", "cluster", "project", "aligned_on")


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {name: _text(values.get(name)) for name in TEXTS}
    cleaned.update({name: values.get(name) for name in REFERENCES})
    cleaned["status"] = cleaned["status"] or RegionalOpportunity.Status.SPOTTED
    errors: dict[str, str] = {}
    if not cleaned["name"]:
        errors["name"] = _("Name the group of companies or the initiative.")
    if cleaned["province"] is None:
        errors["province"] = _("Name the province it is in.")
    if not cleaned["regional_theme"]:
        errors["regional_theme"] = _("Name the region's theme it is promising for.")
    if cleaned["target_group"] not in RegionalOpportunity.TargetGroup.values:
        errors["target_group"] = _("Choose SMEs, OEMs or both.")
    if cleaned["status"] not in RegionalOpportunity.Status.values:
        errors["status"] = _("Choose a status from the list.")
    cluster = cleaned["cluster"]
    province = cleaned["province"]
    if cluster is not None and province is not None:
        provinces = list(cluster.provinces.all())
        if provinces and province not in provinces:
            errors["cluster"] = _("This platform or cluster does not work in %(province)s.") % {
                "province": province.label
            }
    if cleaned["status"] == RegionalOpportunity.Status.PROJECT and cleaned["project"] is None:
        errors["project"] = _("Name the project it became.")
    aligned_on = cleaned["aligned_on"]
    if isinstance(aligned_on, datetime.date) and aligned_on > timezone.localdate():
        errors["aligned_on"] = _("The alignment cannot lie in the future.")
    if aligned_on is None and cleaned["alignment_note"]:
        errors["aligned_on"] = _("Give the date of the alignment with the Regio-tool.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def opportunity_create(*, actor: User, members: Iterable[Any] = (), **values: Any) -> RegionalOpportunity:
    """Record a promising group of companies or initiative of a region."""
    require(actor, "regions.edit_regiotool")
    cleaned = _clean(values)
    found = RegionalOpportunity.objects.create(created_by=actor, **cleaned)
    found.members.set(list(members))
    return found


@transaction.atomic
def opportunity_update(
    *,
    actor: User,
    opportunity: RegionalOpportunity,
    expected_version: int,
    members: Iterable[Any] | None = None,
    **values: Any,
) -> RegionalOpportunity:
    """Change a promising group: its theme, status, companies, project and alignment with the Regio-tool."""
    require(actor, "regions.edit_regiotool")
    current = {name: getattr(opportunity, name) for name in (*TEXTS, *REFERENCES)}
    cleaned = _clean({**current, **values})
    for name, value in cleaned.items():
        setattr(opportunity, name, value)
    update_versioned(opportunity, expected_version=expected_version, fields=list(cleaned))
    if members is not None:
        opportunity.members.set(list(members))
    return opportunity
