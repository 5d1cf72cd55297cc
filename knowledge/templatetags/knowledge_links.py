"""Links to the knowledge pages from other apps' templates (the roadmap's links to the vision landscape and
the knowledge hub), shown only to whom the page would let in."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from regiekamer import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context: Any, url_name: str) -> bool:
    """Whether the signed-in user may open the page `url_name`, asked as the navigation asks it."""
    user = getattr(context.get("request"), "user", None)
    return user is not None and navigation.may_open(user, reverse(url_name))


@register.inclusion_tag("knowledge/_carrying_warning_dashboard.html", takes_context=True)
def carrying_warning(context: Any) -> dict[str, Any]:
    """The carrying-image warning on a dashboard ("Mijn werk"): only for whom it concerns
    (knowledge.selectors_outreach.carrying_warning_for) and only while images are missing."""
    from knowledge.selectors_outreach import carrying_warning_for

    user = getattr(context.get("request"), "user", None)
    status = carrying_warning_for(user) if user is not None else None
    return {"carrying": status if status and status["missing"] else None}
