"""Submission and assessment: the consortium submits a complete draft (or withdraws it); assessors start the
assessment, judge the seven criteria, record the Transitieagenda's advice, or reject the application."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.texts import translate

from .. import checks, selectors, workflow
from ..models import Advice, Application, CriterionAssessment, Status
from .steps import locked, move, require_draft


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    """Submit a draft; every automatic check must pass (warnings are allowed)."""
    require(actor, "intake.submit", application)
    application = locked(application)
    require_draft(application)
    failed = [result for result in selectors.application_check_results(application) if not result.passed]
    if failed:
        raise ValidationError([translate(result.message) for result in failed])
    return move(application, to_status=Status.SUBMITTED, actor=actor)


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str) -> Application:
    """Withdraw at any point: by the consortium, or by an assessor on its behalf."""
    require(actor, "intake.withdraw", application)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    return move(
        locked(application), to_status=Status.WITHDRAWN, actor=actor, reason_for_applicant=reason.strip()
    )


@transaction.atomic
def application_start_assessment(
    *, application: Application, actor: User, internal_note: str = ""
) -> Application:
    require(actor, "intake.assess", application)
    return move(locked(application), to_status=Status.IN_ASSESSMENT, actor=actor, internal_note=internal_note)


@transaction.atomic
def criterion_assess(
    *, application: Application, actor: User, criterion: int, met: bool, reason: str
) -> CriterionAssessment:
    """Record the verdict on one of the seven criteria; the newest per criterion counts."""
    require(actor, "intake.assess", application)
    application = locked(application)
    if application.status not in workflow.UNDER_ASSESSMENT:
        raise ValidationError(_("Criteria are assessed while the application is in assessment."))
    if criterion not in {c.number for c in checks.CRITERIA}:
        raise ValidationError({"criterion": _("There are seven criteria, numbered 1 to 7.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the verdict.")})
    return CriterionAssessment.objects.create(
        application=application, criterion=criterion, met=met, reason=reason.strip(), assessor=actor
    )


@transaction.atomic
def advice_record(
    *,
    application: Application,
    actor: User,
    positive: bool,
    text: str,
    advised_on: dt.date,
    reason_for_applicant: str = "",
) -> Advice:
    """Record the Transitieagenda's advice; a later advice supersedes the earlier one."""
    require(actor, "intake.assess", application)
    application = locked(application)
    if application.status not in workflow.UNDER_ASSESSMENT:
        raise ValidationError(_("An advice is recorded while the application is in assessment."))
    if application.transition_agenda is None:
        raise ValidationError({"transition_agenda": _("Choose the transition agenda that advises first.")})
    if not text.strip():
        raise ValidationError({"text": _("Give the text of the advice.")})
    advice = Advice.objects.create(
        application=application,
        transition_agenda=application.transition_agenda,
        positive=positive,
        text=text.strip(),
        advised_on=advised_on,
        recorded_by=actor,
        supersedes=selectors.current_advice(application),
    )
    move(
        application,
        to_status=Status.ADVISED,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=_("Positive advice") if positive else _("Negative advice"),
    )
    return advice


@transaction.atomic
def application_reject(
    *, application: Application, actor: User, reason: str, internal_note: str = ""
) -> Application:
    """Reject at any point (assessors), with the reason the applicant sees."""
    require(actor, "intake.reject", application)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    return move(
        locked(application),
        to_status=Status.REJECTED,
        actor=actor,
        reason_for_applicant=reason.strip(),
        internal_note=internal_note,
    )
