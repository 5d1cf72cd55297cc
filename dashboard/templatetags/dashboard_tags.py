from django import template
from django.utils.translation import gettext as _

from dashboard import figures

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:column }}"""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return ""


@register.filter
def check_status_class(status: str) -> str:
    return {
        figures.OK: "rk-status--ok",
        figures.ROUNDING: "rk-status--warn",
        figures.MISMATCH: "rk-status--bad",
    }.get(status, "")


@register.filter
def check_status_label(status: str) -> str:
    return {
        figures.OK: _("equal"),
        figures.ROUNDING: _("rounding difference"),
        figures.MISMATCH: _("real mismatch"),
    }.get(status, status)


@register.filter
def signed(value) -> str:
    """+82 / -12 / 0, as the source prints impact values."""
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value)
