"""Figures in the reader's notation on the materials pages and the scan PDF (materials.texts)."""

from django import template

from materials import texts

register = template.Library()


@register.filter
def figure(value, decimals=3):
    """{{ value|figure:4 }}: at most 4 decimals, no trailing zeros, thousands grouped; "—" for none."""
    if value is None or value == "":
        return "—"
    return texts.figure(float(value), int(decimals))


@register.filter
def percent(fraction, decimals=1):
    """{{ share|percent }}: a fraction 0-1 as a percentage, "67,5%" in Dutch."""
    if fraction is None or fraction == "":
        return "—"
    return texts.percent(float(fraction), int(decimals))
