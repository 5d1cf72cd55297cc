"""The step every status change shares: lock the application, check the move against the workflow definition
(intake/workflow.py) and record it. Callers have required their action. Also the check every assessment step
shares: the separation of duties (intake/duties.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from regiekamer.texts import translate

from .. import duties, selectors, workflow
from ..models import Application, Status, StatusEvent


def locked(application: Application) -> Application:
    """The application row, locked for the rest of the transaction (ordered single-row lock)."""
    return Application.objects.select_for_update().get(pk=application.pk)


def require_draft(application: Application) -> None:
    if application.status != Status.DRAFT:
        raise ValidationError(_("The application has been submitted and can no longer be changed."))


def require_separate_duties(actor: User, application: Application, step: str) -> None:
    """Refuse `step` (one of intake.duties.STEPS) to a person who performed another of the three assessment
    steps on the (locked) application, with a message naming the step they performed. The system actor (the
    demo, imports) is no person and passes, as it passes every rule."""
    if actor.is_system:
        return
    message = duties.conflict(step, selectors.steps_done_by(actor, application))
    if message is not None:
        raise ValidationError(translate(message))


def record_step(
    application: Application,
    *,
    to_status: str,
    actor: User,
    reason_for_applicant: str = "",
    internal_note: str = "",
) -> StatusEvent:
    """Record the step to `to_status` and set the status (without checking the move: `move` checks it)."""
    event = StatusEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=internal_note,
    )
    application.status = to_status
    application.version += 1
    fields = ["status", "version"]
    if to_status == Status.SUBMITTED:
        application.submitted_at = timezone.now()
        fields.append("submitted_at")
    application.save(update_fields=fields)
    return event


def move(
    application: Application,
    *,
    to_status: str,
    actor: User,
    reason_for_applicant: str = "",
    internal_note: str = "",
) -> Application:
    """Move the (locked) application to `to_status` if the workflow allows it, and record the step."""
    if not workflow.can_move(application.status, to_status):
        raise ValidationError(
            _("An application with status “%(from)s” cannot become “%(to)s”.")
            % {"from": application.get_status_display(), "to": Status(to_status).label}
        )
    record_step(
        application,
        to_status=to_status,
        actor=actor,
        reason_for_applicant=reason_for_applicant,
        internal_note=internal_note,
    )
    return application
