"""The hand-over of an approved application to the portfolio (issue 8 point 6): one use case with one rule.

`intake.hand_over` (the programme office) is required once, here; its permit is passed on to the portfolio's
and the stakeholder register's services this use case calls (`granted_by=permit`), which then do not apply
rules of their own to these calls."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import Permit, require
from accounts.models import User
from portfolio import services as portfolio_services
from portfolio.models import Project, ProjectType
from programme.models import Team
from stakeholders import services as stakeholder_services
from stakeholders.models import Organisation

from .. import workflow
from ..models import Application, StatusEvent
from .steps import locked

HANDOVER_STATUSES = workflow.SUPPORTED

# Party type and chain role -> the stakeholder register's organisation type and chain position (only where
# the register has a matching term; the rest stays blank for the programme office to categorise).
_ORGANISATION_TYPES = {
    "mkb": "company",
    "groot": "company",
    "branche": "organisation",
    "overheid": "government",
    "kennisinstelling": "knowledge_institute",
    "maatschappelijk": "foundation",
    "overig": "organisation",
}
_CHAIN_POSITIONS = {"producent": "producer", "importeur": "distributor", "retailer": "retail"}


def _register_parties(*, application: Application, project: Project, actor: User, permit: Permit) -> None:
    """Every consortium party in the stakeholder register (an organisation of the same name is reused), as a
    member of the project's collaboration with its chain role (stakeholders categorisation 5)."""
    reason = _("Consortium party of chain-breakthrough application %(pk)s") % {"pk": application.pk}
    for party in application.parties.all():
        organisation = Organisation.objects.filter(name__iexact=party.name).order_by("pk").first()
        if organisation is None:
            organisation = stakeholder_services.organisation_create(
                name=party.name,
                actor=actor,
                granted_by=permit,
                org_type=_ORGANISATION_TYPES.get(party.organisation_type, "organisation"),
                chain_position=_CHAIN_POSITIONS.get(party.chain_role, ""),
            )
        portfolio_services.project_collaboration_join(
            organisation=organisation,
            project=project,
            role=party.get_chain_role_display()[:100],
            reason=reason,
            actor=actor,
            granted_by=permit,
        )


@transaction.atomic
def application_hand_over(*, application: Application, actor: User, team: Team) -> Project:
    """An approved application becomes a project in the portfolio of `team`, its consortium parties
    organisations of the register that take part in it. The application keeps the project
    (`portfolio_project`); the project reaches it as `intake_application`."""
    permit = require(actor, "intake.hand_over", application)
    application = locked(application)
    if application.status not in HANDOVER_STATUSES:
        raise ValidationError(_("Only an approved application becomes a portfolio project."))
    if application.portfolio_project is not None:
        raise ValidationError(
            _("This application is already project %(number)s in the portfolio.")
            % {"number": application.portfolio_project.number}
        )
    parties = ", ".join(
        f"{party.name} ({party.get_chain_role_display()})" for party in application.parties.all()
    )
    project = portfolio_services.project_create(
        actor=actor,
        granted_by=permit,
        title=application.title,
        team=team,
        start_date=application.planned_start,
        due_date=application.planned_end,
        description=application.chain_direction_needed,
        actors=parties,
        intended_effect=application.intended_effects,
        result_description=application.shared_goal,
        trekker=application.consortium.name,
        # An application of the Versnellingshuis instrument becomes a chain-breakthrough project.
        project_type=ProjectType.CHAIN_BREAKTHROUGH,
        source_section=_("Chain-breakthrough application %(pk)s (Instruction chain-breakthrough projects)")
        % {"pk": application.pk},
    )
    _register_parties(application=application, project=project, actor=actor, permit=permit)
    application.portfolio_project = project
    application.version += 1
    application.save(update_fields=["portfolio_project", "version"])
    StatusEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        actor=actor,
        reason_for_applicant=_("Taken into the programme portfolio as project %(number)s.")
        % {"number": project.number},
    )
    return project
