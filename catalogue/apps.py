from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")
    nav_items: list = [
        NavItem(
            label=_("Catalogue"),
            url_name="catalogue:index",
            description=_(
                "Reference lists: SBI codes, clusters, provinces, horizons, R-ladder, raw materials…"
            ),
        )
    ]
