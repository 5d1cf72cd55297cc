"""Who may see what in the dashboard app (it only reads).

Choice: the programme dashboard is steering information, open to every programme role (programme office,
Regieteam, team lead, project lead, steering-meeting member) and to readers; applicants and assessors of the
Versnellingshuis see the public industry figures (§1.2) but not the programme dashboard."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, signed_in
from accounts.roles import PROGRAMME_ROLES, Role

# Also the roles the main navigation shows the dashboard to (dashboard.apps).
DASHBOARD_ROLES: frozenset[str] = frozenset({*PROGRAMME_ROLES, Role.READER})

PERMISSIONS: dict[str, Rule] = {
    # The programme dashboard, its exports, drill-down lists, planning and overlap pages, and its API.
    "view_dashboard": has_role(
        *DASHBOARD_ROLES,
        reason=_("The programme dashboard is for the people who work in the programme and for readers."),
    ),
    # The manufacturing industry in figures (§1.2) and its consistency check: public to every signed-in user.
    "view_figures": signed_in,
}
