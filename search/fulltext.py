"""Full-text matching on the index, per database: PostgreSQL's text search with the Dutch configuration (the
generated `document` column, GIN-indexed) and SQLite FTS5 (the `search_fts` table) as the fallback. Both take
the same words: each word must occur, as a word or the start of one ("circul" finds "circulaire")."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from .models import SearchEntry

MAX_WORDS = 8
CONFIG = "dutch"
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a query, lower case, at most MAX_WORDS; punctuation and operators are dropped, so no
    query syntax of either database reaches it."""
    return [word.lower() for word in WORD.findall(text)][:MAX_WORDS]


def matching(entries: QuerySet[SearchEntry], query: list[str], limit: int) -> list[SearchEntry]:
    """The best `limit` entries of `entries` that contain every word of `query`, best first."""
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _postgresql(entries, query, limit)
    if connection.vendor == "sqlite":
        return _sqlite(entries, query, limit)
    raise NotImplementedError(f"search: no full-text matching on {connection.vendor}")


def _postgresql(entries: QuerySet[SearchEntry], query: list[str], limit: int) -> list[SearchEntry]:
    tsquery = SearchQuery(" & ".join(f"{word}:*" for word in query), config=CONFIG, search_type="raw")
    # The generated column of migration 0002 (the ORM does not know it); a constant, no input in it.
    column = f'"{SearchEntry._meta.db_table}"."document"'
    document = RawSQL(column, [], output_field=SearchVectorField())  # noqa: S611
    return list(
        entries.annotate(document=document)
        .filter(document=tsquery)
        .annotate(rank=SearchRank(F("document"), tsquery))
        .order_by("-rank", "title")[:limit]
    )


def _sqlite(entries: QuerySet[SearchEntry], query: list[str], limit: int) -> list[SearchEntry]:
    fts_query = " ".join('"{}"*'.format(word.replace('"', "")) for word in query)
    subquery, params = entries.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # The subquery is compiled by the ORM; every value is a parameter.
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608
            f"AND rowid IN ({subquery}) ORDER BY bm25(search_fts, 10.0, 1.0) LIMIT %s",
            [fts_query, *params, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = SearchEntry.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
