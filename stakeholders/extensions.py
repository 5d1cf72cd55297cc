"""What other apps add to the register's pages, without the register knowing them.

An app higher in the dependency order (the portfolio, say) registers a panel for the organisation page in its
AppConfig.ready(); the organisation page renders every registered panel in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OrganisationPanel:
    """A section of the organisation page: `template` rendered with `context(request, organisation)`;
    a context of None leaves the panel out (e.g. for a reader who may not see it)."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]


ORGANISATION_PANELS: dict[str, OrganisationPanel] = {}


def register_organisation_panel(panel: OrganisationPanel) -> None:
    ORGANISATION_PANELS[panel.key] = panel


def organisation_panels(request: Any, organisation: Any) -> list[dict[str, Any]]:
    """The panels to show on `organisation`'s page, each as {"template": ..., **its context}."""
    panels = []
    for panel in ORGANISATION_PANELS.values():
        context = panel.context(request, organisation)
        if context is not None:
            panels.append({"template": panel.template, **context})
    return panels


@dataclass(frozen=True)
class CommunicationPlanPanel:
    """A section beside the communication plan (the knowledge app's communication strategy): `template`
    rendered with `context(request)`; None leaves it out."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]


COMMUNICATION_PLAN_PANELS: dict[str, CommunicationPlanPanel] = {}


def register_communication_plan_panel(panel: CommunicationPlanPanel) -> None:
    COMMUNICATION_PLAN_PANELS[panel.key] = panel


def communication_plan_panels(request: Any) -> list[dict[str, Any]]:
    panels = []
    for panel in COMMUNICATION_PLAN_PANELS.values():
        context = panel.context(request)
        if context is not None:
            panels.append({"template": panel.template, **context})
    return panels
