from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions")
    nav_items = [
        NavItem(
            _("Map of the provinces"),
            "regions:map",
            description=_(
                "The twelve provinces coloured by an industry figure (§1.2.2) or by the programme's own data."
            ),
        ),
        NavItem(
            _("Regional platforms and clusters"),
            "regions:clusters",
            description=_(
                "The regional maakindustrie platforms and clusters the programme works with (§5.6)."
            ),
        ),
        NavItem(
            _("Regio-tool"),
            "regions:regiotool",
            description=_(
                "The promising groups of companies and initiatives per region, aligned with the Regio-tool "
                "(§5.6)."
            ),
        ),
    ]

    def ready(self):
        from stakeholders.extensions import OrganisationPanel, register_organisation_panel

        from .selectors import organisation_panel

        register_organisation_panel(
            OrganisationPanel("regions", "regions/_organisation_panel.html", organisation_panel)
        )
