"""Read queries and object-level permission checks of the programme app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from regiekamer.history import kind_label

from . import extensions
from .models import (
    REGIETEAM_CODE,
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


def _person_id(user: Any) -> int | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return Person.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()


# --- object-level rules ----------------------------------------------------------------------------


def teams_led_by(user: Any) -> QuerySet[Team]:
    """The teams whose teamtrekker is the person linked to `user` (one person may lead more than one team)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(lead__user_id=user.pk).select_related("pillar")


def team_for_lead_user(user: Any) -> Team | None:
    """The (first) team `user` leads as teamtrekker, or None."""
    return teams_led_by(user).first()


def user_is_team_lead(user: Any, team: Team) -> bool:
    person_id = _person_id(user)
    return person_id is not None and team.lead_id == person_id


def user_is_linking_pin(user: Any, team: Team) -> bool:
    person_id = _person_id(user)
    return person_id is not None and team.linking_pin_id == person_id


def user_is_meeting_member(user: Any, team: Team) -> bool:
    """Standing member of the team's KBO: the listed members, the teamtrekker and the linking pin (chair)."""
    person_id = _person_id(user)
    if person_id is None:
        return False
    if person_id in (team.lead_id, team.linking_pin_id):
        return True
    return team.meeting_members.filter(pk=person_id).exists()


def standing_meeting_members(team: Team) -> list[Person]:
    """The standing members of the team's KBO: the chair (linking pin), the teamtrekker and the listed
    members, each once, in name order."""
    ids = set(team.meeting_members.values_list("pk", flat=True))
    ids.update(i for i in (team.lead_id, team.linking_pin_id) if i)
    return list(Person.objects.filter(pk__in=ids).order_by("name"))


def regieteam_member_ids() -> set[int]:
    """People who hold a role in the Regieteam, or lead it or are its linking pin."""
    ids = set(
        RoleAssignment.objects.filter(team__code=REGIETEAM_CODE, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    team = Team.objects.filter(code=REGIETEAM_CODE).values("lead_id", "linking_pin_id").first()
    if team:
        ids.update(i for i in (team["lead_id"], team["linking_pin_id"]) if i)
    return ids


@dataclass(frozen=True)
class Violation:
    team: Team
    message: str


def linking_pin_violations() -> list[Violation]:
    """Programme-level check of §4.2/§4.3: every team has one linking pin, a Regieteam member, who
    chairs the KBO
    (and therefore sits in it)."""
    members = regieteam_member_ids()
    problems: list[Violation] = []
    from django.utils.translation import gettext as _

    teams = Team.objects.select_related("linking_pin").prefetch_related("meeting_members")
    for team in teams:
        if team.linking_pin is None:
            problems.append(Violation(team, _("has no linking pin")))
            continue
        if team.linking_pin_id not in members:
            problems.append(
                Violation(
                    team,
                    _("linking pin %(name)s is not a Regieteam member") % {"name": team.linking_pin.name},
                )
            )
        if team.linking_pin_id not in {p.pk for p in team.meeting_members.all()}:
            problems.append(
                Violation(
                    team,
                    _("linking pin %(name)s is not a member of the steering meeting")
                    % {"name": team.linking_pin.name},
                )
            )
    return problems


# --- lists and detail pages ------------------------------------------------------------------------


def team_list() -> QuerySet[Team]:
    return Team.objects.select_related("pillar", "lead", "linking_pin").annotate(
        meeting_count=Count("meetings", distinct=True)
    )


def team_detail(code: str) -> Team:
    return (
        Team.objects.select_related("pillar", "lead", "linking_pin")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=TeamTask.objects.select_related("horizon").order_by("-horizon__months", "order"),
            ),
            Prefetch(
                "roles", queryset=RoleAssignment.objects.select_related("horizon", "person").order_by("order")
            ),
            Prefetch("zichtlijn", queryset=ZichtlijnEntry.objects.order_by("kind", "order")),
            "meeting_members",
        )
        .get(code=code)
    )


def _upcoming_first(
    meetings: QuerySet[SteeringMeeting], today: datetime.date | None
) -> list[SteeringMeeting]:
    """`meetings` upcoming first (the next one on top), then the past ones, the latest first, in one query."""
    upcoming = Q(date__gte=today or timezone.localdate())
    # Explicit order_by: Meta.ordering does not hold once a query aggregates (PostgreSQL). The upcoming rows
    # sort on their own date and pk ascending (NULL for past ones), the past ones on date and pk descending.
    return list(
        meetings.order_by(
            Case(When(upcoming, then=Value(0)), default=Value(1)),
            Case(When(upcoming, then=F("date"))).asc(nulls_last=True),
            Case(When(upcoming, then=F("pk"))).asc(nulls_last=True),
            F("date").desc(),
            F("pk").desc(),
        )
    )


def meetings_for_team(team: Team, *, today: datetime.date | None = None) -> list[SteeringMeeting]:
    """The team's steering meetings in the order of `meeting_list`: upcoming first, then the past ones."""
    meetings = (
        SteeringMeeting.objects.filter(team=team)
        .select_related("closed_by")
        .annotate(decision_count=Count("decisions"))
    )
    return _upcoming_first(meetings, today)


def meeting_list(*, today: datetime.date | None = None) -> list[SteeringMeeting]:
    """Every steering meeting in date order, upcoming first (the next one on top), then the past ones, the
    latest first."""
    meetings = SteeringMeeting.objects.select_related("team", "closed_by").annotate(
        decision_count=Count("decisions")
    )
    return _upcoming_first(meetings, today)


def meeting_detail(pk: int) -> SteeringMeeting:
    return (
        SteeringMeeting.objects.select_related("team", "team__lead", "team__linking_pin", "closed_by")
        .prefetch_related(
            "attendees",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("subject_content_type").prefetch_related(
                    "subject"
                ),
            ),
            Prefetch(
                "decisions",
                # What a decision decides on, the decision it corrects and the one correcting it (each
                # named "KBO <team> <date>") come along: no query per decision.
                queryset=Decision.objects.select_related(
                    "recorded_by", "supersedes__meeting__team", "subject_content_type"
                ).prefetch_related(
                    "subject",
                    Prefetch("superseded_by", queryset=Decision.objects.select_related("meeting__team")),
                ),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class AgendaLine:
    item: AgendaItem
    subject_label: str
    subject_url: str | None
    decide_url: str | None


def agenda_of(meeting: SteeringMeeting, *, decide: bool = False) -> list[AgendaLine]:
    """The meeting's agenda items, each with what it is about as people read it, a link to it, and (when
    `decide`) where the meeting records its decision about it."""
    lines = []
    for item in meeting.agenda_items.all():
        subject = item.subject if item.subject_content_type_id else None
        lines.append(
            AgendaLine(
                item=item,
                subject_label=extensions.describe_agenda_subject(subject, item.gate) if subject else "",
                subject_url=getattr(subject, "get_absolute_url", lambda: None)() if subject else None,
                decide_url=extensions.agenda_decide_url(subject, meeting) if subject and decide else None,
            )
        )
    return lines


def decision_list(*, team_code: str = "") -> QuerySet[Decision]:
    """The decisions of every steering meeting (or of one team's, by its code), the latest meeting first, in
    the order they were taken; with what they decide on and who corrected them (a constant number of
    queries per page)."""
    decisions = Decision.objects.select_related(
        "meeting", "meeting__team", "recorded_by", "supersedes", "supersedes__meeting"
    ).prefetch_related("subject", "superseded_by")
    if team_code:
        decisions = decisions.filter(meeting__team__code=team_code)
    return decisions.order_by("-meeting__date", "-meeting__pk", "sequence")


def decisions_about(obj: Any) -> QuerySet[Decision]:
    """Every decision whose subject is `obj` (e.g. a project), oldest first."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj)
    return (
        Decision.objects.filter(subject_content_type=content_type, subject_object_id=obj.pk)
        .select_related("meeting", "meeting__team", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def people_list() -> QuerySet[Person]:
    return (
        Person.objects.select_related("user")
        .annotate(
            role_count=Count("roles", distinct=True),
            lead_count=Count("teams_led", distinct=True),
            pin_count=Count("teams_as_linking_pin", distinct=True),
        )
        .filter(Q(role_count__gt=0) | Q(lead_count__gt=0) | Q(pin_count__gt=0) | Q(user__isnull=False))
    )


# --- barriers on the EU agenda ---


def eu_barrier_list() -> QuerySet[EuBarrier]:
    return EuBarrier.objects.select_related("innovation_function", "team", "cluster", "created_by")


def structure_history(team: Team, *, limit: int = 300) -> list[dict[str, Any]]:
    """Every addition, change and removal of the team's roles, tasks and zichtlijn entries, newest first.

    The structure of §5 and Bijlage 9 changes over time (the support team adjusts its roles every two weeks),
    and a removed role must still show who held it and who removed it."""
    kinds = (
        (RoleAssignment, gettext_lazy("Role")),
        (TeamTask, gettext_lazy("Task")),
        (ZichtlijnEntry, gettext_lazy("Zichtlijn")),
    )
    entries = []
    for model, kind in kinds:
        records = model.history.filter(team_id=team.pk).select_related("history_user")
        if model is RoleAssignment:
            records = records.select_related("person")
        for record in records.order_by("-history_date")[:limit]:
            entries.append(
                {
                    "kind": kind,
                    "kind_of_change": kind_label(record.history_type),
                    "record": record,
                    "text": str(record.instance),
                }
            )
    entries.sort(key=lambda entry: (entry["record"].history_date, entry["record"].history_id), reverse=True)
    return entries[:limit]


def calendar_feed_user(token: str) -> Any:
    """The active user whose calendar subscription token this is, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash_of(token), user__is_active=True)
        .first()
    )
    return feed.user if feed is not None else None


def team_meetings_for_calendar(team: Team) -> QuerySet[SteeringMeeting]:
    """A team's steering meetings, the latest first (a calendar shows past and upcoming ones)."""
    return (
        SteeringMeeting.objects.filter(team=team)
        .select_related("team")
        .prefetch_related("agenda_items")
        .order_by("-date", "-pk")
    )
