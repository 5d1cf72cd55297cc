from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Applications")
    nav_items = [
        NavItem(
            _("Chain-breakthrough applications"),
            "intake:list",
            description=_("Apply for chain direction (applicants) or assess applications (assessors)."),
        ),
        NavItem(
            _("Hand-over to the portfolio"),
            "intake:handover",
            description=_("Approved chain-breakthrough applications become portfolio projects."),
        ),
        NavItem(
            _("Chain-support instruments"),
            "intake:instruments",
            description=_(
                "CKP subsidy, Moonshot and chain-breakthrough projects, and which fits your consortium."
            ),
        ),
    ]
