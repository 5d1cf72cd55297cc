"""Signals other apps listen to, so that the register needs to know nothing about them; and the receivers that
keep the coverage counts with the register (keep_coverage)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.dispatch import Signal

# Sent once per committed transaction that created, renamed or imported organisations, with the names that
# appeared (`names`) and the organisations concerned (`organisation_ids`). The portfolio app re-links the
# impact sheets whose actor texts name one of them, and no others.
register_changed = Signal()

# Sent inside the transaction by a bulk write of organisations (the importer's bulk inserts and updates),
# which sends no model signals: what keeps counts of the register follows it as it follows a save.
register_written = Signal()


def announce_register_changed(*, names: Iterable[str] = (), organisation_ids: Iterable[int] = ()) -> None:
    """Collect what changed and send register_changed once, after the current transaction commits (at once
    outside a transaction). Several changes in one transaction (an import, a hand-over with K new parties)
    make one signal carrying all of them."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _send_now(set(names), set(organisation_ids))
        return
    state = getattr(connection, "_register_changed", None)
    waiting = any(callback is _send for _savepoints, callback, _robust in connection.run_on_commit)
    if state is None or not state["pending"] or not waiting:
        # Nothing waits to be sent: what the connection collected before was sent or rolled back.
        state = {"names": set(), "ids": set(), "pending": True}
        connection._register_changed = state  # type: ignore[attr-defined]
        transaction.on_commit(_send)
    state["names"].update(name for name in names if name)
    state["ids"].update(organisation_ids)


def _send() -> None:
    connection = transaction.get_connection()
    state = getattr(connection, "_register_changed", None)
    connection._register_changed = None  # type: ignore[attr-defined]
    if state is not None:
        _send_now(state["names"], state["ids"])


def _send_now(names: set[str], ids: set[int]) -> None:
    from .models import Organisation

    if names or ids:
        register_changed.send(sender=Organisation, names=names, organisation_ids=ids)


def keep_coverage() -> None:
    """The kept coverage counts (services.coverage_refresh) follow every single save and delete of an
    organisation, a source link or an innovation, whoever makes it (a service, the admin, a test factory), in
    the same transaction. An organisation's deletion is counted before it happens (pre_delete: its mark still
    says what it added); the links and innovations deleted with it are then not counted again."""
    from django.db.models.signals import post_delete, post_save, pre_delete

    from . import services
    from .models import Innovation, Organisation, OrganisationSource

    def deleting() -> set[int]:
        connection = transaction.get_connection()
        if not hasattr(connection, "_coverage_deleting"):
            connection._coverage_deleting = set()  # type: ignore[attr-defined]
        return connection._coverage_deleting  # type: ignore[attr-defined]

    def organisation_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            services.coverage_refresh([instance.pk])

    def organisation_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
        deleting().add(instance.pk)
        services.coverage_refresh([instance.pk], deleting=True)

    def organisation_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        deleting().discard(instance.pk)

    def part_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw and instance.organisation_id not in deleting():
            services.coverage_refresh([instance.organisation_id])

    post_save.connect(organisation_saved, sender=Organisation, weak=False, dispatch_uid="coverage.org")
    pre_delete.connect(organisation_deleting, sender=Organisation, weak=False, dispatch_uid="coverage.org")
    post_delete.connect(organisation_deleted, sender=Organisation, weak=False, dispatch_uid="coverage.org")
    for model in (OrganisationSource, Innovation):
        uid = f"coverage.{model.__name__}"
        post_save.connect(part_changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(part_changed, sender=model, weak=False, dispatch_uid=uid)


def keep_network() -> None:
    """The kept collaboration network (services.network_refresh) follows every single membership that is
    created or deleted and every save of a collaboration (its name is the links' label), whoever makes it, in
    the same transaction. A membership is never moved to another organisation or collaboration (the services
    create and delete them), so a membership saved again changes no pair and is not counted again. Every save
    of an existing organisation that may rename it reads its name into its links again
    (services.network_names_refresh: the page's sort keys)."""
    from django.db.models.signals import post_delete, post_save

    from .models import Collaboration, CollaborationMember, Organisation
    from .services.network import network_names_refresh, network_refresh

    def membership_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any):
        if created and not raw:
            network_refresh(organisation_ids=[instance.organisation_id])

    def membership_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        network_refresh(organisation_ids=[instance.organisation_id])

    def collaboration_saved(
        sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any
    ):
        if not created and not raw:
            members = CollaborationMember.objects.filter(collaboration=instance).values_list(
                "organisation_id"
            )
            network_refresh(organisation_ids=[organisation_id for (organisation_id,) in members])

    post_save.connect(membership_saved, sender=CollaborationMember, weak=False, dispatch_uid="network.member")
    post_delete.connect(
        membership_deleted, sender=CollaborationMember, weak=False, dispatch_uid="network.member"
    )

    def organisation_saved(
        sender: Any,
        instance: Any,
        created: bool = False,
        raw: bool = False,
        update_fields: Any = None,
        **kwargs: Any,
    ):
        if created or raw or (update_fields is not None and "name" not in update_fields):
            return  # a new organisation is in no link yet
        network_names_refresh(organisation_ids=[instance.pk])

    post_save.connect(collaboration_saved, sender=Collaboration, weak=False, dispatch_uid="network.collab")
    post_save.connect(organisation_saved, sender=Organisation, weak=False, dispatch_uid="network.org")
