"""Writes of the regions app: the programme office keeps the regional platforms and clusters. Every write is
atomic and audited (django-simple-history on the record; a change of its links bumps its version, so the
trail shows who changed it and when)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.concurrency import update_versioned

from .models import RegionalCluster

TEXTS = ("name", "kind", "description", "regional_themes", "source")
LINKS = ("provinces", "members", "supraregional_themes", "projects")
REFERENCES = ("contact_organisation", "contact_person")


def _clean(values: dict[str, Any], *, instance: RegionalCluster | None = None) -> dict[str, Any]:
    cleaned = {name: (values.get(name) or "").strip() for name in TEXTS if name in values}
    if "name" in cleaned:
        if not cleaned["name"]:
            raise ValidationError({"name": _("A platform or cluster needs a name.")})
        same = RegionalCluster.objects.filter(name__iexact=cleaned["name"])
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            raise ValidationError({"name": _("A platform or cluster with this name exists already.")})
    if "kind" in cleaned and cleaned["kind"] not in RegionalCluster.Kind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    person = values.get("contact_person")
    organisation = values.get("contact_organisation")
    if person is not None and organisation is not None and person.organisation_id != organisation.pk:
        raise ValidationError(
            {"contact_person": _("The contact person does not work at the contact organisation.")}
        )
    return cleaned


def _set_links(cluster: RegionalCluster, links: dict[str, Iterable[Any] | None]) -> None:
    for name, items in links.items():
        if items is not None:
            getattr(cluster, name).set(list(items))


@transaction.atomic
def cluster_create(*, actor: User, name: str, **values: Any) -> RegionalCluster:
    """Record a regional platform or cluster."""
    require(actor, "regions.edit_clusters")
    cleaned = _clean({"name": name, **values})
    cluster = RegionalCluster.objects.create(
        **cleaned, **{name: values.get(name) for name in REFERENCES if name in values}
    )
    _set_links(cluster, {name: values.get(name) for name in LINKS})
    return cluster


@transaction.atomic
def cluster_update(
    *, actor: User, cluster: RegionalCluster, expected_version: int, **values: Any
) -> RegionalCluster:
    """Change a platform or cluster: its texts, contact and links (the version guards against a stale
    form)."""
    require(actor, "regions.edit_clusters", cluster)
    cleaned = _clean(
        {**{name: getattr(cluster, name) for name in (*TEXTS, *REFERENCES)}, **values}, instance=cluster
    )
    for name, value in cleaned.items():
        setattr(cluster, name, value)
    for name in REFERENCES:
        if name in values:
            setattr(cluster, name, values[name])
    update_versioned(cluster, expected_version=expected_version, fields=[*TEXTS, *REFERENCES])
    _set_links(cluster, {name: values.get(name) for name in LINKS})
    return cluster
