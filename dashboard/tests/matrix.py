"""The dashboard app in the role matrix (regiekamer/tests/test_role_matrix.py): its world, routes and the
access rules as agreed: the programme dashboard for every programme role and readers, the industry figures
(§1.2) for every signed-in user (applicants and assessors included)."""

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route, World
from catalogue.models import IndustryFigure

EVERYONE = set(Role.values)
DASHBOARD = {*PROGRAMME_ROLES, Role.READER}
CONTRIBUTION_GOAL = "co2-impact"


def build(world: World) -> None:
    """The §1.2 tables, so every figures page has a table to show (the dashboard itself reads the world the
    other apps built)."""
    from .factories import load_published_figures

    if not IndustryFigure.objects.exists():
        load_published_figures()
    # A goal the impact sheets contribute to, so its contribution list has something to be about.
    from roadmap.models import Indicator

    if not Indicator.objects.filter(code=CONTRIBUTION_GOAL).exists():
        from .builders import indicator

        indicator(CONTRIBUTION_GOAL, "effect", "0-5y", time="latest", unit="kt CO₂/jr")


ROUTES = [
    Route("dashboard:dashboard"),
    Route("dashboard:dashboard-export", kwargs=lambda w: {"fmt": "xlsx"}),
    Route("dashboard:metric-objects", kwargs=lambda w: {"key": "running_projects"}),
    Route("dashboard:metric-objects", kwargs=lambda w: {"key": "change_agents"}),
    Route("dashboard:contribution", kwargs=lambda w: {"code": CONTRIBUTION_GOAL}),
    Route("dashboard:budget"),
    Route("dashboard:planning"),
    Route("dashboard:projects"),
    Route("dashboard:overlap", query="sbi=24&band=R3-R7"),
    Route("dashboard:figures"),
    Route("dashboard:figures-table", kwargs=lambda w: {"breakdown": IndustryFigure.Breakdown.CLUSTER}),
    Route("dashboard:figures-export", kwargs=lambda w: {"breakdown": "all", "fmt": "xlsx"}),
    # API
    Route("dashboard-api:dashboard"),
    Route("dashboard-api:figures"),
]

EXPECTED = {
    "view_dashboard": Expect(DASHBOARD),
    "view_figures": Expect(EVERYONE),
    # the names behind the change-agent count: personal data, programme roles only (not readers)
    "view_counted_people": Expect(set(PROGRAMME_ROLES)),
}
