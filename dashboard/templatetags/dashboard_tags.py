from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
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


NO_VALUE = "–"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def number(value, decimals: int = 3) -> str:
    """A number as Dutch readers write it, in the active language's format: thousands grouped, at most
    `decimals` decimals, trailing zeros dropped (3157 -> "3.157", -2313.50 -> "-2.313,5"); "–" for none."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    rounded = round(amount, int(decimals))
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    else:
        rounded = rounded.normalize()
    return number_format(rounded, force_grouping=True)


@register.filter
def signed(value) -> str:
    """+3.157 / -12 / 0, as the source prints impact values (grouped like `number`)."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    text = number(amount)
    return f"+{text}" if amount > 0 else text


@register.filter
def euro(value) -> str:
    """An amount in whole euros: "€ 35.000" (a no-break space after the sign)."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    return f"€\u00a0{number(amount, 0)}"


@register.filter
def percent(value, decimals: int = 1) -> str:
    """A share with a fixed number of decimals, as the roadmap's indicator page writes it: "62,0 %"."""
    amount = _decimal(value)
    if amount is None:
        return NO_VALUE
    return f"{number_format(round(amount, int(decimals)), int(decimals), force_grouping=True)} %"
