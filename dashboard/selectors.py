"""Read queries of the dashboard app. Only reads other apps' models; never writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from catalogue.models import IndustryFigure

from . import figures

BREAKDOWNS = [choice for choice, _label in IndustryFigure.Breakdown.choices]


@dataclass
class FigureTable:
    """One §1.2 table as plain rows, with its stated total and consistency check."""

    breakdown: str
    breakdown_label: str
    dataset_title: str
    dataset_year: int
    dataset_source: str
    source_section: str
    rows: list[dict]
    total: dict | None
    check: figures.TableCheck


def figure_column_labels() -> dict[str, str]:
    """Column -> translated label, from the catalogue model's verbose names."""
    return {name: str(IndustryFigure._meta.get_field(name).verbose_name) for name in figures.VALUE_COLUMNS}


def _row(figure: IndustryFigure) -> dict:
    row = {
        "label": figure.label,
        "order": figure.order,
        "cluster": figure.cluster_id,
        **{name: getattr(figure, name) for name in figures.VALUE_COLUMNS},
    }
    row["value_added_impact_pct"] = figures.impact_percent(
        figure.upcm_value_added_impact_meur_per_year, figure.value_added_meur_per_year
    )
    row["co2_impact_pct"] = figures.impact_percent(figure.upcm_co2_impact_kt_per_year, figure.co2_kt_per_year)
    return row


def figure_tables(breakdown: str | None = None) -> list[FigureTable]:
    """Every §1.2 table (or the one of `breakdown`), one per breakdown (the most recent dataset when there are
    several), in one query."""
    queryset = IndustryFigure.objects.select_related("dataset").order_by(
        "breakdown", "-dataset__year", "dataset__code", "order"
    )
    if breakdown is not None:
        queryset = queryset.filter(breakdown=breakdown)
    grouped: dict[str, list[IndustryFigure]] = {}
    for figure in queryset:
        rows = grouped.setdefault(figure.breakdown, [])
        if rows and rows[0].dataset_id != figure.dataset_id:
            continue  # an older dataset of the same breakdown
        rows.append(figure)
    labels = dict(IndustryFigure.Breakdown.choices)
    tables = []
    for breakdown in BREAKDOWNS:
        items = grouped.get(breakdown)
        if not items:
            continue
        body = [_row(f) for f in items if not f.is_stated_total]
        totals = [_row(f) for f in items if f.is_stated_total]
        total = totals[0] if totals else None
        dataset = items[0].dataset
        tables.append(
            FigureTable(
                breakdown=breakdown,
                breakdown_label=str(labels[breakdown]),
                dataset_title=dataset.title,
                dataset_year=dataset.year,
                dataset_source=dataset.source,
                source_section=dataset.source_section,
                rows=body,
                total=total,
                check=figures.check_table(str(labels[breakdown]), body, total),
            )
        )
    return tables


def figure_table(breakdown: str) -> FigureTable | None:
    tables = figure_tables(breakdown)
    return tables[0] if tables else None


NO_DATA = _("no data source yet")
