import pytest

from intake import workflow as w


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


@pytest.mark.parametrize("status", sorted(set(w._FORWARD) - {w.DRAFT}))
def test_reject_and_withdraw_at_any_open_point(status):
    assert {w.REJECTED, w.WITHDRAWN} <= w.allowed_next(status)
