"""Full-text matching on the index, per database: PostgreSQL's text search with the Dutch configuration (the
generated `document` column, GIN-indexed) and SQLite FTS5 (the `search_fts` table) as the fallback. Both take
the same words: each word must occur, as a word or the start of one ("circul" finds "circulaire")."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from .models import SearchEntry

MAX_WORDS = 8
CONFIG = "dutch"
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a query, lower case, at most MAX_WORDS; punctuation and operators are dropped, so no
    query syntax of either database reaches it."""
    return [word.lower() for word in WORD.findall(text)][:MAX_WORDS]


def best_per_kind(entries: QuerySet[SearchEntry], query: list[str], limit: int) -> list[SearchEntry]:
    """In one query, whatever the number of kinds: the best `limit` entries of each kind among `entries` that
    contain every word of `query`, ordered by kind and then best first."""
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
        .annotate(
            place=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("rank").desc(), F("title")])
        )
        .filter(place__lte=limit)
        .order_by("kind", "place")
    )


def _sqlite(entries: QuerySet[SearchEntry], query: list[str], limit: int) -> list[SearchEntry]:
    fts_query = " ".join('"{}"*'.format(word.replace('"', "")) for word in query)
    subquery, params = entries.values("id").query.sql_with_params()
    # FTS5 finds the matches once and ranks them by bm25 (title 10, text 1); the best of each kind are
    # numbered in the same query. The subquery is compiled by the ORM; every value is a parameter.
    sql = (
        "SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER ("  # noqa: S608
        "PARTITION BY e.kind ORDER BY found.score, e.title) AS place FROM ("
        "SELECT rowid, bm25(search_fts, 10.0, 1.0) AS score FROM search_fts WHERE search_fts MATCH %s"
        f") AS found JOIN search_searchentry e ON e.id = found.rowid WHERE e.id IN ({subquery})"
        ") WHERE place <= %s ORDER BY kind, place"
    )
    return list(SearchEntry.objects.raw(sql, [fts_query, *params, limit]))
