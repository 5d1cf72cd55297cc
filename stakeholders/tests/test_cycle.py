"""The stakeholder analysis as a cycle (issue 18 item 2; §3.2.2, Bijlage 4): rounds with five phases done in
order, phase 4's six criteria, a snapshot when a round completes, and the comparison of a round with the
previous one. Expected outcomes are worked out by hand from the data each test sets up."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from programme.models import Team
from regiekamer.concurrency import StateConflict
from stakeholders import cycle, cycle_selectors
from stakeholders.models import (
    AnalysisRound,
    Collaboration,
    CollaborationMember,
    RiskEntry,
    RoundPhase,
    RoundSnapshotEntry,
)
from stakeholders.services import cycle as services

from .factories import InnovationFactory, OrganisationFactory, RiskFactory


def standing(key, cls="", current="", desired="", **fields):
    return cycle.Standing(
        key=key,
        name=f"Org {key}",
        frontrunner_class=cls,
        current_engagement=current,
        desired_engagement=desired,
        **fields,
    )


# --- pure rules ---


def test_compare_finds_who_entered_left_moved_and_whose_gap_closed():
    previous = [
        standing(1, "frontrunner"),
        standing(2, "follower", "neutral", "supportive"),  # gap 1
        standing(3, "other", "resistant", "supportive"),  # gap 3
        standing(4, "follower"),
        standing(5, "", "leading", "leading"),  # gap 0
    ]
    current = [
        standing(1, "frontrunner"),
        standing(2, "frontrunner", "supportive", "supportive"),  # moved follower -> frontrunner; gap 1 -> 0
        standing(3, "other", "neutral", "supportive"),  # gap 3 -> 1: narrowed, not closed
        standing(5, "follower", "neutral", "leading"),  # newly classified (not a move); gap 0 -> 2 opened
        standing(6, "other"),
    ]
    result = cycle.compare(previous, current)
    assert [s.key for s in result.entered] == [6]
    assert [s.key for s in result.left] == [4]
    assert [(m.standing.key, m.before, m.after) for m in result.moved] == [(2, "follower", "frontrunner")]
    assert [(g.standing.key, g.before, g.after) for g in result.gaps_closed] == [(2, 1, 0)]
    assert [(g.standing.key, g.before, g.after) for g in result.gaps_opened] == [(5, 0, 2)]
    assert not result.unchanged


def test_compare_of_the_same_standings_is_unchanged():
    same = [standing(1, "frontrunner", "neutral", "leading")]
    assert cycle.compare(same, same).unchanged


@pytest.mark.parametrize(
    ("statuses", "phase", "blockers"),
    [
        ({}, 0, []),
        ({0: "done"}, 1, []),
        ({0: "done", 1: "in_progress"}, 2, [1]),
        ({0: "not_started", 1: "done", 2: "done", 3: "done"}, 4, [0]),
    ],
)
def test_a_phase_is_done_only_after_the_phases_before_it(statuses, phase, blockers):
    assert cycle.phase_blockers(statuses, phase) == blockers


def test_six_criteria_read_the_categorisations():
    all_six = standing(
        1,
        "frontrunner",
        sector="in_manufacturing",
        relevance_role="users",
        circular=True,
        innovative=True,
        in_collaboration=True,
    )
    assert list(cycle.criteria_met(all_six).values()) == [True] * 6
    follower = standing(2, "follower", sector="neither", circular=True)
    assert cycle.criteria_met(follower) == {
        "sector": False,
        "circularity": True,
        "innovation": False,
        "relevance": False,
        "collaboration": False,
        "frontrunner": False,
    }


def test_widest_gap_takes_the_risk_entry_furthest_from_where_the_programme_needs_it():
    # neutral -> supportive is 1 step, resistant -> leading is 4 steps (Bijlage 4's scale of six)
    assert cycle.widest_gap([("neutral", "supportive"), ("resistant", "leading")]) == ("resistant", "leading")
    assert cycle.widest_gap([]) == ("", "")


# --- services ---


def _finish_phases(analysis_round, actor):
    for phase in analysis_round.phases.order_by("phase"):
        services.phase_update(phase=phase, expected_version=phase.version, actor=actor, status="done")
    analysis_round.refresh_from_db()


@pytest.mark.django_db
def test_a_round_starts_with_five_phases_and_one_round_runs_at_a_time(office):
    first = services.round_start(actor=office, title="Ronde 2021")
    assert (first.number, first.status) == (1, "open")
    assert list(first.phases.values_list("phase", "status")) == [(p, "not_started") for p in range(5)]
    with pytest.raises(StateConflict):
        services.round_start(actor=office, title="Te vroeg")
    with pytest.raises(ValidationError) as error:
        services.phase_update(
            phase=first.phases.get(phase=2), expected_version=1, actor=office, status="done"
        )
    assert "Phase 0, 1 must be done first." in error.value.message_dict["status"]


@pytest.mark.django_db
def test_a_phase_done_records_who_when_and_what_it_produced(office):
    OrganisationFactory.create_batch(3)
    analysis_round = services.round_start(actor=office, title="Ronde")
    phases = {p.phase: p for p in analysis_round.phases.all()}
    services.phase_update(phase=phases[0], expected_version=1, actor=office, status="done")
    done = services.phase_update(
        phase=phases[1], expected_version=1, actor=office, status="done", notes="Slimme tool herijkt"
    )
    assert done.done_by == office and done.done_at is not None
    assert done.deliverables["organisations"] == 3
    # Back to in progress: who and when no longer hold; the audit trail keeps the earlier state.
    reopened = services.phase_update(phase=done, expected_version=2, actor=office, status="in_progress")
    assert (reopened.done_by, reopened.deliverables) == (None, {})
    assert [h.status for h in reopened.history.order_by("history_date")] == [
        "not_started",
        "done",
        "in_progress",
    ]


@pytest.mark.django_db
def test_completing_needs_all_five_phases_and_keeps_a_snapshot(office):
    organisation = OrganisationFactory(name="Koploper B.V.", frontrunner_class="frontrunner")
    RiskFactory(organisation=organisation, current_engagement="neutral", desired_engagement="leading")
    analysis_round = services.round_start(actor=office, title="Ronde")
    with pytest.raises(ValidationError):
        services.round_complete(analysis_round=analysis_round, expected_version=1, actor=office)
    _finish_phases(analysis_round, office)
    services.round_complete(
        analysis_round=analysis_round, expected_version=analysis_round.version, actor=office
    )
    entry = RoundSnapshotEntry.objects.get(round=analysis_round)
    assert (entry.organisation_name, entry.frontrunner_class, entry.current_engagement) == (
        "Koploper B.V.",
        "frontrunner",
        "neutral",
    )
    with pytest.raises(StateConflict):  # a completed round is not changed any more
        services.phase_update(
            phase=analysis_round.phases.get(phase=0), expected_version=2, actor=office, status="in_progress"
        )


@pytest.mark.django_db
def test_a_second_round_is_compared_with_the_snapshot_of_the_first(office):
    stays = OrganisationFactory(name="Blijft", frontrunner_class="follower")
    risk = RiskFactory(organisation=stays, current_engagement="neutral", desired_engagement="supportive")
    goes = OrganisationFactory(name="Vertrekt", frontrunner_class="other")
    first = services.round_start(actor=office, title="Eerste")
    _finish_phases(first, office)
    services.round_complete(analysis_round=first, expected_version=first.version, actor=office)

    # Between the rounds: one organisation leaves the register, one enters, one moves up and its gap closes.
    goes.delete()
    OrganisationFactory(name="Nieuw", frontrunner_class="other")
    stays.frontrunner_class = "frontrunner"
    stays.save()
    RiskEntry.objects.filter(pk=risk.pk).update(current_engagement="supportive")

    second = services.round_start(actor=office, title="Tweede")
    previous, result = cycle_selectors.comparison(second)
    assert previous == first
    assert [s.name for s in result.entered] == ["Nieuw"]
    assert [s.name for s in result.left] == ["Vertrekt"]  # kept by name in the snapshot after the delete
    assert [(m.standing.name, m.before, m.after) for m in result.moved] == [
        ("Blijft", "follower", "frontrunner")
    ]
    assert [(g.standing.name, g.before) for g in result.gaps_closed] == [("Blijft", 1)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"place": "team", "team": None, "reason": "Zes van zes"}, "team"),
        ({"place": "project", "reason": " "}, "reason"),
        ({"place": "elsewhere", "reason": "x"}, "place"),
    ],
)
def test_placement_refused_naming_the_field(office, data, field):
    analysis_round = services.round_start(actor=office, title="Ronde")
    with pytest.raises(ValidationError) as error:
        services.placement_record(
            analysis_round=analysis_round, organisation=OrganisationFactory(), actor=office, **data
        )
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_placement_once_per_organisation_and_round(office):
    analysis_round = services.round_start(actor=office, title="Ronde")
    organisation = OrganisationFactory()
    team = Team.objects.create(code="t-cycle", name="Team cyclus", level=Team.Level.OPERATIONAL)
    services.placement_record(
        analysis_round=analysis_round,
        organisation=organisation,
        place="steering_meeting",
        team=team,
        reason="KBO",
        actor=office,
    )
    with pytest.raises(ValidationError) as error:
        services.placement_record(
            analysis_round=analysis_round,
            organisation=organisation,
            place="project",
            reason="Nog eens",
            actor=office,
        )
    assert "organisation" in error.value.message_dict


# --- pages ---


@pytest.mark.django_db
def test_round_page_shows_phases_criteria_and_the_comparison_in_dutch(client, office, user_for):
    organisation = OrganisationFactory(
        name="Circulair B.V.", sector="in_manufacturing", frontrunner_class="frontrunner"
    )
    InnovationFactory(organisation=organisation, circular_aims=["material_efficiency"])
    first = services.round_start(actor=office, title="Eerste")
    _finish_phases(first, office)
    services.round_complete(analysis_round=first, expected_version=first.version, actor=office)
    OrganisationFactory(name="Nieuwkomer B.V.")
    services.round_start(actor=office, title="Tweede")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(user_for(Role.STEERING_TEAM))
    page = client.get(reverse("stakeholders:cycle-round", args=[2])).content.decode()
    assert "0. Herijken informatie- en communicatiestructuur" in page
    assert "Nieuw in beeld (1)" in page and "Nieuwkomer B.V." in page
    assert "Fase 4: de zes criteria" in page and "3 / 6" in page  # sector, circularity, frontrunner
    assert client.get(reverse("stakeholders:cycle")).status_code == 200


@pytest.mark.django_db
def test_round_page_queries_do_not_grow_with_the_register(client, office):
    first = services.round_start(actor=office, title="Eerste")
    _finish_phases(first, office)
    collaboration = Collaboration.objects.create(name="Keten")

    def add(n):
        for _ in range(n):
            organisation = OrganisationFactory()
            InnovationFactory(organisation=organisation)
            RiskFactory(organisation=organisation)
            CollaborationMember.objects.create(collaboration=collaboration, organisation=organisation)

    add(1)
    client.force_login(office)
    url = reverse("stakeholders:cycle-round", args=[first.number])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(6)
    with CaptureQueriesContext(connection) as grown:
        client.get(url)
    assert len(small) == len(grown)


@pytest.mark.django_db
def test_starting_and_completing_through_the_pages(client, office):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(office)
    response = client.post(reverse("stakeholders:cycle-start"), {"title": "Ronde via de pagina"})
    assert response.status_code == 302
    analysis_round = AnalysisRound.objects.get()
    refused = client.post(
        reverse("stakeholders:cycle-complete", args=[1]), {"version": analysis_round.version}
    )
    assert refused.status_code == 400 and "Phase 0, 1, 2, 3, 4 is not done yet." in refused.content.decode()
    for phase in range(5):
        record = RoundPhase.objects.get(round=analysis_round, phase=phase)
        client.post(
            reverse("stakeholders:cycle-phase", args=[1, phase]),
            {f"p{phase}-status": "done", f"p{phase}-version": record.version},
        )
    analysis_round.refresh_from_db()
    done = client.post(reverse("stakeholders:cycle-complete", args=[1]), {"version": analysis_round.version})
    assert done.status_code == 302
    analysis_round.refresh_from_db()
    assert analysis_round.status == "completed" and analysis_round.completed_by == office


@pytest.mark.django_db
def test_the_api_reads_a_round_with_its_phases_and_what_they_produced(client, office):
    OrganisationFactory.create_batch(2)
    analysis_round = services.round_start(actor=office, title="Ronde API")
    phases = {p.phase: p for p in analysis_round.phases.all()}
    services.phase_update(phase=phases[0], expected_version=1, actor=office, status="done", notes="Herijkt")
    services.phase_update(phase=phases[1], expected_version=1, actor=office, status="done")
    client.force_login(office)
    data = client.get(f"/api/stakeholders/analysis-rounds/{analysis_round.number}/").json()
    assert (data["title"], data["status"]) == ("Ronde API", "open")
    assert [(p["phase"], p["status"]) for p in data["phases"]] == [
        (0, "done"),
        (1, "done"),
        (2, "not_started"),
        (3, "not_started"),
        (4, "not_started"),
    ]
    assert data["phases"][1]["deliverables"]["organisations"] == 2  # phase 1 identified the two
    assert data["phases"][0]["notes"] == "Herijkt"


# --- phase 1: the stakeholders per horizon (§3.2.2, Bijlage 4) ---


@pytest.mark.django_db
def test_phase_1_counts_the_stakeholders_per_horizon_and_the_next_round_compares_them(
    client, office, user_for, catalogue
):
    from catalogue.models import Horizon
    from stakeholders.models import TeamRelevance

    short, long = Horizon.objects.order_by("months")[0], Horizon.objects.order_by("-months")[0]
    both = OrganisationFactory(name="Beide B.V.")
    TeamRelevance.objects.create(organisation=both, horizon=short)
    TeamRelevance.objects.create(organisation=both, horizon=long)
    TeamRelevance.objects.create(organisation=OrganisationFactory(name="Kort B.V."), horizon=short)
    OrganisationFactory(name="Zonder B.V.")  # relevant on no horizon
    first = services.round_start(actor=office, title="Eerste")
    _finish_phases(first, office)
    kept = first.phases.get(phase=1).deliverables
    # two organisations on the shortest horizon, one on the longest, one without; the others none
    assert kept[f"horizon:{short.code}"] == 2 and kept[f"horizon:{long.code}"] == 1
    assert kept["horizon:-"] == 1
    assert sum(kept[f"horizon:{code}"] for code in Horizon.objects.values_list("code", flat=True)) == 3
    services.round_complete(analysis_round=first, expected_version=first.version, actor=office)

    # the register after round 1: one more organisation on the longest horizon
    TeamRelevance.objects.create(organisation=OrganisationFactory(name="Lang B.V."), horizon=long)
    second = services.round_start(actor=office, title="Tweede")
    phases = {phase.phase: phase for phase in second.phases.all()}
    for number in (0, 1):
        services.phase_update(phase=phases[number], expected_version=1, actor=office, status="done")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(user_for(Role.STEERING_TEAM))
    page = client.get(reverse("stakeholders:cycle-round", args=[2])).content.decode()
    table = page.split('data-testid="stakeholders-per-horizon"', 1)[1].split("</table>", 1)[0]
    assert f'<tr><td>{short.label_nl}</td><td class="rk-num">2</td></tr>' in table
    assert f'<tr><td>{long.label_nl}</td><td class="rk-num">2</td></tr>' in table
    assert '<tr><td>geen beslishorizon vastgelegd</td><td class="rk-num">1</td></tr>' in table
    comparison = page.split('data-testid="horizon-comparison"', 1)[1].split("</table>", 1)[0]
    assert (
        f'<tr><td>{long.label_nl}</td><td class="rk-num">1</td><td class="rk-num">2</td>'
        '<td class="rk-num">+1</td></tr>'
    ) in comparison
    assert (
        f'<tr><td>{short.label_nl}</td><td class="rk-num">2</td><td class="rk-num">2</td>'
        '<td class="rk-num">0</td></tr>'
    ) in comparison
    assert "horizon:" not in page  # the stored keys are not shown
