"""The kept collaboration network (NetworkLink): every pair of organisations that share a collaboration, with
how many they share and the first by name, moved in the transaction that changes a membership or renames a
collaboration.

Single saves and deletes reach network_refresh through stakeholders.signals.keep_network (a service, the
admin or a test factory alike); network_rebuild recomputes the whole network from the memberships (the
migration that added the links, and after a bulk load that passes the signals by)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .. import selectors
from ..models import NetworkLink, Organisation

BATCH = 5000


def _links(rows: Iterable[dict]) -> list[NetworkLink]:
    return [
        NetworkLink(
            organisation_a_id=row["a"], organisation_b_id=row["b"], shared=row["shared"], label=row["label"]
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


def network_rebuild() -> int:
    """The whole network recomputed from the memberships; the number of links."""
    with transaction.atomic():
        NetworkLink.objects.all().delete()
        links = _links(selectors.network_pairs().iterator(chunk_size=BATCH))
        NetworkLink.objects.bulk_create(links, batch_size=BATCH)
    return len(links)
