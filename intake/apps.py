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

    def ready(self):
        from portfolio.extensions import register_consortium_projects

        # The consortium of a handed-over application reads its portfolio project (portfolio.view_project).
        register_consortium_projects("intake", _handed_over_projects)


def _handed_over_projects(user):
    """The portfolio projects the user's consortia's applications were handed over as (primary keys)."""
    from .models import Application

    return Application.objects.filter(consortium__members=user, portfolio_project__isnull=False).values(
        "portfolio_project"
    )
