"""What higher apps tell the portfolio, without the portfolio knowing them.

An approved chain-breakthrough application is handed over to the portfolio as a project (the intake keeps the
link). The consortium behind it reads that project's pages; the portfolio asks the registered sources which
projects a user's consortia were handed over as. The intake registers its source in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

# A source: user -> a queryset of project primary keys (a values() query, so it can be a subquery).
ConsortiumProjects = Callable[[Any], QuerySet[Any]]

CONSORTIUM_PROJECT_SOURCES: dict[str, ConsortiumProjects] = {}


def register_consortium_projects(key: str, source: ConsortiumProjects) -> None:
    """Register `source(user)`: the primary keys of the projects the user's consortia were handed over as."""
    CONSORTIUM_PROJECT_SOURCES[key] = source


def consortium_projects(user: Any) -> Q:
    """A filter on Project: the projects of the user's own consortia (none when no source knows any)."""
    condition = Q(pk__in=[])
    for source in CONSORTIUM_PROJECT_SOURCES.values():
        condition |= Q(pk__in=source(user))
    return condition
