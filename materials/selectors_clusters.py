"""Reads of the clusters of the §1.2.1 product groups (§1.2.3): the source's cluster where the catalogue data
gives one, the programme office's assignment (with its source and date) where it does not, or none."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from catalogue.models import ProductCluster, SbiCode
from materials.models import ProductGroupCluster


@dataclass(frozen=True)
class GroupCluster:
    sbi: SbiCode
    cluster: ProductCluster | None
    from_source: bool  # the catalogue's data (the source) places the group
    assignment: ProductGroupCluster | None  # the programme office's, when the source does not


def product_groups() -> QuerySet[SbiCode]:
    """The product groups of §1.2.1: the SBI divisions the figures name."""
    return (
        SbiCode.objects.filter(level=SbiCode.Level.DIVISION)
        .exclude(name_in_figures="")
        .select_related("cluster", "assigned_cluster__cluster", "assigned_cluster__set_by")
        .order_by("code")
    )


def product_group(code: str) -> SbiCode | None:
    return product_groups().filter(code=code).first()


def _assignment(sbi: SbiCode) -> ProductGroupCluster | None:
    try:
        return sbi.assigned_cluster  # type: ignore[attr-defined]
    except ProductGroupCluster.DoesNotExist:
        return None


def product_cluster(sbi: SbiCode) -> ProductCluster | None:
    """The product cluster of an SBI code: the source's (the catalogue's), else the one the programme office
    set for a group the source does not place, else None. The one place of this rule: this page, the scoping
    table, the adopted sweet spots and the "serves" rule read it (with sbi__cluster and
    sbi__assigned_cluster__cluster fetched)."""
    if sbi.cluster_id:
        return sbi.cluster
    assignment = _assignment(sbi)
    return assignment.cluster if assignment else None


def group_clusters() -> list[GroupCluster]:
    """Every §1.2.1 product group with its cluster and where it comes from (one query)."""
    return [
        GroupCluster(
            sbi=sbi,
            cluster=product_cluster(sbi),
            from_source=sbi.cluster_id is not None,
            assignment=None if sbi.cluster_id else _assignment(sbi),
        )
        for sbi in product_groups()
    ]


def group_cluster_of(sbi: SbiCode) -> ProductGroupCluster | None:
    """The programme office's assignment of `sbi`, if any."""
    return _assignment(sbi)
