"""The Stuurgroep's decision on an advised application, and the steps after approval (tender prepared →
running → closed)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from regiekamer.idempotency import submission_consume
from regiekamer.texts import translate_all

from .. import checks, duties, selectors, workflow
from ..models import Application, Decision, Status
from .steps import locked, move, record_step, require_separate_duties

# The steps the Versnellingshuis (an assessor) takes after the approval, in order (the advice and the decision
# have their own).
STEPS_AFTER_APPROVAL = (Status.TENDER_PREPARED, Status.RUNNING, Status.CLOSED)


@transaction.atomic
def decision_record(
    *,
    application: Application,
    actor: User,
    approved: bool,
    decided_on: dt.date,
    reasoning: str,
    reasoning_for_applicant: str = "",
    quota_override: bool = False,
    quota_override_reason: str = "",
    submission_token: str = "",
) -> Decision:
    """Record the Stuurgroep's decision. An approval needs a positive advice (Bijlage 2), all seven criteria
    met, and the quota rule kept, unless the steering group overrides the quota with a recorded reason. A
    decision is never changed: a new one supersedes it (until the tender is prepared). A Stuurgroep member who
    assessed the criteria or recorded the advice of this application does not decide on it
    (intake/duties.py). The same submit twice (`submission_token`, regiekamer.idempotency) is recorded
    once."""
    require(actor, "intake.record_decision", application)
    application = locked(application)
    submission_consume(submission_token, purpose="intake.decision")
    previous = selectors.current_decision(application)
    if application.status not in workflow.DECIDABLE or (
        application.status != Status.ADVISED and previous is None
    ):
        raise ValidationError(_("A decision is recorded after the transition agenda's advice."))
    require_separate_duties(actor, application, duties.DECISION)
    if not reasoning.strip():
        raise ValidationError({"reasoning": _("Give the reasoning of the decision.")})
    breaches: list[str] = []
    if approved:
        advice = selectors.current_advice(application)
        if advice is None or not advice.positive:
            raise ValidationError(_("An approval needs a positive advice of the transition agenda."))
        if not checks.criteria_all_met(selectors.criteria_rows(application)):
            raise ValidationError(_("An approval needs all seven criteria assessed as met, with reasons."))
        state = selectors.quota_for(application, decided_on)
        breaches = list(state.breaches)
        if breaches and not (quota_override and quota_override_reason.strip()):
            raise ValidationError(
                translate_all(state.breach_messages)
                + [_("The steering group can override the quota rule with a recorded reason.")]
            )
    if not breaches:
        quota_override, quota_override_reason = False, ""
    decision = Decision.objects.create(
        application=application,
        approved=approved,
        decided_on=decided_on,
        reasoning=reasoning.strip(),
        reasoning_for_applicant=reasoning_for_applicant.strip(),
        quota_override=quota_override,
        quota_override_reason=quota_override_reason.strip(),
        quota_breaches=breaches,
        recorded_by=actor,
        supersedes=previous,
    )
    target = Status.APPROVED if approved else Status.REJECTED
    if application.status == Status.REJECTED and target != Status.REJECTED:
        # Superseding a rejection: the step is recorded although the workflow's rejected state is final.
        record_step(
            application, to_status=target, actor=actor, reason_for_applicant=decision.reasoning_for_applicant
        )
    elif application.status != target:
        move(
            application, to_status=target, actor=actor, reason_for_applicant=decision.reasoning_for_applicant
        )
    return decision


@transaction.atomic
def application_advance(
    *,
    application: Application,
    actor: User,
    to_status: str,
    reason_for_applicant: str = "",
    internal_note: str = "",
) -> Application:
    """The steps after approval: tender prepared → running → closed."""
    require(actor, "intake.assess", application)
    if to_status not in STEPS_AFTER_APPROVAL:
        raise ValidationError(_("Use the advice and decision steps for this status."))
    return move(
        locked(application),
        to_status=to_status,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=internal_note,
    )
