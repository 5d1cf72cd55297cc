"""Who may do what with chain-breakthrough applications (seed 2 Bijlage 2; issue 8).

Applicants work on their own consortium's applications only, and only the consortium withdraws one. Three
roles review submitted applications, each its own step: assessors (Versnellingshuis) start the assessment,
judge the seven criteria and take the steps after an approval; the transition agenda's adviser records the
advice; a Stuurgroep member records the decision (a rejection included). They see every submitted application;
the programme office takes approved applications into the portfolio. That one person performs at most one of
the three steps on an application is not a role rule but a rule of the steps themselves (intake/duties.py,
enforced by the services). Which applications a person sees is one rule in two forms:
`sees_application` for one application, `Application.objects.visible_to(user)` for a list (the role matrix
checks that they agree: a page of an application the rule refuses is a 404).

Objects: the application rules accept an application or one of its parts (party, signatory, action line);
`create_application` and `manage_consortia` look at a consortium.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, signed_in
from accounts.models import User
from accounts.roles import INTAKE_REVIEW_ROLES, Role

from . import workflow
from .models import ActionLine, Application, Consortium, Party, Signatory


def application_of(obj: Any) -> Any:
    """The application a rule is about: the object itself, or the application of a party, signatory or
    action line."""
    if isinstance(obj, Signatory):
        return obj.party.application
    if isinstance(obj, Party | ActionLine):
        return obj.application
    return obj


def consortium_of(obj: Any) -> Consortium:
    return obj if isinstance(obj, Consortium) else application_of(obj).consortium


def is_member(user: User, consortium: Consortium) -> bool:
    """An applicant who is a member of `consortium`."""
    return user.has_role(Role.APPLICANT) and consortium.members.filter(pk=user.pk).exists()


applicant = has_role(Role.APPLICANT, reason=_("Only applicants (consortium members) may do this."))
assessor = has_role(Role.ASSESSOR, reason=_("Only assessors may do this."))
adviser = has_role(
    Role.TRANSITION_AGENDA_ADVISER, reason=_("Only a transition agenda adviser records the advice.")
)
steering_group = has_role(
    Role.STEERING_GROUP_MEMBER,
    reason=_("Only a steering group member records the steering group's decision."),
)
reviewer = has_role(
    *INTAKE_REVIEW_ROLES,
    reason=_("The assessment is for assessors, transition agenda advisers and steering group members."),
)
office = has_role(
    Role.PROGRAMME_OFFICE, reason=_("Only the programme office takes applications into the portfolio.")
)
intake_role = has_role(
    Role.APPLICANT,
    *INTAKE_REVIEW_ROLES,
    reason=_(
        "Applications are for applicants, assessors, transition agenda advisers and steering group members."
    ),
)


@object_rule(_("Only members of the consortium may change this application."))
def member_of_consortium(user: User, obj: Any) -> bool:
    return is_member(user, consortium_of(obj))


@object_rule(_("You may not see this application."))
def sees_application(user: User, obj: Any) -> bool:
    """Applicants see their own consortium's applications; the reviewing roles (assessor, adviser, Stuurgroep)
    every submitted one (drafts stay with the consortium). The list form of this rule is
    ApplicationQuerySet.visible_to."""
    application = application_of(obj)
    if user.roles & INTAKE_REVIEW_ROLES and application.status != workflow.DRAFT:
        return True
    return is_member(user, application.consortium)


# The statuses in which an application waits for each reviewing role's step: the assessor starts the
# assessment and judges the criteria, the transition agenda's adviser advises, the Stuurgroep member decides.
AWAITING_STEP_OF: dict[str, frozenset[str]] = {
    Role.ASSESSOR: frozenset({workflow.SUBMITTED, workflow.IN_ASSESSMENT}),
    Role.TRANSITION_AGENDA_ADVISER: frozenset({workflow.IN_ASSESSMENT}),
    Role.STEERING_GROUP_MEMBER: frozenset({workflow.ADVISED}),
}


def applications_awaiting(user: Any) -> QuerySet[Application]:
    """The applications that wait for a step of `user`: those in a status `AWAITING_STEP_OF` one of their
    reviewing roles, except their own consortium's (a member takes no step on it: intake.duties); none for
    anyone without a reviewing role."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    statuses = {
        status for role, waiting in AWAITING_STEP_OF.items() if user.has_role(role) for status in waiting
    }
    if not statuses:
        return Application.objects.none()
    return Application.objects.filter(status__in=statuses).exclude(consortium__members=user)


PERMISSIONS: dict[str, Rule] = {
    # The chain-support instruments and the eligibility quick check are public to every signed-in user.
    "view_instruments": signed_in,
    # The application list (scoped by visible_to) and, per application, what the person may see.
    "view_applications": intake_role,
    "view_application": intake_role & sees_application,
    # Internal notes, the criteria, the advice and the decision's reasoning, and the audit history.
    "view_assessment": reviewer,
    # Applicants apply for a consortium they are a member of, and work on its drafts.
    "create_application": applicant
    & member_of_consortium.because(_("Only members of the consortium may apply for it.")),
    "edit_draft": applicant & member_of_consortium,
    "submit": applicant & member_of_consortium,
    # Withdraw at any point: the consortium only.
    "withdraw": (applicant & member_of_consortium).because(
        _("Only the consortium may withdraw the application.")
    ),
    # The assessment: start it, judge the seven criteria, and the steps after an approval.
    "assess": assessor,
    # The transition agenda's advice.
    "record_advice": adviser,
    # The Stuurgroep's decision, and a rejection (which is the Stuurgroep's decision too).
    "record_decision": steering_group,
    "reject": steering_group,
    # Consortia and their members are set up by the programme office (and the demo, as the system).
    "manage_consortia": has_role(
        Role.PROGRAMME_OFFICE, reason=_("Only the programme office sets up consortia.")
    ),
    # The hand-over of an approved application to the portfolio is one use case with one rule: the
    # programme office. Its permit is passed on to the portfolio and stakeholder services it calls.
    "hand_over": office,
}
