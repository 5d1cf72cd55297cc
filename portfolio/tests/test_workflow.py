"""The Leidraad workflow engine, without a database: every gate rule of Bijlage 6 as data."""

import copy
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.workflow import (
    KIND_ARTEFACT,
    KIND_ARTEFACT_PART,
    KIND_ARTEFACT_SIGNATURE,
    KIND_ARTEFACT_STALE,
    KIND_CRITERION,
    KIND_FIELD,
    KIND_REASON,
    KIND_STATUS,
    KIND_TRANSITION,
    LEIDRAAD_PATH,
    ArtefactFact,
    Snapshot,
    WorkflowError,
    leidraad,
    parse_workflow,
)

TODAY = date(2020, 10, 15)
WF = leidraad()
PHASES = ["initiation", "definition", "stakeholder_commitment", "execution", "evaluation"]
ALL_FIELDS = frozenset(WF.fields)
ALL_PARTS = frozenset({"i", "ii", "iii", "iv", "v", "vi"})


def complete_snapshot(state: str, **overrides) -> Snapshot:
    """A snapshot in `state` with every criterion confirmed, field filled and artefact in order."""
    artefacts = tuple(
        ArtefactFact(type=code, dated=TODAY, parts=ALL_PARTS, signed=True) for code in WF.artefact_types
    )
    values = {
        "state": state,
        "confirmed": frozenset(c.code for c in WF.state(state).criteria),
        "filled_fields": ALL_FIELDS,
        "artefacts": artefacts,
    }
    values.update(overrides)
    return Snapshot(**values)


def test_the_five_phases_of_bijlage_6_in_order_with_their_numbers():
    assert [(s.code, s.number, s.name) for s in WF.states[:5]] == [
        ("initiation", None, "Initiatie-traject"),
        ("definition", 1, "Projectdefinitie"),
        ("stakeholder_commitment", 2, "Stakeholder commitment"),
        ("execution", 3, "Uitvoering"),
        ("evaluation", 4, "Evaluatie"),
    ]
    assert WF.initial_state == "initiation"


def test_summary_table_of_bijlage_6_is_kept_per_phase():
    assert WF.state("stakeholder_commitment").summary_result == (
        "Voedingskracht",
        "Persoonlijke kracht",
        "Samenwerkingskracht",
        "Vormkracht",
    )
    assert WF.state("execution").summary_process == (
        "Rapportage",
        "Risico-analyse",
        "Kritische padanalyse",
        "Externe communicatie",
    )
    assert WF.state("evaluation").summary_process == ("Evaluatierapport", "Leerbijeenkomst")


@pytest.mark.parametrize(
    ("phase", "result", "process"),
    [
        # counted by hand from Bijlage 6 (plus the summary table's "Kans op impact", "Rapportage",
        # "Externe communicatie")
        ("initiation", 3, 10),
        ("definition", 4, 10),
        ("stakeholder_commitment", 6, 8),
        ("execution", 3, 6),
        ("evaluation", 3, 2),
    ],
)
def test_number_of_result_and_process_criteria_per_phase(phase, result, process):
    kinds = [c.kind for c in WF.state(phase).criteria]
    assert (kinds.count("result"), kinds.count("process")) == (result, process)


def test_every_criterion_names_its_source_section():
    for state in WF.states:
        for criterion in state.criteria:
            assert criterion.source_section.startswith("Bijlage 6"), criterion.code


@pytest.mark.parametrize(
    ("phase", "targets"),
    [
        ("initiation", ["definition"]),
        ("definition", ["stakeholder_commitment"]),
        ("stakeholder_commitment", ["definition", "execution"]),  # §4.3: phases 1 and 2 may cycle
        ("execution", ["evaluation"]),
        ("evaluation", ["closed"]),
        ("closed", []),
    ],
)
def test_allowed_targets(phase, targets):
    assert WF.allowed_targets(phase) == targets


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("initiation", "stakeholder_commitment"),
        ("initiation", "execution"),
        ("definition", "execution"),
        ("definition", "evaluation"),
        ("execution", "stakeholder_commitment"),
        ("evaluation", "execution"),
        ("initiation", "closed"),
        ("definition", "initiation"),
    ],
)
def test_skipping_or_going_back_outside_the_cycle_is_refused_even_when_everything_holds(source, target):
    missing = WF.missing_items(complete_snapshot(source), target, today=TODAY)
    assert [item.kind for item in missing] == [KIND_TRANSITION]
    assert missing[0].code == f"{source}->{target}"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("initiation", "definition"),
        ("definition", "stakeholder_commitment"),
        ("stakeholder_commitment", "execution"),
        ("execution", "evaluation"),
        ("evaluation", "closed"),
    ],
)
def test_complete_phase_may_advance(source, target):
    assert WF.missing_items(complete_snapshot(source), target, today=TODAY) == []


def test_cycle_back_from_commitment_to_definition_needs_no_gate():
    snapshot = Snapshot(state="stakeholder_commitment")
    assert WF.missing_items(snapshot, "definition", today=TODAY) == []


def test_empty_initiation_lists_every_criterion_field_and_the_project_proposal():
    missing = WF.missing_items(Snapshot(state="initiation"), "definition", today=TODAY)
    criteria = [item.code for item in missing if item.kind == KIND_CRITERION]
    assert criteria == [c.code for c in WF.state("initiation").criteria]
    assert [item.code for item in missing if item.kind == KIND_FIELD] == [
        "lead",
        "sponsor",
        "result_description",
        "due_date",
        "resources",
        "quality_criteria",
    ]
    assert [item.code for item in missing if item.kind == KIND_ARTEFACT] == ["project_proposal"]


ALL_CRITERIA = [(state.code, c.code) for state in WF.states if state.code in PHASES for c in state.criteria]


@pytest.mark.parametrize(("phase", "criterion"), ALL_CRITERIA, ids=[code for _, code in ALL_CRITERIA])
def test_each_unconfirmed_criterion_blocks_its_gate(phase, criterion):
    snapshot = complete_snapshot(phase)
    snapshot = Snapshot(
        state=phase,
        confirmed=snapshot.confirmed - {criterion},
        filled_fields=snapshot.filled_fields,
        artefacts=snapshot.artefacts,
    )
    target = WF.allowed_targets(phase)[-1]
    missing = WF.missing_items(snapshot, target, today=TODAY)
    assert [(item.kind, item.code) for item in missing] == [(KIND_CRITERION, criterion)]


@pytest.mark.parametrize(
    ("phase", "artefacts"),
    [
        ("initiation", ["project_proposal"]),
        (
            "definition",
            ["project_brief", "stakeholder_analysis", "fingerprint_confirmation", "resources_specification"],
        ),
        ("stakeholder_commitment", ["stakeholder_analysis", "fingerprint_planning", "project_contract"]),
        ("execution", ["critical_path_analysis", "risk_analysis"]),
        ("evaluation", ["evaluation_report", "learning_meeting"]),
    ],
)
def test_required_artefacts_per_phase(phase, artefacts):
    snapshot = complete_snapshot(phase, artefacts=())
    target = WF.allowed_targets(phase)[-1]
    missing = WF.missing_items(snapshot, target, today=TODAY)
    assert sorted(item.code for item in missing if item.kind == KIND_ARTEFACT) == sorted(artefacts)
    assert all(item.kind == KIND_ARTEFACT for item in missing)


def test_project_contract_must_cover_parts_i_to_vi():
    contract = ArtefactFact(
        type="project_contract", dated=TODAY, parts=frozenset({"i", "ii", "iv"}), signed=True
    )
    others = tuple(
        ArtefactFact(type=code, dated=TODAY) for code in ("stakeholder_analysis", "fingerprint_planning")
    )
    snapshot = complete_snapshot("stakeholder_commitment", artefacts=(contract, *others))
    missing = WF.missing_items(snapshot, "execution", today=TODAY)
    assert [(item.kind, item.code) for item in missing] == [
        (KIND_ARTEFACT_PART, "project_contract.iii"),
        (KIND_ARTEFACT_PART, "project_contract.v"),
        (KIND_ARTEFACT_PART, "project_contract.vi"),
    ]
    assert missing[1].detail == "Een eerste risicoanalyse"


def test_project_contract_must_be_signed():
    contract = ArtefactFact(type="project_contract", dated=TODAY, parts=ALL_PARTS, signed=False)
    others = tuple(
        ArtefactFact(type=code, dated=TODAY) for code in ("stakeholder_analysis", "fingerprint_planning")
    )
    snapshot = complete_snapshot("stakeholder_commitment", artefacts=(contract, *others))
    missing = WF.missing_items(snapshot, "execution", today=TODAY)
    assert [(item.kind, item.code) for item in missing] == [(KIND_ARTEFACT_SIGNATURE, "project_contract")]


def test_one_good_contract_among_drafts_is_enough():
    draft = ArtefactFact(type="project_contract", dated=TODAY, parts=frozenset({"i"}), signed=False)
    signed = ArtefactFact(
        type="project_contract", dated=TODAY - timedelta(days=3), parts=ALL_PARTS, signed=True
    )
    others = tuple(
        ArtefactFact(type=code, dated=TODAY) for code in ("stakeholder_analysis", "fingerprint_planning")
    )
    snapshot = complete_snapshot("stakeholder_commitment", artefacts=(draft, signed, *others))
    assert WF.missing_items(snapshot, "execution", today=TODAY) == []


@pytest.mark.parametrize(("age", "stale"), [(0, False), (92, False), (93, True), (400, True)])
def test_execution_analyses_must_be_regular(age, stale):
    artefacts = (
        ArtefactFact(type="critical_path_analysis", dated=TODAY - timedelta(days=age)),
        ArtefactFact(type="risk_analysis", dated=TODAY),
    )
    missing = WF.missing_items(complete_snapshot("execution", artefacts=artefacts), "evaluation", today=TODAY)
    assert [(item.kind, item.code) for item in missing] == (
        [(KIND_ARTEFACT_STALE, "critical_path_analysis")] if stale else []
    )


@pytest.mark.parametrize("status", ["paused", "stopped"])
def test_a_paused_or_stopped_project_does_not_move(status):
    missing = WF.missing_items(
        complete_snapshot("definition", status=status), "stakeholder_commitment", today=TODAY
    )
    assert [(item.kind, item.code) for item in missing] == [(KIND_STATUS, status)]


@pytest.mark.parametrize(
    ("status", "action", "reason", "kinds"),
    [
        ("active", "pause", False, []),
        ("paused", "pause", False, [KIND_STATUS]),
        ("active", "stop", True, []),
        ("paused", "stop", True, []),
        ("active", "stop", False, [KIND_REASON]),
        ("stopped", "stop", True, [KIND_STATUS]),
        ("paused", "reopen", False, []),
        ("stopped", "reopen", False, []),
        ("active", "reopen", False, [KIND_STATUS]),
    ],
)
def test_status_actions(status, action, reason, kinds):
    missing = WF.status_missing_items(status=status, action=action, has_reason=reason)
    assert [item.kind for item in missing] == kinds


def test_allowed_status_actions():
    assert WF.allowed_status_actions("active") == ["pause", "stop"]
    assert WF.allowed_status_actions("paused") == ["stop", "reopen"]
    assert WF.allowed_status_actions("stopped") == ["reopen"]


def test_track_marks_done_current_todo():
    track = [(state.code, mark) for state, mark in WF.track("stakeholder_commitment")]
    assert track[:5] == [
        ("initiation", "done"),
        ("definition", "done"),
        ("stakeholder_commitment", "current"),
        ("execution", "todo"),
        ("evaluation", "todo"),
    ]


criterion_codes = [c.code for c in WF.state("definition").criteria]


@given(st.sets(st.sampled_from(criterion_codes)))
def test_missing_criteria_are_exactly_the_unconfirmed_ones(confirmed):
    snapshot = complete_snapshot("definition", confirmed=frozenset(confirmed))
    missing = WF.missing_items(snapshot, "stakeholder_commitment", today=TODAY)
    assert [item.code for item in missing] == [code for code in criterion_codes if code not in confirmed]


def _raw():
    with open(LEIDRAAD_PATH, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["transitions"].append({"from": "definition", "to": "nowhere"}),
            "unknown state 'nowhere'",
        ),
        (
            lambda d: d["states"][1]["criteria"].append(copy.deepcopy(d["states"][1]["criteria"][0])),
            "duplicate criterion code",
        ),
        (
            lambda d: d["states"][0]["required_artefacts"].append({"type": "poem"}),
            "unknown artefact type 'poem'",
        ),
        (
            lambda d: d["states"][0]["criteria"][0].update(requires_fields=["colour"]),
            "unknown field 'colour'",
        ),
        (lambda d: d["states"][0]["criteria"][0].update(kind="mood"), "kind must be result or process"),
        (lambda d: d["states"][2]["required_artefacts"][2].update(parts=["vii"]), "unknown part(s) ['vii']"),
        (lambda d: d["transitions"].append({"from": "closed", "to": "definition"}), "leaves terminal state"),
        (lambda d: d.pop("initial_state"), "missing key 'initial_state'"),
    ],
)
def test_inconsistent_definitions_are_refused(mutate, message):
    data = _raw()
    mutate(data)
    with pytest.raises(
        WorkflowError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]"),
    ):
        parse_workflow(data)


def test_a_revised_leidraad_is_interpreted_without_code_changes():
    """The programme may revise the Leidraad: e.g. drop phase 2's vingerafdrukbeplanning requirement."""
    data = _raw()
    phase2 = data["states"][2]
    phase2["criteria"] = [c for c in phase2["criteria"] if "fingerprint_planning" not in c["code"]]
    phase2["required_artefacts"] = [
        r for r in phase2["required_artefacts"] if r["type"] != "fingerprint_planning"
    ]
    revised = parse_workflow(data)
    snapshot = Snapshot(
        state="stakeholder_commitment",
        confirmed=frozenset(c.code for c in revised.state("stakeholder_commitment").criteria),
        artefacts=(
            ArtefactFact(type="stakeholder_analysis", dated=TODAY),
            ArtefactFact(type="project_contract", dated=TODAY, parts=ALL_PARTS, signed=True),
        ),
    )
    assert revised.missing_items(snapshot, "execution", today=TODAY) == []
    assert [
        i.code for i in WF.missing_items(snapshot, "execution", today=TODAY) if i.kind == KIND_ARTEFACT
    ] == ["fingerprint_planning"]
