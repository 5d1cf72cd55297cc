"""The public case library as an Atom feed (django.contrib.syndication), one per language."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors
from .models import Case

FEED_SIZE = 30


class CaseFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, language: str) -> None:
        super().__init__()
        self.lang = language

    def title(self) -> str:
        return _("Circular manufacturing: cases")

    def subtitle(self) -> str:
        return _(
            "Projects of the Circular Manufacturing Programme (UPCM), as published by the programme office."
        )

    def link(self) -> str:
        return reverse("knowledge:public-cases")

    def feed_url(self) -> str:
        return reverse("knowledge:public-feed", kwargs={"language": self.lang})

    def items(self) -> list[Case]:
        return list(selectors.public_cases()[:FEED_SIZE])

    def item_title(self, item: Case) -> str:
        return item.text("title", self.lang)

    def item_description(self, item: Case) -> str:
        return item.text("challenge", self.lang)

    def item_link(self, item: Case) -> str:
        return item.public_url()

    def item_pubdate(self, item: Case) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Case) -> datetime.datetime | None:
        return item.published_at

    def item_categories(self, item: Case) -> list[Any]:
        return [cluster.label for cluster in item.clusters.all()]

    def item_guid(self, item: Case) -> str:
        # An Atom id is a URI that never changes (RFC 4287 §4.2.6): a tag URI (RFC 4151) of the case.
        return f"tag:regiekamer,{item.drafted_at:%Y-%m-%d}:case-{item.pk}"

    def item_guid_is_permalink(self, item: Case) -> bool:
        return False
