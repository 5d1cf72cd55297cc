"""Who may do what with the map of the provinces and the regional platforms and clusters.

The map is for every signed-in user: the industry figures of §1.2.2 are published figures; of the
programme's own data each person sees what they may read elsewhere (projects through
portfolio.permissions.visible_projects; the register's counts only for those who read the register, see
views.map_page). The regional platforms and clusters and the overview per province name organisations of the
stakeholder register, so they are read by whoever reads the register (the programme roles and readers); their
contact person is personal data (stakeholders.view_people). The programme office keeps the records (§5.6,
Bijlage 9: Team Verbreding's regional cluster approach, run from the programme office). No rule looks at an
object."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, signed_in, user_rule
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role
from knowledge.selectors import user_in_team
from knowledge.selectors_outreach import VERBREDING_TEAM

PERMISSIONS: dict[str, Rule] = {
    "view_map": signed_in,
    "view_regions": has_role(
        *PROGRAMME_ROLES,
        Role.READER,
        reason=_(
            "The regional overview names organisations of the register: for the programme roles and readers."
        ),
    ),
    "edit_clusters": has_role(
        Role.PROGRAMME_OFFICE,
        reason=_("Only the programme office keeps the regional platforms and clusters."),
    ),
}


@user_rule(_("Only the programme office and Team Verbreding keep the Regio-tool."))
def in_verbreding(user: User, obj: Any) -> bool:
    # Team Verbreding carries the regional cluster approach (§5.6, its "Vertegenwoordiger regionale
    # clusteraanpak").
    return bool(user.roles & PROGRAMME_ROLES) and user_in_team(user, VERBREDING_TEAM)


# The Regio-tool (§5.6 "Regionale clusteraanpak"): read like the regional overview (it names organisations of
# the register); kept by the programme office and the people of Team Verbreding.
PERMISSIONS["view_regiotool"] = PERMISSIONS["view_regions"]
PERMISSIONS["edit_regiotool"] = (has_role(Role.PROGRAMME_OFFICE) | in_verbreding).because(
    _("Only the programme office and Team Verbreding keep the Regio-tool.")
)
