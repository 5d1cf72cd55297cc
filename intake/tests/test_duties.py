"""Separation of duties (issue 14): the criteria, the advice and the decision on an application are three
people's steps. Tested on the rule itself (every ordered pair), on the services (each pair, in the order the
workflow allows), on the pages (a form error, nothing recorded) and on the API (400 naming the step). Also the
seven criteria on one form (all or nothing, errors naming the criterion) and the withdrawal (the consortium's
alone)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.authorization import system_actor
from accounts.roles import INTAKE_REVIEW_ROLES, Role
from accounts.services import user_ensure
from intake import duties, services
from intake.models import Advice, CriterionAssessment, Decision, Status
from intake.tests.factories import advance_to_advised, submitted, verdicts

pytestmark = pytest.mark.django_db

STEP_TEXT = {
    duties.CRITERIA: "the assessment of the seven criteria",
    duties.ADVICE: "the transition agenda's advice",
    duties.DECISION: "the steering group's decision",
}


@pytest.fixture
def all_roles():
    """A person holding the three reviewing roles: only the separation of duties stops them."""
    user, _ = user_ensure(
        actor=system_actor(), username="alle-rollen", password="pw", roles=sorted(INTAKE_REVIEW_ROLES)
    )
    return user


@pytest.fixture
def in_assessment(applicant, assessor):
    application = submitted(member=applicant)
    services.application_start_assessment(application=application, actor=assessor)
    application.refresh_from_db()
    return application


def _counts(application):
    return (
        CriterionAssessment.objects.filter(application=application).count(),
        Advice.objects.filter(application=application).count(),
        Decision.objects.filter(application=application).count(),
        application.events.count(),
    )


# --- the rule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("done", duties.STEPS)
@pytest.mark.parametrize("step", duties.STEPS)
def test_the_rule_for_every_ordered_pair(step, done):
    message = duties.conflict(step, {done})
    if step == done:
        assert message is None  # the same step again (a correction, a superseding record) is theirs
    else:
        assert message is not None
        assert message.startswith(f"You recorded {STEP_TEXT[done]} on this application;")
        assert STEP_TEXT[step] in message


def test_nothing_done_nothing_in_the_way():
    assert all(duties.conflict(step, ()) is None for step in duties.STEPS)
    with pytest.raises(ValueError):
        duties.conflict("hand_over", ())


# --- the services, per pair ------------------------------------------------------------------------------


def test_criteria_then_advice_is_refused(in_assessment, all_roles):
    services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    before = _counts(in_assessment)
    with pytest.raises(ValidationError, match="You recorded the assessment of the seven criteria"):
        services.advice_record(
            application=in_assessment,
            actor=all_roles,
            positive=True,
            text="Positief",
            advised_on=date(2025, 2, 1),
        )
    assert _counts(in_assessment) == before


def test_advice_then_criteria_is_refused(in_assessment, all_roles):
    services.advice_record(
        application=in_assessment,
        actor=all_roles,
        positive=True,
        text="Positief",
        advised_on=date(2025, 2, 1),
    )
    before = _counts(in_assessment)
    with pytest.raises(ValidationError, match="You recorded the transition agenda's advice"):
        services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    assert _counts(in_assessment) == before


def test_criteria_then_decision_or_rejection_is_refused(in_assessment, all_roles, adviser):
    services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    services.advice_record(
        application=in_assessment, actor=adviser, positive=True, text="Positief", advised_on=date(2025, 2, 1)
    )
    before = _counts(in_assessment)
    with pytest.raises(ValidationError, match="You recorded the assessment of the seven criteria"):
        services.decision_record(
            application=in_assessment,
            actor=all_roles,
            approved=True,
            decided_on=date(2025, 3, 1),
            reasoning="ok",
        )
    with pytest.raises(ValidationError, match="You recorded the assessment of the seven criteria"):
        services.application_reject(application=in_assessment, actor=all_roles, reason="Past niet")
    assert _counts(in_assessment) == before
    in_assessment.refresh_from_db()
    assert in_assessment.status == Status.ADVISED


def test_advice_then_decision_is_refused(in_assessment, all_roles, assessor):
    services.criteria_assess(application=in_assessment, actor=assessor, verdicts=verdicts())
    services.advice_record(
        application=in_assessment,
        actor=all_roles,
        positive=True,
        text="Positief",
        advised_on=date(2025, 2, 1),
    )
    before = _counts(in_assessment)
    with pytest.raises(ValidationError, match="You recorded the transition agenda's advice"):
        services.decision_record(
            application=in_assessment,
            actor=all_roles,
            approved=True,
            decided_on=date(2025, 3, 1),
            reasoning="ok",
        )
    assert _counts(in_assessment) == before


def test_a_rejection_is_the_decision_step(in_assessment, all_roles, steering):
    """A Stuurgroep member's rejection is recorded as the Stuurgroep's decision (with the reason for the
    applicant), so it is the decision step of the person who rejected."""
    services.application_reject(
        application=in_assessment, actor=all_roles, reason="Geen ketenproject", internal_note="Te klein"
    )
    in_assessment.refresh_from_db()
    assert in_assessment.status == Status.REJECTED
    decision = in_assessment.decisions.get()
    assert (
        decision.approved,
        decision.recorded_by,
        decision.reasoning_for_applicant,
        decision.reasoning,
    ) == (
        False,
        all_roles,
        "Geen ketenproject",
        "Te klein",
    )
    # the decision step of that person, and no other (criteria, advice) step
    from intake import selectors

    assert selectors.steps_done_by(all_roles, in_assessment) == {duties.DECISION}
    assert selectors.steps_done_by(steering, in_assessment) == frozenset()


def test_the_same_step_again_and_other_people_stay_free(applicant, assessor, adviser, steering, user_for):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor, adviser=adviser)
    second_assessor, _ = user_ensure(
        actor=system_actor(), username="b2", password="pw", roles=[Role.ASSESSOR]
    )
    services.criteria_assess(  # another assessor revises one verdict
        application=application, actor=second_assessor, verdicts={**verdicts(), 2: (True, "Herzien")}
    )
    services.advice_record(  # the adviser corrects their advice
        application=application, actor=adviser, positive=True, text="Herzien", advised_on=date(2025, 2, 2)
    )
    first = services.decision_record(
        application=application, actor=steering, approved=True, decided_on=date(2025, 3, 1), reasoning="ok"
    )
    second = services.decision_record(  # the same Stuurgroep member supersedes their own decision
        application=application, actor=steering, approved=False, decided_on=date(2025, 3, 2), reasoning="nee"
    )
    assert second.supersedes == first


def test_the_system_actor_is_no_person(in_assessment):
    """The demo and imports act as the system actor, which passes every rule, this one too."""
    actor = system_actor()
    services.criteria_assess(application=in_assessment, actor=actor, verdicts=verdicts())
    services.advice_record(
        application=in_assessment, actor=actor, positive=True, text="Positief", advised_on=date(2025, 2, 1)
    )
    services.decision_record(
        application=in_assessment, actor=actor, approved=True, decided_on=date(2025, 3, 1), reasoning="ok"
    )
    in_assessment.refresh_from_db()
    assert in_assessment.status == Status.APPROVED


@pytest.mark.parametrize("step", duties.STEPS)
def test_the_rule_refuses_every_step_to_a_member_of_the_applying_consortium(step):
    message = duties.conflict(step, {duties.APPLIED})
    assert message is not None
    assert message.startswith("You are a member of the consortium that applied;")
    assert STEP_TEXT[step] in message


def test_a_reviewer_on_the_applying_consortium_takes_no_step(in_assessment, all_roles, assessor, adviser):
    """A person with every reviewing role who is also a member of the consortium that applied: conflict of
    interest, for each of the three steps; nothing is recorded."""
    in_assessment.consortium.members.add(all_roles)
    before = _counts(in_assessment)
    with pytest.raises(ValidationError, match="member of the consortium that applied"):
        services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    services.criteria_assess(application=in_assessment, actor=assessor, verdicts=verdicts())
    with pytest.raises(ValidationError, match="member of the consortium that applied"):
        services.advice_record(
            application=in_assessment, actor=all_roles, positive=True, text="Ja", advised_on=date(2025, 2, 1)
        )
    services.advice_record(
        application=in_assessment, actor=adviser, positive=True, text="Ja", advised_on=date(2025, 2, 1)
    )
    before = _counts(in_assessment)
    with pytest.raises(ValidationError, match="member of the consortium that applied"):
        services.decision_record(
            application=in_assessment,
            actor=all_roles,
            approved=True,
            decided_on=date(2025, 3, 1),
            reasoning="ok",
        )
    assert _counts(in_assessment) == before


def test_the_page_tells_a_reviewing_member_why_no_step_is_offered(client, in_assessment, all_roles):
    in_assessment.consortium.members.add(all_roles)
    client.force_login(all_roles)
    page = client.get(reverse("intake:detail", args=[in_assessment.pk]))
    assert not page.context["can_assess_criteria"] and not page.context["can_advise"]
    assert all("member of the consortium that applied" in notice for notice in page.context["duty_notices"])


# --- the pages and the API -------------------------------------------------------------------------------


def test_the_page_explains_instead_of_offering_a_second_step(client, in_assessment, all_roles):
    services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    client.force_login(all_roles)
    page = client.get(reverse("intake:detail", args=[in_assessment.pk]))
    assert page.context["can_assess_criteria"]  # revising their own verdicts stays theirs
    assert not page.context["can_advise"] and not page.context["can_reject"]
    notices = page.context["duty_notices"]  # the advice, and the decision (a rejection) they could take
    assert len(notices) == 2
    assert all(notice.startswith("You recorded the assessment of the seven criteria") for notice in notices)
    assert "the transition agenda's advice is recorded by someone else" in notices[0]
    assert "the steering group's decision is recorded by someone else" in notices[1]
    assert 'data-testid="advice-form"' not in page.content.decode()


def test_a_second_step_posted_anyway_is_a_form_error(client, in_assessment, all_roles, adviser):
    services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    client.force_login(all_roles)
    before = _counts(in_assessment)
    response = client.post(
        reverse("intake:advice", args=[in_assessment.pk]),
        {"positive": "yes", "text": "Positief", "advised_on": "2025-02-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert "You recorded the assessment of the seven criteria" in response.content.decode()
    assert _counts(in_assessment) == before
    services.advice_record(
        application=in_assessment, actor=adviser, positive=True, text="Positief", advised_on=date(2025, 2, 1)
    )
    before = _counts(in_assessment)
    url = reverse("intake:decision", args=[in_assessment.pk])
    page = client.get(url)
    assert "You recorded the assessment of the seven criteria" in page.context["conflict"]
    assert 'data-testid="decision-form"' not in page.content.decode()
    response = client.post(url, {"approved": "yes", "decided_on": "2025-03-01", "reasoning": "ok"})
    assert response.status_code == 200
    assert "You recorded the assessment of the seven criteria" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert _counts(in_assessment) == before


def test_the_api_answers_a_second_step_with_400_naming_the_first(client, in_assessment, all_roles):
    services.advice_record(
        application=in_assessment,
        actor=all_roles,
        positive=True,
        text="Positief",
        advised_on=date(2025, 2, 1),
    )
    client.force_login(all_roles)
    criteria = [{"criterion": n, "met": True, "reason": "ok"} for n in range(1, 8)]
    response = client.post(
        f"/api/intake/applications/{in_assessment.pk}/criteria/",
        {"criteria": criteria},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "You recorded the transition agenda's advice" in response.json()["non_field_errors"][0]
    assert not in_assessment.criterion_assessments.exists()


def test_the_message_is_dutch_for_a_dutch_user(client, in_assessment, all_roles, settings):
    from django.utils import translation

    services.criteria_assess(application=in_assessment, actor=all_roles, verdicts=verdicts())
    with translation.override("nl"):
        with pytest.raises(ValidationError) as error:
            services.advice_record(
                application=in_assessment,
                actor=all_roles,
                positive=True,
                text="x",
                advised_on=date(2025, 2, 1),
            )
    assert error.value.messages == [
        "U hebt op deze aanvraag de beoordeling van de zeven criteria vastgelegd; het advies van de "
        "transitieagenda legt iemand anders vast (functiescheiding)."
    ]


# --- the seven criteria on one form ----------------------------------------------------------------------


def _criteria_post(missing_verdict=(), missing_reason=()):
    data = {}
    for number in range(1, 8):
        if number not in missing_verdict:
            data[f"criterion_{number}"] = "yes"
        data[f"reason_{number}"] = "" if number in missing_reason else f"Onderbouwing {number}"
    return data


def test_one_form_records_all_seven(client, in_assessment, assessor):
    client.force_login(assessor)
    url = reverse("intake:criteria", args=[in_assessment.pk])
    page = client.get(url)
    assert [row[0].number for row in page.context["form"].rows()] == list(range(1, 8))
    response = client.post(url, _criteria_post())
    assert response.status_code == 302
    assert in_assessment.criterion_assessments.count() == 7
    assert sorted(in_assessment.criterion_assessments.values_list("criterion", "met")) == [
        (n, True) for n in range(1, 8)
    ]


def test_a_missing_verdict_records_nothing_and_names_the_criterion(client, in_assessment, assessor):
    client.force_login(assessor)
    response = client.post(reverse("intake:criteria", args=[in_assessment.pk]), _criteria_post({3}))
    assert response.status_code == 200
    assert not in_assessment.criterion_assessments.exists()
    form = response.context["form"]
    assert form.errors["criterion_3"] == [
        "Criterion 3 (Werkt toe naar een markt gedragen business propositie): choose whether it is met."
    ]
    assert set(form.errors) == {"criterion_3"}
    page = response.content.decode()
    assert "Criterion 3 (Werkt toe naar een markt gedragen business propositie)" in page
    assert 'value="Onderbouwing 5"' in page or "Onderbouwing 5</textarea>" in page  # nothing typed is lost


def test_missing_reasoning_names_each_criterion(in_assessment, assessor):
    bad = {**verdicts(), 2: (True, "  "), 7: (False, "")}
    with pytest.raises(ValidationError) as error:
        services.criteria_assess(application=in_assessment, actor=assessor, verdicts=bad)
    assert set(error.value.message_dict) == {"reason_2", "reason_7"}
    assert error.value.message_dict["reason_7"][0].startswith("Criterion 7 (Om de keten circulair")
    assert not in_assessment.criterion_assessments.exists()


def test_a_criterion_left_out_or_unknown_is_refused(in_assessment, assessor):
    partial = {number: verdict for number, verdict in verdicts().items() if number != 4}
    with pytest.raises(ValidationError) as error:
        services.criteria_assess(application=in_assessment, actor=assessor, verdicts=partial)
    assert set(error.value.message_dict) == {"criterion_4", "reason_4"}
    with pytest.raises(ValidationError, match="seven criteria"):
        services.criteria_assess(
            application=in_assessment, actor=assessor, verdicts={**verdicts(), 8: (True, "ok")}
        )
    assert not in_assessment.criterion_assessments.exists()


def test_the_api_refuses_a_missing_verdict_naming_the_criterion(client, in_assessment, assessor):
    client.force_login(assessor)
    criteria = [{"criterion": n, "met": True, "reason": "ok"} for n in range(1, 8)]
    del criteria[4]["met"]
    response = client.post(
        f"/api/intake/applications/{in_assessment.pk}/criteria/",
        {"criteria": criteria},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "criterion_5": ["Criterion 5 (Niet één probleem eigenaar): choose whether it is met."]
    }
    assert not in_assessment.criterion_assessments.exists()


def test_a_changed_verdict_supersedes_and_an_unchanged_one_is_not_recorded_again(in_assessment, assessor):
    first = services.criteria_assess(application=in_assessment, actor=assessor, verdicts=verdicts())
    assert len(first) == 7
    again = services.criteria_assess(
        application=in_assessment, actor=assessor, verdicts={**verdicts(), 6: (False, "Te klein")}
    )
    assert [(item.criterion, item.met) for item in again] == [(6, False)]
    old = in_assessment.criterion_assessments.get(criterion=6, met=True)
    old.reason = "gewijzigd"
    with pytest.raises(ValidationError):  # a verdict is immutable; a new one supersedes it
        old.save()
    from intake import selectors

    rows = {row.criterion.number: (row.met, row.reason) for row in selectors.criteria_rows(in_assessment)}
    assert rows[6] == (False, "Te klein")
    assert CriterionAssessment.objects.filter(application=in_assessment, criterion=6).count() == 2


# --- withdrawal: the consortium only ---------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(INTAKE_REVIEW_ROLES))
def test_only_the_consortium_withdraws(client, user_for, in_assessment, applicant, role):
    reviewer = user_for(role)
    with pytest.raises(PermissionDenied, match="Only the consortium"):
        services.application_withdraw(
            application=in_assessment, actor=reviewer, reason="namens het consortium"
        )
    client.force_login(reviewer)
    assert not client.get(reverse("intake:detail", args=[in_assessment.pk])).context["can_withdraw"]
    response = client.post(reverse("intake:withdraw", args=[in_assessment.pk]), {"reason": "x"})
    assert response.status_code == 403
    api = client.post(
        f"/api/intake/applications/{in_assessment.pk}/withdraw/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert api.status_code == 403
    in_assessment.refresh_from_db()
    assert in_assessment.status == Status.IN_ASSESSMENT
    client.force_login(applicant)
    assert client.get(reverse("intake:detail", args=[in_assessment.pk])).context["can_withdraw"]
    client.post(reverse("intake:withdraw", args=[in_assessment.pk]), {"reason": "Partijen haken af"})
    in_assessment.refresh_from_db()
    assert in_assessment.status == Status.WITHDRAWN
    assert in_assessment.events.last().actor == applicant
