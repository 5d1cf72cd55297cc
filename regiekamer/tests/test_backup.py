"""Backup and restore (issue 15, operations): the database and the uploads come back exactly as they were, and
a restore adds no history row. Runs on the database of the suite: SQLite, and PostgreSQL with pg_dump."""

import hashlib
import json
import re
import sqlite3
import subprocess
from datetime import timedelta
from importlib.metadata import version
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from regiekamer.backup import sqlite_copy

pytestmark = pytest.mark.django_db(transaction=True)

UPLOADS = {
    "portfolio/artefacts/plan van aanpak.pdf": b"%PDF-1.4 plan\n" * 100,
    "stakeholders/imports/0123abcd.csv": b"naam;plaats\nKringloop Zuid;Tilburg\n",
    "intake/ambitions/ambitie.pdf": bytes(range(256)) * 40,
}


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in UPLOADS.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return settings.MEDIA_ROOT


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(n for n in connection.introspection.table_names(cursor) if not n.startswith("sqlite_"))


def _database_contents() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (no table is assumed to have an id column)."""
    contents = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            contents[table] = sorted(cursor.fetchall(), key=repr)
    return contents


def _history_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def _make_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=username, password="x-" * 8)


def test_restore_reproduces_the_database_and_the_uploads_exactly_and_adds_no_history(tmp_path, media):
    call_command("demo", stdout=StringIO())
    before = _database_contents()
    history_before = _history_counts()
    uploads_before = _files(media)
    assert sum(history_before.values()) > 0 and set(UPLOADS) < set(uploads_before)
    backup = tmp_path / "backup"

    call_command("backup", str(backup), stdout=StringIO())

    # Work goes on after the backup: a new account, an edited record (a history row), a deleted history row,
    # an upload replaced, one deleted, one added.
    new_user = _make_user("after-the-backup")
    from programme.models import Team

    team = Team.objects.order_by("pk").first()
    team.name = "Renamed after the backup"
    team.save()
    history_model = next(m for m in apps.get_models() if m.__name__ == "HistoricalTeam")
    history_model.objects.order_by("pk").first().delete()
    (media / "portfolio/artefacts/plan van aanpak.pdf").write_bytes(b"overwritten")
    (media / "stakeholders/imports/0123abcd.csv").unlink()
    (media / "later.txt").write_text("added after the backup")
    assert _database_contents() != before

    call_command("restore", str(backup), interactive=False, stdout=StringIO())

    assert _database_contents() == before
    assert _history_counts() == history_before
    assert _files(media) == uploads_before
    # The id counters are restored too: the next account gets the id the account made after the backup got.
    assert _make_user("after-the-restore").pk == new_user.pk


def test_the_manifest_names_time_version_engine_row_counts_and_checksums(tmp_path, media):
    _make_user("someone")
    backup = tmp_path / "backup"

    call_command("backup", str(backup), stdout=StringIO())

    manifest = json.loads((backup / "manifest.json").read_text())
    assert abs(timezone.now() - timezone.datetime.fromisoformat(manifest["created_at"])) < timedelta(
        minutes=5
    )
    assert manifest["application"]["version"] == version("regiekamer")
    head = subprocess.run(  # noqa: S603
        ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert manifest["application"]["git_commit"] == (head.stdout.strip() or None)
    assert manifest["database"]["engine"] == connection.vendor
    from django.contrib.auth import get_user_model

    user_table = get_user_model()._meta.db_table
    assert manifest["database"]["tables"][user_table] == get_user_model().objects.count()
    assert set(manifest["database"]["tables"]) == set(_tables())
    assert "0001_initial" in manifest["database"]["migrations"]["accounts"]
    database_file = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[connection.vendor]
    expected_files = {database_file, *(f"media/{name}" for name in UPLOADS)}
    assert set(manifest["files"]) == expected_files
    for name in expected_files:
        content = (backup / name).read_bytes()
        assert manifest["files"][name] == {
            "sha256": hashlib.sha256(content).hexdigest(),
            "bytes": len(content),
        }
    # Personal data: the backup is readable by its owner only.
    assert (backup.stat().st_mode & 0o077) == 0
    assert ((backup / database_file).stat().st_mode & 0o077) == 0


def test_check_verifies_a_backup_and_changes_nothing(tmp_path, media):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    _make_user("after-the-backup")
    out = StringIO()

    call_command("restore", str(backup), check=True, stdout=out)

    # The database file and the three uploads.
    assert out.getvalue().rstrip().endswith(": 4.")
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="after-the-backup").exists()


def test_a_damaged_backup_is_refused_before_anything_is_changed(tmp_path, media):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    _make_user("after-the-backup")
    damaged = backup / "media/intake/ambitions/ambitie.pdf"
    damaged.write_bytes(b"x" + damaged.read_bytes()[1:])
    (media / "later.txt").write_text("added after the backup")

    with pytest.raises(CommandError, match="intake/ambitions/ambitie.pdf"):
        call_command("restore", str(backup), interactive=False, stdout=StringIO())

    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="after-the-backup").exists()
    assert (media / "later.txt").exists()


def test_a_backup_of_the_other_engine_is_refused(tmp_path, media):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["database"]["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (backup / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match=manifest["database"]["engine"]):
        call_command("restore", str(backup), interactive=False, stdout=StringIO())


def test_an_incomplete_backup_without_manifest_is_refused(tmp_path, media):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    (backup / "manifest.json").unlink()

    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(backup), check=True, stdout=StringIO())


def test_a_backup_never_writes_into_a_directory_that_holds_files(tmp_path, media):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "earlier.txt").write_text("keep me")

    with pytest.raises(CommandError, match=re.escape(str(backup))):
        call_command("backup", str(backup), stdout=StringIO())
    assert [p.name for p in backup.iterdir()] == ["earlier.txt"]


def test_restore_asks_for_confirmation(tmp_path, media, monkeypatch):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=StringIO())
    _make_user("after-the-backup")
    monkeypatch.setattr("builtins.input", lambda question: "nee")

    call_command("restore", str(backup), stdout=StringIO())

    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="after-the-backup").exists()


def test_sqlite_copy_is_consistent_while_another_connection_writes(tmp_path):
    """The online backup API in WAL mode: the copy holds what was committed, not a writer's open transaction,
    and it does not wait for that writer (the application keeps running)."""
    live = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(live, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
    setup.executemany("INSERT INTO item (name) VALUES (?)", [(f"committed {i}",) for i in range(500)])
    writer = sqlite3.connect(live, isolation_level=None, timeout=0.1)
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany("INSERT INTO item (name) VALUES (?)", [(f"open {i}",) for i in range(50)])
    reader = sqlite3.connect(live, isolation_level=None, timeout=0.1)

    sqlite_copy(reader, tmp_path / "copy.sqlite3")

    writer.execute("COMMIT")
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT COUNT(*) FROM item").fetchone()[0] == 500
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not (tmp_path / "copy.sqlite3-wal").exists()
    for database in (setup, writer, reader, copy):
        database.close()
