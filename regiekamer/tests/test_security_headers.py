"""Security headers (issue 15): every response of the application forbids caching (personal data on pages, in
the API and behind the calendar token), and carries the browser protections (nosniff, referrer policy,
permissions policy, opener and resource isolation) besides the CSP. Static files stay cacheable."""

import pytest
from django.urls import reverse

from accounts.roles import Role

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/programme/calendar/",  # shows the person's calendar token
    "/stakeholders/",
    "/portfolio/",
    "/api/docs/",
    "/no-such-page/",
]
API = [
    "/api/programme/teams/",
    "/api/programme/people/",
    "/api/stakeholders/people/",
    "/api/schema/",
    "/api/programme/teams/NO-SUCH-TEAM/",
]


def _assert_protective_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "default-src 'self'" in response["Content-Security-Policy"]


def _assert_not_stored(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.APPLICANT])
def test_pages_of_a_signed_in_person_are_never_stored_and_carry_the_protective_headers(
    client, user_for, role, url
):
    client.force_login(user_for(role))

    response = client.get(url)

    assert response.status_code in (200, 403, 404), url
    _assert_not_stored(response)
    _assert_protective_headers(response)


@pytest.mark.parametrize("url", API)
def test_api_responses_are_never_stored_and_carry_the_protective_headers(client, user_for, url):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))

    response = client.get(url, HTTP_ACCEPT="application/json")

    assert response.status_code in (200, 404), url
    _assert_not_stored(response)
    _assert_protective_headers(response)


def test_api_refusals_and_the_login_page_are_not_stored_either(client):
    for response in (
        client.get("/api/programme/teams/"),
        client.get(reverse("login")),
        client.get("/portfolio/"),
    ):
        _assert_not_stored(response)
        _assert_protective_headers(response)


def test_a_write_through_the_api_is_not_stored(client, user_for):
    client.force_login(user_for(Role.READER))

    response = client.post("/api/programme/decisions/", {}, content_type="application/json")

    assert response.status_code == 403
    _assert_not_stored(response)


def test_static_files_stay_cacheable(client):
    response = client.get("/static/regiekamer/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_states_its_own_cache_policy_keeps_it(client, user_for):
    """The calendar feed says `private, no-store` itself; the middleware does not rewrite a stated policy."""
    from django.http import HttpResponse

    from regiekamer.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "private, no-store"
        return response

    response = SecurityHeadersMiddleware(view)(client.get("/").wsgi_request)
    assert response["Cache-Control"] == "private, no-store"
