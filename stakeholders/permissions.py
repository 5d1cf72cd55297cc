"""Who may do what in the stakeholder analysis.

The register, organisation pages, coverage and network are for the programme roles and readers; person
records, issue analysis, Mendelow, communication plan and risk register for the programme roles only
(personal data); changes to the register are made by the programme office, the Regieteam and team leads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role
from accounts.roles import PROGRAMME_ROLES, Role

EDITORS = frozenset({Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD})

PERMISSIONS: dict[str, Rule] = {
    "view_register": has_role(*PROGRAMME_ROLES, Role.READER),
    "view_people": has_role(
        *PROGRAMME_ROLES, reason=_("Person records are personal data: only programme roles see them.")
    ),
    "edit_register": has_role(
        *EDITORS, reason=_("Only the programme office, the Regieteam and team leads change the register.")
    ),
}
