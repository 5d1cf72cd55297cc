"""Search as a use case: the words of the query, matched per kind of record the reader may see, each kind
narrowed to the objects the reader may read (the owning app's rule, through search.providers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def search(*, actor: User, text: str, per_kind: int = PER_KIND) -> Results:
    """What `actor` may find for `text`: up to `per_kind` entries per kind, best first."""
    require(actor, "search.search")
    words = [word for word in fulltext.words(text) if len(word) >= MIN_LENGTH or word.isdigit()]
    groups: dict[Any, ResultGroup] = {}
    refused: list[Any] = []
    for provider in providers():
        if not _allowed(actor, provider):
            if provider.label not in refused:
                refused.append(provider.label)
            continue
        if not words:
            continue
        entries = SearchEntry.objects.filter(kind=provider.kind)
        visible = provider.visible(actor) if not getattr(actor, "is_system", False) else None
        if visible is not None:
            entries = entries.filter(object_id__in=visible)
        found = fulltext.matching(entries, words, per_kind)
        if found:
            group = groups.setdefault(provider.label, ResultGroup(provider.label, provider.kind, []))
            group.entries.extend(found)
    for group in groups.values():
        del group.entries[per_kind:]
    return Results(query=text, words=words, groups=list(groups.values()), refused=refused)
