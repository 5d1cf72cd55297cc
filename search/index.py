"""Keeping the index in step with its sources: a saved or deleted object is re-indexed in the same
transaction (post_save / post_delete), and `rebuild()` writes the whole index anew (the command
`regiekamer search-index`, and the demo), which also catches writes that send no signal (bulk_create,
QuerySet.update)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from .models import SearchEntry
from .providers import Provider, for_model, providers

BATCH = 2000
MAX_TITLE = 300


def _entries(provider: Provider, obj: models.Model) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=provider.kind,
            object_id=obj.pk,
            group=document.group,
            title=document.title[:MAX_TITLE],
            body=document.body,
            url=document.url,
        )
        for document in provider.documents(obj)
    ]


def store(provider: Provider, obj: models.Model) -> None:
    """(Re)index one object: its old rows go, its current ones are written."""
    SearchEntry.objects.filter(kind=provider.kind, object_id=obj.pk).delete()
    SearchEntry.objects.bulk_create(_entries(provider, obj))


def remove(provider: Provider, pk: Any) -> None:
    SearchEntry.objects.filter(kind=provider.kind, object_id=pk).delete()


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the rebuild covers fixtures
        return
    for provider in for_model(sender):
        store(provider, instance)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for provider in for_model(sender):
        remove(provider, instance.pk)


def _part_changed(provider: Provider, owner: Callable[[Any], Any]) -> Callable[..., None]:
    def changed(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
        if raw:
            return
        try:
            found = owner(instance)
        except ObjectDoesNotExist:
            return
        # A part deleted with its object (a cascade) finds the object gone: nothing to index then.
        if found is not None and type(found)._default_manager.filter(pk=found.pk).exists():
            store(provider, type(found)._default_manager.get(pk=found.pk))

    return changed


def connect_signals() -> None:
    for provider in providers():
        uid = f"search-index-{provider.kind}"
        post_save.connect(_saved, sender=provider.model, dispatch_uid=uid, weak=False)
        post_delete.connect(_deleted, sender=provider.model, dispatch_uid=uid, weak=False)
        for number, (model, owner) in enumerate(provider.parts):
            handler = _part_changed(provider, owner)
            part_uid = f"{uid}-part-{number}"
            post_save.connect(handler, sender=model, dispatch_uid=part_uid, weak=False)
            post_delete.connect(handler, sender=model, dispatch_uid=part_uid, weak=False)


@transaction.atomic
def rebuild(progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write the whole index anew from the sources; returns the number of rows per kind."""
    SearchEntry.objects.all().delete()
    counts: dict[str, int] = {}
    for provider in providers():
        batch: list[SearchEntry] = []
        count = 0
        for obj in provider.queryset().iterator(chunk_size=BATCH):
            batch.extend(_entries(provider, obj))
            if len(batch) >= BATCH:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        counts[provider.kind] = count + len(batch)
        if progress is not None:
            progress(provider.kind, counts[provider.kind])
    return counts
