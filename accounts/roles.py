"""The roles of DESIGN.md. A user holds one or more roles as Django groups named by the role's value."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    STEERING_TEAM = "steering_team", _("Steering team (Regieteam)")
    TEAM_LEAD = "team_lead", _("Team lead")
    PROJECT_LEAD = "project_lead", _("Project lead")
    MEETING_MEMBER = "meeting_member", _("Steering-meeting member")
    ASSESSOR = "assessor", _("Assessor (Versnellingshuis)")
    TRANSITION_AGENDA_ADVISER = "transition_agenda_adviser", _("Transition agenda adviser")
    STEERING_GROUP_MEMBER = "steering_group_member", _("Steering group member (Versnellingshuis)")
    APPLICANT = "applicant", _("Applicant (consortium)")
    READER = "reader", _("Reader")


ALL_ROLES: frozenset[str] = frozenset(Role.values)
# Roles that work inside the programme (they may see person records, steering data, drafts).
PROGRAMME_ROLES: frozenset[str] = frozenset(
    {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD, Role.PROJECT_LEAD, Role.MEETING_MEMBER}
)
# Roles that review submitted chain-breakthrough applications (seed 2 Bijlage 2), each its own step: the
# assessor judges the criteria, the transition agenda's adviser gives the advice, the steering group decides.
INTAKE_REVIEW_ROLES: frozenset[str] = frozenset(
    {Role.ASSESSOR, Role.TRANSITION_AGENDA_ADVISER, Role.STEERING_GROUP_MEMBER}
)
