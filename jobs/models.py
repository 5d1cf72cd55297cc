"""The run record of a background job: who started it, what it does, how far it is, how it ended.

The task itself is a row of django-tasks-db (the queue); this record is what a person sees. Status changes
are saved (and so kept in the audit trail); heartbeats and progress are plain updates, not history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel
from regiekamer.texts import Message, translate


class JobRun(AuditedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        LOST = "lost", _("Lost")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    ENDED = (Status.DONE, Status.FAILED, Status.LOST, Status.CANCELLED)

    kind = models.CharField(_("kind"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="job_runs",
        verbose_name=_("started by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    # The same key twice while the first job is queued or running is refused (one import of a file at a time).
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    # Who may see what the job read and produced: a permission action ("<app>.<action>").
    view_action = models.CharField(_("permission to see its output"), max_length=100)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    restarted_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="restarts"
    )
    cancel_requested = models.BooleanField(_("cancellation requested"), default=False)

    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    step = models.JSONField(_("step"), null=True, blank=True)  # a message (see message_json)
    messages = models.JSONField(_("messages"), default=list, blank=True)  # messages, oldest first
    result = models.JSONField(_("result"), default=dict, blank=True)  # the job's own summary
    error = models.JSONField(_("error"), null=True, blank=True)  # a message, never a traceback
    output_file = models.CharField(_("output file"), max_length=300, blank=True)  # in default_storage
    output_name = models.CharField(_("output file name"), max_length=200, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)  # a page in Regiekamer showing the result

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(status__in=["queued", "running"]) & ~Q(dedupe_key=""),
                name="jobs_one_active_job_per_dedupe_key",
            )
        ]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["started_by", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        from .registry import kind_label

        return kind_label(self.kind)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, 100 * self.progress_done // self.progress_total)

    @property
    def step_text(self) -> str:
        return message_text(self.step) if self.step else ""

    @property
    def error_text(self) -> str:
        return message_text(self.error) if self.error else ""

    @property
    def message_texts(self) -> list[str]:
        return [message_text(m) for m in self.messages]

    @property
    def duration(self):
        if self.started_at is None:
            return None
        from django.utils import timezone

        return (self.finished_at or timezone.now()) - self.started_at


def message_json(message: str) -> dict[str, Any]:
    """A message as stored: a regiekamer.texts.Message keeps its template and parameters (shown in the
    reader's language); any other text is stored as it is (the worker writes in the site language)."""
    if isinstance(message, Message):
        params = {k: (message_json(v) if isinstance(v, Message) else v) for k, v in message.params.items()}
        return {"template": message.template, "params": params}
    return {"text": str(message)}


def _grouped(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return value


def message_text(stored: dict[str, Any]) -> str:
    """A stored message in the active language. A whole number among its parameters is a count ("%(n)s rows
    exported.") and is written as the reader's language groups it: 100.000 in Dutch, not 100000."""
    if "template" in stored:
        params = {
            k: (
                Message(v["template"], **v.get("params", {}))
                if isinstance(v, dict) and "template" in v
                else _grouped(v)
            )
            for k, v in stored.get("params", {}).items()
        }
        return translate(Message(stored["template"], **params))
    return str(stored.get("text", ""))


class WorkerBeat(models.Model):
    """A running worker process says it is alive (the /healthz check "jobs" reads this). Not audited: a
    technical record, rewritten every heartbeat."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=200)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
