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

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, signed_in
from accounts.roles import PROGRAMME_ROLES, Role

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
