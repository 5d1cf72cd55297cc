"""Figures of the passport templates written as passports.display writes them (Dutch grouping and decimal
comma, no trailing zeros)."""

from __future__ import annotations

from typing import Any

from django import template

from passports import display

register = template.Library()


@register.filter
def figure(value: Any, digits: int = 3) -> str:
    """A number with at most `digits` decimals: 0.6 → "0,6", 1234.5 → "1.234,5"."""
    return display.number(value, digits)
