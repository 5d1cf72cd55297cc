"""The figures a case shows, taken from the project's impact sheet (never typed): a pure module.

`from_sheet` turns the sheet's values into the plain data stored on the case when it is approved;
`rows` turns that data back into labelled, localised lines for a page. The CO₂ figure is the sum of the
sheet's R-ladder bands (portfolio.reporting.co2_total), as every roll-up of the programme computes it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from portfolio.reporting import co2_total

BANDS = ("R0-R2", "R3-R7", "R8-R9")


def from_sheet(
    *,
    version: int,
    status_date: datetime.date,
    bands: dict[str, Decimal | None],
    added_value_meur: Decimal | None,
    added_value_base_year: int | None,
) -> dict[str, Any]:
    """The case's figures as JSON-safe data (decimals as strings, dates in ISO form for storage only)."""
    filled = {band: value for band, value in bands.items() if value is not None}
    return {
        "sheet_version": version,
        "status_date": status_date.isoformat(),
        "co2_total": str(co2_total(bands)) if filled else None,
        "co2_bands": {band: str(value) for band, value in filled.items()},
        "added_value_meur": None if added_value_meur is None else str(added_value_meur),
        "added_value_base_year": added_value_base_year,
    }


def _number(value: str) -> str:
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 1
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) lines in the active language, for the figures that are there."""
    if not figures:
        return []
    lines = []
    if figures.get("co2_total") is not None:
        lines.append(
            (_("CO₂ reduction"), _("%(value)s kt per year") % {"value": _number(figures["co2_total"])})
        )
        for band in BANDS:
            if band in figures.get("co2_bands", {}):
                lines.append(
                    (
                        _("of which %(band)s") % {"band": band.replace("-", "–")},
                        _("%(value)s kt per year") % {"value": _number(figures["co2_bands"][band])},
                    )
                )
    if figures.get("added_value_meur") is not None:
        value = _("€ %(value)s million") % {"value": _number(figures["added_value_meur"])}
        if figures.get("added_value_base_year"):
            value = _("%(value)s (base year %(year)s)") % {
                "value": value,
                "year": figures["added_value_base_year"],
            }
        lines.append((_("Added value"), value))
    return lines


def source_line(figures: dict[str, Any]) -> str:
    """Where the figures come from: 'Impact sheet version 2, status per 1 August 2020'."""
    if not figures:
        return ""
    date = datetime.date.fromisoformat(figures["status_date"])
    return _("Impact sheet version %(version)s, status per %(date)s") % {
        "version": figures["sheet_version"],
        "date": date_format(date, "j F Y"),
    }
