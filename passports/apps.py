from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class PassportsConfig(AppConfig):
    name = "passports"
    verbose_name = _("Material passports")
    nav_items = [
        NavItem(
            _("Material passports"),
            "passports:list",
            description=_("Circular material passports of products, issued from a raw-material scan."),
        ),
        NavItem(
            _("Passport pilots"),
            "passports:programme",
            description=_(
                "Passports per product group and pilot, their completeness and critical materials."
            ),
        ),
        NavItem(
            _("Passport guideline"),
            "passports:guideline",
            description=_("The guideline (leidraad) for the three passport pilots."),
        ),
    ]

    def ready(self) -> None:
        from materials.extensions import SweetSpotPart, register_sweet_spot_part

        from .selectors import declared_critical_content_by_division

        register_sweet_spot_part(
            SweetSpotPart(
                key="passports.critical-content",
                template="passports/_sweet_spot_content.html",
                values=declared_critical_content_by_division,
            )
        )
