"""The rules of a progress report's rows, without the database (portfolio.progress_rows is pure)."""

import datetime
from decimal import Decimal

import pytest

from portfolio import progress_rows as rows
from regiekamer.texts import Message

D = datetime.date


def test_amounts_and_months():
    assert rows.as_amount(" 60000 ") == Decimal(60000)
    assert rows.as_amount("") is None and rows.as_amount(None) is None
    for bad in ("zestig", "NaN", "Infinity"):
        with pytest.raises(ValueError):
            rows.as_amount(bad)
    assert rows.as_month("2021-02") == D(2021, 2, 1)
    assert rows.as_month("2021-02-15") == D(2021, 2, 1)
    assert rows.as_month(D(2021, 2, 15)) == D(2021, 2, 1)
    with pytest.raises(ValueError):
        rows.as_month("februari")


def test_grant_lines_need_a_funder_and_an_amount_once_per_funder():
    cleaned, problems = rows.funding_lines(
        [
            {"funder": "RVO", "amount": "60000"},
            {"funder": " ", "amount": "5"},
            {"funder": "Provincie", "amount": ""},
            {"funder": "Gemeente", "amount": "-1"},
            {"funder": "rvo", "amount": "1"},
            {"funder": "Fonds", "amount": "veel"},
        ]
    )
    assert cleaned == [{"funder": "RVO", "amount": "60000"}]
    assert [(p.field, p.code, p.params) for p in problems] == [
        ("funding", "row", {"row": 1, "column": "funder"}),
        ("funding", "row", {"row": 2, "column": "amount"}),
        ("funding", "row", {"row": 3, "column": "amount"}),
        ("funding", "row", {"row": 4, "column": "funder"}),
        ("funding", "row", {"row": 5, "column": "amount"}),
    ]
    assert problems[0].message == "Grant line 2: every grant line names its funder."
    assert problems[3].message == "Grant line 5: rvo is already on line 1; one line per funder."
    assert isinstance(problems[3].message, Message)  # translated by the service in the user's language


def test_risk_lines_need_their_text_and_default_to_open():
    cleaned, problems = rows.report_lines(
        [{"text": "Draagvlak", "owner": "Petra"}, {"owner": "Jan"}, {}],
        field="risks",
        kind=Message("Risks"),
    )
    assert cleaned == [{"text": "Draagvlak", "owner": "Petra", "status": "open"}]
    assert [(p.field, p.params) for p in problems] == [("risks", {"row": 1, "column": "text"})]
    assert str(problems[0].message).startswith("Risks, line 2: describe it")


def test_milestones_lie_inside_the_timeline():
    cleaned, problems = rows.milestone_months(
        {
            "kickoff": {"planned": "2021-02", "actual": "2021-03-15"},
            "definition_ready": {"planned": "2023-01"},
            "execution_ready": {"actual": "later"},
        },
        D(2021, 1, 1),
        D(2021, 12, 1),
    )
    assert cleaned == {"kickoff": {"planned": "2021-02-01", "actual": "2021-03-01"}}
    assert [(p.code, p.params) for p in problems] == [
        ("month", {"code": "definition_ready", "column": "planned"}),
        ("month", {"code": "execution_ready", "column": "actual"}),
    ]
    assert "01-2023 lies outside the timeline (01-2021 to 12-2021)" in problems[0].message


def test_unknown_milestones_are_named():
    cleaned, problems = rows.milestone_months({"launch": {}, "kickoff": {}}, None, None)
    assert cleaned == {} and [str(p.message) for p in problems] == ["Unknown milestone(s): launch"]


def test_lines_drop_empty_text():
    assert rows.lines(["  Gedaan ", "", None, "Ook"]) == ["Gedaan", "Ook"]
