"""Notifications that events make, without the apps that record the events knowing the rhythm app: Django's
post_save of a steering-meeting decision, a measured value and an application's status step, connected in
rhythm.apps.ready(). The notification is made after the event's transaction commits (an event rolled back
notifies nobody) and its e-mail is sent at once; the scheduled run sends whatever that could not. A failure
here is logged and never undoes or breaks the event's own write.

The same signals of progress reports, projects and reporting cycles keep each project's due date
(ReportDue)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import Kind

logger = logging.getLogger(__name__)


def _after_commit(work: Callable[[], list[int]]) -> None:
    def run() -> None:
        from . import services

        try:
            made = work()
            if made:
                services.deliver(ids=made)
        except Exception:  # a notification must never break the write that caused it
            logger.exception("A notification could not be made")

    transaction.on_commit(run)


def _ids(*notifications: Any) -> list[int]:
    return [n.pk for n in notifications if n is not None]


def decision_recorded(decision_id: int) -> list[int]:
    """A decision of a steering meeting about a project: to the project's lead."""
    from portfolio.models import Project
    from programme.models import Decision

    from . import selectors, services

    decision = Decision.objects.select_related("meeting", "meeting__team", "subject_content_type").get(
        pk=decision_id
    )
    project = decision.subject
    if not isinstance(project, Project):
        return []
    params = {
        "project": str(project),
        "text": decision.text,
        "team": decision.meeting.team.name,
        "date": decision.meeting.date.isoformat(),
    }
    made = services.notify(
        kind=Kind.PROJECT_DECISION,
        key=f"decision:{decision.pk}",
        recipient=selectors.project_lead_user(project),
        params=params,
        link=project.get_absolute_url(),
    )
    return _ids(made)


def value_entered(value_id: int) -> list[int]:
    """A measured value waiting for approval: to the indicator's reviewer."""
    from roadmap.models import MeasuredValue

    from . import services

    value = MeasuredValue.objects.select_related("indicator", "indicator__reviewer").get(pk=value_id)
    if value.status != MeasuredValue.Status.DRAFT or value.indicator.reviewer is None:
        return []
    if value.indicator.reviewer_id == value.entered_by_id:
        return []
    made = services.notify(
        kind=Kind.VALUE_AWAITING_APPROVAL,
        key=f"value:{value.pk}",
        recipient=value.indicator.reviewer,
        params={"indicator": value.indicator.name, "date": value.date.isoformat()},
        link=value.indicator.get_absolute_url(),
    )
    return _ids(made)


def status_changed(event_id: int) -> list[int]:
    """An application's status step: to the members of its consortium (not to whoever took the step)."""
    from django.urls import reverse

    from intake.models import StatusEvent

    from . import services

    event = StatusEvent.objects.select_related("application", "application__consortium").get(pk=event_id)
    application = event.application
    if application.consortium_id is None:
        return []
    params = {
        "application": str(application),
        "status": event.to_status,
        "from": event.from_status,
    }
    link = reverse("intake:detail", kwargs={"pk": application.pk})
    made = [
        services.notify(
            kind=Kind.APPLICATION_STATUS,
            key=f"status:{event.pk}",
            recipient=member,
            params=params,
            link=link,
        )
        for member in application.consortium.members.all()
        if member.pk != event.actor_id
    ]
    return _ids(*made)


def _keep_due_dates() -> None:
    """The kept due date of a project's report (ReportDue) moves with its reports, its start date and its
    cycle: refreshed in the same transaction as the save; after a delete, once it commits (a project being
    deleted with its reports is then gone and skipped)."""
    from portfolio.models import ProgressReport, Project

    from . import services
    from .models import ReportingCycle

    def saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            services.report_dues_refresh([instance.pk if sender is Project else instance.project_id])

    def deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        project_id = instance.project_id
        transaction.on_commit(lambda: services.report_dues_refresh([project_id]))

    for model in (ProgressReport, Project, ReportingCycle):
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"rhythm.due.{model.__name__}")
    for model in (ProgressReport, ReportingCycle):
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"rhythm.due.{model.__name__}")


def connect() -> None:
    from intake.models import StatusEvent
    from programme.models import Decision
    from roadmap.models import MeasuredValue

    _keep_due_dates()

    def on_decision(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
        if created and not raw and instance.subject_object_id:
            pk = instance.pk
            _after_commit(lambda: decision_recorded(pk))

    def on_value(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw and instance.status == MeasuredValue.Status.DRAFT:
            pk = instance.pk
            _after_commit(lambda: value_entered(pk))

    def on_status(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
        if created and not raw:
            pk = instance.pk
            _after_commit(lambda: status_changed(pk))

    post_save.connect(on_decision, sender=Decision, weak=False, dispatch_uid="rhythm.decision")
    post_save.connect(on_value, sender=MeasuredValue, weak=False, dispatch_uid="rhythm.value")
    post_save.connect(on_status, sender=StatusEvent, weak=False, dispatch_uid="rhythm.status")
