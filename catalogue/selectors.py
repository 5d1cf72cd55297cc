"""Read queries for the catalogue pages, API and command. Query counts do not grow with the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import IndustryFigure, SbiCode
from .registry import LISTS, CatalogueList
from .services import sbi_normalize


def catalogue_counts() -> list[tuple[CatalogueList, int]]:
    """Every list with its number of entries, in registry order (one COUNT per list)."""
    return [(entry, entry.entries().count()) for entry in LISTS]


def catalogue_search(entry: CatalogueList, query: str) -> QuerySet:
    """The entries of `entry` matching `query` in any of its search fields; SBI codes also match in any
    notation ("29.1", "291", "29.10.1") by their stored digits."""
    queryset = entry.queryset()
    query = query.strip()
    if not query:
        return queryset
    condition = Q()
    for field in entry.search_fields:
        condition |= Q(**{f"{field}__icontains": query})
    if entry.model is SbiCode:
        try:
            code, _level = sbi_normalize(query)
        except ValueError:
            pass
        else:
            condition |= Q(code__startswith=code)
    queryset = queryset.filter(condition)
    if any("__" in field for field in entry.search_fields):
        queryset = queryset.distinct()  # a match through a to-many relation would repeat the entry
    return queryset


def sbi_tree(nodes: Iterable[SbiCode]) -> list[tuple[SbiCode, int]]:
    """`nodes` in tree order (A, 01, 01.1, …, B, …) with their depth (0 for a section), children by code.

    Nodes whose parent is not among `nodes` start a tree of their own."""
    nodes = list(nodes)
    present = {node.pk for node in nodes}
    children: dict[int | None, list[SbiCode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id if node.parent_id in present else None].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda node: node.code)
    ordered: list[tuple[SbiCode, int]] = []

    def visit(node: SbiCode, depth: int) -> None:
        ordered.append((node, depth))
        for child in children.get(node.pk, ()):
            visit(child, depth + 1)

    for root in children[None]:
        visit(root, 0)
    return ordered


def sbi_ancestors(node: SbiCode) -> list[SbiCode]:
    """From the section down to the parent of `node` (at most four short queries; the tree is five deep)."""
    ancestors = []
    current = node.parent
    while current is not None:
        ancestors.append(current)
        current = current.parent
    return list(reversed(ancestors))


def industry_figure_tables(dataset_id: int | None = None) -> list[dict]:
    """The §1.2 tables: one per breakdown, rows in printed order, the stated total last (one query)."""
    figures = IndustryFigure.objects.select_related("dataset", "sbi", "province", "cluster").order_by(
        "dataset__code", "breakdown", "order"
    )
    if dataset_id is not None:
        figures = figures.filter(dataset_id=dataset_id)
    tables: dict[tuple[int, str], dict] = {}
    for figure in figures:
        table = tables.setdefault(
            (figure.dataset_id, figure.breakdown),
            {
                "dataset": figure.dataset,
                "breakdown": figure.breakdown,
                "title": figure.get_breakdown_display(),
                "rows": [],
            },
        )
        table["rows"].append(figure)
    order = [choice.value for choice in IndustryFigure.Breakdown]
    return sorted(tables.values(), key=lambda table: (table["dataset"].code, order.index(table["breakdown"])))


# --- published for the dashboard ---

from .models import InnovationFunction, ProductCluster, Province  # noqa: E402 - the dashboard's block


def product_clusters() -> QuerySet[ProductCluster]:
    """The product clusters in their order (the dashboard's cluster filter)."""
    return ProductCluster.objects.order_by("order")


def cluster_divisions(cluster: ProductCluster) -> tuple[str, ...]:
    """The SBI divisions (two digits) assigned to `cluster`."""
    return tuple(SbiCode.objects.filter(cluster=cluster, level=2).values_list("code", flat=True))


def sbi_codes() -> QuerySet[SbiCode]:
    return SbiCode.objects.all()


def innovation_functions() -> QuerySet[InnovationFunction]:
    """The innovation functions F1-F8 of the mission-oriented innovation system."""
    return InnovationFunction.objects.all()


def provinces() -> QuerySet[Province]:
    """The twelve provinces (§1.2.2)."""
    return Province.objects.all()
