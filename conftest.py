"""Fixtures shared by every app's tests."""

from __future__ import annotations

import re

import pytest

# What a Python repr looks like inside a message meant for a person: "['...']", "{'field': ...}",
# "ValidationError(...)", "<django.... object at 0x...>".
PYTHON_REPR = re.compile(
    r"\[['\"]|['\"]\]|\{['\"]\w+['\"]:|ValidationError\(|<\w+(\.\w+)+ object at 0x|ErrorDict|ErrorList\("
)


def python_repr_in(text: str) -> bool:
    return bool(PYTHON_REPR.search(text))


@pytest.fixture(autouse=True)
def no_python_repr_reaches_a_person(monkeypatch):
    """Every flash message and every form error any test (browser journeys included) produces is plain text:
    a message that shows a Python repr fails the test that caused it. The fixture's value is the list of
    offending messages seen so far (a test of the guard itself may inspect and clear it)."""
    from django.contrib.messages.storage.base import BaseStorage
    from django.forms.forms import BaseForm

    seen: list[str] = []
    original_add = BaseStorage.add
    original_add_error = BaseForm.add_error

    def add(self, level, message, extra_tags=""):
        if python_repr_in(str(message)):
            seen.append(f"flash message: {message}")
        return original_add(self, level, message, extra_tags)

    def add_error(self, field, error):
        original_add_error(self, field, error)
        for name, errors in self.errors.items():
            for text in errors:
                if python_repr_in(str(text)):
                    seen.append(f"form error on {name}: {text}")

    monkeypatch.setattr(BaseStorage, "add", add)
    monkeypatch.setattr(BaseForm, "add_error", add_error)
    yield seen
    assert seen == [], "a message shows a Python repr to a person"


@pytest.fixture
def user_for(db):
    """user_for(role) -> the test user holding that role (created once per test)."""
    from accounts.testing import make_user

    cache: dict[str, object] = {}

    def get(role: str):
        if role not in cache:
            cache[role] = make_user(role)
        return cache[role]

    return get


# --- the reference catalogue: loaded once per test process, copied into each test that asks for it -------
#
# `catalogue_load()` reads, checks and writes ~550 entries and their history (~0.1 s, 300+ times in the
# suite). The first test that asks for the catalogue loads it inside a savepoint, notes every row the load
# added (table, columns, values) and rolls the savepoint back; from then on the fixture inserts those rows
# as they are, one statement per table (~40), in a few milliseconds. A test that does not ask for the
# catalogue still finds it empty, and a test whose catalogue tables already hold rows (a factory made
# some) gets `catalogue_load()` itself, which matches entries on their natural keys.


class _CatalogueSnapshot:
    """The rows `catalogue_load()` adds to an empty catalogue, per table, with the system actor's key in its
    history columns noted so a copy can name the system actor of the database it lands in."""

    def __init__(self, tables: dict[str, tuple[list[str], list[tuple]]], actor_pk: int) -> None:
        from django.apps import apps
        from django.conf import settings

        self.tables = tables
        self.actor_pk = actor_pk
        models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
        self.models = [models[table] for table in tables]
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        # Per table, the positions of the columns that refer to an account (history_user_id).
        self.user_columns = {
            table: [
                columns.index(field.column)
                for field in models[table]._meta.concrete_fields
                if field.is_relation and field.related_model is user_model and field.column in columns
            ]
            for table, (columns, _rows) in tables.items()
        }

    @classmethod
    def take(cls) -> _CatalogueSnapshot | None:
        """Load the catalogue in a savepoint that is rolled back, and note what the load added; None if the
        load changed a row that was there (then only `catalogue_load()` will do)."""
        from django.contrib.auth import get_user_model
        from django.db import connection, transaction

        from accounts.authorization import system_actor
        from catalogue.loader import catalogue_load

        actor_table = get_user_model()._meta.db_table
        tables = [t for t in connection.introspection.table_names() if t != actor_table]

        def rows() -> dict[str, tuple[list[str], set[tuple]]]:
            found = {}
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (own tables)
                    found[table] = ([c[0] for c in cursor.description], set(cursor.fetchall()))
            return found

        class _Undo(Exception):
            pass

        snapshot = None
        try:
            with transaction.atomic():
                before = rows()
                catalogue_load()
                after = rows()
                actor_pk = system_actor().pk
                added: dict[str, tuple[list[str], list[tuple]]] = {}
                changed = False
                for table, (columns, now) in after.items():
                    old = before[table][1]
                    if old - now:
                        changed = True
                    if now - old:
                        added[table] = (columns, sorted(now - old, key=repr))
                if not changed:
                    snapshot = cls(added, actor_pk)
                raise _Undo
        except _Undo:
            pass
        return snapshot

    def empty(self) -> bool:
        from django.db import connection

        quote = connection.ops.quote_name
        probes = ", ".join(f"(SELECT 1 FROM {quote(table)} LIMIT 1)" for table in self.tables)  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {probes}")
            return all(value is None for value in cursor.fetchone())

    def copy(self) -> None:
        """Insert the noted rows (in one transaction, so references among them are checked at its end)."""
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from accounts.authorization import system_actor

        quote = connection.ops.quote_name
        postgres = connection.vendor == "postgresql"
        if postgres:
            from psycopg.types.json import Jsonb

        with transaction.atomic():
            actor_pk = system_actor().pk
            with connection.cursor() as cursor:
                for table, (columns, rows) in self.tables.items():
                    user_columns = self.user_columns[table]
                    if (user_columns and actor_pk != self.actor_pk) or postgres:
                        rows = [
                            tuple(
                                actor_pk
                                if i in user_columns and value == self.actor_pk
                                else Jsonb(value)
                                if postgres and isinstance(value, dict | list)
                                else value
                                for i, value in enumerate(row)
                            )
                            for row in rows
                        ]
                    names = ", ".join(quote(c) for c in columns)
                    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
                    # Many rows a statement, within SQLite's oldest limit of 999 parameters.
                    step = max(1, 999 // len(columns))
                    for start in range(0, len(rows), step):
                        chunk = rows[start : start + step]
                        values = ", ".join([marks] * len(chunk))
                        insert = f"INSERT INTO {quote(table)} ({names}) VALUES {values}"  # noqa: S608
                        cursor.execute(insert, [value for row in chunk for value in row])
                if postgres:  # explicit keys leave the sequences behind
                    cursor.execute(";".join(connection.ops.sequence_reset_sql(no_style(), self.models)))


_SNAPSHOT: dict[str, _CatalogueSnapshot | None] = {}


@pytest.fixture
def catalogue(db):
    """The reference catalogue, as `regiekamer demo` loads it (see `_CatalogueSnapshot`)."""
    from django.db import connection

    from catalogue.loader import catalogue_load

    if connection.alias not in _SNAPSHOT and _catalogue_is_empty():
        _SNAPSHOT[connection.alias] = _CatalogueSnapshot.take()
    snapshot = _SNAPSHOT.get(connection.alias)
    if snapshot is not None and snapshot.empty():
        snapshot.copy()
    else:
        catalogue_load()


def _catalogue_is_empty() -> bool:
    from django.apps import apps

    return not any(model._default_manager.exists() for model in apps.get_app_config("catalogue").get_models())


def pytest_configure(config):
    # Property tests: reproducible (the same examples every run) and free of wall-clock deadlines, which are
    # flaky on a loaded two-core CI machine. Examples still cover the edges hypothesis targets first.
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("regiekamer", derandomize=True, deadline=None, print_blob=True)
    hypothesis_settings.load_profile("regiekamer")


def pytest_terminal_summary(terminalreporter):
    """Name the browser journeys that ran, so a CI log shows them (the rest of the run is quiet)."""
    stats = terminalreporter.stats
    journeys = [
        report
        for key in ("passed", "failed", "error")
        for report in stats.get(key, [])
        if getattr(report, "when", "call") == "call" and report.nodeid.startswith("e2e/")
    ]
    if not journeys:
        return
    terminalreporter.section("browser journeys (Playwright, headless Chromium)")
    for report in sorted(journeys, key=lambda r: r.nodeid):
        terminalreporter.write_line(f"{report.outcome.upper():<7} {report.nodeid}")


def _database_group(item) -> int:
    """pytest-django's order (as Django's runner): 0 tests in a rolled-back transaction, 1 transactional tests
    (which empty the tables after them), 2 tests without the database."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = "transactional_db" in fixtures or "live_server" in fixtures
    if marker is not None:
        transactional = transactional or bool(
            marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
        )
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def _slowness(item) -> int:
    for rank, name in enumerate(("cluster", "scenario", "e2e")):
        if item.get_closest_marker(name):
            return rank
    return 3


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The slow ones first, so that the test processes finish together (the multi-host scenario, two minutes,
    came last and ran alone): within each of pytest-django's groups the slow tests lead, and the slow tests
    that do not use the test database (the multi-host scenario has databases of its own) go before all."""
    for group in (0, 1, 2):
        places = [i for i, item in enumerate(items) if _database_group(item) == group]
        for place, item in zip(places, sorted((items[i] for i in places), key=_slowness), strict=True):
            items[place] = item
    first = [item for item in items if _database_group(item) == 2 and _slowness(item) < 3]
    items[:] = first + [item for item in items if item not in first]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With --no-migrations (both suites of `make test`) the test database is made from the models in
    seconds instead of a minute of migrations per test process; `makemigrations --check` keeps
    models and migrations in step, the search's full-text structure comes with post_migrate (search/apps.py),
    and this adds what the migrations would have left besides: their record (the health check and the backup
    read it) and their reference data (the sources of Bijlage 4). The migrations themselves still run from
    zero on SQLite (regiekamer/tests/test_migrations.py, which checks the tables they make against the
    models) and on PostgreSQL (the multi-host scenario's database)."""
    if request.config.getoption("nomigrations", False):
        with django_db_blocker.unblock():
            _as_if_migrated()


def _as_if_migrated() -> None:
    from importlib import import_module

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import override_settings

    with override_settings(MIGRATION_MODULES={}):  # the real ones (pytest-django disabled them)
        nodes = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name) for app, name in nodes])
    import_module("stakeholders.migrations.0002_sources").add_sources(apps, None)
