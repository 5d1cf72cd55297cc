"""A declarative state workflow, interpreted without Django: one engine, several definitions.

A definition is data (JSON or a Python dict of the same shape): states, per state the criteria that must
hold before the state may be left, the fields and artefacts those criteria need, the allowed transitions
between states, and status actions (pause, stop, reopen). `parse_workflow` reads it into frozen dataclasses
and the `Workflow` answers two questions for a snapshot of an object: where may it go (`allowed_targets`),
and what is still missing before it may go there (`missing_items`). It knows nothing about projects,
applications, users or decisions. The definitions live with their apps: the Leidraad projecten in
`portfolio/workflow.py` (`portfolio/data/leidraad.json`), the application statuses in `intake/workflow.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


class WorkflowError(ValueError):
    """The workflow definition is inconsistent (unknown state, artefact, field or duplicate code)."""


@dataclass(frozen=True)
class FieldSpec:
    code: str
    name: str
    source_section: str = ""


@dataclass(frozen=True)
class ArtefactPart:
    code: str
    name: str


@dataclass(frozen=True)
class ArtefactType:
    code: str
    name: str
    source_section: str = ""
    requires_signature: bool = False
    parts: tuple[ArtefactPart, ...] = ()


@dataclass(frozen=True)
class Criterion:
    code: str
    kind: str  # "result" or "process"
    text: str
    state: str
    source_section: str = ""
    requires_fields: tuple[str, ...] = ()
    requires_artefacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArtefactRequirement:
    type: str
    parts: tuple[str, ...] = ()
    signed: bool = False
    max_age_days: int | None = None


@dataclass(frozen=True)
class State:
    code: str
    name: str
    name_en: str
    number: int | None
    source_section: str
    purpose: str = ""
    terminal: bool = False
    summary_result: tuple[str, ...] = ()
    summary_process: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    required_artefacts: tuple[ArtefactRequirement, ...] = ()


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    # "advance" (gated by the source state's criteria), "cycle" (back, not gated), or "repeat": the object
    # stays in its state and the step is recorded again (a new advice superseding the previous one)
    kind: str
    gate: bool = True
    requires_decision: bool = True
    source_section: str = ""


@dataclass(frozen=True)
class StatusAction:
    code: str
    sources: tuple[str, ...]
    target: str
    requires_decision: bool = True
    requires_reason: bool = False


@dataclass(frozen=True)
class ArtefactFact:
    """An artefact the object has: its type, the parts it covers, whether signed, its date."""

    type: str
    dated: date
    parts: frozenset[str] = frozenset()
    signed: bool = False


@dataclass(frozen=True)
class Snapshot:
    """What the engine needs to know about one object."""

    state: str
    status: str = "active"
    confirmed: frozenset[str] = frozenset()  # codes of the criteria confirmed to hold
    filled_fields: frozenset[str] = frozenset()
    artefacts: tuple[ArtefactFact, ...] = ()


@dataclass(frozen=True)
class MissingItem:
    """One reason a move cannot happen yet. `kind` is one of the KIND_* values; `code` names the rule."""

    kind: str
    code: str
    label: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.label}: {self.detail}" if self.detail else self.label


# Transition kinds
ADVANCE = "advance"
CYCLE = "cycle"
REPEAT = "repeat"

KIND_TRANSITION = "transition"
KIND_STATUS = "status"
KIND_CRITERION = "criterion"
KIND_FIELD = "field"
KIND_ARTEFACT = "artefact"
KIND_ARTEFACT_PART = "artefact_part"
KIND_ARTEFACT_SIGNATURE = "artefact_signature"
KIND_ARTEFACT_STALE = "artefact_stale"
KIND_REASON = "reason"


@dataclass(frozen=True)
class Workflow:
    code: str
    name: str
    source_section: str
    initial_state: str
    initial_status: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    status_actions: tuple[StatusAction, ...]
    statuses: tuple[tuple[str, str, str], ...]  # (code, name, name_en)
    moving_statuses: frozenset[str]
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    artefact_types: dict[str, ArtefactType] = field(default_factory=dict)

    # -- lookups --
    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        raise WorkflowError(f"unknown state {code!r}")

    def state_codes(self) -> list[str]:
        return [state.code for state in self.states]

    def criterion(self, code: str) -> Criterion:
        for state in self.states:
            for criterion in state.criteria:
                if criterion.code == code:
                    return criterion
        raise WorkflowError(f"unknown criterion {code!r}")

    def transition(self, source: str, target: str) -> Transition | None:
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def status_action(self, code: str) -> StatusAction:
        for action in self.status_actions:
            if action.code == code:
                return action
        raise WorkflowError(f"unknown status action {code!r}")

    def status_name(self, code: str, *, english: bool = False) -> str:
        for status_code, name, name_en in self.statuses:
            if status_code == code:
                return name_en if english else name
        raise WorkflowError(f"unknown status {code!r}")

    # -- questions --
    def allowed_targets(self, state: str) -> list[str]:
        """The states a decision may move an object in `state` to, in workflow order."""
        self.state(state)
        targets = {t.target for t in self.transitions if t.source == state}
        return [code for code in self.state_codes() if code in targets]

    def allowed_status_actions(self, status: str) -> list[str]:
        return [action.code for action in self.status_actions if status in action.sources]

    def missing_items(self, snapshot: Snapshot, target: str, *, today: date) -> list[MissingItem]:
        """Everything that stops `snapshot` from moving to `target` today; empty when it may be decided."""
        target_state = self.state(target)
        transition = self.transition(snapshot.state, target)
        if transition is None:
            allowed = ", ".join(self.state(code).name for code in self.allowed_targets(snapshot.state)) or "-"
            return [
                MissingItem(
                    KIND_TRANSITION,
                    f"{snapshot.state}->{target}",
                    f"{self.state(snapshot.state).name} → {target_state.name}",
                    f"not an allowed transition (allowed: {allowed})",
                )
            ]
        missing: list[MissingItem] = []
        if snapshot.status not in self.moving_statuses:
            missing.append(
                MissingItem(
                    KIND_STATUS,
                    snapshot.status,
                    self.status_name(snapshot.status),
                    "the object must be reopened first",
                )
            )
        if transition.gate:
            missing.extend(self.gate_missing_items(snapshot, snapshot.state, today=today))
        return missing

    def gate_missing_items(self, snapshot: Snapshot, state_code: str, *, today: date) -> list[MissingItem]:
        """What is missing to leave `state_code`: criteria, fields, absent or incomplete artefacts."""
        state = self.state(state_code)
        missing: list[MissingItem] = []
        needed_fields: list[str] = []
        needed_artefacts: dict[str, ArtefactRequirement] = {}
        for criterion in state.criteria:
            if criterion.code not in snapshot.confirmed:
                missing.append(MissingItem(KIND_CRITERION, criterion.code, criterion.text, criterion.kind))
            for field_code in criterion.requires_fields:
                if field_code not in needed_fields:
                    needed_fields.append(field_code)
            for artefact_code in criterion.requires_artefacts:
                needed_artefacts.setdefault(artefact_code, ArtefactRequirement(type=artefact_code))
        for requirement in state.required_artefacts:
            needed_artefacts[requirement.type] = requirement  # the explicit requirement is the stricter one
        for field_code in needed_fields:
            if field_code not in snapshot.filled_fields:
                missing.append(MissingItem(KIND_FIELD, field_code, self.fields[field_code].name, "empty"))
        for requirement in needed_artefacts.values():
            missing.extend(self._artefact_missing(snapshot, requirement, today=today))
        return missing

    def _artefact_missing(
        self, snapshot: Snapshot, requirement: ArtefactRequirement, *, today: date
    ) -> list[MissingItem]:
        artefact_type = self.artefact_types[requirement.type]
        candidates = [fact for fact in snapshot.artefacts if fact.type == requirement.type]
        if not candidates:
            return [MissingItem(KIND_ARTEFACT, artefact_type.code, artefact_type.name, "not present")]
        # The requirement holds if one artefact of the type satisfies every condition; otherwise report the
        # shortcomings of the newest one, which is the one people will amend.
        newest = max(candidates, key=lambda fact: fact.dated)
        for fact in candidates:
            if not self._artefact_problems(fact, requirement, artefact_type, today=today):
                return []
        return self._artefact_problems(newest, requirement, artefact_type, today=today)

    @staticmethod
    def _artefact_problems(
        fact: ArtefactFact, requirement: ArtefactRequirement, artefact_type: ArtefactType, *, today: date
    ) -> list[MissingItem]:
        problems: list[MissingItem] = []
        part_names = {part.code: part.name for part in artefact_type.parts}
        for part in requirement.parts:
            if part not in fact.parts:
                problems.append(
                    MissingItem(
                        KIND_ARTEFACT_PART,
                        f"{artefact_type.code}.{part}",
                        f"{artefact_type.name} {part}",
                        part_names.get(part, part),
                    )
                )
        if (requirement.signed or artefact_type.requires_signature) and not fact.signed:
            problems.append(
                MissingItem(KIND_ARTEFACT_SIGNATURE, artefact_type.code, artefact_type.name, "not signed")
            )
        if requirement.max_age_days is not None and (today - fact.dated).days > requirement.max_age_days:
            problems.append(
                MissingItem(
                    KIND_ARTEFACT_STALE,
                    artefact_type.code,
                    artefact_type.name,
                    f"latest is {(today - fact.dated).days} days old (at most {requirement.max_age_days})",
                )
            )
        return problems

    def status_missing_items(self, *, status: str, action: str, has_reason: bool) -> list[MissingItem]:
        """What stops `action` (pause/stop/reopen) on an object with `status`."""
        status_action = self.status_action(action)
        missing: list[MissingItem] = []
        if status not in status_action.sources:
            missing.append(
                MissingItem(
                    KIND_STATUS,
                    status,
                    self.status_name(status),
                    f"'{action}' is not possible from this status",
                )
            )
        if status_action.requires_reason and not has_reason:
            missing.append(MissingItem(KIND_REASON, action, action, "a reason is required"))
        return missing

    def track(self, current: str) -> list[tuple[State, str]]:
        """The states in order, each with 'done', 'current' or 'todo' relative to `current`."""
        codes = self.state_codes()
        position = codes.index(self.state(current).code)
        return [
            (state, "done" if index < position else "current" if index == position else "todo")
            for index, state in enumerate(self.states)
        ]


def parse_workflow(data: dict) -> Workflow:
    """Build a Workflow from its JSON form and check that every reference resolves."""
    try:
        fields = {
            item["code"]: FieldSpec(item["code"], item["name"], item.get("source_section", ""))
            for item in data.get("fields", [])
        }
        artefact_types = {
            item["code"]: ArtefactType(
                code=item["code"],
                name=item["name"],
                source_section=item.get("source_section", ""),
                requires_signature=bool(item.get("requires_signature", False)),
                parts=tuple(ArtefactPart(part["code"], part["name"]) for part in item.get("parts", [])),
            )
            for item in data.get("artefact_types", [])
        }
        states = tuple(
            State(
                code=item["code"],
                # A definition whose labels live elsewhere (Django choices) may leave the name out.
                name=item.get("name", item["code"]),
                name_en=item.get("name_en", item.get("name", item["code"])),
                number=item.get("number"),
                source_section=item.get("source_section", ""),
                purpose=item.get("purpose", ""),
                terminal=bool(item.get("terminal", False)),
                summary_result=tuple(item.get("summary_result", [])),
                summary_process=tuple(item.get("summary_process", [])),
                criteria=tuple(
                    Criterion(
                        code=c["code"],
                        kind=c["kind"],
                        text=c["text"],
                        state=item["code"],
                        source_section=c.get("source_section", ""),
                        requires_fields=tuple(c.get("requires_fields", [])),
                        requires_artefacts=tuple(c.get("requires_artefacts", [])),
                    )
                    for c in item.get("criteria", [])
                ),
                required_artefacts=tuple(
                    ArtefactRequirement(
                        type=r["type"],
                        parts=tuple(r.get("parts", [])),
                        signed=bool(r.get("signed", False)),
                        max_age_days=r.get("max_age_days"),
                    )
                    for r in item.get("required_artefacts", [])
                ),
            )
            for item in data["states"]
        )
        transitions = tuple(
            Transition(
                source=item["from"],
                target=item["to"],
                kind=item.get("kind", ADVANCE),
                gate=bool(item.get("gate", True)),
                requires_decision=bool(item.get("requires_decision", True)),
                source_section=item.get("source_section", ""),
            )
            for item in data["transitions"]
        )
        status_actions = tuple(
            StatusAction(
                code=item["code"],
                sources=tuple(item["from"]),
                target=item["to"],
                requires_decision=bool(item.get("requires_decision", True)),
                requires_reason=bool(item.get("requires_reason", False)),
            )
            for item in data.get("status_actions", [])
        )
        statuses = tuple(
            (item["code"], item["name"], item.get("name_en", item["name"]))
            for item in data.get("statuses", [{"code": "active", "name": "active"}])
        )
        workflow = Workflow(
            code=data["code"],
            name=data["name"],
            source_section=data.get("source_section", ""),
            initial_state=data["initial_state"],
            initial_status=data.get("initial_status", statuses[0][0]),
            states=states,
            transitions=transitions,
            status_actions=status_actions,
            statuses=statuses,
            moving_statuses=frozenset(data.get("moving_statuses", [statuses[0][0]])),
            fields=fields,
            artefact_types=artefact_types,
        )
    except KeyError as error:
        raise WorkflowError(f"missing key {error}") from error
    _validate(workflow)
    return workflow


def _validate(workflow: Workflow) -> None:
    state_codes = workflow.state_codes()
    if len(set(state_codes)) != len(state_codes):
        raise WorkflowError("duplicate state code")
    if workflow.initial_state not in state_codes:
        raise WorkflowError(f"initial state {workflow.initial_state!r} is not a state")
    criterion_codes = [c.code for s in workflow.states for c in s.criteria]
    duplicates = {code for code in criterion_codes if criterion_codes.count(code) > 1}
    if duplicates:
        raise WorkflowError(f"duplicate criterion code(s): {', '.join(sorted(duplicates))}")
    status_codes = {code for code, _, _ in workflow.statuses}
    for state in workflow.states:
        for criterion in state.criteria:
            if criterion.kind not in ("result", "process"):
                raise WorkflowError(f"criterion {criterion.code}: kind must be result or process")
            for field_code in criterion.requires_fields:
                if field_code not in workflow.fields:
                    raise WorkflowError(f"criterion {criterion.code}: unknown field {field_code!r}")
            for artefact_code in criterion.requires_artefacts:
                if artefact_code not in workflow.artefact_types:
                    raise WorkflowError(
                        f"criterion {criterion.code}: unknown artefact type {artefact_code!r}"
                    )
        for requirement in state.required_artefacts:
            artefact_type = workflow.artefact_types.get(requirement.type)
            if artefact_type is None:
                raise WorkflowError(f"state {state.code}: unknown artefact type {requirement.type!r}")
            known_parts = {part.code for part in artefact_type.parts}
            unknown = set(requirement.parts) - known_parts
            if unknown:
                raise WorkflowError(
                    f"state {state.code}: unknown part(s) {sorted(unknown)} of {requirement.type}"
                )
    for transition in workflow.transitions:
        for code in (transition.source, transition.target):
            if code not in state_codes:
                raise WorkflowError(
                    f"transition {transition.source}->{transition.target}: unknown state {code!r}"
                )
        if transition.source == transition.target and transition.kind != REPEAT:
            raise WorkflowError(f"transition {transition.source}->{transition.target} goes nowhere")
        if workflow.state(transition.source).terminal:
            raise WorkflowError(f"transition leaves terminal state {transition.source!r}")
    for action in workflow.status_actions:
        for code in (*action.sources, action.target):
            if code not in status_codes:
                raise WorkflowError(f"status action {action.code}: unknown status {code!r}")
    if workflow.initial_status not in status_codes:
        raise WorkflowError(f"initial status {workflow.initial_status!r} is not a status")


def load_workflow(path: Path | str) -> Workflow:
    with open(path, encoding="utf-8") as handle:
        return parse_workflow(json.load(handle))
