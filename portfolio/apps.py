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
