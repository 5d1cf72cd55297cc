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
