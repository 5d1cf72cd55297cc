"""The automatic checks of seed 2 §2 and §3, on plain data (no database)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake import checks
from intake.checks import FAIL, OK, WARN, ApplicationData, PartyData

ALL_ROLES = checks.REQUIRED_CHAIN_ROLES


def party(name, role, **kwargs):
    defaults = {"contribution_hours": Decimal(100), "contribution_eur": Decimal(0), "signatories": 1}
    defaults.update(kwargs)
    return PartyData(name=name, chain_role=role, **defaults)


def full_chain():
    return tuple(party(f"P{i}", role) for i, role in enumerate(ALL_ROLES))


COMPLETE_PLAN = {number: (("field", "filled"),) for number in (1, 2, 3, 5, 6, 7, 8, 9)}


def complete(**overrides) -> ApplicationData:
    data = ApplicationData(
        parties=full_chain(),
        market_share_percent=Decimal("60"),
        planned_start=date(2025, 1, 1),
        planned_end=date(2028, 12, 31),
        has_ambition_document=True,
        plan_parts=COMPLETE_PLAN,
        action_lines=(("Ketenafspraken", ("ketenmanager",)),),
        leerkring_participation="We join every meeting",
        accepts_periodic_consultation=True,
    )
    return replace(data, **overrides)


def by_code(data):
    return {result.code: result for result in checks.run_checks(data)}


def test_a_complete_application_passes_every_check():
    results = checks.run_checks(complete())
    assert [r.status for r in results] == [OK] * 9
    assert checks.ready_to_submit(results)


# --- chain roles ---


def test_missing_role_without_argument_fails_and_names_the_roles():
    data = complete(
        parties=tuple(p for p in full_chain() if p.chain_role not in {"importeur", "installateur"})
    )
    result = checks.check_chain_roles(data)
    assert result.status == FAIL
    assert result.items == ("importeur", "installateur")
    assert result.params == {"roles": "importeur, installateur"}


def test_missing_role_with_argument_passes():
    data = complete(
        parties=tuple(p for p in full_chain() if p.chain_role != "importeur"),
        role_arguments={"importeur": "Alle keukens worden in Nederland gemaakt."},
    )
    result = checks.check_chain_roles(data)
    assert result.status == OK
    assert result.items == ("importeur",)


def test_blank_argument_does_not_count():
    data = complete(
        parties=tuple(p for p in full_chain() if p.chain_role != "retailer"),
        role_arguments={"retailer": "   "},
    )
    assert checks.check_chain_roles(data).status == FAIL


def test_other_roles_do_not_replace_a_required_one():
    parties = tuple(p for p in full_chain() if p.chain_role != "verwerker") + (party("Branche", "branche"),)
    assert checks.check_chain_roles(complete(parties=parties)).items == ("verwerker",)


# --- market share ---


@pytest.mark.parametrize(
    ("share", "argument", "status"),
    [
        (Decimal("50.01"), "", OK),
        (Decimal("50"), "", FAIL),  # half is not a majority
        (Decimal("30"), "", FAIL),
        (Decimal("30"), "De koplopers bepalen de standaard voor de hele markt.", OK),
        (None, "", FAIL),
        (None, "Marktaandeel onbekend, maar alle grote spelers doen mee.", OK),
    ],
)
def test_market_share_majority_or_argued(share, argument, status):
    assert (
        checks.check_market_share(complete(market_share_percent=share, market_share_argument=argument)).status
        == status
    )


# --- foreign parties ---


def test_foreign_party_needs_centre_of_gravity_in_nl():
    parties = full_chain() + (party("Küchen GmbH", "producent", country="DE"),)
    failed = checks.check_foreign_parties(complete(parties=parties))
    assert failed.status == FAIL
    assert failed.items == ("Küchen GmbH",)
    assert checks.check_foreign_parties(complete(parties=parties, centre_of_gravity_in_nl=True)).status == OK


def test_country_code_is_case_insensitive():
    parties = full_chain() + (party("Lokaal", "producent", country="nl"),)
    assert checks.check_foreign_parties(complete(parties=parties)).status == OK


# --- contributions ---


def test_every_party_contributes():
    parties = full_chain() + (party("Meelifter", "retailer", contribution_hours=Decimal(0)),)
    result = checks.check_contributions(complete(parties=parties))
    assert result.status == FAIL
    assert result.items == ("Meelifter",)


def test_money_alone_is_a_contribution_and_totals_are_exact():
    parties = (
        party("A", "producent", contribution_hours=Decimal(0), contribution_eur=Decimal("2500.50")),
        party("B", "verwerker", contribution_hours=Decimal("120.5")),
    )
    result = checks.check_contributions(complete(parties=parties))
    assert result.status == OK
    assert result.params == {"hours": Decimal("120.5"), "money": Decimal("2500.50")}


def test_no_parties_fails():
    assert checks.check_contributions(complete(parties=())).status == FAIL


# --- planning 3-4 years ---


@pytest.mark.parametrize(
    ("start", "end", "months", "days", "status"),
    [
        (date(2025, 1, 1), date(2027, 12, 31), 36, 0, OK),  # exactly 3 years
        (date(2025, 1, 1), date(2027, 12, 30), 35, 30, FAIL),  # one day short
        (date(2025, 1, 1), date(2028, 12, 31), 48, 0, OK),  # exactly 4 years
        (date(2025, 1, 1), date(2029, 1, 1), 48, 1, FAIL),  # one day too long
        (date(2025, 3, 15), date(2028, 9, 14), 42, 0, OK),
        (
            date(2024, 1, 31),
            date(2027, 2, 27),
            36,
            28,
            OK,
        ),  # clipped month end: 31 Jan + 36 months = 31 Jan 2027
        (date(2025, 1, 1), date(2025, 12, 31), 12, 0, FAIL),
    ],
)
def test_planning_length(start, end, months, days, status):
    result = checks.check_planning(complete(planned_start=start, planned_end=end))
    assert result.status == status
    assert result.params == {"months": months, "days": days}


def test_planning_needs_both_dates_in_order():
    assert checks.check_planning(complete(planned_end=None)).status == FAIL
    assert (
        checks.check_planning(complete(planned_start=date(2029, 1, 1), planned_end=date(2025, 1, 1))).status
        == FAIL
    )


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)), st.integers(min_value=0, max_value=4000)
)
def test_duration_months_matches_adding_months(start, length):
    end = date.fromordinal(start.toordinal() + length)
    months, days = checks.duration_months(start, end)
    assert months >= 0 and days >= 0
    # adding the months back to start and then the days reaches the day after `end`
    year, month = divmod(start.month - 1 + months, 12)
    import calendar

    anchor = date(
        start.year + year, month + 1, min(start.day, calendar.monthrange(start.year + year, month + 1)[1])
    )
    assert anchor.toordinal() + days == end.toordinal() + 1


# --- excluded support ---


def test_declared_excluded_support_fails_and_points_to_other_instruments():
    result = checks.check_excluded_support(
        complete(excluded_support_requested=(checks.PILOT_SETUP, checks.FACTORY_INVESTMENT))
    )
    assert result.status == FAIL
    assert result.items == (checks.FACTORY_INVESTMENT, checks.PILOT_SETUP)
    assert result.params["instruments"] == "DEI+, KIA-CE, CKP"


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("We bouwen een nieuwe fabriek voor gerecyclede kunststof.", (checks.FACTORY_INVESTMENT,)),
        ("Een onderzoekstraject naar nieuwe lijmen", (checks.RESEARCH,)),
        ("Opzetten van een pilotopstelling bij de verwerker", (checks.PILOT_SETUP,)),
        ("Ketenafspraken over terugname en hergebruik", ()),
    ],
)
def test_keyword_hits_only_warn(text, hits):
    result = checks.check_excluded_support(complete(free_texts=(text,)))
    assert result.items == hits
    assert result.status == (WARN if hits else OK)


# --- signed ambition, completeness, conditions ---


def test_ambition_document_and_a_signatory_for_every_party():
    assert checks.check_signed_ambition(complete(has_ambition_document=False)).status == FAIL
    parties = full_chain() + (party("Zonder handtekening", "retailer", signatories=0),)
    result = checks.check_signed_ambition(complete(parties=parties))
    assert (result.status, result.items) == (FAIL, ("Zonder handtekening",))


def test_plan_completeness_names_every_missing_part():
    plan = dict(COMPLETE_PLAN)
    plan[3] = (("shared goal", ""), ("long-term goals", "NPCE 2030"))
    plan[7] = (("planning", " "),)
    result = checks.check_plan_complete(complete(plan_parts=plan, action_lines=(("Lijn zonder rol", ()),)))
    assert result.status == FAIL
    assert result.items == ("3. shared goal", "7. planning", "4. Lijn zonder rol")
    assert checks.check_plan_complete(complete(action_lines=())).items == ("4. action lines",)


def test_conditions():
    result = checks.check_conditions(
        complete(leerkring_participation="", accepts_periodic_consultation=False)
    )
    assert (result.status, result.items) == (FAIL, ("Leerkring", "periodic consultation"))


def test_a_warning_does_not_block_submission_but_a_failure_does():
    warned = checks.run_checks(complete(free_texts=("nieuwe fabriek",)))
    assert checks.ready_to_submit(warned)
    failed = checks.run_checks(complete(market_share_percent=Decimal(10)))
    assert not checks.ready_to_submit(failed)


# --- the seven criteria (assessor checklist) ---


def test_seven_criteria_from_the_source():
    assert [c.number for c in checks.CRITERIA] == [1, 2, 3, 4, 5, 6, 7]
    assert checks.CRITERIA[4].text == "Niet één probleem eigenaar"


def test_checklist_all_met_needs_every_criterion_with_a_reason():
    verdicts = {n: (True, "onderbouwd") for n in range(1, 8)}
    assert checks.criteria_all_met(checks.criteria_checklist(verdicts))
    del verdicts[6]
    rows = checks.criteria_checklist(verdicts)
    assert rows[5].met is None
    assert not checks.criteria_all_met(rows)
    verdicts[6] = (False, "Eén probleemeigenaar")
    assert not checks.criteria_all_met(checks.criteria_checklist(verdicts))
    verdicts[6] = (True, "")
    assert not checks.criteria_all_met(checks.criteria_checklist(verdicts))


def test_missing_parts_and_conditions_read_in_the_reader_s_language():
    from django.utils import translation

    from regiekamer.texts import translate

    plan = checks.check_plan_complete(complete(action_lines=()))
    conditions = checks.check_conditions(complete(accepts_periodic_consultation=False))
    with translation.override("nl"):
        assert "4. actielijnen" in translate(plan.message)
        assert translate(conditions.message) == "Niet alle randvoorwaarden zijn aanvaard: periodiek overleg."
    with translation.override("en"):
        assert translate(conditions.message) == "The conditions are not all accepted: periodic consultation."
