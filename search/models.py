"""The search index: one row per searchable object, derived from the apps' own records (search.providers).

Not audited: every row is computed from a record that is, and the whole table can be rebuilt from them
(`regiekamer search-index`). The full-text column (PostgreSQL) or table (SQLite FTS5) is added by migration
0002 on the database it belongs to; the ORM does not see it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=30)  # a provider's kind: "project", "organisation", ...
    object_id = models.BigIntegerField(_("object"))
    group = models.CharField(_("group"), max_length=40, blank=True)  # a catalogue entry's list
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "group", "object_id"], name="search_entry_unique_object")
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="search_entry_kind_object")]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return self.title
