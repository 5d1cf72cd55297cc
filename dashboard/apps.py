from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    @property
    def nav_items(self) -> list[NavItem]:

        return [
            NavItem(
                _("Programme dashboard"),
                "dashboard:dashboard",
                description=_(
                    "UPCM 2019-2023 dashboard: counts per pillar, performance and effect goals, "
                    "portfolio, planning and budget, per product cluster (§4.4)."
                ),
            ),
            NavItem(
                _("Manufacturing industry in figures"),
                "dashboard:figures",
                description=_(
                    "The §1.2 tables per product group, province and cluster, with the UPCM impact "
                    "and a consistency check."
                ),
            ),
        ]

    def ready(self) -> None:
        from catalogue.extensions import ListLink, register_list_link

        from . import signals

        signals.connect(self)

        # The catalogue's list of the §1.2 figures points at the page that charts, sorts and downloads them.
        register_list_link(
            ListLink(
                key="dashboard-figures",
                list_name="industry-figures",
                label=_("Charts, sorting and downloads are on the industry figures page."),
                url_name="dashboard:figures",
            )
        )
