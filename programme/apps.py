from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme")
    nav_items = [
        NavItem(
            _("Teams"),
            "programme:team-list",
            description=_("The seven teams: tasks and roles per horizon, zichtlijnen, steering meetings."),
        ),
        NavItem(
            _("Steering meetings"),
            "programme:meeting-list",
            description=_("Koersbepalersoverleggen (KBO) and their decisions."),
        ),
    ]
