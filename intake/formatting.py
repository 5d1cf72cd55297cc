"""Figures and dates of an application as the reader writes them (Dutch by default): thousands grouped, no
trailing zeros, "€ 35.000", "1 januari 2027". Used by the pages, the check messages and the API's check texts;
the stored values stay as they are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format, number_format

from regiekamer.texts import Message, translate

NO_VALUE = "—"


def number(value: Any, decimals: int = 2) -> str:
    """3157 -> "3.157", 1960.0 -> "1.960", 62.50 -> "62,5" (at most `decimals` decimals); "—" for none."""
    if value is None or value == "":
        return NO_VALUE
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    rounded = round(amount, decimals)
    rounded = rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded.normalize()
    return number_format(rounded, force_grouping=True)


def euro(value: Any) -> str:
    """An amount in whole euros: "€ 35.000" (a no-break space after the sign); "—" for none."""
    if value is None or value == "":
        return NO_VALUE
    return f"€\u00a0{number(value, 0)}"


def day(value: dt.date | None) -> str:
    """A date as "1 januari 2027" in Dutch; "—" for none."""
    return date_format(value, "j F Y") if value else NO_VALUE


def shown(message: object) -> str:
    """A message of a pure module (intake.checks) in the active language, its figures in the reader's
    notation (the pure module keeps them as numbers)."""
    if isinstance(message, Message):
        params = {key: _param(value) for key, value in message.params.items()}
        return translate(Message(message.template, **params))
    return translate(message)


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | float | int):
        return number(value)
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, Message):
        return shown(value)
    return value
