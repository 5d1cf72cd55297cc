from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Raw materials")
    nav_items = [
        NavItem(
            _("Raw-material scanner"),
            "materials:scan-list",
            description=_(
                "Which critical raw materials your products depend on, and how risky their supply is."
            ),
        ),
        NavItem(
            _("Material data"),
            "materials:material-list",
            description=_("Supply-risk indicators per raw material, with source and year."),
        ),
        NavItem(
            _("Circularity indicator (MCI)"),
            "materials:mci",
            description=_("The Material Circularity Indicator of a product, with every step of the formula."),
        ),
        NavItem(
            _("Scan statistics"),
            "materials:statistics",
            description=_("Anonymised: which materials appear in how many scans."),
        ),
        NavItem(
            _("Sweet spots"),
            "materials:sweet-spots",
            description=_("Scoping table: product groups with the most impact, and their R-strategy."),
        ),
        NavItem(
            _("Material data releases"),
            "materials:release-list",
            description=_("Load a new release of the material data."),
        ),
    ]

    def ready(self) -> None:
        from .jobs import register

        register()  # loading a data release as a background job (jobs app)
