from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")
    nav_items = [
        NavItem(
            _("Roadmap 2.0"),
            "roadmap:roadmap",
            description=_("Horizons as swimming lanes: change strategies, goals, indicators and principles."),
        ),
        NavItem(
            _("Indicators"),
            "roadmap:indicator-list",
            description=_("Targets, measured values and progress per indicator."),
        ),
        NavItem(
            _("Reporting periods"),
            "roadmap:period-list",
            description=_("Open and locked reporting periods."),
        ),
    ]

    def ready(self) -> None:
        from jobs.registry import register_kind
        from programme.extensions import TeamPanel, register_team_panel

        from .export import INDICATOR_JOB, run_indicator_export

        register_kind(INDICATOR_JOB, label=_("Indicator export"), run=run_indicator_export)

        register_team_panel(
            TeamPanel(key="roadmap-means", template="roadmap/_team_means.html", context=_team_means)
        )


def _team_means(request, team) -> dict:
    """The team page's means panel: the team's means per horizon and their money total (§4.3)."""
    from . import means, selectors

    entries = list(selectors.means_list().filter(team=team))
    return {"entries": entries, "money": means.money_total(selectors.means_items(entries))}
