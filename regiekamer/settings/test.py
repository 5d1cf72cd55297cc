"""Test profile: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Each test process its own cache, whatever REDIS_URL says (parallel test processes must not share keys);
# regiekamer/tests/test_cache.py checks the Redis cache in processes of its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The test database on SQLite is a file (one per test process) rather than in memory: a browser journey's job
# worker (e2e/worker.py) and the live server's threads then each have a connection of their own, and WAL with
# the busy timeout lets a writer wait for another (an in-memory database in shared-cache mode fails at once
# with "database table is locked"). As fast as memory here: the file stays in the page cache.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"regiekamer-test-{os.getpid()}.sqlite3")
    }
