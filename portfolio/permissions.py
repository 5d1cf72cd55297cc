"""Who may do what in the portfolio."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role
from accounts.roles import Role

PERMISSIONS: dict[str, Rule] = {
    # An organisation of the register takes part in a portfolio project (stakeholders categorisation 5): the
    # register's editors record it, from the organisation's page.
    "join_collaboration": has_role(
        Role.PROGRAMME_OFFICE,
        Role.STEERING_TEAM,
        Role.TEAM_LEAD,
        reason=_("Only the programme office, the Regieteam and team leads change the register."),
    ),
}
