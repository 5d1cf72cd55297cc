"""Links to the knowledge pages from other apps' templates (the roadmap's links to the vision landscape and
the knowledge hub), shown only to whom the page would let in."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import resolve, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context: Any, url_name: str) -> bool:
    """Whether the signed-in user may open the page `url_name`: its view says so (`permits`, set by
    accounts.authorization.permission_required), as the navigation asks it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return False
    permits = getattr(resolve(reverse(url_name)).func, "permits", None)
    return permits is None or bool(permits(user))
