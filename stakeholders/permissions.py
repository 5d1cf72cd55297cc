"""Who may do what in the stakeholder analysis.

The register, organisation pages, coverage and network are for the programme roles and readers; person
records, issue analysis, Mendelow, communication plan and risk register for the programme roles only
(personal data); changes to the register, its categorisation, the engagement records and imports are made
by the programme office, the Regieteam and team leads. No rule looks at an object: the register is shared.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role
from accounts.roles import PROGRAMME_ROLES, Role

VIEWERS = frozenset({*PROGRAMME_ROLES, Role.READER})
PROGRAMME = frozenset(PROGRAMME_ROLES)
EDITORS = frozenset({Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD})

view_register = has_role(*VIEWERS)
personal_data = has_role(
    *PROGRAMME, reason=_("Person records are personal data: only programme roles see them.")
)
editor = has_role(
    *EDITORS, reason=_("Only the programme office, the Regieteam and team leads change the register.")
)

PERMISSIONS: dict[str, Rule] = {
    # Reading: the register (organisations, innovations, sources, coverage, network) for the programme roles
    # and readers; person records and the engagement analysis (Mendelow, communication plan, risk register)
    # for the programme roles only.
    "view_register": view_register,
    "view_people": personal_data,
    "export_people": personal_data,  # every export is logged (services.people_export_log)
    "view_engagement": personal_data,
    # Writing: the programme office, the Regieteam and team leads.
    "edit_register": editor,  # organisations, their innovations and people
    "categorise": editor,  # categorisations 1-6 (sector, circularity, innovation, relevance, collaborations)
    "verify_coverage": editor,  # categorisation 7: a verdict on a miss of the slimme tool
    "edit_engagement": editor,  # issue analyses, communication plan entries, risks
    "import_register": editor,  # bulk imports and the review of name matches
    # The analysis as a cycle (§3.2.2, Bijlage 4): its rounds and their comparison show engagement, so they
    # are for the programme roles; starting rounds, moving phases on, placements and completing: the editors.
    "view_cycle": personal_data,
    "manage_cycle": editor,
}
