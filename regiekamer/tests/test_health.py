"""/healthz (issue 15): a real database query, 503 when a check fails, a JSON body of per-check statuses and
nothing else, no login; the job system's hook is a named registration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checks(monkeypatch):
    """The registry of checks, restored after the test."""
    from regiekamer import health

    monkeypatch.setattr(health, "_CHECKS", dict(health._CHECKS))
    return health


@pytest.fixture(autouse=True)
def worker_alive():
    """A job worker reported just now (the jobs app's check "jobs": jobs/tests/test_jobs.py)."""
    from django.utils import timezone

    from jobs.services import worker_beat

    worker_beat(worker_id="health-test", host="test", pid=1, started_at=timezone.now())


def test_healthz_answers_ok_with_the_database_check_and_needs_no_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "jobs": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_healthz_queries_the_database_and_fails_with_503_when_the_schema_is_gone(client):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE django_migrations RENAME TO django_migrations_gone")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"


def test_a_failure_is_logged_but_its_cause_is_not_shown(client, checks, caplog):
    def database_down():
        raise ConnectionError("could not connect to db.internal:5432 as regiekamer password=s3cret")

    checks.register_health_check("database", database_down)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.content.decode()
    assert "db.internal" not in body and "s3cret" not in body
    assert response.json() == {"status": "fail", "checks": {"database": "fail", "jobs": "ok"}}
    assert "db.internal" in caplog.text


def test_the_job_worker_hook_adds_its_check(client, checks):
    def no_worker_heartbeat():
        raise RuntimeError("no worker reported for 10 minutes")

    checks.register_health_check("jobs", no_worker_heartbeat)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {"database": "ok", "jobs": "fail"}}


def test_healthz_accepts_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_a_plain_http_probe_under_the_production_profile():
    """A load balancer probes over HTTP inside the network: no redirect to HTTPS for /healthz only."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='regiekamer.example.nl'); "
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production",
        "SECRET_KEY": "h" * 64,
        "ALLOWED_HOSTS": "regiekamer.example.nl",
        "DATABASE_URL": "sqlite://:memory:",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # /healthz is answered (503: this empty in-memory database has no schema); every other page redirects.
    assert result.stdout.split() == ["503", "301"]
