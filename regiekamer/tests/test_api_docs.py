"""The API documentation page works on an offline network under the site's CSP (issue 15): Swagger UI comes
from vendored assets (drf-spectacular-sidecar), its start script from this site, nothing inline."""

import re

import pytest

from accounts.roles import Role

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:https?:)?//[\w.-]+""")
REFERENCE = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.fixture
def reader(client, user_for):
    client.force_login(user_for(Role.READER))
    return client


def test_the_api_docs_page_references_no_other_origin(reader):
    response = reader.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert EXTERNAL.findall(html) == []
    references = REFERENCE.findall(html)
    assert any("swagger-ui-bundle.js" in url for url in references)
    for url in references:
        assert url.startswith("/"), url
        asset = reader.get(url)
        assert asset.status_code == 200, url
        if url.endswith(".js") or "script" in url:
            body = b"".join(asset.streaming_content) if asset.streaming else asset.content
            # The start script fetches the schema from this site; the bundle itself names no CDN to load from.
            if "script" in url:
                assert EXTERNAL.findall(body.decode()) == [], url


def test_the_api_docs_page_holds_no_inline_script_or_style_the_csp_would_block(reader):
    response = reader.get("/api/docs/")

    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html and "style=" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_the_start_script_is_served_from_this_site_and_turns_off_the_external_validator(reader):
    page = reader.get("/api/docs/").content.decode()
    script_url = next(url for url in REFERENCE.findall(page) if "script" in url and "static" not in url)

    script = reader.get(script_url.replace("&amp;", "&"))

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    body = script.content.decode()
    assert '"/api/schema/"' in body
    assert '"validatorUrl": null' in body or '"validatorUrl":null' in body
