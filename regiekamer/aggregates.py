"""A database aggregate Django 5.2 has on neither engine: the texts of a group joined into one value, so an
export reads a list per row (an organisation's sources) in its one streaming query, not a query per chunk."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField, Value

SEPARATOR = "\x1f"  # the ASCII unit separator: in no name a person types


class Joined(Aggregate):
    """The group's values of `expression` joined with SEPARATOR, in no particular order (split with
    :func:`split`): GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra)


def split(joined: str | None) -> list[str]:
    """The values a :class:`Joined` joined, sorted, each once."""
    return sorted({value for value in (joined or "").split(SEPARATOR) if value})
