from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the person chose otherwise with the language switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English browser would get an
    English UI; the users are Dutch civil servants and companies, and the brief asks for Dutch by default."""

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


# Browser features the application never uses: refused to the page and to anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware and the CSP leave out, on every response of the application.

    - `Cache-Control: no-store` (Django's never-cache set): pages, API answers, downloads and the calendar
      token page hold personal or confidential data that no browser or proxy cache may keep; a view that
      states its own policy keeps it. Static files are served by WhiteNoise before this middleware and stay
      cacheable.
    - `Permissions-Policy` refusing the device features the application never uses.
    - `Cross-Origin-Resource-Policy: same-origin`: no other site may embed the application's responses.

    X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy come from SecurityMiddleware
    (Django's defaults: nosniff, same-origin, same-origin), X-Frame-Options from the clickjacking middleware,
    the CSP from django-csp; regiekamer/tests/test_security_headers.py checks them all together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
