"""The full-text part of the index, on the database it belongs to: on PostgreSQL a generated tsvector column
(Dutch configuration; the title weighs more than the text) with a GIN index; on SQLite an FTS5 table over the
index (external content) kept in step by triggers. Created by migration 0002 and, idempotently, after every
migrate (a test database made without migrations gets it too)."""

from __future__ import annotations

from typing import Any

TABLE = "search_searchentry"

POSTGRESQL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('dutch'::regconfig, coalesce(body, '')), 'B')
    ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_entry_document_gin ON {TABLE} USING gin (document)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document",
]
SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, body, content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _exists(connection: Any) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")
        else:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'document'",
                [TABLE],
            )
        return cursor.fetchone() is not None


def create(connection: Any) -> None:
    """Add the full-text structure unless it is there (on SQLite, index what the table already holds)."""
    if (
        connection.vendor not in ("sqlite", "postgresql")
        or TABLE not in connection.introspection.table_names()
    ):
        return
    if _exists(connection):
        return
    with connection.cursor() as cursor:
        for statement in SQLITE if connection.vendor == "sqlite" else POSTGRESQL:
            cursor.execute(statement)
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(connection.vendor, []):
            cursor.execute(statement)
