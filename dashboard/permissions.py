"""Who may see what in the dashboard app (it only reads).

Choice: the programme dashboard is steering information, open to every programme role (programme office,
Regieteam, team lead, project lead, steering-meeting member) and to readers; applicants and assessors of the
Versnellingshuis see the public industry figures (§1.2) but not the programme dashboard. A number that counts
people (change agents) is shown to every dashboard reader, but the people it counts only to those who may see
person records (the stakeholder register's rule: programme roles; a reader sees the number, not the names)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, signed_in
from accounts.roles import PROGRAMME_ROLES, Role
from stakeholders.permissions import personal_data

# Also the roles the main navigation shows the dashboard to (dashboard.apps).
DASHBOARD_ROLES: frozenset[str] = frozenset({*PROGRAMME_ROLES, Role.READER})

PERMISSIONS: dict[str, Rule] = {
    # The programme dashboard, its exports, drill-down lists, planning and overlap pages, and its API.
    "view_dashboard": has_role(
        *DASHBOARD_ROLES,
        reason=_("The programme dashboard is for the people who work in the programme and for readers."),
    ),
    # The people behind a number that counts persons (the change agents' names): personal data, the
    # stakeholder register's rule for person records (programme roles only; readers see the number only).
    "view_counted_people": personal_data,
    # The manufacturing industry in figures (§1.2) and its consistency check: public to every signed-in user.
    "view_figures": signed_in,
}
