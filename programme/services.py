"""Every write of the programme app. Each starts by requiring its action (programme/permissions.py), so the
UI, the API and the demo loader share one set of rules."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import Horizon, InnovationFunction, ProductCluster
from regiekamer.concurrency import StateConflict, update_versioned
from regiekamer.idempotency import submission_consume

from . import extensions
from .models import (
    AgendaItem,
    CalendarFeed,
    Decision,
    EuBarrier,
    Person,
    RoleAssignment,
    SteeringMeeting,
    Team,
    TeamTask,
    ZichtlijnEntry,
)
from .selectors import regieteam_member_ids, standing_meeting_members


class MeetingClosed(StateConflict):
    """A closed steering meeting is read-only for everyone (a 409 in the API)."""

    def __init__(self, meeting: SteeringMeeting):
        self.meeting = meeting
        super().__init__(
            _(
                "The steering meeting of %(date)s is closed: it and its decisions can no longer be "
                "changed. Record a correction in a new meeting."
            )
            % {"date": date_format(meeting.date)}
        )


# --- structure -------------------------------------------------------------------------------------


def validate_linking_pin(*, team: Team, person: Person | None) -> None:
    """§4.2/§4.3: the linking pin is a Regieteam member (who chairs the team's KBO)."""
    if person is None:
        raise ValidationError({"linking_pin": _("Every team needs a linking pin from the Regieteam.")})
    if person.pk not in regieteam_member_ids():
        raise ValidationError(
            {
                "linking_pin": _(
                    "%(name)s is not a member of the Regieteam; the linking pin of a team must be one."
                )
                % {"name": person.name}
            }
        )


@transaction.atomic
def team_update(
    *,
    team: Team,
    expected_version: int,
    actor: User,
    name: str,
    purpose: str,
    description: str,
    project_type: str,
    lead: Person | None,
    linking_pin: Person | None,
    meeting_members: Iterable[Person],
) -> Team:
    """Programme office edits a team. The linking pin must be a Regieteam member and sits in the KBO."""
    require(actor, "programme.edit_structure")
    validate_linking_pin(team=team, person=linking_pin)
    team.name, team.purpose, team.description = name, purpose, description
    team.project_type, team.lead, team.linking_pin = project_type, lead, linking_pin
    update_versioned(
        team,
        expected_version=expected_version,
        fields=["name", "purpose", "description", "project_type", "lead", "linking_pin"],
    )
    members = {p.pk: p for p in meeting_members}
    for person in (lead, linking_pin):
        if person is not None:
            members[person.pk] = person
    team.meeting_members.set(members.values())
    return team


@transaction.atomic
def person_create(*, actor: User, name: str, organisation: str = "", user: User | None = None) -> Person:
    require(actor, "programme.edit_structure")
    if Person.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A person named %(name)s already exists.") % {"name": name}})
    return Person.objects.create(name=name.strip(), organisation=organisation, user=user)


@transaction.atomic
def role_assignment_create(
    *,
    actor: User,
    team: Team,
    horizon: Horizon | None,
    title: str,
    person: Person | None,
    source_section: str = "",
) -> RoleAssignment:
    require(actor, "programme.edit_structure")
    order = (team.roles.aggregate(m=Max("order"))["m"] or 0) + 1
    return RoleAssignment.objects.create(
        team=team, horizon=horizon, title=title, person=person, order=order, source_section=source_section
    )


@transaction.atomic
def role_assignment_delete(*, actor: User, assignment: RoleAssignment) -> None:
    require(actor, "programme.edit_structure")
    team = assignment.team
    person_id = assignment.person_id
    assignment.delete()
    # Removing someone's last Regieteam role must not leave a team with a linking pin outside the Regieteam.
    if team.code == "regieteam" and person_id and person_id not in regieteam_member_ids():
        pinned = list(Team.objects.filter(linking_pin_id=person_id).values_list("name", flat=True))
        if pinned:
            raise ValidationError(
                _("This person is the linking pin of %(teams)s and must stay a Regieteam member.")
                % {"teams": ", ".join(pinned)}
            )


@transaction.atomic
def team_task_create(
    *,
    actor: User,
    team: Team,
    horizon: Horizon | None,
    text: str,
    heading: str = "",
    source_section: str = "",
) -> TeamTask:
    require(actor, "programme.edit_structure")
    order = (team.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    return TeamTask.objects.create(
        team=team, horizon=horizon, heading=heading, text=text, order=order, source_section=source_section
    )


@transaction.atomic
def team_task_delete(*, actor: User, task: TeamTask) -> None:
    require(actor, "programme.edit_structure")
    task.delete()


@transaction.atomic
def zichtlijn_entry_create(
    *, actor: User, team: Team, kind: str, text: str, source_section: str = ""
) -> ZichtlijnEntry:
    require(actor, "programme.edit_structure")
    if kind not in ZichtlijnEntry.Kind.values:
        raise ValidationError({"kind": _("Unknown kind %(kind)s.") % {"kind": kind}})
    order = (team.zichtlijn.filter(kind=kind).aggregate(m=Max("order"))["m"] or 0) + 1
    return ZichtlijnEntry.objects.create(
        team=team, kind=kind, text=text, order=order, source_section=source_section
    )


@transaction.atomic
def zichtlijn_entry_delete(*, actor: User, entry: ZichtlijnEntry) -> None:
    require(actor, "programme.edit_structure")
    entry.delete()


# --- steering meetings -----------------------------------------------------------------------------


def _lock_meeting(meeting: SteeringMeeting) -> SteeringMeeting:
    """Re-read the meeting under a row lock, so a concurrent close cannot slip between check and write."""
    return SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)


def _agenda_rows(team: Team, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The agenda items as rows to store, checked: each has a title (or a subject to take it from) and a gate
    only for a subject that has it on the table. Every problem names its row and column."""
    rows: list[dict[str, Any]] = []
    errors: list[ValidationError] = []
    for index, item in enumerate(items):
        subject, gate = item.get("subject"), (item.get("gate") or "").strip()
        title = (item.get("title") or "").strip()
        if subject is not None and not title:
            title = extensions.describe_agenda_subject(subject, gate)
        if not title:
            errors.append(
                ValidationError(
                    _("Agenda item %(number)s needs a title."),
                    params={"number": index + 1, "row": index, "column": "title"},
                )
            )
            continue
        if gate and subject is None:
            errors.append(
                ValidationError(
                    _("Agenda item %(number)s names a gate but no project."),
                    params={"number": index + 1, "row": index, "column": "subject"},
                )
            )
            continue
        problem = extensions.check_agenda_subject(team, subject, gate) if subject is not None else None
        if problem:
            errors.append(
                ValidationError(
                    _("Agenda item %(number)s: %(problem)s"),
                    params={"number": index + 1, "problem": problem, "row": index, "column": "subject"},
                )
            )
            continue
        rows.append(
            {
                "title": title[:200],
                "notes": (item.get("notes") or "").strip(),
                "subject": subject,
                "gate": gate,
            }
        )
    if errors:
        raise ValidationError({"agenda_items": errors})
    return rows


def _set_agenda(meeting: SteeringMeeting, rows: list[dict[str, Any]]) -> None:
    """Replace the meeting's agenda by `rows`, numbered from 1 (each removed and added item is audited)."""
    for item in meeting.agenda_items.all():
        item.delete()
    for order, row in enumerate(rows, start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, **row)


@transaction.atomic
def meeting_create(
    *,
    team: Team,
    date: datetime.date,
    actor: User,
    start_time: datetime.time | None = None,
    location: str = "",
    agenda_items: Sequence[Mapping[str, Any]] = (),
    attendees: Iterable[Person] | None = None,
) -> SteeringMeeting:
    """Plan a meeting of `team`. Attendees left out are the team's standing KBO members (the chair, the
    teamtrekker and the listed members); the agenda is a list of items, each may name a project and a gate."""
    require(actor, "programme.manage_meetings", team)
    rows = _agenda_rows(team, agenda_items)
    meeting = SteeringMeeting.objects.create(team=team, date=date, start_time=start_time, location=location)
    meeting.attendees.set(list(standing_meeting_members(team) if attendees is None else attendees))
    _set_agenda(meeting, rows)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: SteeringMeeting,
    expected_version: int,
    actor: User,
    date: datetime.date,
    location: str,
    minutes: str,
    attendees: Iterable[Person],
    agenda_items: Sequence[Mapping[str, Any]] | None = None,
    start_time: datetime.time | None = None,
) -> SteeringMeeting:
    """Edit an open meeting (optimistic locking: a stale version raises EditConflict). `agenda_items`, when
    given, replaces the agenda."""
    require(actor, "programme.manage_meetings", meeting.team)
    if _lock_meeting(meeting).is_closed:
        raise MeetingClosed(meeting)
    rows = _agenda_rows(meeting.team, agenda_items) if agenda_items is not None else None
    meeting.date, meeting.location, meeting.minutes = date, location, minutes
    meeting.start_time = start_time
    update_versioned(
        meeting,
        expected_version=expected_version,
        fields=["date", "start_time", "location", "minutes"],
    )
    meeting.attendees.set(list(attendees))
    if rows is not None:
        _set_agenda(meeting, rows)
    return meeting


@transaction.atomic
def meeting_close(
    *, meeting: SteeringMeeting, actor: User, expected_version: int | None = None
) -> SteeringMeeting:
    """Close the meeting: from now on neither it nor its decisions can change."""
    require(actor, "programme.manage_meetings", meeting.team)
    current = _lock_meeting(meeting)
    if current.is_closed:
        raise MeetingClosed(meeting)
    meeting.status = SteeringMeeting.Status.CLOSED
    meeting.closed_at = timezone.now()
    meeting.closed_by = actor
    update_versioned(
        meeting,
        expected_version=current.version if expected_version is None else expected_version,
        fields=["status", "closed_at", "closed_by"],
    )
    return meeting


@transaction.atomic
def decision_record(
    *,
    meeting: SteeringMeeting,
    kind: str,
    text: str,
    actor: User,
    subject: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    reasoning: str = "",
    supersedes: Decision | None = None,
    submission_token: str = "",
) -> Decision:
    """Record a decision of an open meeting that has taken place (it takes effect on the meeting's date, so a
    meeting dated in the future cannot change anything today). Decisions are never edited: a correction is a
    new decision that supersedes the old one (of the same team, and not already superseded). A decision that
    changes a project (phase transition, pause, stop, reopen) names it as its subject; a phase transition
    also names its target phase (the portfolio's decide service records those). The same submit twice
    (`submission_token`, regiekamer.idempotency) is recorded once."""
    require(actor, "programme.record_decision", meeting.team)
    locked = _lock_meeting(meeting)
    submission_consume(submission_token, purpose="programme.decision")
    if locked.is_closed:
        raise MeetingClosed(meeting)
    if locked.date > timezone.localdate():
        raise ValidationError(
            _(
                "The steering meeting of %(date)s has not taken place yet: record its decisions on or after "
                "that date."
            )
            % {"date": date_format(locked.date)}
        )
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of decision: %(kind)s.") % {"kind": kind}})
    if kind in Decision.SUBJECT_KINDS and subject is None:
        raise ValidationError(
            {
                "kind": _(
                    "A decision of the kind '%(kind)s' is taken about a project: record it from the "
                    "project's page (Decide), where the project and its phase are named."
                )
                % {"kind": Decision.Kind(kind).label}
            }
        )
    if kind == Decision.Kind.PHASE_TRANSITION and not (payload or {}).get("target"):
        raise ValidationError({"kind": _("A phase transition names the phase the project moves to.")})
    if not text or not text.strip():
        raise ValidationError({"text": _("A decision needs its text.")})
    if supersedes is not None:
        if supersedes.meeting.team_id != meeting.team_id:
            raise ValidationError(
                {
                    "supersedes": _("A decision can only correct a decision of the same team (%(team)s).")
                    % {"team": meeting.team}
                }
            )
        if supersedes.superseded_by.exists():
            raise ValidationError(
                {
                    "supersedes": _(
                        "Decision %(decision)s has already been corrected; correct the "
                        "latest decision instead."
                    )
                    % {"decision": supersedes}
                }
            )
    if subject is not None and getattr(subject, "pk", None) is None:
        raise ValidationError({"subject": _("The subject of a decision must be a saved record.")})
    if subject is not None and (problem := extensions.check_agenda_subject(meeting.team, subject, "")):
        # Only what the team's meeting may decide on (its own projects): never any record of any app.
        raise ValidationError({"subject": problem})
    sequence = (locked.decisions.aggregate(m=Max("sequence"))["m"] or 0) + 1
    return Decision.objects.create(
        meeting=meeting,
        sequence=sequence,
        kind=kind,
        text=text.strip(),
        reasoning=reasoning,
        subject=subject,
        payload=payload or {},
        supersedes=supersedes,
        recorded_by=actor,
    )


# --- barriers on the EU agenda ---


@transaction.atomic
def eu_barrier_create(
    *,
    actor: User,
    title: str,
    innovation_function: InnovationFunction,
    team: Team,
    agenda_date: datetime.date,
    forum: str,
    description: str = "",
    cluster: ProductCluster | None = None,
) -> EuBarrier:
    """Register a barrier put on the EU agenda: the programme office for any team, a team lead for a team
    they lead. The date lies in the past or today (it has been put on the agenda)."""
    require(actor, "programme.register_eu_barrier", team)
    errors = {}
    title, forum = title.strip(), forum.strip()
    if not title:
        errors["title"] = _("A barrier needs a title.")
    if not forum:
        errors["forum"] = _("Name the forum where the barrier was put on the EU agenda.")
    if agenda_date > timezone.localdate():
        errors["agenda_date"] = _("The date lies in the future; register a barrier once it is on the agenda.")
    if errors:
        raise ValidationError(errors)
    return EuBarrier.objects.create(
        title=title,
        description=description.strip(),
        innovation_function=innovation_function,
        team=team,
        cluster=cluster,
        agenda_date=agenda_date,
        forum=forum,
        created_by=actor,
    )


# --- calendar subscription ---


@transaction.atomic
def calendar_feed_issue(*, actor: User) -> str:
    """A new calendar subscription token for `actor` (the previous URL stops working). Returns the token:
    only its hash is stored, so the URL is shown once."""
    require(actor, "programme.subscribe_calendar")
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=actor, defaults={"token_hash": CalendarFeed.hash_of(token)})
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> None:
    """End `actor`'s calendar subscription URL."""
    require(actor, "programme.subscribe_calendar")
    CalendarFeed.objects.filter(user=actor).delete()
