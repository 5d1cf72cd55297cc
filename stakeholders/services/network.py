"""The kept collaboration network (NetworkLink): every pair of organisations that share a collaboration, with
how many they share, the first by name and the two organisations' names, moved in the transaction that changes
a membership, renames a collaboration or renames an organisation.

Single saves and deletes reach network_refresh and network_names_refresh through
stakeholders.signals.keep_network (a service, the admin or a test factory alike), the importer's bulk renames
network_names_refresh; network_rebuild recomputes the whole network from the memberships (the
migration that added the links, and after a bulk load that passes the signals by)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery

from .. import selectors
from ..models import NetworkLink, Organisation

BATCH = 5000


def _links(rows: Iterable[dict]) -> list[NetworkLink]:
    return [
        NetworkLink(
            organisation_a_id=row["a"],
            organisation_b_id=row["b"],
            shared=row["shared"],
            label=row["label"],
            a_name=row["a_name"],
            b_name=row["b_name"],
        )
        for row in rows
    ]


def network_refresh(*, organisation_ids: Iterable[int]) -> None:
    """The links that touch these organisations, aggregated again from the memberships (their neighbourhood
    only: the rest of the network is unchanged by a change to their memberships)."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return
    with transaction.atomic():
        touching = NetworkLink.objects.filter(organisation_a_id__in=ids) | NetworkLink.objects.filter(
            organisation_b_id__in=ids
        )
        touching.delete()
        rows = selectors.network_pairs(Organisation.objects.filter(pk__in=ids))
        NetworkLink.objects.bulk_create(_links(rows), batch_size=BATCH)


def network_names_refresh(*, organisation_ids: Iterable[int]) -> None:
    """The kept names (the page's sort keys) of the links that touch these organisations, read again from the
    organisations: after a rename, in its transaction. Two indexed updates (by `organisation_a`, by
    `organisation_b`); a link whose name is already right is not written."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return
    for key, column in (("organisation_a", "a_name"), ("organisation_b", "b_name")):
        name = Subquery(Organisation.objects.filter(pk=OuterRef(f"{key}_id")).values("name")[:1])
        links = NetworkLink.objects.filter(**{f"{key}_id__in": ids})
        links.exclude(**{column: name}).update(**{column: name})


def network_rebuild() -> int:
    """The whole network recomputed from the memberships; the number of links."""
    with transaction.atomic():
        NetworkLink.objects.all().delete()
        links = _links(selectors.network_pairs().iterator(chunk_size=BATCH))
        NetworkLink.objects.bulk_create(links, batch_size=BATCH)
    return len(links)
