"""Programme structure (§4, §5, Bijlage 9 of the Werkwijze UPCM): teams, people, roles per
horizon, zichtlijnen,
and the steering meetings (koersbepalersoverleg, KBO) with their decisions."""

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel, VersionedModel

from .extensions import known_agenda_subject

REGIETEAM_CODE = "regieteam"


class Person(VersionedModel):
    """Someone who holds a role in the programme; may be linked to a user account."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Team(VersionedModel):
    """One of the seven UPCM teams (§4.1, §5, Bijlage 9)."""

    class Level(models.TextChoices):
        TACTICAL = "tactical", _("tactical (0-10 yr)")
        OPERATIONAL = "operational", _("operational (0-5 yr)")
        SUPPORT = "support", _("support")

    class ProjectType(models.TextChoices):
        # §4.3: "Elk team initieert en beheert een bepaald type portfolio van projecten"
        INVESTMENT = "investment", _("investment projects")
        STRUCTURE = "structure", _("structure projects")
        ACTIVATION = "activation", _("activation projects")
        INNOVATION = "innovation", _("innovation projects")
        COURSE_SETTING = "course_setting", _("course-setting projects")
        INTERNATIONAL_ADVOCACY = "international_advocacy", _("international advocacy projects")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    pillar = models.ForeignKey(
        "catalogue.Pillar",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("pillar"),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    description = models.TextField(_("description"), blank=True)
    project_type = models.CharField(
        _("project type owned"), max_length=25, choices=ProjectType.choices, blank=True
    )
    lead = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_led",
        verbose_name=_("team lead"),
        help_text=_("Teamtrekker: (delegated) sponsor of the team's projects (§4.3)."),
    )
    linking_pin = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_as_linking_pin",
        verbose_name=_("linking pin"),
        help_text=_("A Regieteam member; chairs the team's steering meeting (§4.2, §4.3)."),
    )
    meeting_members = models.ManyToManyField(
        Person,
        blank=True,
        related_name="steering_meetings_member_of",
        verbose_name=_("steering-meeting members"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_section = models.CharField(_("source section"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:team-detail", kwargs={"code": self.code})


class TeamTask(AuditedModel):
    """A task of a team on a horizon (§5 'Taken per beslischorizon');
    horizon empty = overall task (§5 overview)."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="tasks", verbose_name=_("team"))
    horizon = models.ForeignKey(
        "catalogue.Horizon",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="team_tasks",
        verbose_name=_("horizon"),
    )
    heading = models.CharField(_("heading"), max_length=100, blank=True)  # e.g. "KETENSAMENWERKING"
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_section = models.CharField(_("source section"), max_length=200, blank=True)

    class Meta:
        ordering = ["team", "order"]
        verbose_name = _("team task")
        verbose_name_plural = _("team tasks")

    def __str__(self) -> str:
        return self.text[:80]


class RoleAssignment(AuditedModel):
    """An individual role on a horizon and who fills it (§5 'Individuele rol per beslishorizon', Bijlage 9).

    A role filled by several people has one row per person; an unfilled role has no person."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="roles", verbose_name=_("team"))
    horizon = models.ForeignKey(
        "catalogue.Horizon",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("horizon"),
    )
    title = models.CharField(_("role"), max_length=150)
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="roles", verbose_name=_("person")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_section = models.CharField(_("source section"), max_length=200, blank=True)

    class Meta:
        ordering = ["team", "order"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.title}: {self.person or '—'}"


class ZichtlijnEntry(AuditedModel):
    """A line of the zichtlijnen table (§4.2): key players, possible
    course-setters, and the team's resources."""

    class Kind(models.TextChoices):
        KEY_PLAYER = "key_player", _("key player")
        COURSE_SETTER = "course_setter", _("(possible) course-setter")
        RESOURCE = "resource", _("resources")

    team = models.ForeignKey(Team, models.CASCADE, related_name="zichtlijn", verbose_name=_("team"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_section = models.CharField(_("source section"), max_length=200, blank=True)

    class Meta:
        ordering = ["team", "kind", "order"]
        verbose_name = _("zichtlijn entry")
        verbose_name_plural = _("zichtlijn entries")

    def __str__(self) -> str:
        return self.text


class SteeringMeeting(VersionedModel):
    """A koersbepalersoverleg (KBO) of a team (§3.2.1, §4.3). Once closed it is read-only for everyone."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    team = models.ForeignKey(Team, models.PROTECT, related_name="meetings", verbose_name=_("team"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        Person, blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("steering meeting")
        verbose_name_plural = _("steering meetings")

    def __str__(self) -> str:
        return f"KBO {self.team} {date_format(self.date)}"

    def get_absolute_url(self) -> str:
        return reverse("programme:meeting-detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def agenda_text(self) -> str:
        """The agenda as numbered lines (for a calendar entry or an export)."""
        return "\n".join(f"{item.order}. {item.title}" for item in self.agenda_items.all())


class AgendaItem(AuditedModel):
    """An item on a meeting's agenda, in order. It may name what it is about (a project, say) and the gate on
    the table for it (the phase the project would move to); which subjects and gates exist is told by the
    apps that register agenda subjects (`programme.extensions`)."""

    meeting = models.ForeignKey(
        SteeringMeeting, models.CASCADE, related_name="agenda_items", verbose_name=_("steering meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    subject_content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("subject type")
    )
    subject_object_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject = GenericForeignKey("subject_content_type", "subject_object_id")
    gate = models.CharField(_("gate"), max_length=40, blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="uniq_agenda_item_order")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(AuditedModel):
    """A decision of a steering meeting. Append-only: never edited; a correction is a new decision that
    `supersedes` the old one. `subject` is what it decides on (e.g. a project, for a phase transition)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general")
        PHASE_TRANSITION = "phase_transition", _("phase transition")
        PAUSE = "pause", _("pause")
        STOP = "stop", _("stop")
        REOPEN = "reopen", _("reopen")
        OTHER = "other", _("other")

    meeting = models.ForeignKey(
        SteeringMeeting, models.PROTECT, related_name="decisions", verbose_name=_("steering meeting")
    )
    sequence = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    text = models.TextField(_("decision"))
    reasoning = models.TextField(_("reasoning"), blank=True)
    subject_content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("subject type")
    )
    subject_object_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject = GenericForeignKey("subject_content_type", "subject_object_id")
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    supersedes = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # Kinds that change a project: they are recorded with the project as their subject.
    SUBJECT_KINDS = frozenset({Kind.PHASE_TRANSITION, Kind.PAUSE, Kind.STOP, Kind.REOPEN})
    # Kinds a meeting records on its own page.
    GENERAL_KINDS = (Kind.GENERAL, Kind.OTHER)

    class Meta:
        ordering = ["meeting", "sequence"]
        constraints = [models.UniqueConstraint(fields=["meeting", "sequence"], name="uniq_decision_sequence")]
        indexes = [
            models.Index(fields=["subject_content_type", "subject_object_id"], name="decision_subject_idx")
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.meeting} #{self.sequence}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#decision-{self.sequence}"

    @property
    def shown_subject(self) -> Any:
        """The subject when the agenda-subject registry knows it for the meeting's team, else None: a decision
        recorded before subjects were checked may point at a record of another app or team (issue 15)."""
        subject = self.subject if self.subject_content_type_id else None
        return subject if known_agenda_subject(self.meeting.team, subject) else None


class EuBarrier(VersionedModel):
    """A barrier to a Dutch innovation function (F1-F8) that the programme put on the EU agenda: the count
    '# Op EU niveau geagendeerde belemmeringen NL innovatiefuncties' of the §4.4 dashboard (Verbreding). The
    NSP 'agendeert nationale CE-ambities op EU/mondiaal niveau' (§4.4 teams table)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    innovation_function = models.ForeignKey(
        "catalogue.InnovationFunction",
        models.PROTECT,
        related_name="eu_barriers",
        verbose_name=_("innovation function"),
    )
    team = models.ForeignKey(Team, models.PROTECT, related_name="eu_barriers", verbose_name=_("team"))
    cluster = models.ForeignKey(
        "catalogue.ProductCluster",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="eu_barriers",
        verbose_name=_("product cluster"),
        help_text=_("Empty when the barrier concerns no single product cluster."),
    )
    agenda_date = models.DateField(_("put on the EU agenda on"))
    forum = models.CharField(
        _("forum"), max_length=200, help_text=_("Where it was put on the agenda, e.g. EIP Raw Materials.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["-agenda_date", "pk"]
        verbose_name = _("barrier on the EU agenda")
        verbose_name_plural = _("barriers on the EU agenda")

    def __str__(self) -> str:
        return f"{self.title} ({self.innovation_function.code}, {date_format(self.agenda_date)})"


class CalendarFeed(AuditedModel):
    """A person's subscription URL for the steering meetings' calendar. Only a hash of the token is stored
    (the URL is shown once, when it is made); making a new one or revoking it ends the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def hash_of(token: str) -> str:
        """What is stored of a subscription token (and looked up when a calendar application calls)."""
        return hashlib.sha256(token.encode()).hexdigest()
