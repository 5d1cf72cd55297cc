"""What the knowledge app adds to other apps' pages (registered in KnowledgeConfig.ready()): a team page's
knowledge hub, mailing lists and, on Team Verbreding's page, the image bank's carrying-image warning; the
communication strategy beside the stakeholder communication plan."""

from __future__ import annotations

from typing import Any

from accounts.authorization import can

from . import selectors_outreach as selectors
from . import services_outreach as services
from .models import HubItem


def team_panel(request: Any, team: Any) -> dict[str, Any] | None:
    user = request.user
    if not can(user, "knowledge.view_hub"):
        return None
    context: dict[str, Any] = {
        "team": team,
        "hub_count": HubItem.objects.filter(team=team).count(),
        "can_lists": can(user, "knowledge.view_mailing_lists"),
        "carrying": None,
    }
    if context["can_lists"]:
        context["lists"] = list(selectors.mailing_lists(team=team))
    if team.code == selectors.VERBREDING_TEAM and can(user, "knowledge.view_images"):
        context["carrying"] = selectors.carrying_status()
    return context


def communication_plan_panel(request: Any) -> dict[str, Any] | None:
    if not can(request.user, "knowledge.view_strategy"):
        return None
    strategy = services.strategy_current()
    return {"strategy": strategy, "groups": list(strategy.target_groups.all()) if strategy else []}
