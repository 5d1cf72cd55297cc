"""What other apps link to from the catalogue's pages, without the catalogue knowing them.

The catalogue is the lowest layer: it may not name a page of a higher app. An app higher in the dependency
order (the dashboard, say, whose industry figures page charts the §1.2 tables) registers a link for one of
the reference lists in its AppConfig.ready(); that list's page shows every registered link in order."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ListLink:
    """A link on the page of the reference list `list_name` (a registry name, e.g. "industry-figures"):
    `label` pointing at the URL named `url_name`. A name that does not resolve leaves the link out."""

    key: str
    list_name: str
    label: str | Promise
    url_name: str


LIST_LINKS: dict[str, ListLink] = {}


def register_list_link(link: ListLink) -> None:
    LIST_LINKS[link.key] = link


def list_links(list_name: str) -> list[dict[str, str]]:
    """The links to show on the page of `list_name`, each as {"label": ..., "url": ...}."""
    links = []
    for link in LIST_LINKS.values():
        if link.list_name != list_name:
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        links.append({"label": str(link.label), "url": url})
    return links
