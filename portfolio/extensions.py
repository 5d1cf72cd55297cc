"""What higher apps tell the portfolio, without the portfolio knowing them.

An approved chain-breakthrough application is handed over to the portfolio as a project (the intake keeps the
link). The consortium behind it reads that project's pages; the portfolio asks the registered sources which
projects a user's consortia were handed over as. The intake registers its source in its AppConfig.ready().

A gate may ask more than the Leidraad's data says, and a project's gate may show more than the portfolio
knows: the knowledge app registers a gate check (the evaluation names its lessons) and a gate panel (the
lessons relevant to a new project) in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


# --- gate checks and gate panels ---
#
# The Leidraad's gates are data (portfolio/data/leidraad.json); a higher app may add what a gate asks beyond
# them (the knowledge app: the evaluation names its lessons) and a panel beside a project's gate (the lessons
# relevant to a new project). The portfolio asks the registered checks whenever it lists what is missing.

# A check: (project, target phase) -> the items still missing for that move (regiekamer.workflow.MissingItem,
# with a kind of the app's own and a label in the reader's language).
GateCheck = Callable[[Any, str], list[Any]]

GATE_CHECKS: dict[str, GateCheck] = {}


def register_gate_check(key: str, check: GateCheck) -> None:
    GATE_CHECKS[key] = check


def gate_check_items(project: Any, target: str) -> list[Any]:
    """What the registered checks still miss before `project` may move to `target`."""
    return [item for check in GATE_CHECKS.values() for item in check(project, target)]


@dataclass(frozen=True)
class GatePanel:
    """A section beside a project's gate: `template` rendered with `context(request, project)`; a context of
    None leaves the panel out."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]


GATE_PANELS: dict[str, GatePanel] = {}


def register_gate_panel(panel: GatePanel) -> None:
    GATE_PANELS[panel.key] = panel


def gate_panels(request: Any, project: Any) -> list[dict[str, Any]]:
    """The panels to show beside `project`'s gate, each as {"template": ..., **its context}."""
    panels = []
    for panel in GATE_PANELS.values():
        context = panel.context(request, project)
        if context is not None:
            panels.append({"template": panel.template, **context})
    return panels
