"""Translatable messages produced by pure code (no Django at import time).

A pure module (a calculator, a checker, a parser) returns
``Message(gettext_noop("row %(row)s: %(detail)s"), row=3, detail=...)``: a ``str`` holding the English text,
which also keeps its template and parameters. The Django side shows it with ``translate(message)`` in the
active language; parameters that are Messages themselves are translated too. ``gettext_noop`` marks the
template for makemessages. This is the one mechanism every app uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark `message` for translation without translating it (makemessages picks it up)."""
    return message


class Message(str):
    """A str (the English text) that remembers `template` and `params`."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = template % params if params else template
        instance = super().__new__(cls, text)
        instance.template = template
        instance.params = params
        return instance

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling (the cache, a job's stored result) keeps the template and parameters.
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def joined(items: Iterable[object], separator: str = ", ") -> Message:
    """`items` joined by `separator` as one Message, so items that are Messages are translated too."""
    items = list(items)
    template = separator.join(f"%(item{index})s" for index in range(len(items)))
    return Message(template, **{f"item{index}": item for index, item in enumerate(items)})


def translate(message: object) -> str:
    """`message` in the active language: a Message through its template, anything else as str()."""
    if isinstance(message, Message):
        from django.utils.translation import gettext

        params = {key: translate(value) for key, value in message.params.items()}
        return gettext(message.template) % params if params else gettext(message.template)
    return str(message)


def translate_all(messages: Iterable[object]) -> list[str]:
    return [translate(message) for message in messages]
