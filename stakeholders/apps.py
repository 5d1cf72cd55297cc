from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import PROGRAMME_ROLES, Role
from regiekamer.navigation import NavItem

VIEW = frozenset(PROGRAMME_ROLES | {Role.READER})
PEOPLE = frozenset(PROGRAMME_ROLES)
EDIT = frozenset({Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD})


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")
    nav_items = [
        NavItem(
            _("Stakeholder register"),
            "stakeholders:organisation-list",
            description=_("Organisations of the manufacturing industry, their categorisation and class."),
            roles=VIEW,
        ),
        NavItem(
            _("Mendelow matrix"),
            "stakeholders:mendelow",
            description=_("Influence and interest of key stakeholders, and how to communicate with them."),
            roles=PEOPLE,
        ),
        NavItem(
            _("Stakeholder risk register"),
            "stakeholders:risk-register",
            description=_("Current and desired engagement, priority and actions."),
            roles=PEOPLE,
        ),
        NavItem(
            _("Coverage of the slimme tool"),
            "stakeholders:coverage",
            description=_("Verification: which circular innovators the slimme tool misses."),
            roles=VIEW,
        ),
        NavItem(
            _("Import stakeholders"),
            "stakeholders:import-upload",
            description=_("Bulk import from the slimme tool and other sources (CSV, XLSX)."),
            roles=EDIT,
        ),
    ]
