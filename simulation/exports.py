"""CSV and XLSX of a scenario's outputs: one row per material, configuration and quarter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from regiekamer.xlsx import list_workbook

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


def scenario_csv(scenario: Scenario) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers())
    for row in rows(scenario):
        writer.writerow([str(v).replace(".", ",") if isinstance(v, float) else v for v in row])
    return "\ufeff" + buffer.getvalue()


def scenario_xlsx(scenario: Scenario) -> bytes:
    return list_workbook(_("Simulation"), headers(), rows(scenario))
