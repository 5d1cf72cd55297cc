"""WSGI entry point for an application server (gunicorn regiekamer.wsgi).

Without DJANGO_SETTINGS_MODULE it runs the production profile, which refuses to start without SECRET_KEY and
serves HTTPS only: a server started from here is never the local development set-up by accident. The
`regiekamer` command (`make run`) keeps the local profile."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.production")
application = get_wsgi_application()
