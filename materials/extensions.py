"""What higher apps add to the materials pages, without materials knowing them.

Materials sits below the apps that read it (passports, simulation, dashboard): it may not import them. An app
higher in the dependency order that has something to say per product group in the sweet-spot table (the
material passports: the critical raw materials their products declare) registers a part in its
AppConfig.ready(); each row of the table then includes the part's template with the part's value for the
row's SBI division."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SweetSpotPart:
    """A part of each sweet-spot row's details: `template` is included with `value`, the entry of
    `values()` (one call per page: {SBI division: value}) for the row's division; a division without an
    entry gets None."""

    key: str
    template: str
    values: Callable[[], dict[str, Any]]


SWEET_SPOT_PARTS: dict[str, SweetSpotPart] = {}


def register_sweet_spot_part(part: SweetSpotPart) -> None:
    SWEET_SPOT_PARTS[part.key] = part


def sweet_spot_parts() -> list[tuple[SweetSpotPart, dict[str, Any]]]:
    """Each registered part with its values for this page."""
    return [(part, part.values()) for part in SWEET_SPOT_PARTS.values()]
