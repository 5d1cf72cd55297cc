from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")
    nav_items = [
        NavItem(
            _("Stakeholder register"),
            "stakeholders:organisation-list",
            description=_("Organisations of the manufacturing industry, their categorisation and class."),
        ),
        NavItem(
            _("Mendelow matrix"),
            "stakeholders:mendelow",
            description=_("Influence and interest of key stakeholders, and how to communicate with them."),
        ),
        NavItem(
            _("Stakeholder risk register"),
            "stakeholders:risk-register",
            description=_("Current and desired engagement, priority and actions."),
        ),
        NavItem(
            _("Stakeholder analysis cycle"),
            "stakeholders:cycle",
            description=_("Rounds of the analysis (phases 0-4), what each produced, and what changed."),
        ),
        NavItem(
            _("Coverage of the slimme tool"),
            "stakeholders:coverage",
            description=_("Verification: which circular innovators the slimme tool misses."),
        ),
        NavItem(
            _("Import stakeholders"),
            "stakeholders:import-upload",
            description=_("Bulk import from the slimme tool and other sources (CSV, XLSX)."),
        ),
    ]

    def ready(self) -> None:
        from .jobs import register

        register()  # the import as a background job (jobs app)
        from .signals import keep_coverage, keep_network

        keep_coverage()
        keep_network()
