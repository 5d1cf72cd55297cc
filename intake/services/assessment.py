"""Submission and assessment: the consortium submits a complete draft (or withdraws it); assessors start the
assessment and judge the seven criteria (on one form); the transition agenda's adviser records the advice; a
Stuurgroep member rejects the application (a rejection is the Stuurgroep's decision, decisions.py records
the others). The criteria, the advice and the decision are performed by three different people
(intake/duties.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.idempotency import submission_consume

from .. import checks, duties, formatting, selectors, workflow
from ..models import Advice, Application, CriterionAssessment, Decision, Status
from .steps import locked, move, require_draft, require_separate_duties

# A verdict on one criterion as a form or the API gives it: met (None: no verdict chosen) and the reasoning.
Verdict = tuple[bool | None, str]


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    """Submit a draft; every automatic check must pass (warnings are allowed)."""
    require(actor, "intake.submit", application)
    application = locked(application)
    require_draft(application)
    failed = [result for result in selectors.application_check_results(application) if not result.passed]
    if failed:
        raise ValidationError([formatting.shown(result.message) for result in failed])
    return move(application, to_status=Status.SUBMITTED, actor=actor)


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str) -> Application:
    """Withdraw at any point: by the consortium only (the Versnellingshuis rejects, it does not withdraw)."""
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
def criteria_assess(
    *, application: Application, actor: User, verdicts: Mapping[int, Verdict]
) -> list[CriterionAssessment]:
    """Record the verdicts on the seven criteria in one go: each criterion needs its verdict and its
    reasoning, or nothing is recorded (the errors name the criteria). A verdict equal to the one that counts
    now is not recorded again; a changed one is recorded and counts from now on (the earlier stays as
    history)."""
    require(actor, "intake.assess", application)
    application = locked(application)
    if application.status not in workflow.UNDER_ASSESSMENT:
        raise ValidationError(_("Criteria are assessed while the application is in assessment."))
    require_separate_duties(actor, application, duties.CRITERIA)
    numbers = [criterion.number for criterion in checks.CRITERIA]
    if set(verdicts) - set(numbers):
        raise ValidationError(_("There are seven criteria, numbered 1 to 7."))
    errors: dict[str, str] = {}
    cleaned: dict[int, tuple[bool, str]] = {}
    for criterion in checks.CRITERIA:
        met, reason = verdicts.get(criterion.number, (None, ""))
        reason = (reason or "").strip()
        named = {"number": criterion.number, "text": criterion.text}
        if met is None:
            errors[f"criterion_{criterion.number}"] = (
                _("Criterion %(number)s (%(text)s): choose whether it is met.") % named
            )
        if not reason:
            errors[f"reason_{criterion.number}"] = (
                _("Criterion %(number)s (%(text)s): give the reasoning for the verdict.") % named
            )
        if met is not None and reason:
            cleaned[criterion.number] = (bool(met), reason)
    if errors:
        raise ValidationError(errors)
    current = {row.criterion.number: (row.met, row.reason) for row in selectors.criteria_rows(application)}
    return [
        CriterionAssessment.objects.create(
            application=application, criterion=number, met=met, reason=reason, assessor=actor
        )
        for number, (met, reason) in cleaned.items()
        if current.get(number) != (met, reason)
    ]


@transaction.atomic
def advice_record(
    *,
    application: Application,
    actor: User,
    positive: bool,
    text: str,
    advised_on: dt.date,
    reason_for_applicant: str = "",
    submission_token: str = "",
) -> Advice:
    """Record the Transitieagenda's advice; a later advice supersedes the earlier one. The same submit twice
    (`submission_token`, regiekamer.idempotency) is recorded once."""
    require(actor, "intake.record_advice", application)
    application = locked(application)
    submission_consume(submission_token, purpose="intake.advice")
    if application.status not in workflow.UNDER_ASSESSMENT:
        raise ValidationError(_("An advice is recorded while the application is in assessment."))
    require_separate_duties(actor, application, duties.ADVICE)
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
    """Reject at any point that is not final (a Stuurgroep member), with the reason the applicant sees. The
    rejection is the Stuurgroep's decision: it is recorded as one (superseding an earlier decision), so the
    person who rejects has performed the decision step (intake/duties.py)."""
    require(actor, "intake.reject", application)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    application = locked(application)
    require_separate_duties(actor, application, duties.DECISION)
    previous = selectors.current_decision(application)
    move(  # checks the move first: a final application is not rejected (and nothing is recorded)
        application,
        to_status=Status.REJECTED,
        actor=actor,
        reason_for_applicant=reason.strip(),
        internal_note=internal_note,
    )
    Decision.objects.create(
        application=application,
        approved=False,
        decided_on=timezone.localdate(),
        reasoning=internal_note.strip() or reason.strip(),
        reasoning_for_applicant=reason.strip(),
        recorded_by=actor,
        supersedes=previous,
    )
    return application
