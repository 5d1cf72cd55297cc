from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class SimulationConfig(AppConfig):
    name = "simulation"
    verbose_name = _("Supply-network simulation")
    nav_items = [
        NavItem(
            _("Supply-network simulation"),
            "simulation:scenario-list",
            description=_(
                "Export restrictions, recycling and other interventions on a critical material's supply "
                "network, linear against circular (agent-based model)."
            ),
        ),
    ]

    def ready(self) -> None:
        from .jobs import register

        register()
