"""Links a person types (a project artefact's link, a criterion's evidence link): only a web address (http or
https) or a path in Regiekamer itself ('/stakeholders/12/'). Anything else — ``javascript:``, ``data:``,
``vbscript:``, ``file:``, a protocol-relative ``//host`` — would run or open something when another person
clicks it, and is refused (`validate_link`); a stored link that is not safe is not made clickable
(`safe_link`, the template filter ``safe_href``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SCHEMES = ("http", "https")
_web_address = URLValidator(schemes=list(SCHEMES))


def safe_link(value: object) -> bool:
    """Whether `value` is a link that may be put in an href: http(s) or a site-relative path."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    # Browsers drop whitespace and control characters inside a scheme ("java\tscript:"): none is accepted.
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text) or "\\" in text:
        return False
    if text.startswith("/"):
        return not text.startswith("//")  # '//host/...' leaves the site
    if urlsplit(text).scheme.lower() not in SCHEMES:
        return False
    try:
        _web_address(text)
    except ValidationError:
        return False
    return True


def validate_link(value: str) -> None:
    """A Django validator: refuses a link that is not http(s) or a path in Regiekamer."""
    if value and not safe_link(value):
        raise ValidationError(
            _(
                "A link is a web address that starts with https:// or http://, or a path in Regiekamer that "
                "starts with / (e.g. /stakeholders/12/)."
            ),
            code="unsafe_link",
        )
