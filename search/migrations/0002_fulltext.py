"""The full-text part of the index, on the database it belongs to: on PostgreSQL a generated tsvector column
(Dutch configuration; the title weighs more than the text) with a GIN index; on SQLite an FTS5 table over the
index (external content) kept in step by triggers. Each half does nothing on the other database."""

from django.db import migrations

TABLE = "search_searchentry"

POSTGRESQL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('dutch'::regconfig, coalesce(body, '')), 'B')
    ) STORED""",
    f"CREATE INDEX search_entry_document_gin ON {TABLE} USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document",
]

SQLITE = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
