"""The migrations from zero on SQLite, as `make run` meets them on a fresh clone.

The suites make their test databases from the models (`--no-migrations`, conftest.py's django_db_setup:
seconds instead of a minute of migrations per test process); `makemigrations --check` keeps models and
migrations in step. This test runs the migrations themselves once, on a new SQLite file in a process of its
own, and checks that they make what the models describe, leave none unapplied and load the reference data
they carry. (On PostgreSQL the multi-host scenario, regiekamer/tests/test_cluster.py, migrates its database
from zero.)"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def _model_tables() -> dict[str, set[str]]:
    """Per table of a model the migrations manage: its columns, as the models describe them."""
    tables: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables[model._meta.db_table] = {field.column for field in model._meta.local_concrete_fields}
    return tables


@pytest.mark.scenario
def test_the_migrations_from_zero_make_what_the_models_describe(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 900}
    result = subprocess.run(  # noqa: S603 (this project's own command)
        [sys.executable, "-m", "regiekamer", "migrate", "--noinput"], **run
    )
    assert result.returncode == 0, result.stderr[-3000:]

    connection = sqlite3.connect(database)
    try:
        found = {
            name: {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        sources = connection.execute("SELECT count(*) FROM stakeholders_source").fetchone()[0]
    finally:
        connection.close()

    expected = _model_tables()
    missing = sorted(set(expected) - set(found))
    assert not missing, f"tables the models describe that the migrations do not make: {missing}"
    differing = {
        table: {
            "models only": sorted(columns - found[table]),
            "migrations only": sorted(found[table] - columns),
        }
        for table, columns in expected.items()
        if columns != found[table]
    }
    assert not differing, f"columns differ between the models and the migrated database: {differing}"

    # nothing left to apply (`migrate --check` exits non-zero when a migration is unapplied)
    check = subprocess.run(  # noqa: S603 (this project's own command)
        [sys.executable, "-m", "regiekamer", "migrate", "--check"], **run
    )
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
    assert sources > 0, "the sources of Bijlage 4 (stakeholders.0002_sources) were not loaded"
