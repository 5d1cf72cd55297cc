"""Search as a use case: the words of the query, matched per kind of record the reader may see, each kind
narrowed to the objects the reader may read (the owning app's rule, through search.providers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from accounts.authorization import check, require
from accounts.models import User

from . import fulltext
from .models import SearchEntry
from .providers import Provider, providers

PER_KIND = 10
MIN_LENGTH = 2


@dataclass
class ResultGroup:
    label: Any
    kind: str
    entries: list[SearchEntry]


@dataclass
class Results:
    query: str
    words: list[str]
    groups: list[ResultGroup]
    refused: list[Any]  # the labels of the kinds the reader may not see (shown as such, not silently)

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.groups)


def _allowed(actor: User, provider: Provider) -> bool:
    return check(actor, provider.action).allowed


def _readable(actor: User, allowed: list[Provider]) -> QuerySet[SearchEntry]:
    """The index entries of the kinds `actor` may see, each narrowed to the objects the actor may read."""
    condition = Q(pk__in=[])
    for provider in allowed:
        visible = None if getattr(actor, "is_system", False) else provider.visible(actor)
        kind = Q(kind=provider.kind)
        condition |= kind if visible is None else kind & Q(object_id__in=visible)
    return SearchEntry.objects.filter(condition)


def search(*, actor: User, text: str, per_kind: int = PER_KIND) -> Results:
    """What `actor` may find for `text`: up to `per_kind` entries per kind, best first."""
    require(actor, "search.search")
    words = [word for word in fulltext.words(text) if len(word) >= MIN_LENGTH or word.isdigit()]
    refused: list[Any] = []
    allowed: list[Provider] = []
    for provider in providers():
        if _allowed(actor, provider):
            allowed.append(provider)
        elif provider.label not in refused:
            refused.append(provider.label)
    groups: dict[Any, ResultGroup] = {}
    if words and allowed:
        found: dict[str, list[SearchEntry]] = {}
        for entry in fulltext.best_per_kind(_readable(actor, allowed), words, per_kind):
            found.setdefault(entry.kind, []).append(entry)
        for provider in allowed:  # the providers' order; kinds with one label (the catalogue) share a group
            if provider.kind in found:
                group = groups.setdefault(provider.label, ResultGroup(provider.label, provider.kind, []))
                group.entries.extend(found[provider.kind])
    for group in groups.values():
        del group.entries[per_kind:]
    return Results(query=text, words=words, groups=list(groups.values()), refused=refused)
