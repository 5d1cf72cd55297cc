"""Reference data in the reader's language: the one mechanism (see the `catalogue` package docstring).

An entry stores each text a person reads in Dutch and in English, in two model fields loaded from the CSV
files of `catalogue/data` (``name`` and ``name_en``, or ``name_nl`` and ``name`` where the source is English).
A model declares the pairs once::

    localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

and every page, export and command reads ``entry.localized.name`` (or ``entry.label``, the entry's name, and
``str(entry)``, built on it): the Dutch field when the active language is Dutch, the English one when it is
English, the other language when the wanted one is empty."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language

DUTCH, ENGLISH = "nl", "en"


def reads_english() -> bool:
    """Whether the active language is English (Dutch otherwise: the programme's language)."""
    return (get_language() or DUTCH).split("-")[0] == ENGLISH


class Texts:
    """The texts of one entry in the active language: ``texts.name``, ``texts["definition"]``."""

    __slots__ = ("_entry", "_pairs")

    def __init__(self, entry: models.Model, pairs: dict[str, tuple[str, str]]):
        self._entry, self._pairs = entry, pairs

    def __getattr__(self, concept: str) -> str:
        try:
            dutch, english = self._pairs[concept]
        except KeyError:
            raise AttributeError(concept) from None
        first, second = (english, dutch) if reads_english() else (dutch, english)
        return getattr(self._entry, first) or getattr(self._entry, second)

    def __getitem__(self, concept: str) -> str:
        # Templates look up {{ entry.localized.name }} as a key first.
        if concept not in self._pairs:
            raise KeyError(concept)
        return getattr(self, concept)


class Localized:
    """Declares a model's texts as (Dutch field, English field) pairs; on an entry it gives its `Texts`."""

    def __init__(self, **pairs: tuple[str, str]):
        self.pairs = pairs

    def __get__(self, entry: models.Model | None, owner: Any = None) -> Any:
        if entry is None:
            return self
        return Texts(entry, self.pairs)

    def field(self, concept: str) -> str:
        """The model field that holds `concept` in the active language (for ordering and lookups)."""
        dutch, english = self.pairs[concept]
        return english if reads_english() else dutch

    def concept_of(self, field_name: str) -> str | None:
        """The concept a stored field holds one language of, None for a field that is not translated."""
        return next((concept for concept, pair in self.pairs.items() if field_name in pair), None)


def localized_of(model: type[models.Model]) -> Localized | None:
    declared = getattr(model, "localized", None)
    return declared if isinstance(declared, Localized) else None


def localized_ordering(model: type[models.Model]) -> list[str]:
    """The model's ordering with each translated field replaced by the field of the active language, so a list
    sorted by name is sorted by the name the reader sees."""
    localized = localized_of(model)
    ordering = [str(item) for item in model._meta.ordering or []]
    if localized is None:
        return ordering
    result = []
    for item in ordering:
        name = str(item)
        descending = name.startswith("-")
        concept = localized.concept_of(name.lstrip("-"))
        if concept is not None:
            name = ("-" if descending else "") + localized.field(concept)
        result.append(name)
    return result
