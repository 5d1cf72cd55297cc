"""PDFs are rendered without network (regiekamer.pdf): the app's own static files are read from disk, any
other URL a document links is refused (no request from the server to itself or elsewhere)."""

import pytest

from regiekamer import pdf


def test_a_static_stylesheet_is_read_from_disk():
    found = pdf.fetcher().fetch("http://regiekamer.invalid/static/regiekamer/app.css")
    body = found.read()
    assert b".rk-table" in body and found.content_type == "text/css"
    assert pdf.read_static("/static/regiekamer/app.css")[0] == body


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "http://regiekamer.invalid/admin/"],
)
def test_anything_else_is_refused(url):
    with pytest.raises((pdf.ForbiddenFetch, ValueError)):
        pdf.fetcher().fetch(url)


def test_a_document_with_its_stylesheet_and_a_foreign_image_renders_without_network():
    html = (
        '<html><head><link rel="stylesheet" href="/static/regiekamer/app.css"></head>'
        '<body><p>Regiekamer</p><img src="http://example.org/x.png"></body></html>'
    )
    assert pdf.html_to_pdf(html).startswith(b"%PDF")
