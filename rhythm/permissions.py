"""Who may do what with the programme's rhythm: the reporting calendar, notifications and "Mijn werk".

Everybody signed in has their own "Mijn werk", inbox and notification choices (nobody reads another
person's). The overdue reports programme-wide and the reporting cycles are read by the programme roles; a
team's overdue list by the programme roles too (a team lead steers on it, the Regieteam and the programme
office across teams). A project's reporting cycle is set by the programme office or by the team lead of the
project's team (the sponsor, §4.3). The log of the scheduled runs is the programme office's. The object of
`set_reporting_cycle` is a Project."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, signed_in
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role
from programme.selectors import user_is_team_lead

office = has_role(Role.PROGRAMME_OFFICE)
programme = has_role(
    *PROGRAMME_ROLES, reason=_("The reporting calendar is read by the people who work on the programme.")
)


@object_rule(_("Only the team lead of the project's team (its sponsor) may do this."))
def sponsors_project(user: User, project: Any) -> bool:
    return user_is_team_lead(user, project.team)


PERMISSIONS: dict[str, Rule] = {
    # One's own start page, inbox and notification choices.
    "view_my_work": signed_in,
    "view_inbox": signed_in,
    "manage_preferences": signed_in,
    # The reporting calendar: overdue reports per team and programme-wide, every project's cycle.
    "view_calendar": programme,
    "set_reporting_cycle": (office | (has_role(Role.TEAM_LEAD) & sponsors_project)).because(
        _("Only the programme office or the team lead of the project's team sets its reporting cycle.")
    ),
    # The scheduled runs that send the reminders (their log names what was skipped and why).
    "run_schedule": office.because(_("Only the programme office starts the scheduled run by hand.")),
}
