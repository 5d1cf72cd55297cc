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
