"""Template tags of accounts: the single sign-on button of the login page."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def single_sign_on() -> dict[str, str] | None:
    """The OpenID Connect login (its URL and the provider's name), or None when it is not configured."""
    if not settings.OIDC_ENABLED:
        return None
    return {"url": reverse("accounts:oidc-login"), "name": settings.OIDC_PROVIDER_NAME}
