from datetime import date

import pytest

from intake import workflow as w
from regiekamer.workflow import REPEAT, Snapshot, WorkflowError, parse_workflow


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (w.DRAFT, w.SUBMITTED, True),
        (w.DRAFT, w.IN_ASSESSMENT, False),
        (w.DRAFT, w.REJECTED, False),
        (w.DRAFT, w.WITHDRAWN, True),
        (w.SUBMITTED, w.IN_ASSESSMENT, True),
        (w.SUBMITTED, w.APPROVED, False),
        (w.IN_ASSESSMENT, w.ADVISED, True),
        (w.IN_ASSESSMENT, w.APPROVED, False),
        (w.ADVISED, w.ADVISED, True),
        (w.ADVISED, w.APPROVED, True),
        (w.APPROVED, w.TENDER_PREPARED, True),
        (w.APPROVED, w.RUNNING, False),
        (w.TENDER_PREPARED, w.RUNNING, True),
        (w.RUNNING, w.CLOSED, True),
        (w.RUNNING, w.REJECTED, True),
        (w.CLOSED, w.WITHDRAWN, False),
        (w.REJECTED, w.APPROVED, False),
        (w.WITHDRAWN, w.SUBMITTED, False),
    ],
)
def test_transitions(source, target, allowed):
    assert w.can_move(source, target) is allowed


OPEN = sorted(set(w.APPLICATION_WORKFLOW.state_codes()) - w.FINAL)


@pytest.mark.parametrize("status", sorted(set(OPEN) - {w.DRAFT}))
def test_reject_and_withdraw_at_any_open_point(status):
    assert {w.REJECTED, w.WITHDRAWN} <= w.allowed_next(status)


@pytest.mark.parametrize("status", sorted(w.FINAL))
def test_nothing_follows_a_final_status(status):
    assert w.allowed_next(status) == frozenset()


def test_the_statuses_are_the_states_of_the_definition_in_order():
    """One definition: the model's choices are the workflow's states, in the workflow's order."""
    from intake.models import Status

    assert Status.values == w.APPLICATION_WORKFLOW.state_codes()
    assert w.FINAL == {w.CLOSED, w.REJECTED, w.WITHDRAWN}


def test_the_shared_engine_carries_the_definition():
    """The engine that runs the Leidraad answers for applications too (a new advice repeats `advised`)."""
    workflow = w.APPLICATION_WORKFLOW
    assert workflow.allowed_targets(w.ADVISED) == [w.ADVISED, w.APPROVED, w.REJECTED, w.WITHDRAWN]
    assert workflow.transition(w.ADVISED, w.ADVISED).kind == REPEAT
    assert workflow.missing_items(Snapshot(state=w.DRAFT), w.SUBMITTED, today=date(2025, 1, 1)) == []
    assert workflow.missing_items(Snapshot(state=w.DRAFT), w.APPROVED, today=date(2025, 1, 1))
    broken = {**w.DEFINITION, "transitions": [{"from": w.DRAFT, "to": w.DRAFT}]}
    with pytest.raises(WorkflowError, match="goes nowhere"):
        parse_workflow(broken)
