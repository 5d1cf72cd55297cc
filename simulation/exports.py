"""CSV and XLSX of a scenario's outputs: one row per material, configuration and quarter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from jobs import exports

from .models import Scenario

KEYS = (
    "price",
    "demand",
    "unmet",
    "primary",
    "secondary",
    "recycling_share",
    "hhi",
    "net_outflow",
    "stock_in_use",
)


def headers() -> list[str]:
    return [
        _("Material"),
        _("Configuration"),
        _("Quarter"),
        _("Price (index)"),
        _("Demand"),
        _("Unmet demand"),
        _("Primary supply"),
        _("Secondary supply"),
        _("Recycling input share"),
        _("Concentration of supply (HHI)"),
        _("Net outflow"),
        _("Stock in use"),
    ]


def rows(scenario: Scenario) -> Iterator[Sequence[Any]]:
    for run in scenario.runs.all():
        for step in range(len(run.series["price"])):
            yield [
                run.material.label,
                run.get_configuration_display(),
                step + 1,
                *(round(run.series[key][step], 6) for key in KEYS),
            ]


def scenario_table(scenario: Scenario) -> exports.Table:
    """One row per material, configuration and quarter, for jobs.exports.download (CSV or XLSX)."""
    count = sum(len(run.series["price"]) for run in scenario.runs.all())
    return exports.Table(
        headers=headers(), count=count, rows=rows(scenario), filename=f"simulatie-{scenario.pk}"
    )
