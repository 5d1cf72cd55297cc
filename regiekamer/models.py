"""Abstract bases shared by the domain apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AuditedModel(models.Model):
    """Every change is kept by django-simple-history: who, when, and the previous values."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class VersionedModel(AuditedModel):
    """Optimistic locking: a write names the version it read; see regiekamer.concurrency.update_versioned."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class SourcedModel(AuditedModel):
    """Reference data from the source documents keeps the section it comes from."""

    source_section = models.CharField(
        _("source section"), max_length=200, help_text=_("Document and section this entry is taken from.")
    )

    class Meta:
        abstract = True


def upsert(model, *, lookup: dict, defaults: dict):
    """update_or_create that writes only when something changed, so re-loading reference or demo data
    leaves no audit-trail noise. Returns (instance, created, changed)."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        return model._default_manager.create(**lookup, **defaults), True, True
    changed = [name for name, value in defaults.items() if not _same(instance, name, value)]
    if changed:
        for name in changed:
            setattr(instance, name, defaults[name])
        instance.save(update_fields=changed)
    return instance, False, bool(changed)


def update_or_create_quietly(model, defaults=None, **lookup):
    """Drop-in for `Model.objects.update_or_create(defaults=..., **lookup)` that writes only on change."""
    instance, created, _changed = upsert(model, lookup=lookup, defaults=defaults or {})
    return instance, created


def _same(instance, name: str, value) -> bool:
    """Whether `value` equals the stored field, compared as the field stores it ("1.50" == Decimal("1.5"))."""
    field = instance._meta.get_field(name)
    if field.is_relation:
        stored = getattr(instance, field.attname)
        return stored == (value.pk if isinstance(value, models.Model) else value)
    try:
        return field.to_python(value) == getattr(instance, name)
    except Exception:  # noqa: BLE001 - a value the field cannot parse is certainly a change
        return False


class SubmissionToken(models.Model):
    """A one-time token a form (or an API client's Idempotency-Key) sent with a write, kept once the write was
    stored (regiekamer.idempotency): the same submit a second time is refused instead of stored twice. Not
    audited itself: the write it guards is."""

    key = models.CharField(_("token"), max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=100)
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission token")
        verbose_name_plural = _("submission tokens")

    def __str__(self) -> str:
        return f"{self.purpose} {self.key}"
