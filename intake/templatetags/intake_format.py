"""Figures on the intake pages in the reader's notation (intake.formatting)."""

from django import template

from intake import formatting

register = template.Library()


@register.filter
def figure(value, decimals=2):
    """{{ party.contribution_hours|figure }}: thousands grouped, no trailing zeros ("1.960", "62,5")."""
    return formatting.number(value, int(decimals))


@register.filter
def euro(value):
    """{{ party.contribution_eur|euro }}: "€ 5.000"."""
    return formatting.euro(value)
