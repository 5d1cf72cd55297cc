"""ASGI entry point for an application server (uvicorn/daphne regiekamer.asgi).

Without DJANGO_SETTINGS_MODULE it runs the production profile, which refuses to start without SECRET_KEY and
serves HTTPS only: a server started from here is never the local development set-up by accident. The
`regiekamer` command (`make run`) keeps the local profile.

Django's ASGI handler reads a request's whole body into a temporary file before any middleware runs, so the
body limit is kept outside it: `RequestBodyLimitASGIMiddleware` (regiekamer/uploads.py) answers 413 for a
body over UPLOAD_MAX_REQUEST_BYTES, declared or counted, without reading the rest (issue 15, finding 2)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.production")
django_application = get_asgi_application()

from regiekamer.uploads import RequestBodyLimitASGIMiddleware  # noqa: E402  (after Django is set up)

application = RequestBodyLimitASGIMiddleware(django_application)
