"""Gate rules, numbering, concurrency and object-level rights of the portfolio services."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from portfolio import services
from portfolio.models import CriterionCheck, PhaseTransition, Project, TransitionProposal
from portfolio.services import GateNotMet
from portfolio.workflow import leidraad
from programme import services as programme_services
from programme.models import Decision
from programme.services import decision_record

from . import factories

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year % 100


def decide(user_for, project, meeting, action, **kwargs):
    return services.project_decide(
        actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action=action, **kwargs
    )


# --- numbering ---


def test_numbers_are_year_and_sequence(user_for, team):
    first = factories.project(user_for, team_obj=team, title="A")
    second = factories.project(user_for, team_obj=team, title="B")
    assert (first.number, second.number) == (f"{THIS_YEAR:02d}-001", f"{THIS_YEAR:02d}-002")
    old = factories.project(user_for, team_obj=team, title="C", year=2019)
    assert old.number == "19-001"


def test_a_given_number_keeps_the_counter_past_it(user_for, team):
    given = factories.project(user_for, team_obj=team, title="Batterijen", year=2020, sequence=4)
    following = factories.project(user_for, team_obj=team, title="Next", year=2020)
    assert (given.number, following.number) == ("20-004", "20-005")
    with pytest.raises(ValidationError, match="20-004 is already taken"):
        factories.project(user_for, team_obj=team, title="Again", year=2020, sequence=4)


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_get_distinct_numbers(user_for, team):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are not shared between threads")
    office = user_for(Role.PROGRAMME_OFFICE)
    numbers, errors = [], []

    def create(index):
        try:
            numbers.append(services.project_create(actor=office, title=f"P{index}", team=team).number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"{THIS_YEAR:02d}-{i:03d}" for i in range(1, 7)]


def test_project_lead_who_starts_a_project_leads_it(user_for, team):
    lead = user_for(Role.PROJECT_LEAD)
    project = services.project_create(actor=lead, title="Idee", team=team)
    assert project.lead_user == lead
    assert (project.phase, project.status) == ("initiation", "active")


@pytest.mark.parametrize(
    "role", [Role.READER, Role.APPLICANT, Role.ASSESSOR, Role.MEETING_MEMBER, Role.STEERING_TEAM]
)
def test_other_roles_cannot_start_projects(user_for, team, role):
    with pytest.raises(PermissionDenied):
        services.project_create(actor=user_for(role), title="X", team=team)


def test_a_use_case_of_another_app_starts_a_project_under_its_own_permit(user_for, team, catalogue):
    """The intake hand-over states its own rule and passes its permit: the portfolio's rule is not applied
    again, and resolving the product groups (catalogue.resolve_sbi) runs under the same permit."""
    from accounts.authorization import require

    steering = user_for(Role.STEERING_TEAM)  # may not start a project by the portfolio's own rule
    permit = require(steering, "portfolio.view_portfolio")  # stands in for e.g. intake's hand-over action
    project = services.project_create(
        actor=steering, title="Overgedragen", team=team, sbi_codes=["29.1"], granted_by=permit
    )
    assert [code.display_code for code in project.sbi_codes.all()] == ["29.1"]
    with pytest.raises(TypeError):  # a permit is only valid for its own actor
        services.project_create(actor=user_for(Role.READER), title="X", team=team, granted_by=permit)


def test_the_register_relink_is_a_job_of_the_system(user_for):
    with pytest.raises(PermissionDenied):
        services.impact_sheets_relink(actor=user_for(Role.PROGRAMME_OFFICE), names=["TNO"])
    with pytest.raises(TypeError):
        services.impact_sheets_relink(actor=None, names=["TNO"])


def test_due_date_before_start_is_refused(user_for, team):
    with pytest.raises(ValidationError, match="due date lies before the start date"):
        factories.project(
            user_for, team_obj=team, start_date=datetime.date(2021, 1, 1), due_date=datetime.date(2020, 1, 1)
        )


# --- gates ---


def test_full_life_through_steering_meeting_decisions(user_for, project, meeting, monkeypatch):
    # The Leidraad's own gates only: what other apps add to a gate (portfolio.extensions, e.g. the lessons
    # the evaluation names) is tested by those apps.
    monkeypatch.setattr("portfolio.extensions.GATE_CHECKS", {})
    project = factories.fill_fields(project, user_for)
    path = ["definition", "stakeholder_commitment", "execution", "evaluation", "closed"]
    for target in path:
        factories.satisfy_gate(project, user_for)
        transition = decide(user_for, project, meeting, target)
        assert transition.to_phase == target
        project.refresh_from_db()
    assert project.phase == "closed"
    history = list(PhaseTransition.objects.filter(project=project).values_list("from_phase", "to_phase"))
    assert history == [
        ("initiation", "definition"),
        ("definition", "stakeholder_commitment"),
        ("stakeholder_commitment", "execution"),
        ("execution", "evaluation"),
        ("evaluation", "closed"),
    ]
    decisions = Decision.objects.filter(subject_object_id=project.pk, kind=Decision.Kind.PHASE_TRANSITION)
    assert decisions.count() == 5
    assert all(t.decision.meeting.team_id == project.team_id for t in PhaseTransition.objects.all())


def test_skipped_phase_is_refused_and_nothing_is_recorded(user_for, project, meeting):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    with pytest.raises(GateNotMet) as error:
        decide(user_for, project, meeting, "stakeholder_commitment")
    assert [item.kind for item in error.value.missing] == ["transition"]
    assert Decision.objects.count() == 0
    project.refresh_from_db()
    assert project.phase == "initiation"


def test_missing_artefact_and_criteria_are_listed(user_for, project, meeting):
    with pytest.raises(GateNotMet) as error:
        decide(user_for, project, meeting, "definition")
    kinds = [item.kind for item in error.value.missing]
    assert kinds.count("criterion") == 13
    assert [item.code for item in error.value.missing if item.kind == "artefact"] == ["project_proposal"]
    assert [item.code for item in error.value.missing if item.kind == "field"] == [
        "result_description",
        "due_date",
        "resources",
        "quality_criteria",
    ]
    assert "Projectvoorstel" in str(error.value)
    assert Decision.objects.count() == 0


def test_withdrawn_confirmation_blocks_the_gate(user_for, project, meeting):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    services.criterion_confirm(
        actor=user_for(Role.TEAM_LEAD), project=project, criterion="initiation.result.scope", holds=False
    )
    with pytest.raises(GateNotMet) as error:
        decide(user_for, project, meeting, "definition")
    assert [item.code for item in error.value.missing] == ["initiation.result.scope"]


def test_transition_without_decision_is_refused(user_for, project):
    with pytest.raises(ValidationError, match="only through a decision"):
        services.transition_apply(actor=user_for(Role.MEETING_MEMBER), project=project, decision=None)


def test_decision_of_another_teams_meeting_is_refused(user_for, project):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    other_meeting = factories.meeting(other)
    # Another team's meeting cannot even record a decision about the project (issue 15, finding 1: a decision
    # names only what its team's meeting may decide on), let alone apply one.
    with pytest.raises(ValidationError, match="belongs to another team"):
        decision_record(
            meeting=other_meeting,
            kind=Decision.Kind.PHASE_TRANSITION,
            text="Door",
            actor=user_for(Role.PROGRAMME_OFFICE),
            subject=project,
            payload={"target": "definition"},
        )
    with pytest.raises(ValidationError, match="Only the steering meeting of Team Realisatie"):
        services.project_decide(
            actor=user_for(Role.PROGRAMME_OFFICE), project=project, meeting=other_meeting, action="definition"
        )
    project.refresh_from_db()
    assert project.phase == "initiation"


@pytest.mark.parametrize("problem", ["general", "other_subject", "no_target", "applied_twice"])
def test_decision_must_be_a_phase_transition_about_this_project(user_for, project, meeting, problem):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    office = user_for(Role.PROGRAMME_OFFICE)
    kind, subject, payload = Decision.Kind.PHASE_TRANSITION, project, {"target": "definition"}
    if problem == "general":
        kind = Decision.Kind.GENERAL
    elif problem == "other_subject":
        subject = factories.project(user_for, team_obj=project.team, title="Ander project")
    elif problem == "no_target":
        payload = {}
        with pytest.raises(ValidationError, match="names the phase"):  # refused when it is recorded
            decision_record(
                meeting=meeting, kind=kind, text="Besluit", actor=office, subject=subject, payload=payload
            )
        return
    decision = decision_record(
        meeting=meeting, kind=kind, text="Besluit", actor=office, subject=subject, payload=payload
    )
    if problem == "applied_twice":
        services.transition_apply(actor=office, project=project, decision=decision)
    with pytest.raises(ValidationError):
        services.transition_apply(actor=office, project=project, decision=decision)


def test_definition_and_commitment_may_cycle(user_for, project, meeting):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    decide(user_for, project, meeting, "definition")
    factories.satisfy_gate(project, user_for)
    decide(user_for, project, meeting, "stakeholder_commitment")
    with pytest.raises(ValidationError, match="needs its reasoning"):
        decide(user_for, project, meeting, "definition")  # back, without a reason
    decide(user_for, project, meeting, "definition", reasoning="Draagvlak ontbreekt nog")  # back, no gate
    project.refresh_from_db()
    assert project.phase == "definition"
    decide(user_for, project, meeting, "stakeholder_commitment")  # definition criteria still confirmed
    project.refresh_from_db()
    assert project.phase == "stakeholder_commitment"


def test_unsigned_contract_blocks_execution(user_for, project, meeting):
    project = factories.fill_fields(project, user_for)
    for target in ("definition", "stakeholder_commitment"):
        factories.satisfy_gate(project, user_for)
        decide(user_for, project, meeting, target)
    project.refresh_from_db()
    lead, sponsor = user_for(Role.PROJECT_LEAD), user_for(Role.TEAM_LEAD)
    for artefact in ("stakeholder_analysis", "fingerprint_planning"):
        services.artefact_add(
            actor=lead,
            project=project,
            type=artefact,
            title=artefact,
            dated=timezone.localdate(),
            link="https://example.org",
        )
    services.artefact_add(
        actor=lead,
        project=project,
        type="project_contract",
        title="Contract",
        dated=timezone.localdate(),
        file=factories.pdf(),
        parts=["i", "ii", "iii", "iv", "v"],
    )
    for criterion in project.phase_state.criteria:
        services.criterion_confirm(actor=sponsor, project=project, criterion=criterion.code)
    with pytest.raises(GateNotMet) as error:
        decide(user_for, project, meeting, "execution")
    assert [(item.kind, item.code) for item in error.value.missing] == [
        ("artefact_part", "project_contract.vi"),
        ("artefact_signature", "project_contract"),
    ]


# --- pause, stop, reopen ---


def test_pause_blocks_transitions_until_reopened(user_for, project, meeting):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    decide(user_for, project, meeting, "pause")
    project.refresh_from_db()
    assert project.status == "paused"
    with pytest.raises(GateNotMet) as error:
        decide(user_for, project, meeting, "definition")
    assert [item.kind for item in error.value.missing] == ["status"]
    decide(user_for, project, meeting, "reopen")
    decide(user_for, project, meeting, "definition")
    project.refresh_from_db()
    assert (project.status, project.phase) == ("active", "definition")
    assert list(project.transitions.values_list("kind", flat=True)) == ["pause", "reopen", "phase_transition"]


def test_stop_needs_a_reason(user_for, project, meeting):
    with pytest.raises(ValidationError, match="A reason is required"):
        decide(user_for, project, meeting, "stop")
    assert Decision.objects.count() == 0
    decide(user_for, project, meeting, "stop", reasoning="Onvoldoende draagvlak")
    project.refresh_from_db()
    assert (project.status, project.status_reason) == ("stopped", "Onvoldoende draagvlak")
    with pytest.raises(ValidationError, match="Cannot pause a project that is Gestopt"):
        decide(user_for, project, meeting, "pause")


# --- checklist ---


def test_only_the_sponsor_confirms(user_for, project):
    for role in (Role.PROJECT_LEAD, Role.PROGRAMME_OFFICE, Role.MEETING_MEMBER, Role.READER):
        with pytest.raises(PermissionDenied):
            services.criterion_confirm(
                actor=user_for(role), project=project, criterion="initiation.result.scope"
            )
    check = services.criterion_confirm(
        actor=user_for(Role.TEAM_LEAD),
        project=project,
        criterion="initiation.result.scope",
        evidence_file=factories.pdf(),
        evidence_link="/roadmap/",
        note="Past binnen scope",
    )
    assert (check.holds, check.confirmed_by, check.evidence_link) == (
        True,
        user_for(Role.TEAM_LEAD),
        "/roadmap/",
    )
    assert check.evidence_file.name.startswith(f"portfolio/{project.number}/evidence/")


def test_team_lead_of_another_team_cannot_confirm(user_for, team):
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    project = factories.project(user_for, team_obj=other)
    with pytest.raises(PermissionDenied):
        services.criterion_confirm(
            actor=user_for(Role.TEAM_LEAD), project=project, criterion="initiation.result.scope"
        )


def test_criterion_of_another_phase_is_refused(user_for, project):
    with pytest.raises(ValidationError, match="not a criterion of the current phase"):
        services.criterion_confirm(
            actor=user_for(Role.TEAM_LEAD), project=project, criterion="definition.result.scope"
        )


def test_confirmations_with_stale_project_objects_lose_nothing(user_for, project):
    """Two people opened the checklist at the same time (same project version) and confirm different
    criteria, then the same one: every confirmation is kept, none overwrites another."""
    sponsor = user_for(Role.TEAM_LEAD)
    first_view = Project.objects.get(pk=project.pk)
    second_view = Project.objects.get(pk=project.pk)
    services.criterion_confirm(actor=sponsor, project=first_view, criterion="initiation.result.scope")
    services.criterion_confirm(actor=sponsor, project=second_view, criterion="initiation.result.roadmap")
    services.criterion_confirm(
        actor=sponsor, project=second_view, criterion="initiation.result.scope", evidence_link="/roadmap/"
    )
    checks = dict(CriterionCheck.objects.filter(project=project).values_list("criterion", "evidence_link"))
    assert checks == {"initiation.result.scope": "/roadmap/", "initiation.result.roadmap": ""}
    assert CriterionCheck.history.filter(criterion="initiation.result.scope").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_of_different_criteria_all_persist(user_for, team):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are not shared between threads")
    project = factories.project(user_for, team_obj=team)
    sponsor = user_for(Role.TEAM_LEAD)
    codes = [c.code for c in project.phase_state.criteria]
    errors = []

    def confirm(code):
        try:
            services.criterion_confirm(
                actor=sponsor, project=Project.objects.get(pk=project.pk), criterion=code
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(code,)) for code in codes + codes[:3]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(
        CriterionCheck.objects.filter(project=project).values_list("criterion", flat=True)
    ) == sorted(codes)


# --- proposals, artefacts, rights ---


def test_lead_proposes_and_sees_what_is_missing(user_for, project):
    proposal = services.transition_propose(
        actor=user_for(Role.PROJECT_LEAD), project=project, target="definition", note="Klaar voor KBO"
    )
    assert proposal.status == TransitionProposal.Status.OPEN
    assert {
        "kind": "artefact",
        "code": "project_proposal",
        "label": "Projectvoorstel",
        "detail": "not present",
    } in proposal.missing
    with pytest.raises(GateNotMet, match="not an allowed transition"):
        services.transition_propose(actor=user_for(Role.PROJECT_LEAD), project=project, target="execution")


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROJECT_LEAD])
def test_only_the_project_lead_proposes(user_for, project, role):
    with pytest.raises(PermissionDenied):
        services.transition_propose(actor=user_for(role), project=project, target="definition")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MEETING_MEMBER, True),
        (Role.TEAM_LEAD, True),
        (Role.PROGRAMME_OFFICE, True),
        (Role.PROJECT_LEAD, False),
        (Role.READER, False),
        (Role.STEERING_TEAM, False),
    ],
)
def test_who_decides(user_for, project, meeting, role, allowed):
    """Members of the team's steering meeting decide (the kbo-member test user is the team's linking pin)."""
    if allowed:
        services.project_decide(actor=user_for(role), project=project, meeting=meeting, action="pause")
    else:
        with pytest.raises(PermissionDenied):
            services.project_decide(actor=user_for(role), project=project, meeting=meeting, action="pause")


def test_artefact_rules(user_for, project):
    lead = user_for(Role.PROJECT_LEAD)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Upload a document or give a link"):
        services.artefact_add(actor=lead, project=project, type="project_proposal", title="V", dated=today)
    with pytest.raises(ValidationError, match="Unknown artefact type"):
        services.artefact_add(actor=lead, project=project, type="poem", title="V", dated=today, link="x")
    with pytest.raises(ValidationError, match="has no part"):
        services.artefact_add(
            actor=lead,
            project=project,
            type="project_contract",
            title="C",
            dated=today,
            link="https://example.org/x",
            parts=["vii"],
        )
    with pytest.raises(ValidationError, match="future"):
        services.artefact_add(
            actor=lead,
            project=project,
            type="project_proposal",
            title="V",
            dated=today + datetime.timedelta(days=1),
            link="https://example.org/x",
        )
    with pytest.raises(PermissionDenied):
        services.artefact_add(
            actor=user_for(Role.READER),
            project=project,
            type="project_proposal",
            title="V",
            dated=today,
            link="https://example.org/x",
        )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ", "not accepted"),
        ("fake.pdf", b"<html>", "does not contain what its name says"),
        ("text.txt", b"\xff\xfe\x00bad", "not a text file"),
    ],
)
def test_bad_uploads_are_refused(user_for, project, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.artefact_add(
            actor=user_for(Role.PROJECT_LEAD),
            project=project,
            type="project_proposal",
            title="V",
            dated=timezone.localdate(),
            file=SimpleUploadedFile(name, content),
        )


def test_edit_conflict_on_stale_version(user_for, project):
    from regiekamer.concurrency import EditConflict

    lead = user_for(Role.PROJECT_LEAD)
    stale = project.version
    services.project_update(actor=lead, project=project, expected_version=stale, title="Nieuwe titel")
    with pytest.raises(EditConflict):
        services.project_update(
            actor=lead,
            project=Project.objects.get(pk=project.pk),
            expected_version=stale,
            title="Andere titel",
        )


def test_changing_clusters_and_product_groups_is_in_the_audit_trail(user_for, project, catalogue):
    from catalogue.models import ProductCluster

    lead = user_for(Role.PROJECT_LEAD)
    materials = ProductCluster.objects.get(code="materialen")
    services.project_update(
        actor=lead, project=project, expected_version=project.version, clusters=[materials], sbi_codes=["24"]
    )
    latest = project.history.latest("history_date")
    assert [link.productcluster_id for link in latest.clusters.all()] == [materials.pk]
    assert [link.sbicode.code for link in latest.sbi_codes.all()] == ["24"]
    services.project_update(actor=lead, project=project, expected_version=project.version, clusters=[])
    assert not project.history.latest("history_date").clusters.exists()  # the removal is recorded too
    # and the earlier state is kept
    assert project.history.filter(historicalproject_clusters__productcluster=materials).exists()


def test_the_decision_text_is_composed_from_the_action_and_the_note_is_added(user_for, project, meeting):
    """A free text cannot contradict what is applied: the text names the project and the phase applied."""
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    transition = decide(user_for, project, meeting, "definition", text="Uitvoering kan starten.")
    workflow_name = leidraad().state("definition").name
    assert (
        transition.decision.text
        == f"{project.number} moves to phase {workflow_name}. Uitvoering kan starten."
    )
    assert transition.to_phase == "definition"


def test_a_meeting_in_the_future_decides_nothing_yet(user_for, project, team):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    next_week = programme_services.meeting_create(
        team=team,
        date=timezone.localdate() + datetime.timedelta(days=7),
        actor=user_for(Role.PROGRAMME_OFFICE),
    )
    with pytest.raises(ValidationError, match="has not taken place yet"):
        decide(user_for, project, next_week, "definition")
    project.refresh_from_db()
    assert project.phase == "initiation" and Decision.objects.count() == 0


def test_a_decision_at_a_new_meeting_today_creates_it_and_applies_the_decision(user_for, project):
    from programme.models import SteeringMeeting

    member = user_for(Role.MEETING_MEMBER)
    transition = services.project_decide_at_new_meeting(actor=member, project=project, action="pause")
    meeting = transition.decision.meeting
    assert (meeting.team, meeting.date) == (project.team, timezone.localdate())
    project.refresh_from_db()
    assert project.status == "paused"
    assert SteeringMeeting.objects.filter(pk=meeting.pk).exists()


def test_a_refused_decision_at_a_new_meeting_leaves_no_meeting(user_for, project):
    from programme.models import SteeringMeeting

    before = SteeringMeeting.objects.count()
    with pytest.raises(GateNotMet):
        services.project_decide_at_new_meeting(
            actor=user_for(Role.MEETING_MEMBER), project=project, action="definition"
        )
    assert SteeringMeeting.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.project_decide_at_new_meeting(actor=user_for(Role.READER), project=project, action="pause")
    assert SteeringMeeting.objects.count() == before
