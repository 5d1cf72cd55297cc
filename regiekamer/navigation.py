"""Main navigation, assembled from the apps: an AppConfig may declare `nav_items`, a list of NavItem."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # a lazy translation
    url_name: str
    description: str | Promise = ""
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: every signed-in user

    def visible_to(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return not self.roles or bool(self.roles & user.roles)


def nav_sections(user) -> list[dict]:
    sections = []
    for label in settings.DOMAIN_APPS:
        config = apps.get_app_config(label)
        items = []
        for item in getattr(config, "nav_items", ()):
            if not item.visible_to(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "description": item.description})
        if items:
            sections.append({"app": label, "title": config.verbose_name, "items": items})
    return sections
