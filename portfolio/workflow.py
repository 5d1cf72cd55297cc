"""The Leidraad projecten as a definition for the shared workflow engine (`regiekamer.workflow`).

The Leidraad (Werkwijze UPCM 2020, §4.3 and Bijlage 6) is stored as data in `data/leidraad.json`: states (the
phases), per state the criteria that must hold before the state may be left, the project fields and artefacts
those criteria need, the allowed transitions between states, and the status actions (pause, stop, reopen).
The engine's names are re-exported here so portfolio code keeps importing them from one place.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from regiekamer.workflow import (
    KIND_ARTEFACT,
    KIND_ARTEFACT_PART,
    KIND_ARTEFACT_SIGNATURE,
    KIND_ARTEFACT_STALE,
    KIND_CRITERION,
    KIND_FIELD,
    KIND_REASON,
    KIND_STATUS,
    KIND_TRANSITION,
    ArtefactFact,
    ArtefactPart,
    ArtefactRequirement,
    ArtefactType,
    Criterion,
    FieldSpec,
    MissingItem,
    Snapshot,
    State,
    StatusAction,
    Transition,
    Workflow,
    WorkflowError,
    load_workflow,
    parse_workflow,
)

__all__ = [
    "KIND_ARTEFACT",
    "KIND_ARTEFACT_PART",
    "KIND_ARTEFACT_SIGNATURE",
    "KIND_ARTEFACT_STALE",
    "KIND_CRITERION",
    "KIND_FIELD",
    "KIND_REASON",
    "KIND_STATUS",
    "KIND_TRANSITION",
    "LEIDRAAD_PATH",
    "ArtefactFact",
    "ArtefactPart",
    "ArtefactRequirement",
    "ArtefactType",
    "Criterion",
    "FieldSpec",
    "MissingItem",
    "Snapshot",
    "State",
    "StatusAction",
    "Transition",
    "Workflow",
    "WorkflowError",
    "allowed_targets",
    "leidraad",
    "load_workflow",
    "missing_items",
    "parse_workflow",
]

LEIDRAAD_PATH = Path(__file__).resolve().parent / "data" / "leidraad.json"


@cache
def leidraad() -> Workflow:
    """The Leidraad projecten as shipped in portfolio/data/leidraad.json (read once per process)."""
    return load_workflow(LEIDRAAD_PATH)


def allowed_targets(phase: str) -> list[str]:
    return leidraad().allowed_targets(phase)


def missing_items(state: Snapshot, target: str, *, today: date) -> list[MissingItem]:
    return leidraad().missing_items(state, target, today=today)
