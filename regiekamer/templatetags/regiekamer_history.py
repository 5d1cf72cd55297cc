"""``{% actor_label user %}``: who made a change in an audit trail, as the person viewing the page may read it
(regiekamer.history.actor_label)."""

from typing import Any

from django import template

from regiekamer.history import actor_label as label_for

register = template.Library()


@register.simple_tag(takes_context=True)
def actor_label(context: template.Context, actor: Any) -> str:
    request = context.get("request")
    return label_for(getattr(request, "user", None), actor)
