"""Catalogue browser: the reference lists, their entries and each entry's history.

Who may see: everyone signed in (``catalogue.view``; anonymous visitors are sent to the login page by
LoginRequiredMiddleware). Nobody changes anything here: the programme office edits entries in the Django
admin."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.authorization import permission_required
from regiekamer.history import history_entries

from .extensions import list_links
from .models import IndustryFigure, SbiCode
from .registry import MODELS, CatalogueList, catalogue_list, column_value, list_of
from .selectors import catalogue_counts, catalogue_search, industry_figure_tables, sbi_ancestors, sbi_tree

PAGE_SIZE = 50
HISTORY_SHOWN = 20
# The columns of the §1.2 tables, in two parts that each fit the page beside the row names.
FIGURE_PARTS = (
    (
        gettext_lazy("Jobs and organisations"),
        ("jobs_thousands", "labour_volume_thousands", "orgs_0_50", "orgs_51_100", "orgs_over_100"),
    ),
    (
        gettext_lazy("Turnover, value added, CO₂ and material flows"),
        (
            "net_turnover_meur",
            "value_added_meur_per_year",
            "upcm_value_added_impact_meur_per_year",
            "co2_kt_per_year",
            "upcm_co2_impact_kt_per_year",
            "material_flows_mkg",
        ),
    ),
)


def _entry_or_404(name: str) -> CatalogueList:
    try:
        return catalogue_list(name)
    except KeyError:
        raise Http404(_("There is no reference list called “%(name)s”.") % {"name": name}) from None


def detail_url(obj: models.Model) -> str | None:
    """The catalogue page of `obj`, if its model is a reference list."""
    entry = list_of(obj)
    if entry is None:
        return None
    return reverse("catalogue:detail", args=[entry.name, obj.pk])


def _display(value: Any, *, grouped: bool = False) -> str:
    """A value as the reader writes it: yes/no, numbers in the reader's notation (`grouped`: thousands
    separated, for the figures; not for years, ranks and orders)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return number_format(value, use_l10n=True, force_grouping=grouped)
    return str(value)


@permission_required("catalogue.view")
def index(request: HttpRequest) -> HttpResponse:
    """All reference lists with their number of entries."""
    return render(request, "catalogue/index.html", {"lists": catalogue_counts()})


@permission_required("catalogue.view")
def list_view(request: HttpRequest, name: str) -> HttpResponse:
    """One list: a search box (?q=), the entries in a paged table; SBI without a search shows the tree."""
    entry = _entry_or_404(name)
    query = request.GET.get("q", "").strip()
    if entry.model is IndustryFigure and not query:
        return _industry_figures(request, entry)
    queryset = catalogue_search(entry, query)
    context: dict[str, Any] = {
        "entry": entry,
        "query": query,
        "headers": [entry.column_label(c) for c in entry.columns],
        "links": list_links(entry.name),
    }
    if entry.model is SbiCode and not query:
        context["tree"] = [
            {"node": node, "depth": depth, "url": reverse("catalogue:detail", args=[entry.name, node.pk])}
            for node, depth in sbi_tree(queryset)
        ]
        return render(request, "catalogue/sbi_tree.html", context)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context["page"] = page
    context["rows"] = [
        {
            "url": reverse("catalogue:detail", args=[entry.name, obj.pk]),
            "cells": [_display(column_value(obj, column)) for column in entry.columns],
        }
        for obj in page
    ]
    return render(request, "catalogue/list.html", context)


def _industry_figures(request: HttpRequest, entry: CatalogueList) -> HttpResponse:
    tables = industry_figure_tables()
    for table in tables:
        table["body"] = [
            {
                "url": reverse("catalogue:detail", args=[entry.name, figure.pk]),
                "label": figure.row_label,
                "link": figure.sbi or figure.province or figure.cluster,
                "total": figure.is_stated_total,
                "figure": figure,
            }
            for figure in table["rows"]
        ]
        # Eleven columns do not fit beside the row names: two tables of five and six.
        table["parts"] = [
            {
                "title": title,
                "headers": [_concrete(IndustryFigure, name).verbose_name for name in names],
                "rows": [
                    {**row, "values": [getattr(row["figure"], name) for name in names]}
                    for row in table["body"]
                ],
            }
            for title, names in FIGURE_PARTS
        ]
    return render(
        request,
        "catalogue/industry_figures.html",
        {"entry": entry, "tables": tables, "links": list_links(entry.name)},
    )


@permission_required("catalogue.view")
def detail_view(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    """One entry: every field, the entries it refers to and that refer to it, its source and its history."""
    entry = _entry_or_404(name)
    obj = get_object_or_404(entry.queryset(), pk=pk)
    context = {
        "entry": entry,
        "object": obj,
        "kind": obj._meta.verbose_name,
        "fields": _fields(obj),
        "related": _related(obj),
        "history": history_entries(obj, limit=HISTORY_SHOWN),
        "admin_history_url": _admin_history_url(request, obj),
        "ancestors": [],
    }
    if isinstance(obj, SbiCode):
        context["ancestors"] = [
            {"node": node, "url": reverse("catalogue:detail", args=[entry.name, node.pk])}
            for node in sbi_ancestors(obj)
        ]
    return render(request, "catalogue/detail.html", context)


def _concrete(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a stored field, not a reverse relation
    return field


def _fields(obj: models.Model) -> list[dict[str, Any]]:
    """Every stored field of `obj` (and its many-to-many links), labelled, with links to referred entries."""
    rows: list[dict[str, Any]] = []
    sbi = obj if isinstance(obj, SbiCode) else None
    is_sbi = sbi is not None
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name == "source_section":
            continue
        if is_sbi and field.name in ("first_division", "last_division"):
            continue  # shown below as one "divisions" row, for sections only
        if sbi is not None and field.name == "code":
            rows.append(
                {"label": field.verbose_name, "value": sbi.display_code, "linked": False, "name": "code"}
            )
            continue
        if field.is_relation:
            target = getattr(obj, field.name)
            items = [{"text": str(target), "url": detail_url(target)}] if target is not None else []
            rows.append({"label": field.verbose_name, "links": items, "linked": True, "name": field.name})
        else:
            value = getattr(obj, f"get_{field.name}_display")() if field.choices else getattr(obj, field.name)
            grouped = field.name in getattr(obj, "VALUE_FIELDS", ())  # the figures of a §1.2 table
            rows.append(
                {
                    "label": field.verbose_name,
                    "value": _display(value, grouped=grouped),
                    "linked": False,
                    "name": field.name,
                }
            )
    for field in obj._meta.many_to_many:
        items = [
            {"text": str(target), "url": detail_url(target)} for target in getattr(obj, field.name).all()
        ]
        rows.append({"label": field.verbose_name, "links": items, "linked": True, "name": field.name})
    if sbi is not None and sbi.division_range:
        rows.append(
            {"label": _("divisions"), "value": sbi.division_range, "linked": False, "name": "division_range"}
        )
    return rows


def _related(obj: models.Model) -> list[dict[str, Any]]:
    """Entries of other reference lists that refer to `obj` (an SBI node's children, a cluster's figures…)."""
    groups = []
    for relation in obj._meta.related_objects:
        if relation.related_model not in MODELS:
            continue  # e.g. the history table, or models of other apps
        accessor = relation.get_accessor_name()
        if accessor is None:
            continue  # a relation without a reverse accessor
        targets = list(getattr(obj, accessor).all())
        if not targets:
            continue
        label = (
            _("children")
            if relation.remote_field.name == "parent"
            else relation.related_model._meta.verbose_name_plural
        )
        groups.append(
            {
                "label": label,
                "links": [{"text": str(target), "url": detail_url(target)} for target in targets],
            }
        )
    return groups


def _admin_history_url(request: HttpRequest, obj: models.Model) -> str:
    """The entry's full history in the Django admin, for whoever may open it there (the programme office)."""
    meta = obj._meta
    if not request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return ""
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
