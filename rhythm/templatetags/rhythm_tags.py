from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many unread notifications the signed-in person has (the header's inbox link)."""
    request = context.get("request")
    return selectors.unread_count(getattr(request, "user", None))


@register.simple_tag
def late_reports() -> int:
    """How many running projects are late with their progress report (the dashboard)."""
    return selectors.late_report_count(timezone.localdate())


@register.inclusion_tag("rhythm/_my_work.html", takes_context=True)
def my_work_panel(context) -> dict:
    """ "Mijn werk" on the start page: what waits for the signed-in person."""
    from ..texts import title

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"work": None}
    work = selectors.my_work(user, timezone.localdate())
    return {"work": work, "recent_notifications": [(n, title(n.kind, n.params)) for n in work.notifications]}


@register.filter
def grouped(value: int) -> str:
    """A whole number in the active language's format, thousands grouped (2.806 in Dutch)."""
    from django.utils.formats import number_format

    return number_format(value, use_l10n=True, force_grouping=True)
