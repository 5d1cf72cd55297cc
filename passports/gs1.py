"""GS1 identifiers of a product passport: the GTIN (its check digit) and the GS1 Digital Link URI path.

Sources: GS1 General Specifications (release 24.0), §7.9 "Check digit calculation" (mod-10, weights 3 and 1
from
the right) and §3.2 (AI 01 GTIN, AI 10 batch/lot: up to 20 characters, AI 21 serial: up to 20 characters, both
from the GS1 AI encodable character set 82); GS1 Digital Link Standard: URI Syntax (release 1.4), §4 (the path
/01/{gtin}/10/{batch}/21/{serial}, GTIN written as 14 digits, key qualifiers percent-encoded).

Pure module: no Django, no ORM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from regiekamer.texts import Message, gettext_noop

# GS1 AI encodable character set 82 (General Specifications figure 7.11-1).
_CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$")
MODEL, BATCH, ITEM = "model", "batch", "item"


class Gs1Error(ValueError):
    """A malformed identifier; `field` names the part (gtin, batch, serial)."""

    def __init__(self, field: str, message: Message):
        super().__init__(message)
        self.field = field
        self.message = message


def check_digit(digits: str) -> int:
    """The GS1 check digit of `digits` (the identifier without its last digit): from the right, weights 3, 1,
    3, …; the check digit brings the weighted sum up to a multiple of 10."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def normalise_gtin(value: str) -> str:
    """A GTIN-8, -12, -13 or -14 written as the 14 digits of the Digital Link, its check digit verified."""
    text = str(value).strip().replace(" ", "")
    if not text.isdigit() or len(text) not in (8, 12, 13, 14):
        raise Gs1Error("gtin", Message(gettext_noop("A GTIN has 8, 12, 13 or 14 digits.")))
    text = text.zfill(14)
    if check_digit(text[:-1]) != int(text[-1]):
        expected = check_digit(text[:-1])
        raise Gs1Error(
            "gtin",
            Message(
                gettext_noop("The check digit of this GTIN is wrong: it should be %(digit)s."), digit=expected
            ),
        )
    return text


# Character set 82 allows "/", and the Digital Link writes it as %2F; but a web server decodes %2F to "/"
# before the URL is routed, so the public page of such a passport could not be found: refused here.
_NO_SLASH = {
    "batch": gettext_noop("A batch number cannot contain '/': the passport's web address would break there."),
    "serial": gettext_noop(
        "A serial number cannot contain '/': the passport's web address would break there."
    ),
}


def _qualifier(value: str, field: str) -> str:
    text = str(value or "").strip()
    if text and not _CSET82.match(text):
        raise Gs1Error(
            field,
            Message(
                gettext_noop("At most 20 characters: letters, digits and the GS1 punctuation, no spaces.")
            ),
        )
    if "/" in text:
        raise Gs1Error(field, Message(_NO_SLASH[field]))
    return text


@dataclass(frozen=True)
class DigitalLink:
    gtin: str
    batch: str = ""
    serial: str = ""

    @classmethod
    def of(cls, gtin: str, batch: str = "", serial: str = "") -> DigitalLink:
        return cls(normalise_gtin(gtin), _qualifier(batch, "batch"), _qualifier(serial, "serial"))

    @property
    def granularity(self) -> str:
        """UNTP's granularityLevel: an item has a serial number, a batch a batch number, a model neither."""
        return ITEM if self.serial else BATCH if self.batch else MODEL

    @property
    def path(self) -> str:
        path = f"/01/{self.gtin}"
        if self.batch:
            path += f"/10/{quote(self.batch, safe='')}"
        if self.serial:
            path += f"/21/{quote(self.serial, safe='')}"
        return path

    def uri(self, base: str) -> str:
        return base.rstrip("/") + self.path


def parse_path(path: str) -> DigitalLink:
    """The identifiers of a Digital Link URI path (/01/…[/10/…][/21/…]); raises Gs1Error on anything else."""
    parts = [unquote(part) for part in path.strip("/").split("/")]
    if len(parts) < 2 or len(parts) % 2 or parts[0] != "01":
        raise Gs1Error("path", Message(gettext_noop("A Digital Link path starts with /01/ and the GTIN.")))
    values = dict(zip(parts[2::2], parts[3::2], strict=True))
    if set(values) - {"10", "21"} or list(values) not in (["10"], ["21"], ["10", "21"], []):
        raise Gs1Error(
            "path",
            Message(gettext_noop("Only batch (10) and serial (21) may follow the GTIN, in that order.")),
        )
    return DigitalLink.of(parts[1], values.get("10", ""), values.get("21", ""))
