"""Issue 16, part 5: the Redis cache option for several hosts (REDIS_URL), checked against a real Redis.

Each test runs Django in processes of its own under the production profile (the test profile keeps a
per-process cache whatever REDIS_URL says): a value one process writes is read by another, as one host reads
what another wrote. The Redis is REDIS_TEST_URL, by default the one on 127.0.0.1:6379; where none runs the
tests are skipped, except in CI (CI=true), where Redis is part of the machine and a missing one fails."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")


def _redis_runs() -> bool:
    parts = urlsplit(REDIS_TEST_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


# `make test` starts PostgreSQL and Redis and sets this: a test that needs them then fails rather than skips.
SERVICES_REQUIRED = bool(os.environ.get("CI") or os.environ.get("REGIEKAMER_SERVICES_REQUIRED"))


@pytest.fixture(scope="module")
def redis_url():
    if not _redis_runs():
        if SERVICES_REQUIRED:
            pytest.fail(f"no Redis at {REDIS_TEST_URL} (make test starts one; CI machines run one)")
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    return REDIS_TEST_URL


def _django(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """`code` after django.setup() in a new process under the production profile."""
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production",
        "SECRET_KEY": "c" * 64 + "-cache-test",
        "ALLOWED_HOSTS": "regiekamer.example.nl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "file-cache"),
        **env,
    }
    for name, value in env.items():
        if value is None:
            full_env.pop(name)
    script = f"import django; django.setup()\n{code}"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_with_redis_url_every_process_shares_one_redis_cache(redis_url, tmp_path):
    key, value = f"test-cache-{secrets.token_hex(6)}", secrets.token_hex(12)

    writer = _django(
        "from django.core.cache import cache; from django.conf import settings\n"
        "print(settings.CACHES['default']['BACKEND'])\n"
        f"cache.set({key!r}, {{'written by': 'host a', 'value': {value!r}}}, timeout=60)",
        tmp_path,
        REDIS_URL=redis_url,
    )
    assert writer.returncode == 0, writer.stderr
    assert writer.stdout.strip() == "django.core.cache.backends.redis.RedisCache"

    # In Redis itself, under the application's prefix (several applications may share one Redis).
    import redis

    assert redis.Redis.from_url(redis_url).exists(f"regiekamer:1:{key}") == 1

    reader = _django(
        f"from django.core.cache import cache\nprint(cache.get({key!r}))\ncache.delete({key!r})",
        tmp_path,
        REDIS_URL=redis_url,
        CACHE_DIR=str(tmp_path / "another-host"),
    )
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip() == str({"written by": "host a", "value": value})


def test_with_redis_url_the_health_check_covers_the_cache(redis_url, tmp_path):
    code = "from regiekamer.health import cache_check, registered_checks\nprint(sorted(registered_checks()))"
    result = _django(code + "\ncache_check()\nprint('cache ok')", tmp_path, REDIS_URL=redis_url)

    assert result.returncode == 0, result.stderr
    checks, outcome = result.stdout.split("\n")[:2]
    assert "'cache'" in checks and "'database'" in checks
    assert outcome == "cache ok"


def test_an_unreachable_redis_fails_the_health_check_quickly(tmp_path):
    """A closed port: the check fails within the connect timeout (2 s), it does not hang the probe."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    code = (
        "import time\nfrom regiekamer.health import run_health_checks\n"
        "started = time.monotonic(); result = run_health_checks()\n"
        "print(result['cache'], round(time.monotonic() - started))"
    )
    started = time.monotonic()
    result = _django(code, tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port}/0")

    assert result.returncode == 0, result.stderr
    status, seconds = result.stdout.split()
    assert status == "fail" and int(seconds) <= 5
    assert time.monotonic() - started < 60


def test_without_redis_url_production_keeps_the_file_cache_of_the_host(tmp_path):
    code = (
        "from django.conf import settings; from regiekamer.health import registered_checks\n"
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])\n"
        "print(sorted(registered_checks()))"
    )
    result = _django(code, tmp_path, REDIS_URL=None)

    assert result.returncode == 0, result.stderr
    backend_line, checks_line = result.stdout.strip().split("\n")
    assert backend_line == (f"django.core.cache.backends.filebased.FileBasedCache {tmp_path / 'file-cache'}")
    assert "'database'" in checks_line and "'cache'" not in checks_line
