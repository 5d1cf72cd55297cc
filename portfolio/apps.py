from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")
    nav_items = [
        NavItem(
            _("Project portfolio"),
            "portfolio:list",
            description=_("Projects per team and programme-wide, with the Leidraad phase gates."),
        ),
    ]

    def ready(self):
        from stakeholders.signals import register_changed

        register_changed.connect(_relink_actors, dispatch_uid="portfolio-relink-actors")


def _relink_actors(sender, **kwargs):
    """The register changed: re-link the current impact sheets' actors to it."""
    from .services import impact_sheets_link_actors

    impact_sheets_link_actors()
