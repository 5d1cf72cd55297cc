"""``{{ value|safe_href }}``: the link itself when it is safe to put in an href (regiekamer.links), else ''
(the template then shows the text without making it clickable)."""

from django import template

from regiekamer.links import safe_link

register = template.Library()


@register.filter
def safe_href(value: object) -> str:
    return value.strip() if isinstance(value, str) and safe_link(value) else ""
