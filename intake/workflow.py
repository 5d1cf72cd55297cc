"""The workflow of an application (seed 2 Bijlage 2; issue 8) as a definition for the shared workflow engine
(`regiekamer.workflow`, the engine that also runs the Leidraad projecten of the portfolio).

draft → submitted → in assessment → advised (Transitieagenda) → approved (Stuurgroep) → tender prepared →
running → closed; rejected and withdrawn from any status that is not final (a draft is withdrawn by its
consortium, not rejected). A new advice supersedes the previous one: advised → advised is a "repeat" step.
The status codes are defined here once; `intake.models.Status` gives them their translated labels. The moves
are not gated by criteria: the services check what each step needs (the automatic checks before submission,
the seven criteria, the advice and the quota before an approval). Pure Python: no Django.
"""

from __future__ import annotations

from typing import Any

from regiekamer.workflow import REPEAT, Workflow, parse_workflow

DRAFT = "draft"
SUBMITTED = "submitted"
IN_ASSESSMENT = "in_assessment"
ADVISED = "advised"
APPROVED = "approved"
TENDER_PREPARED = "tender_prepared"
RUNNING = "running"
CLOSED = "closed"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

_OPEN = (DRAFT, SUBMITTED, IN_ASSESSMENT, ADVISED, APPROVED, TENDER_PREPARED, RUNNING)

DEFINITION: dict[str, Any] = {
    "code": "application",
    "name": "Chain-breakthrough application",
    "source_section": "Instructie ketendoorbraakprojecten, Bijlage 2",
    "initial_state": DRAFT,
    "states": [
        *({"code": code} for code in _OPEN),
        {"code": CLOSED, "terminal": True},
        {"code": REJECTED, "terminal": True},
        {"code": WITHDRAWN, "terminal": True},
    ],
    "transitions": [
        {"from": DRAFT, "to": SUBMITTED, "gate": False},
        {"from": SUBMITTED, "to": IN_ASSESSMENT, "gate": False},
        {"from": IN_ASSESSMENT, "to": ADVISED, "gate": False},
        {"from": ADVISED, "to": ADVISED, "kind": REPEAT, "gate": False},
        {"from": ADVISED, "to": APPROVED, "gate": False},
        {"from": APPROVED, "to": TENDER_PREPARED, "gate": False},
        {"from": TENDER_PREPARED, "to": RUNNING, "gate": False},
        {"from": RUNNING, "to": CLOSED, "gate": False},
        *({"from": code, "to": REJECTED, "gate": False} for code in _OPEN if code != DRAFT),
        *({"from": code, "to": WITHDRAWN, "gate": False} for code in _OPEN),
    ],
}

APPLICATION_WORKFLOW: Workflow = parse_workflow(DEFINITION)

FINAL = frozenset(state.code for state in APPLICATION_WORKFLOW.states if state.terminal)
# Statuses in which a (superseding) Stuurgroep decision may be recorded: after the advice, or to supersede a
# decision before the tender is prepared.
DECIDABLE = frozenset({ADVISED, APPROVED, REJECTED})
# Statuses in which assessors work on the application (checklist, advice).
UNDER_ASSESSMENT = frozenset({IN_ASSESSMENT, ADVISED})
# Statuses of an application the programme supports (approved and the steps after it).
SUPPORTED = frozenset({APPROVED, TENDER_PREPARED, RUNNING, CLOSED})


def allowed_next(status: str) -> frozenset[str]:
    """Every status that may follow `status` (none for a status the workflow does not know)."""
    return frozenset(t.target for t in APPLICATION_WORKFLOW.transitions if t.source == status)


def can_move(from_status: str, to_status: str) -> bool:
    return APPLICATION_WORKFLOW.transition(from_status, to_status) is not None
