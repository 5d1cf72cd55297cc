"""The actors of an impact sheet (stakeholders, target groups, change agents) and the stakeholder register.

The sheet keeps the actors as the source writes them, free text with items separated by commas, semicolons or
periods ("Stibat, Fietsfabrikanten, ... bedrijven. ARN, Metalor, Brainport Development, TU-Delft, TNO, ...").
An item that is, apart from case and spacing, the name of an organisation in the register is linked to it.
Pure functions, no Django: the service passes the register's names in and stores the links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

SEPARATORS = re.compile(r"([,;.])")


def normalise(name: str) -> str:
    """The key an item and a register name are compared by: case-folded, inner spaces collapsed."""
    return " ".join(name.split()).casefold()


def name_index(organisations: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    """{normalised name: [pk, ...]} of (pk, name) pairs; two organisations may carry the same name."""
    index: dict[str, list[int]] = {}
    for pk, name in organisations:
        key = normalise(name)
        if key:
            index.setdefault(key, []).append(pk)
    return index


def actor_items(text: str) -> list[str]:
    """The items of an actor text, stripped, empty ones left out."""
    return [item.strip() for item in SEPARATORS.split(text or "")[::2] if item.strip()]


def matched_organisations(texts: Iterable[str], index: Mapping[str, list[int]]) -> list[int]:
    """The pks of the organisations named by an item of any of `texts`, in order of first mention."""
    found: list[int] = []
    for text in texts:
        for item in actor_items(text):
            for pk in index.get(normalise(item), ()):
                if pk not in found:
                    found.append(pk)
    return found


def segments(text: str, index: Mapping[str, list[int]]) -> list[tuple[str, list[int]]]:
    """The text cut into pieces that put together give it back unchanged, each with the pks of the
    organisations it names (empty for separators, spaces and unmatched items), for rendering links."""
    pieces: list[tuple[str, list[int]]] = []
    for position, part in enumerate(SEPARATORS.split(text or "")):
        pks = list(index.get(normalise(part), ())) if position % 2 == 0 else []
        if not pks:
            pieces.append((part, []))
            continue
        stripped = part.strip()
        start = part.index(stripped)
        lead, trail = part[:start], part[start + len(stripped) :]
        pieces += [(lead, []), (stripped, pks), (trail, [])]
    return [(piece, pks) for piece, pks in pieces if piece]
