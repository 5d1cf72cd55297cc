"""The full-text part of the index, on the database it belongs to (search/schema.py): on PostgreSQL a
generated tsvector column (Dutch configuration) with a GIN index, on SQLite an FTS5 table kept in step by
triggers. Each half does nothing on the other database."""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import schema

    schema.create(schema_editor.connection)


def backwards(apps, schema_editor):
    from search import schema

    schema.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
