"""The site's own error pages (400, 403, 404, 500): each in the reader's language (Dutch unless English was
chosen with the language switch), each with its way back to the start page.

The errors are raised by views of this module's URLconf (the project's URLs plus four that fail) and turned
into pages by Django's own handlers, with DEBUG off as in the test profile: the 500 page is rendered by
`django.views.defaults.server_error`, without a request context."""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.utils import translation

from regiekamer import urls as project_urls

# --- the URLconf of these tests --------------------------------------------------------------------------


def _fails(exception: Exception):
    @login_not_required
    def view(request: HttpRequest) -> HttpResponse:
        raise exception

    return view


urlpatterns = [
    *project_urls.urlpatterns,
    path("test-errors/400/", _fails(SuspiciousOperation("a malformed request"))),
    path("test-errors/403/", _fails(PermissionDenied())),
    path("test-errors/404/", _fails(Http404())),
    path("test-errors/500/", _fails(RuntimeError("a bug"))),
]
handler404 = project_urls.handler404

pytestmark = pytest.mark.urls(__name__)


# --- the pages ---------------------------------------------------------------------------------------------

PAGES = {
    400: {"nl": "Ongeldig verzoek", "en": "Bad request"},
    403: {"nl": "Geen toegang", "en": "No access"},
    404: {"nl": "Pagina niet gevonden", "en": "Page not found"},
    500: {"nl": "Er ging iets mis", "en": "Something went wrong"},
}
BACK = {"nl": "Terug naar de startpagina", "en": "Back to the start page"}


@pytest.fixture(autouse=True)
def _language_restored():
    """The locale middleware activates the request's language in this thread; later tests start from the
    language they had."""
    with translation.override(translation.get_language()):
        yield


def _page(client: Client, status: int) -> str:
    response = client.get(f"/test-errors/{status}/")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def _assert_page(html: str, status: int, language: str) -> None:
    other = "en" if language == "nl" else "nl"
    assert f'<html lang="{language}">' in html
    assert f"<title>{PAGES[status][language]} · Regiekamer</title>" in html
    assert f">{PAGES[status][language]}</h1>" in html
    assert f'<a class="nl-link" href="/">{BACK[language]}</a>' in html
    assert PAGES[status][other] not in html and BACK[other] not in html


@pytest.mark.parametrize("status", sorted(PAGES))
def test_an_error_page_is_dutch_by_default_with_its_way_back(db, status):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")  # the browser is not asked
    _assert_page(_page(client, status), status, "nl")


@pytest.mark.parametrize("status", sorted(PAGES))
def test_an_error_page_is_english_when_english_was_chosen(db, status):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_page(_page(client, status), status, "en")


@pytest.mark.parametrize("status", sorted(PAGES))
def test_a_signed_in_reader_gets_the_same_pages(user_for, status):
    client = Client(raise_request_exception=False)
    client.force_login(user_for("programme_office"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _assert_page(_page(client, status), status, "en")


def test_an_unknown_address_gets_the_404_page(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_page(response.content.decode(), 404, "en")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_500_page_renders_without_a_request_or_a_database(language):
    """As Django's server_error view renders it: no request context, no context processors, and (no `db`
    fixture) any database access would fail the test."""
    from django.views.defaults import server_error

    with translation.override(language):
        response = server_error(HttpRequest())
    assert response.status_code == 500
    _assert_page(response.content.decode(), 500, language)
