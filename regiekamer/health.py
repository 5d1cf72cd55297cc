"""Health checks behind /healthz, for a load balancer, a container orchestrator or monitoring.

Each check is a function that returns when its part works and raises when it does not. /healthz runs every
registered check and answers 200 when all pass, 503 when any fails, with a JSON body naming each check and
its status ("ok" or "fail") and nothing more: what went wrong is logged (logger "regiekamer.health"), never
shown, since the endpoint needs no login.

Hook for the job system: when background jobs exist, the jobs app registers a check named "jobs" in its
AppConfig.ready(), e.g. `register_health_check("jobs", worker_heartbeat_is_recent)`, and the check raises
when no worker has reported for too long. With REDIS_URL set, "cache" checks the shared Redis cache."""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger("regiekamer.health")

HealthCheck = Callable[[], None]
_CHECKS: dict[str, HealthCheck] = {}


def register_health_check(name: str, check: HealthCheck) -> None:
    """Add `check` to /healthz under `name` (a later registration under the same name replaces it)."""
    _CHECKS[name] = check


def registered_checks() -> dict[str, HealthCheck]:
    return dict(_CHECKS)


def database_check(alias: str = "default") -> None:
    """A real query on a table every migrated database has: fails when the database cannot be reached, refuses
    the credentials, or holds no schema. Inside a transaction (a savepoint where one is open) so a failure
    leaves the connection usable."""
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        (count,) = cursor.fetchone()
    if not count:
        raise RuntimeError("the database holds no applied migration")


def run_health_checks() -> dict[str, str]:
    """Every registered check's status, "ok" or "fail"; a failure is logged with its cause."""
    results = {}
    for name, check in registered_checks().items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "fail"
        else:
            results[name] = "ok"
    return results


def cache_check() -> None:
    """A value written to the shared cache reads back: fails when Redis cannot be reached (REDIS_URL set)."""
    from django.core.cache import cache

    token = secrets.token_hex(8)
    cache.set("healthz", token, timeout=30)
    if cache.get("healthz") != token:
        raise RuntimeError("the cache did not return the value just written")


register_health_check("database", database_check)
if settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Several hosts share it (REDIS_URL): a host that cannot reach it is not ready.
    register_health_check("cache", cache_check)
