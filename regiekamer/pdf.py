"""PDF from HTML with WeasyPrint, the one way every app prints: no network.

WeasyPrint fetches what a document links (stylesheets, images). Through HTTP that is a request from the server
to itself (or, with a link a person typed, to anywhere: a server-side request forgery). Here `/static/…` is
read from the app's static files and `data:` URLs are allowed; anything else is refused, so a PDF never
leaves the machine."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders


class ForbiddenFetch(ValueError):
    """A PDF linked something other than the app's own static files."""


def read_static(url: str) -> tuple[bytes, str]:
    """The content and media type of the static file `url` names (absolute or site-relative)."""
    path = url.split("://", 1)[1] if "://" in url else url
    path = path[path.find("/") :] if "://" in url else path
    static = settings.STATIC_URL
    if path.startswith(static):
        found = finders.find(path[len(static) :].split("?", 1)[0])
        if isinstance(found, list):
            found = found[0] if found else None
        if found:
            with open(found, "rb") as handle:
                return handle.read(), mimetypes.guess_type(path)[0] or "application/octet-stream"
    raise ForbiddenFetch(f"not fetched for a PDF: {url}")


def fetcher():
    """WeasyPrint's URL fetcher: static files from disk, data: URLs, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, media_type = read_static(url)
            return URLFetcherResponse(url, body, {"Content-Type": media_type})

    return StaticOnly(allowed_protocols=("http", "https", "data"))


def document(html: str):
    """The laid-out document (its `pages` say how many pages the PDF has)."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import time

    return HTML(string=html, base_url="http://regiekamer.invalid/", url_fetcher=fetcher()).render()


def html_to_pdf(html: str) -> bytes:
    return document(html).write_pdf()
