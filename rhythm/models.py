"""The programme's rhythm (§4.3-§4.4, Bijlage 6-8): reporting cycles of projects, and the notifications that
drive the rhythm (reminders, invitations, decisions, approvals, status changes) with each person's choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel, VersionedModel

from .calendar import CYCLE_MONTHS, DEFAULT_MONTHS


class ReportingCycle(VersionedModel):
    """How often a project reports its progress, from when. A running project without one reports every
    quarter from its start date (rhythm.calendar.DEFAULT_MONTHS)."""

    project = models.OneToOneField(
        "portfolio.Project", models.CASCADE, related_name="reporting_cycle", verbose_name=_("project")
    )
    months = models.PositiveSmallIntegerField(
        _("a progress report every"),
        choices=[(m, m) for m in CYCLE_MONTHS],
        default=DEFAULT_MONTHS,
    )
    starts_on = models.DateField(_("cycle starts on"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")

    def __str__(self) -> str:
        return f"{self.project.number}: {self.months}"


class ReportDue(models.Model):
    """The due date of the progress report a project owes (rhythm.calendar.next_due of its cycle and reports).
    It does not depend on the day, so it is kept with the project: rhythm.signals refreshes it in the
    transaction that saves or deletes a progress report, a project or a reporting cycle, and
    services.report_dues_rebuild recomputes every project's (the migration that added it, bulk loads).
    "Late" is then `due < today`, a count in the database however many projects run."""

    project = models.OneToOneField(
        "portfolio.Project", models.CASCADE, primary_key=True, related_name="report_due"
    )
    due = models.DateField(null=True)  # None: no start date and no cycle

    class Meta:
        # The overdue list filters and orders by the due date: the database walks this index from the
        # oldest date and stops after a page, instead of sorting every running project's row.
        indexes = [models.Index(fields=["due"], name="rhythm_reportdue_due_idx")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.due}"


class Kind(models.TextChoices):
    """The kinds of notification; each person chooses per kind how to receive it."""

    REPORT_DUE_SOON = "report_due_soon", _("Progress report due in 7 days")
    REPORT_DUE_TODAY = "report_due_today", _("Progress report due today")
    REPORT_OVERDUE = "report_overdue", _("Progress report overdue")
    MEETING_INVITATION = "meeting_invitation", _("Invitation to a steering meeting")
    PROJECT_DECISION = "project_decision", _("Decision about your project")
    VALUE_AWAITING_APPROVAL = "value_awaiting_approval", _("Indicator value awaiting your approval")
    APPLICATION_STATUS = "application_status", _("Status of your application changed")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail and inbox")
    INBOX = "inbox", _("Inbox only")
    OFF = "off", _("Off")


class Notification(models.Model):
    """One notification to one person about one due item or event. The unique (kind, key, recipient) makes
    every notification exist once, however often the scheduled run or an event handler tries to make it;
    its e-mail is claimed (pending -> sending) before it is sent, so it is sent at most once too."""

    class Mail(models.TextChoices):
        NONE = "none", _("no e-mail")
        PENDING = "pending", _("to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("could not be sent")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("due item"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    # A copy for the team lead of what went to the project lead ("cc").
    is_copy = models.BooleanField(_("copy"), default=False)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mail = models.CharField(_("e-mail"), max_length=8, choices=Mail.choices, default=Mail.NONE)
    mailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="rhythm_notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="rhythm_notif_unread_idx"),
            models.Index(fields=["mail"], name="rhythm_notif_mail_idx"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient_id}"


class Preference(AuditedModel):
    """How a person receives one kind of notification (no row: by e-mail and in the inbox); audited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("how"), max_length=5, choices=Channel.choices, default=Channel.EMAIL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="rhythm_preference_once")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class MailLanguage(AuditedModel):
    """The language a person's e-mails are written in (no row: Dutch); audited."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="mail_language")
    language = models.CharField(_("language of e-mails"), max_length=5, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("e-mail language")
        verbose_name_plural = _("e-mail languages")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
