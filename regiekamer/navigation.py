"""Main navigation, assembled from the apps: an AppConfig may declare `nav_items`, a list of NavItem, and
`header_template`, a template included in the header for signed-in users (a search box, an inbox link), so
base.html names no domain app.

An item shows to whom its page would let in: the page's view says so itself (`permits(user)`, set by
accounts.authorization.permission_required from the view's permission action), so the navigation holds no
second copy of the access rules."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.functional import Promise


def may_open(user, url: str) -> bool:
    """Whether `user` may open the page at `url`, as its view says (`permits`): the one question behind every
    link shown only to whom the page lets in."""
    if not user.is_authenticated:
        return False
    permits = getattr(resolve(url).func, "permits", None)
    return permits is None or bool(permits(user))


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # a lazy translation
    url_name: str
    description: str | Promise = ""

    def visible_to(self, user, url: str) -> bool:
        return may_open(user, url)


def nav_sections(user) -> list[dict]:
    sections = []
    for label in settings.DOMAIN_APPS:
        config = apps.get_app_config(label)
        items = []
        for item in getattr(config, "nav_items", ()):
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            if not item.visible_to(user, url):
                continue
            items.append({"label": item.label, "url": url, "description": item.description})
        if items:
            sections.append({"app": label, "title": config.verbose_name, "items": items})
    return sections


def header_templates() -> list[str]:
    """The header templates the apps declare, in the order of settings.DOMAIN_APPS."""
    found = []
    for label in settings.DOMAIN_APPS:
        template = getattr(apps.get_app_config(label), "header_template", None)
        if template:
            found.append(template)
    return found
