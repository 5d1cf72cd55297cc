"""Engagement with the key stakeholders (phases 2 and 3 of Bijlage 4): issue analyses placed in the Mendelow
matrix, the communication plan, the stakeholder risk register."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction

from accounts.authorization import require
from accounts.models import User
from regiekamer.concurrency import update_versioned

from ..models import CommunicationPlanEntry, IssueAnalysis, Organisation, RiskEntry


@transaction.atomic
def issue_analysis_save(
    *,
    organisation: Organisation,
    actor: User,
    analysis: IssueAnalysis | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> IssueAnalysis:
    """Fase 2/3: create or edit an issue analysis (influence and interest place it in the Mendelow matrix).
    An edit names the version it read."""
    require(actor, "stakeholders.edit_engagement", analysis or organisation)
    return _create_or_update(IssueAnalysis, analysis, organisation, expected_version, fields)


@transaction.atomic
def mendelow_place(
    *, analysis: IssueAnalysis, influence: str, interest: str, actor: User, expected_version: int
) -> IssueAnalysis:
    """Move a stakeholder in the Mendelow matrix."""
    return issue_analysis_save(
        organisation=analysis.organisation,
        analysis=analysis,
        actor=actor,
        expected_version=expected_version,
        influence=influence,
        interest=interest,
    )


@transaction.atomic
def communication_entry_create(
    *,
    analysis: IssueAnalysis,
    communicator: str,
    channel: str,
    frequency: str,
    purpose: str = "",
    actor: User,
) -> CommunicationPlanEntry:
    require(actor, "stakeholders.edit_engagement", analysis)
    entry = CommunicationPlanEntry(
        analysis=analysis, communicator=communicator, channel=channel, frequency=frequency, purpose=purpose
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def risk_save(
    *,
    organisation: Organisation,
    actor: User,
    risk: RiskEntry | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> RiskEntry:
    """The stakeholder risk register: current vs desired engagement, priority, actions, action holder. An
    edit names the version it read."""
    require(actor, "stakeholders.edit_engagement", risk or organisation)
    return _create_or_update(RiskEntry, risk, organisation, expected_version, fields)


M = TypeVar("M", IssueAnalysis, RiskEntry)


def _create_or_update(
    model: type[M],
    record: M | None,
    organisation: Organisation,
    expected_version: int | None,
    fields: dict[str, Any],
) -> M:
    """A new record of the organisation's engagement analysis, or an edit that names the version it read."""
    if record is None:
        record = model(organisation=organisation, **fields)
        record.full_clean()
        record.save()
        return record
    if expected_version is None:
        raise TypeError(f"{model.__name__}: an edit needs the expected_version it read")
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    update_versioned(record, expected_version=expected_version, fields=list(fields))
    return record
