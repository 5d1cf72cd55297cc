"""Search: one box in the header that finds projects, organisations, people, meetings and decisions,
applications, indicators and catalogue entries, each result only for those who may read it (issue 19 item 4).

The index is one table (`SearchEntry`) kept in step with its sources by signals in the same transaction, and
rebuilt by `regiekamer search-index` (or the "search-index" job). Full-text matching: PostgreSQL's Dutch
text search (a generated tsvector column with a GIN index) in production, SQLite FTS5 as the fallback; the
migration that creates either runs only on its own database (migrations/0002_fulltext.py)."""
