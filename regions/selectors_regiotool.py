"""Reads of the Regio-tool: the promising groups, filtered, with what their pages show fetched up front."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from .models import RegionalOpportunity


def opportunities(
    *, province: Any = None, cluster: Any = None, status: str = ""
) -> QuerySet[RegionalOpportunity]:
    found = RegionalOpportunity.objects.select_related("province", "cluster", "project").annotate(
        member_count=Count("members", distinct=True)
    )
    if province is not None:
        found = found.filter(province=province)
    if cluster is not None:
        found = found.filter(cluster=cluster)
    if status:
        found = found.filter(status=status)
    return found.order_by("province__name", "name", "pk")


def opportunity_detail(pk: int) -> RegionalOpportunity:
    return (
        RegionalOpportunity.objects.select_related("province", "cluster", "project", "created_by")
        .prefetch_related("members__province")
        .get(pk=pk)
    )
