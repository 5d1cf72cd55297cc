"""A scratch PostgreSQL database for a benchmark (a helper: bench/run.py runs no file starting with _)."""

from __future__ import annotations

import sys


def postgres_database(server: str, action: str, name: str) -> bool:
    """Create (`action="create"`, dropping a leftover first) or drop the database `name` on `server`
    (postgres://user@host:port); False, with the reason on stderr, when PostgreSQL is not reachable."""
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            if action == "create":
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            else:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return True
    except psycopg.Error as exc:
        print(f"PostgreSQL not available ({exc}); skipped.", file=sys.stderr)
        return False
