"""CSV and XLSX of a scenario's outputs: one row per material, configuration and quarter, with the unmet
demand of each product group in a column of its own."""

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


def groups(scenario: Scenario) -> list[tuple[str, str]]:
    """The product groups of the scenario's runs (code, name), in the order of its input data."""
    seen: dict[str, str] = {}
    for data in scenario.inputs.values():
        for group in data.get("groups", []):
            seen.setdefault(group["code"], group["name"])
    return list(seen.items())


def headers(scenario: Scenario) -> list[str]:
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
        _(
            "Concentration of supply (HHI; named suppliers only: a lower bound when part of the supply is of "
            "other or unknown countries)"
        ),
        _("Net outflow"),
        _("Stock in use"),
        *(
            _("Unmet demand: %(group)s (%(code)s)") % {"group": name, "code": code}
            for code, name in groups(scenario)
        ),
    ]


def rows(scenario: Scenario) -> Iterator[Sequence[Any]]:
    codes = [code for code, _name in groups(scenario)]
    for run in scenario.runs.all():
        for step in range(len(run.series["price"])):
            yield [
                run.material.label,
                run.get_configuration_display(),
                step + 1,
                *(round(run.series[key][step], 6) for key in KEYS),
                *(
                    round(run.unmet_by_group[code][step], 6) if code in run.unmet_by_group else None
                    for code in codes
                ),
            ]


def scenario_table(scenario: Scenario) -> exports.Table:
    """One row per material, configuration and quarter, for jobs.exports.download (CSV or XLSX)."""
    count = sum(len(run.series["price"]) for run in scenario.runs.all())
    return exports.Table(
        headers=headers(scenario), count=count, rows=rows(scenario), filename=f"simulatie-{scenario.pk}"
    )
