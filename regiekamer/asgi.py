"""ASGI entry point for an application server (uvicorn/daphne regiekamer.asgi).

Without DJANGO_SETTINGS_MODULE it runs the production profile, which refuses to start without SECRET_KEY and
serves HTTPS only: a server started from here is never the local development set-up by accident. The
`regiekamer` command (`make run`) keeps the local profile."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.production")
application = get_asgi_application()
