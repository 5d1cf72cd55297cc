"""Writes of the rhythm: reporting cycles, notification choices, reading the inbox, and the scheduled run that
sends the reminders and invitations (`tick`), plus the notifications events make (decisions, values waiting
for approval, status changes of applications: rhythm.signals).

Exactly once. A notification is one row per (kind, due item key, recipient), a unique constraint: making it
again (a second run, two workers at once, an event handled twice) finds it there and does nothing. Its
e-mail is claimed with a conditional update (pending -> sending) before it is sent, so two runs never both
send it; a crash between sending and recording leaves it "sending", never sent twice."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.authorization import require, system_actor
from accounts.models import User
from portfolio.models import Project
from programme import ical
from programme.models import SteeringMeeting
from regiekamer.concurrency import update_versioned

from . import calendar, selectors, texts
from .models import Channel, Kind, MailLanguage, Notification, Preference, ReportDue, ReportingCycle

logger = logging.getLogger(__name__)

Log = Callable[[str], None]
INVITE_DAYS_AHEAD = 14  # a meeting's invitation goes out this many days before it (or at once when closer)


# --- reporting cycles ---


@transaction.atomic
def cycle_set(
    *,
    actor: User,
    project: Project,
    months: int | None,
    starts_on: datetime.date | None,
    expected_version: int | None = None,
) -> ReportingCycle:
    """Set how often `project` reports its progress and from when (audited; an edit names its version)."""
    require(actor, "rhythm.set_reporting_cycle", project)
    errors: dict[str, Any] = {}
    if starts_on is None:
        errors["starts_on"] = _("A reporting cycle needs the date it starts on.")
    if months not in calendar.CYCLE_MONTHS:
        errors["months"] = _("Choose how many months lie between two progress reports.")
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None and months is not None  # noqa: S101 - checked above, for mypy
    cycle = ReportingCycle.objects.filter(project=project).first()
    if cycle is None:
        cycle = ReportingCycle(project=project, months=months, starts_on=starts_on, set_by=actor)
        cycle._history_user = actor  # type: ignore[attr-defined]
        cycle.save()
        return cycle
    cycle.months, cycle.starts_on, cycle.set_by = months, starts_on, actor
    cycle._history_user = actor  # type: ignore[attr-defined]
    update_versioned(
        cycle,
        expected_version=cycle.version if expected_version is None else expected_version,
        fields=["months", "starts_on", "set_by"],
    )
    return cycle


# --- the kept due dates ---


def report_dues_refresh(project_ids: Iterable[int]) -> None:
    """Keeps ReportDue of these projects (rhythm.signals calls it in the transaction of the write); a project
    no longer there is skipped."""
    ids = sorted(set(project_ids))
    # Two reports of one project written at once: the second waits for the first and counts its report too.
    list(Project.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    _write_dues(Project.objects.filter(pk__in=ids), ReportDue)


def report_dues_rebuild(*, projects: type[Project] = Project, dues: type[ReportDue] = ReportDue) -> int:
    """ReportDue of every project recomputed (the models as arguments: the migration passes its own)."""
    return _write_dues(projects.objects.all(), dues)


def _write_dues(projects: Any, dues: Any) -> int:
    rows = (
        projects.order_by()
        .annotate(latest=Max("progress_reports__report_date"))
        .values_list("pk", "start_date", "reporting_cycle__months", "reporting_cycle__starts_on", "latest")
    )
    kept = []
    for pk, start_date, months, starts_on, latest in rows:
        cycle = calendar.cycle_for(start_date, months=months, starts_on=starts_on)
        due = calendar.next_due(cycle, [latest] if latest else []) if cycle is not None else None
        kept.append(dues(project_id=pk, due=due))
    dues.objects.bulk_create(
        kept, batch_size=2000, update_conflicts=True, unique_fields=["project"], update_fields=["due"]
    )
    return len(kept)


# --- choices and the inbox ---


def channel_for(user: User, kind: str) -> str:
    preference = Preference.objects.filter(user=user, kind=kind).first()
    return preference.channel if preference else Channel.EMAIL


def language_for(user: User) -> str:
    """The language of `user`'s e-mails: the one they chose, else Dutch."""
    chosen = MailLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or "nl"


@transaction.atomic
def preferences_set(*, actor: User, channels: dict[str, str], language: str) -> None:
    """Store how `actor` receives each kind of notification, and the language of their e-mails."""
    require(actor, "rhythm.manage_preferences")
    errors = {
        kind: _("Choose e-mail, inbox only or off.")
        for kind, ch in channels.items()
        if ch not in Channel.values
    }
    errors.update({kind: _("Unknown kind of notification.") for kind in channels if kind not in Kind.values})
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose Dutch or English.")
    if errors:
        raise ValidationError(errors)
    for kind, channel in channels.items():
        Preference.objects.update_or_create(user=actor, kind=kind, defaults={"channel": channel})
    MailLanguage.objects.update_or_create(user=actor, defaults={"language": language})


def notification_read(*, actor: User, notification: Notification) -> None:
    require(actor, "rhythm.view_inbox")
    if notification.recipient_id != actor.pk:
        raise ValidationError(_("This notification is someone else's."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())


def notifications_all_read(*, actor: User) -> int:
    require(actor, "rhythm.view_inbox")
    return Notification.objects.filter(recipient=actor, read_at=None).update(read_at=timezone.now())


# --- making notifications ---


def notify(
    *,
    kind: str,
    key: str,
    recipient: User | None,
    params: dict[str, Any],
    link: str = "",
    is_copy: bool = False,
) -> Notification | None:
    """Make the notification of `kind` about `key` for `recipient`, once: None when it was made before, the
    recipient turned this kind off, or there is no recipient (or an inactive one)."""
    if recipient is None or not recipient.is_active or recipient.is_system:
        return None
    channel = channel_for(recipient, kind)
    if channel == Channel.OFF:
        return None
    mail = (
        Notification.Mail.PENDING if channel == Channel.EMAIL and recipient.email else Notification.Mail.NONE
    )
    try:
        with transaction.atomic():
            return Notification.objects.create(
                kind=kind, key=key, recipient=recipient, params=params, link=link, is_copy=is_copy, mail=mail
            )
    except IntegrityError:
        return None  # made before: (kind, key, recipient) is unique


def _meeting_ics(meeting: SteeringMeeting, *, url: str) -> str:
    event = ical.Event(
        uid=f"kbo-{meeting.pk}@regiekamer",
        date=meeting.date,
        start=meeting.start_time,
        summary=f"KBO {meeting.team.name}",
        location=meeting.location,
        description=meeting.agenda_text,
        url=url,
    )
    return ical.calendar(
        [event], name=f"KBO {meeting.team.name}", timezone_name=settings.TIME_ZONE, now=timezone.now()
    )


def _absolute(path: str) -> str:
    base = getattr(settings, "RHYTHM_SITE_URL", "").rstrip("/")
    return f"{base}{path}" if base else path


def deliver(*, ids: Iterable[int] | None = None, log: Log | None = None) -> int:
    """Send the e-mails of the pending notifications (of `ids`); each is claimed first, so it is sent once.
    Returns how many were sent."""
    pending = Notification.objects.filter(mail=Notification.Mail.PENDING)
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    sent = 0
    for notification in pending.select_related("recipient").order_by("pk"):
        claimed = Notification.objects.filter(pk=notification.pk, mail=Notification.Mail.PENDING).update(
            mail=Notification.Mail.SENDING
        )
        if not claimed:
            continue  # another run took it
        recipient = notification.recipient
        subject, text = texts.rendered(notification, language_for(recipient))
        if notification.link:
            text += f"\n\n{_absolute(notification.link)}"
        message = EmailMessage(subject=subject, body=text, to=[recipient.email])
        if notification.kind == Kind.MEETING_INVITATION and notification.params.get("ics"):
            message.attach(
                "kbo.ics", notification.params["ics"], "text/calendar; charset=utf-8; method=PUBLISH"
            )
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - one address that fails must not stop the others
            Notification.objects.filter(pk=notification.pk).update(mail=Notification.Mail.FAILED)
            logger.warning("Notification %s not e-mailed: %s", notification.pk, error)
            if log:
                log(_("An e-mail to %(user)s could not be sent.") % {"user": recipient})
            continue
        Notification.objects.filter(pk=notification.pk).update(
            mail=Notification.Mail.SENT, mailed_at=timezone.now()
        )
        sent += 1
    return sent


# --- the scheduled run ---


def _each_alone(
    items: Iterable[Any], make: Callable[[Any], int], failed: Callable[[Any], str], log: Log
) -> int:
    """`make(item)` for each of `items` in a savepoint of its own, summing what it made: an item that fails
    unexpectedly is undone alone (the connection stays usable), logged with its traceback for the server and
    named by `failed(item)` in the job's log, and the run goes on with the next one."""
    made = 0
    for item in items:
        try:
            with transaction.atomic():
                made += make(item)
        except Exception:  # noqa: BLE001 - one item that fails must not stop the others
            logger.exception("Scheduled run: %s failed", item)
            log(failed(item))
    return made


def _report_reminders(today: datetime.date, log: Log, catch_up_days: int) -> int:
    return _each_alone(
        selectors.calendar_projects(),
        lambda project: _project_reminders(project, today, log, catch_up_days),
        lambda project: (
            _("The reminders of %(project)s could not be made because of an unexpected error.")
            % {"project": str(project)}
        ),
        log,
    )


def _project_reminders(project: Project, today: datetime.date, log: Log, catch_up_days: int) -> int:
    """The reminders of one project due on `today`, to its lead and (a copy) its team lead."""
    item = selectors.project_due(project, today)
    if item.cycle is None or item.due is None:
        log(
            _("%(project)s has no start date and no reporting cycle: no reminders until one is set.")
            % {"project": project.number}
        )
        return 0
    kinds = calendar.reminders_to_send(item.due.due, today, catch_up_days=catch_up_days)
    if not kinds:
        return 0
    lead = selectors.project_lead_user(project)
    team_lead = selectors.team_lead_user(project.team)
    if lead is None:
        log(
            _("%(project)s has no project lead with an account: its reminder was not sent.")
            % {"project": project.number}
        )
    params = {
        "project": str(project),
        "number": project.number,
        "due": item.due.due.isoformat(),
        "months": item.cycle.months,
        "team": project.team.name,
        "lead": str(lead) if lead else "",
    }
    link = project.get_absolute_url().rstrip("/") + "/progress/new/"
    key = f"project:{project.pk}:due:{item.due.due.isoformat()}"
    made = 0
    for kind in kinds:
        if lead is not None and notify(kind=kind, key=key, recipient=lead, params=params, link=link):
            made += 1
        if team_lead is not None and team_lead != lead:
            if notify(kind=kind, key=key, recipient=team_lead, params=params, link=link, is_copy=True):
                made += 1
    return made


def meeting_recipients(meeting: SteeringMeeting) -> list[User]:
    team = meeting.team
    people = [team.lead, team.linking_pin, *team.meeting_members.all()]
    users: dict[int, User] = {}
    for person in people:
        user = person.user if person is not None else None
        if user is not None:
            users[user.pk] = user
    return list(users.values())


def _meeting_invitations(today: datetime.date, log: Log) -> int:
    meetings = (
        SteeringMeeting.objects.filter(
            status=SteeringMeeting.Status.OPEN,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=INVITE_DAYS_AHEAD),
        )
        .select_related("team", "team__lead__user", "team__linking_pin__user")
        .prefetch_related("team__meeting_members__user", "agenda_items")
        .order_by("date", "pk")
    )
    return _each_alone(
        meetings,
        lambda meeting: _meeting_invitation(meeting, log),
        lambda meeting: (
            _(
                "The invitations to the steering meeting of %(team)s on %(date)s could not be made "
                "because of an unexpected error."
            )
            % {"team": meeting.team.name, "date": texts._date(meeting.date.isoformat())}
        ),
        log,
    )


def _meeting_invitation(meeting: SteeringMeeting, log: Log) -> int:
    """The invitations to one steering meeting, to its team's lead, linking pin and members."""
    if meeting.start_time is None:
        log(
            _(
                "The steering meeting of %(team)s on %(date)s has no start time: no invitation until it "
                "has one."
            )
            % {"team": meeting.team.name, "date": texts._date(meeting.date.isoformat())}
        )
        return 0
    link = meeting.get_absolute_url()
    params = {
        "team": meeting.team.name,
        "date": meeting.date.isoformat(),
        "time": meeting.start_time.isoformat(timespec="minutes"),
        "location": meeting.location,
        "agenda": meeting.agenda_text,
        "ics": _meeting_ics(meeting, url=_absolute(link)),
    }
    # A meeting moved to another day or hour is a new invitation.
    key = f"meeting:{meeting.pk}:{params['date']}T{params['time']}"
    made = 0
    for user in meeting_recipients(meeting):
        if notify(kind=Kind.MEETING_INVITATION, key=key, recipient=user, params=params, link=link):
            made += 1
    return made


def tick(
    *, actor: User, today: datetime.date | None = None, log: Log | None = None, send: bool = True
) -> dict[str, int]:
    """The scheduled run: make the reminders and invitations due on `today`, then send every pending e-mail
    (unless not `send`: the demo leaves them to the worker). Safe to run twice (or at once in two
    workers): nothing is made or sent twice. A project or meeting it cannot handle is skipped with a line
    in `log`; it never stops the run."""
    require(actor, "rhythm.run_schedule")
    today = today or timezone.localdate()
    messages: list[str] = []
    write = log or messages.append
    catch_up = int(getattr(settings, "RHYTHM_CATCH_UP_DAYS", 7))
    reminders = _report_reminders(today, write, catch_up)
    invitations = _meeting_invitations(today, write)
    sent = deliver(log=write) if send else 0
    return {"reminders": reminders, "invitations": invitations, "emails": sent}


def tick_start(*, actor: User) -> Any:
    """Queue the scheduled run as a background job (refused while one is queued or running)."""
    from jobs import services as jobs

    permit = require(actor, "rhythm.run_schedule")
    return jobs.start(
        actor=actor,
        kind="rhythm.tick",
        params={},
        view_action="rhythm.run_schedule",
        dedupe_key="rhythm.tick",
        granted_by=permit,
    )


def tick_start_scheduled() -> Any:
    return tick_start(actor=system_actor())


TICK_LABEL = gettext_lazy("Reminders and invitations")
