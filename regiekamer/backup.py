"""Backup and restore of the whole installation: the database and the uploaded files, with a manifest.

A backup is a directory:

    manifest.json      when, which version of the application (and git commit), which database engine, the
                       row count of every table, the applied migrations, and a SHA-256 of every file below
    database.sqlite3   SQLite: a copy made with SQLite's online backup API (a consistent snapshot, taken while
                       the application keeps running in WAL mode; copying the live file is not safe)
    database.pgdump    PostgreSQL: `pg_dump --format=custom` of one exported snapshot, the same snapshot the
                       row counts are taken from
    media/...          the uploaded files (MEDIA_ROOT)

Restoring copies the database back at the page level (SQLite) or with `pg_restore` (PostgreSQL) and puts the
media directory back as it was. No model code runs, so no signal fires and no history row is added (loading
a `dumpdata` file with `loaddata` would add one through simple-history's signals for every object). A restore
first checks every checksum and the engine, and afterwards compares the row count of every table with the
manifest.

The commands `regiekamer backup` and `regiekamer restore` are thin wrappers; docs/operations.md tells how to
use them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
FORMAT = 1
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreReport:
    manifest: dict[str, Any]
    unapplied_migrations: list[str]
    unknown_migrations: list[str]


# --- backup --------------------------------------------------------------------------------------------


def backup_create(target: Path, *, using: str = "default", media_root: Path | None = None) -> dict[str, Any]:
    """Write a backup of database `using` and of the media directory into `target` (new or empty); return the
    manifest. The manifest is written last: a directory without one is an incomplete backup."""
    connection = connections[using]
    engine = _engine(connection)
    media = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    if target.exists() and any(target.iterdir()):
        raise BackupError(
            _("%(path)s is not empty: a backup never overwrites files; name a new directory.")
            % {"path": target}
        )
    if connection.in_atomic_block:
        raise BackupError(_("A backup must be taken outside a database transaction."))
    # The backup holds personal data: readable by its owner only.
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    old_umask = os.umask(0o077)
    try:
        database_file = target / DATABASE_FILES[engine]
        if engine == "sqlite":
            _sqlite_backup(connection, database_file)
            tables, migrations = _sqlite_contents(database_file)
        else:
            tables, migrations = _postgresql_backup(connection, database_file)
        _copy_tree(media, target / MEDIA_DIR)
    finally:
        os.umask(old_umask)

    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "application": {
            "name": "regiekamer",
            "version": _application_version(),
            "git_commit": _git_commit(),
            "django": django.get_version(),
        },
        "database": {
            "engine": engine,
            "file": DATABASE_FILES[engine],
            "server_version": _server_version(connection),
            "tables": tables,
            "migrations": migrations,
        },
        "media": {"directory": MEDIA_DIR, "source": str(media)},
        "files": {path: _file_entry(target / path) for path in _files_below(target) if path != MANIFEST},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (target / MANIFEST).chmod(0o600)
    return manifest


def _sqlite_backup(connection: BaseDatabaseWrapper, destination: Path) -> None:
    connection.ensure_connection()
    sqlite_copy(connection.connection, destination)


def sqlite_copy(source: sqlite3.Connection, destination: Path) -> None:
    """Copy the database behind `source` into the new file `destination` with SQLite's online backup API.

    All pages are copied in one step under a read transaction, so the copy is one consistent state; in WAL
    mode other connections go on reading and writing meanwhile (a write committed later is not in the copy).
    The copy is switched to rollback-journal mode so it is one self-contained file."""
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        result = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
    if result != "ok":
        raise BackupError(
            _("The copy of the SQLite database fails its integrity check: %(result)s") % {"result": result}
        )


def _sqlite_contents(path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = {
            name: _count(database.execute, name, '"{}"'.format(name.replace('"', '""'))) for name in names
        }
        rows = database.execute("SELECT app, name FROM django_migrations").fetchall() if names else []
    finally:
        database.close()
    return tables, _migrations_by_app(rows)


def _postgresql_backup(
    connection: BaseDatabaseWrapper, destination: Path
) -> tuple[dict[str, int], dict[str, list[str]]]:
    """pg_dump of one exported snapshot; the row counts are read in that same snapshot."""
    _require_tool("pg_dump")
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            names = sorted(connection.introspection.table_names(cursor))

            def execute(sql: str) -> Any:
                cursor.execute(sql)
                return cursor

            tables = {name: _count(execute, name, connection.ops.quote_name(name)) for name in names}
            rows = (
                execute("SELECT app, name FROM django_migrations").fetchall()
                if "django_migrations" in names
                else []
            )
            migrations = _migrations_by_app(rows)
            _run_pg_tool(
                connection,
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={destination}"],
            )
        connection.rollback()
    finally:
        connection.set_autocommit(True)
    return tables, migrations


# --- verify --------------------------------------------------------------------------------------------


def backup_verify(source: Path) -> dict[str, Any]:
    """Check a backup without changing anything: the manifest, every file's checksum, no file missing or
    added, and the database file itself (SQLite integrity check; PostgreSQL archive readable by pg_restore).
    Returns the manifest."""
    manifest = _read_manifest(source)
    expected: dict[str, dict[str, Any]] = manifest["files"]
    present = {path for path in _files_below(source) if path != MANIFEST}
    problems = [_("missing: %(path)s") % {"path": path} for path in sorted(set(expected) - present)]
    problems += [
        _("not in the manifest: %(path)s") % {"path": path} for path in sorted(present - set(expected))
    ]
    for path in sorted(set(expected) & present):
        if _file_entry(source / path) != expected[path]:
            problems.append(_("checksum differs: %(path)s") % {"path": path})
    if problems:
        raise BackupError(
            _("The backup in %(path)s is damaged: %(problems)s")
            % {"path": source, "problems": "; ".join(problems)}
        )

    database_file = source / manifest["database"]["file"]
    if manifest["database"]["engine"] == "sqlite":
        tables, _migrations = _sqlite_contents(database_file)
        if tables != manifest["database"]["tables"]:
            raise BackupError(
                _("%(path)s: its tables or row counts differ from the manifest.") % {"path": database_file}
            )
        database = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        try:
            result = database.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            database.close()
        if result != "ok":
            raise BackupError(
                _("%(path)s fails SQLite's integrity check: %(result)s")
                % {"path": database_file, "result": result}
            )
    else:
        pg_restore = _require_tool("pg_restore")
        listing = subprocess.run(  # noqa: S603 - fixed program, arguments are paths
            [pg_restore, "--list", str(database_file)], capture_output=True, text=True, check=False
        )
        if listing.returncode != 0:
            raise BackupError(
                _("%(path)s is not a readable pg_dump archive: %(error)s")
                % {"path": database_file, "error": listing.stderr.strip()}
            )
    return manifest


def _read_manifest(source: Path) -> dict[str, Any]:
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            _("%(path)s has no %(manifest)s: not a backup, or an incomplete one.")
            % {"path": source, "manifest": MANIFEST}
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%(path)s cannot be read: %(error)s") % {"path": manifest_path, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s is a backup of format %(format)s; this version reads format %(supported)s.")
            % {"path": source, "format": manifest.get("format"), "supported": FORMAT}
        )
    return manifest


# --- restore -------------------------------------------------------------------------------------------


def backup_restore(source: Path, *, using: str = "default", media_root: Path | None = None) -> RestoreReport:
    """Replace database `using` and the media directory by the backup in `source`.

    Everything is checked first (backup_verify, the engine); then the database is restored, then the media
    directory is swapped in; then every table's row count is compared with the manifest. Stop the application
    while restoring: requests served meanwhile would see a half-restored installation."""
    connection = connections[using]
    engine = _engine(connection)
    manifest = _read_manifest(source)
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            _(
                "The backup holds a %(backup)s database and this installation uses %(engine)s: restore it "
                "into an installation of the same engine."
            )
            % {"backup": manifest["database"]["engine"], "engine": engine}
        )
    if connection.in_atomic_block:
        raise BackupError(_("A restore must run outside a database transaction."))
    manifest = backup_verify(source)
    media = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    database_file = source / manifest["database"]["file"]

    if engine == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        _postgresql_restore(connection, manifest, database_file)
    _replace_tree(source / MEDIA_DIR, media)

    actual = _table_counts(connection)
    if actual != manifest["database"]["tables"]:
        differing = sorted(
            name
            for name in set(actual) | set(manifest["database"]["tables"])
            if actual.get(name) != manifest["database"]["tables"].get(name)
        )
        raise BackupError(
            _("After the restore these tables differ from the backup: %(tables)s")
            % {"tables": ", ".join(differing)}
        )
    _clear_caches()
    unapplied, unknown = _migration_state(connection)
    return RestoreReport(manifest=manifest, unapplied_migrations=unapplied, unknown_migrations=unknown)


def _postgresql_restore(connection: BaseDatabaseWrapper, manifest: dict[str, Any], archive: Path) -> None:
    _require_tool("pg_restore")
    extra = sorted(set(_table_counts(connection)) - set(manifest["database"]["tables"]))
    if extra:
        raise BackupError(
            _(
                "The database holds tables the backup does not know (%(tables)s): it belongs to a newer "
                "version. Restore into an empty database, then run 'regiekamer migrate'."
            )
            % {"tables": ", ".join(extra[:5])}
        )
    # pg_restore drops and recreates every table; the application's own connection must not hold a lock.
    connection.close()
    _run_pg_tool(
        connection,
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(archive),
        ],
    )


# --- helpers -------------------------------------------------------------------------------------------


def _engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": connection.vendor}
        )
    return connection.vendor


def _count(execute: Callable[[str], Any], name: str, quoted: str) -> int:
    return int(execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0])  # noqa: S608 - quoted table name


def _table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    with connection.cursor() as cursor:
        # SQLite's own tables (sqlite_stat1 after ANALYZE) are not application data, as in _sqlite_contents.
        names = sorted(
            name for name in connection.introspection.table_names(cursor) if not name.startswith("sqlite_")
        )

        def execute(sql: str) -> Any:
            cursor.execute(sql)
            return cursor

        return {name: _count(execute, name, connection.ops.quote_name(name)) for name in names}


def _migrations_by_app(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for app, name in sorted(rows):
        result.setdefault(app, []).append(name)
    return result


def _migration_state(connection: BaseDatabaseWrapper) -> tuple[list[str], list[str]]:
    """Migrations of this code not applied in the restored database, and applied ones this code lacks."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    applied = set(loader.applied_migrations)
    unapplied = sorted(f"{app}.{name}" for app, name in known - applied)
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    return unapplied, unknown


def _clear_caches() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _server_version(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    connection.ensure_connection()
    return str(connection.pg_version)  # type: ignore[attr-defined]


def _application_version() -> str | None:
    try:
        return version("regiekamer")
    except PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    """The commit of the code that made the backup, where the code is a git checkout."""
    git = shutil.which("git")
    if git is None or not (Path(settings.BASE_DIR) / ".git").exists():
        return None
    result = subprocess.run(  # noqa: S603 - fixed program and arguments
        [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def _require_tool(name: str) -> str:
    """The full path of a PostgreSQL client program."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(program)s is not installed: install the PostgreSQL client tools of the server's major "
                "version (Debian: postgresql-client)."
            )
            % {"program": name}
        )
    return path


def _run_pg_tool(connection: BaseDatabaseWrapper, args: list[str]) -> None:
    """Run pg_dump/pg_restore against `connection`'s database; the password goes through the environment."""
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    options = params.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    program = args[0]
    command = [_require_tool(program), *args[1:], f"--dbname={params['NAME']}"]
    if params.get("HOST"):
        command.append(f"--host={params['HOST']}")
    if params.get("PORT"):
        command.append(f"--port={params['PORT']}")
    if params.get("USER"):
        command.append(f"--username={params['USER']}")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": program, "error": result.stderr.strip()}
        )


def _files_below(root: Path) -> Iterator[str]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix()


def _file_entry(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def _copy_tree(source: Path, destination: Path) -> None:
    """Copy the media directory (an absent one gives an empty directory: nothing uploaded yet)."""
    if source.is_dir():
        shutil.copytree(source, destination, symlinks=False)
    else:
        destination.mkdir()


def _replace_tree(source: Path, destination: Path) -> None:
    """Put `source` in the place of `destination`: copied next to it first, then swapped by renaming, so an
    interrupted copy leaves the current directory as it was."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    incoming = destination.with_name(destination.name + ".restoring")
    outgoing = destination.with_name(destination.name + ".replaced")
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(source, incoming)
    if destination.exists():
        destination.rename(outgoing)
    incoming.rename(destination)
    if outgoing.exists():
        shutil.rmtree(outgoing)
