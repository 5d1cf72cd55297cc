"""What may appear on the public case pages: pure checks over the case's texts (no database).

The public pages carry no personal data: a case whose texts name a person of the programme or of the
stakeholder register is not approved (the names are matched as whole words, case-insensitively)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Names shorter than this are too likely to be ordinary words ("Bos", "Jan") to refuse a text for.
MIN_NAME_LENGTH = 5


def names_in(texts: Iterable[str], names: Iterable[str]) -> list[str]:
    """The `names` (people's full names) that occur in any of `texts`, in the order given, each once."""
    body = "\n".join(text for text in texts if text)
    found: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if len(name) < MIN_NAME_LENGTH or " " not in name or name in found:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in name.split()) + r"(?!\w)"
        if re.search(pattern, body, flags=re.IGNORECASE):
            found.append(name)
    return found
