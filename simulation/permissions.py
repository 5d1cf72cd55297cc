"""Who may do what with the supply-network simulation (S14). The programme's roles read the saved scenarios
and run new ones (Bijlage 11: Team Kennisintegratie leads the study, the programme office and the teams use
it for policy options); readers and outside roles do not see it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role
from accounts.roles import PROGRAMME_ROLES

programme = has_role(*PROGRAMME_ROLES).because(
    _("Only the programme's roles use the supply-network simulation.")
)

PERMISSIONS: dict[str, Rule] = {
    "view_scenarios": programme,
    "run_scenario": programme,
}
