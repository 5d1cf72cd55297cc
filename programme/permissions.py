"""Who may do what in the programme app (teams, steering meetings, decisions, the EU-barrier register).

Objects: the meeting, decision and barrier rules look at a team; they accept the team, or a meeting or
decision (whose team is meant).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, signed_in, user_rule
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role

from . import selectors
from .models import Decision, SteeringMeeting, Team


def team_of(obj: Any) -> Any:
    """The team a meeting rule is about: the object itself, a meeting's team, a decision's meeting's team."""
    if isinstance(obj, Decision):
        return obj.meeting.team
    if isinstance(obj, SteeringMeeting):
        return obj.team
    return obj


office = has_role(Role.PROGRAMME_OFFICE, reason=_("Only the programme office edits the programme structure."))
programme_role = has_role(
    *PROGRAMME_ROLES, reason=_("Steering data is for the people who work in the programme.")
)


@object_rule(_("Only the team lead, the linking pin of this team or the programme office may do this."))
def runs_meetings_of(user: User, team: Any) -> bool:
    """The teamtrekker and the linking pin who chairs the KBO run the team's meetings (Bijlage 9)."""
    return selectors.user_is_team_lead(user, team) or selectors.user_is_linking_pin(user, team)


@object_rule(_("Only the members of this team's steering meeting record its decisions."))
def sits_in_meeting_of(user: User, team: Any) -> bool:
    """The KBO decides (§4.3, Bijlage 6): its standing members record decisions."""
    return selectors.user_is_meeting_member(user, team)


@user_rule(_("Only a team lead who leads a team registers barriers."))
def leads_a_team(user: User, obj: Any) -> bool:
    return selectors.teams_led_by(user).exists()


@object_rule(_("Only the programme office or the team lead of this team registers its barriers."))
def leads_team(user: User, team: Any) -> bool:
    return selectors.user_is_team_lead(user, team)


def meeting_teams(user: Any) -> QuerySet[Team]:
    """The teams in whose steering meeting `user` sits: the list form of `sits_in_meeting_of` (the teams their
    person leads, chairs as linking pin or is a listed member of); none without a person."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    return Team.objects.filter(
        Q(lead__user=user) | Q(linking_pin__user=user) | Q(meeting_members__user=user)
    ).distinct()


def meetings_followed_by(
    user: Any, meetings: QuerySet[SteeringMeeting] | None = None
) -> QuerySet[SteeringMeeting]:
    """The steering meetings of `meetings` (default: all) that `user` takes part in: every meeting for the
    programme office, else the meetings of the teams in whose meeting they sit (`meeting_teams`)."""
    meetings = SteeringMeeting.objects.all() if meetings is None else meetings
    if not getattr(user, "is_authenticated", False):
        return meetings.none()
    if user.has_role(Role.PROGRAMME_OFFICE):
        return meetings
    return meetings.filter(team__in=meeting_teams(user))


manage_meetings: Rule = programme_role & (office | runs_meetings_of.on(team_of)).because(
    _(
        "Only the team lead, the linking pin of this team or the programme office may change its steering "
        "meetings."
    )
)
record_decisions: Rule = programme_role & (manage_meetings | sits_in_meeting_of.on(team_of)).because(
    _("Only the members of this team's steering meeting record its decisions.")
)

PERMISSIONS: dict[str, Rule] = {
    # Teams and their structure (§5, Bijlage 9) are public to every signed-in user.
    "view_team": signed_in,
    "edit_structure": office,
    # Steering meetings, decisions and the people of the programme are steering data.
    "view_meetings": programme_role,
    # A personal calendar subscription (iCalendar URL with a revocable token) to the teams' meetings.
    "subscribe_calendar": programme_role,
    "view_people": programme_role,
    "manage_meetings": manage_meetings,
    "record_decision": record_decisions,
    # Barriers put on the EU agenda (§4.4): every programme role reads; the office registers for any team,
    # a team lead for a team they lead.
    "view_eu_barriers": programme_role,
    "register_eu_barrier": office | (has_role(Role.TEAM_LEAD) & leads_a_team & leads_team.on(team_of)),
}
