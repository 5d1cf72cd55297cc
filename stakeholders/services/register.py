"""The register itself: sources, organisations, their innovations and people, and the logged export of person
records."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.authorization import Permit, require
from accounts.models import User
from regiekamer.concurrency import update_versioned

from ..models import Innovation, Organisation, OrganisationSource, PeopleExportLog, Person, Source
from ..signals import announce_register_changed


def sources_ensure() -> None:
    """The seven sources of Bijlage 4 exist (idempotent; the data migration creates them too, but a test
    database flushed by a browser test loses migration data). Reference data, not a user's write."""
    from regiekamer.models import upsert

    from ..reference import MANUAL_SECTION, SECTION, SOURCES

    for code, name, order in SOURCES:
        section = MANUAL_SECTION if code == "handmatig" else SECTION
        defaults = {"name": name, "order": order, "source_section": section}
        upsert(Source, lookup={"code": code}, defaults=defaults)


@transaction.atomic
def organisation_create(
    *,
    name: str,
    actor: User,
    source: Source | None = None,
    granted_by: Permit | None = None,
    **fields: Any,
) -> Organisation:
    """A new organisation in the register, from the source that named it (by hand when none). A use case of
    another app that adds organisations (the intake hand-over) passes its permit as `granted_by`."""
    require(actor, "stakeholders.edit_register", granted_by=granted_by)
    sbi_codes = fields.pop("sbi_codes", None)
    organisation = Organisation(name=name, **fields)
    organisation.full_clean()
    organisation.save()
    if sbi_codes is not None:
        organisation.sbi_codes.set(sbi_codes)
    source = source or Source.objects.get(code="handmatig")
    OrganisationSource.objects.get_or_create(organisation=organisation, source=source)
    announce_register_changed(names=[organisation.name], organisation_ids=[organisation.pk])
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, expected_version: int, actor: User, **fields: Any
) -> Organisation:
    require(actor, "stakeholders.edit_register", organisation)
    sbi_codes = fields.pop("sbi_codes", None)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean(exclude=["kvk_number"] if "kvk_number" not in fields else None)
    update_versioned(organisation, expected_version=expected_version, fields=list(fields))
    if sbi_codes is not None:
        organisation.sbi_codes.set(sbi_codes)
    if "name" in fields:
        announce_register_changed(names=[organisation.name], organisation_ids=[organisation.pk])
    return organisation


@transaction.atomic
def innovation_create(
    *, organisation: Organisation, title: str, actor: User, description: str = ""
) -> Innovation:
    """An innovation of the organisation, to be categorised (categorisations 2 and 3)."""
    require(actor, "stakeholders.edit_register", organisation)
    return Innovation.objects.create(organisation=organisation, title=title, description=description)


@transaction.atomic
def person_create(*, organisation: Organisation, name: str, actor: User, **fields: Any) -> Person:
    """A person (change agent) of the organisation: personal data, kept by the register's editors."""
    require(actor, "stakeholders.edit_register", organisation)
    person = Person(organisation=organisation, name=name, **fields)
    person.full_clean()
    person.save()
    return person


def people_export_log(*, actor: User, query: str, rows: int) -> PeopleExportLog:
    """Every export of person records is logged (personal data)."""
    require(actor, "stakeholders.export_people")
    return PeopleExportLog.objects.create(user=actor, query=query[:500], rows=rows)
