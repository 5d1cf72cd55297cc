"""Links a person types are http(s) or a path in Regiekamer (issue 15, finding 10): a javascript:, data: or
vbscript: URL in an artefact's link ran script in the browser of whoever clicked it."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from regiekamer.links import safe_link, validate_link

SAFE = [
    "https://example.org/voorstel.pdf",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG/x?y=1#z",
    "/stakeholders/12/",
    "/portfolio/20-004/",
    "  https://example.org  ",  # surrounding spaces are trimmed
]
UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/\\evil.example",
    "https://exa mple.org",
    "x",
    "stakeholders/12/",
    "#top",
    "ftp://example.org/file",
]


@pytest.mark.parametrize("value", SAFE)
def test_web_addresses_and_site_paths_are_accepted(value):
    assert safe_link(value)
    validate_link(value)


@pytest.mark.parametrize("value", UNSAFE)
def test_script_and_other_schemes_are_refused(value):
    assert not safe_link(value)
    with pytest.raises(ValidationError) as refused:
        validate_link(value)
    assert refused.value.code == "unsafe_link"


@pytest.mark.parametrize("value", UNSAFE)
def test_an_unsafe_stored_link_is_not_made_clickable(value):
    html = Template("{% load regiekamer_links %}[{{ value|safe_href }}]").render(Context({"value": value}))
    assert html == "[]"
