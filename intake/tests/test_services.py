"""Services: drafts, uploads, submission, workflow, advice, decision, quota, immutability."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.testing import make_user
from intake import selectors, services
from intake.models import Advice, Decision, Status, StatusEvent
from intake.tests.factories import (
    PDF_BYTES,
    ConsortiumFactory,
    advance_to_advised,
    make_application,
    make_complete_application,
    product_group,
    submitted,
)
from regiekamer.concurrency import EditConflict
from regiekamer.tests.pdf_samples import BYPASSES, pdf_bytes

pytestmark = pytest.mark.django_db


def test_only_members_create_and_edit(applicant, assessor):
    stranger = make_user("applicant", "other-applicant")
    consortium = ConsortiumFactory(members=[applicant])
    with pytest.raises(PermissionDenied):
        services.application_create(
            consortium=consortium, actor=stranger, title="x", product_group=product_group()
        )
    application = make_application(member=applicant, consortium=consortium)
    with pytest.raises(PermissionDenied):
        services.application_update(
            application=application, actor=stranger, expected_version=1, data={"title": "overgenomen"}
        )
    with pytest.raises(PermissionDenied):
        services.application_update(
            application=application, actor=assessor, expected_version=1, data={"title": "overgenomen"}
        )


def test_agenda_defaults_to_the_only_one_and_must_belong_to_the_group(applicant):
    application = make_application(member=applicant)
    assert application.transition_agenda.code == "bouw"
    two = product_group("klimaatinstallaties", "Circulaire klimaatinstallaties", ("maakindustrie", "bouw"))
    other = make_application(member=applicant, group=two, title="Klimaat")
    assert other.transition_agenda is None
    from intake.tests.factories import agenda

    with pytest.raises(ValidationError):
        services.application_update(
            application=other,
            actor=applicant,
            expected_version=other.version,
            data={"transition_agenda": agenda("kunststoffen")},
        )


def test_stale_version_is_refused(applicant):
    application = make_application(member=applicant)
    services.application_update(
        application=application, actor=applicant, expected_version=1, data={"title": "A"}
    )
    with pytest.raises(EditConflict):
        services.application_update(
            application=application, actor=applicant, expected_version=1, data={"title": "B"}
        )


def test_unknown_fields_and_choices_are_refused(applicant):
    application = make_application(member=applicant)
    with pytest.raises(ValidationError):
        services.application_update(
            application=application, actor=applicant, expected_version=1, data={"status": "approved"}
        )
    with pytest.raises(ValidationError) as error:
        services.application_update(
            application=application, actor=applicant, expected_version=1, data={"goal_themes": ["vliegen"]}
        )
    assert "goal_themes" in error.value.message_dict


def _pdf_with(**catalog) -> bytes:
    """A readable one-page PDF whose catalogue has these extra entries."""

    def build(pdf):
        for key, value in catalog.items():
            pdf.Root[f"/{key}"] = value

    return pdf_bytes(build)


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("ambitie.pdf", PDF_BYTES, True),
        ("ambitie.PDF", PDF_BYTES, True),
        ("ambitie.exe", PDF_BYTES, False),
        ("ambitie.pdf", b"MZ\x90\x00 not a pdf", False),
        ("ambitie.pdf", b"<html><script>alert(1)</script>", False),
        # Bytes that only look like a PDF: they cannot be parsed, so they cannot be checked either.
        ("ambitie.pdf", b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj", False),
        ("ambitie.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/JSX 1>>endobj", False),
        ("ambitie.pdf", _pdf_with(JSX=1), True),  # a name that merely starts with JS
        ("ambitie.pdf", _pdf_with(Lang="nl-NL"), True),
    ],
)
def test_upload_accepts_only_pdf(applicant, name, content, ok):
    application = make_application(member=applicant)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    if ok:
        services.application_upload_ambition(application=application, actor=applicant, upload=upload)
        application.refresh_from_db()
        assert application.ambition_document.name.startswith("intake/ambition/")
        assert application.ambition_document.name.endswith(".pdf")
        assert name not in application.ambition_document.name  # stored under a random name
        assert application.ambition_document_name == name
    else:
        with pytest.raises(ValidationError):
            services.application_upload_ambition(application=application, actor=applicant, upload=upload)


@pytest.mark.parametrize("case", sorted(BYPASSES))
def test_upload_refuses_active_content_found_on_the_parsed_structure(applicant, case):
    """Issue 15, finding 4: names with #-escapes and actions inside compressed object streams passed the
    byte filter; the parsed structure shows them. Nothing is stored."""
    make, found, _hidden = BYPASSES[case]
    application = make_application(member=applicant)
    upload = SimpleUploadedFile("ambitie.pdf", make(), "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.application_upload_ambition(application=application, actor=applicant, upload=upload)
    message = error.value.message_dict["ambition_document"][0]
    assert message.startswith("The PDF contains scripts, launch actions or embedded files (")
    assert all(name.lstrip("/") in message for name in found)
    application.refresh_from_db()
    assert not application.ambition_document


def test_upload_size_limit(applicant):
    application = make_application(member=applicant)
    big = SimpleUploadedFile("groot.pdf", PDF_BYTES + b"0" * services.MAX_UPLOAD_BYTES, "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.application_upload_ambition(application=application, actor=applicant, upload=big)
    assert "ambition_document" in error.value.message_dict


def test_party_validation(applicant):
    application = make_application(member=applicant)
    services.party_create(
        application=application,
        actor=applicant,
        name="Kozijn BV",
        organisation_type="mkb",
        chain_role="producent",
        contribution_hours=10,
        country="nl",
    )
    assert application.parties.get().country == "NL"
    with pytest.raises(ValidationError):
        services.party_create(
            application=application,
            actor=applicant,
            name="kozijn bv",
            organisation_type="mkb",
            chain_role="producent",
        )
    with pytest.raises(ValidationError):
        services.party_create(
            application=application,
            actor=applicant,
            name="X",
            organisation_type="mkb",
            chain_role="producent",
            country="Nederland",
        )
    with pytest.raises(ValidationError):
        services.party_create(
            application=application,
            actor=applicant,
            name="Y",
            organisation_type="mkb",
            chain_role="producent",
            contribution_eur=Decimal(-1),
        )


def test_incomplete_draft_cannot_be_submitted(applicant):
    application = make_application(member=applicant)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, actor=applicant)
    assert any("ambition document" in message for message in error.value.messages)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_complete_draft_is_submitted_and_frozen(applicant):
    application = submitted(member=applicant)
    assert application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    with pytest.raises(ValidationError):
        services.application_update(
            application=application,
            actor=applicant,
            expected_version=application.version,
            data={"title": "later"},
        )
    with pytest.raises(ValidationError):
        services.party_create(
            application=application,
            actor=applicant,
            name="Laat",
            organisation_type="mkb",
            chain_role="retailer",
            contribution_hours=1,
        )


def test_full_workflow_records_every_step(applicant, assessor, steering):
    application = submitted(member=applicant)
    application = advance_to_advised(application, assessor=assessor)
    decision = services.decision_record(
        application=application,
        actor=steering,
        approved=True,
        decided_on=date(2025, 3, 1),
        reasoning="Past binnen de NPCE-doelen.",
        reasoning_for_applicant="Gefeliciteerd.",
    )
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert decision.quota_breaches == []
    for step in (Status.TENDER_PREPARED, Status.RUNNING, Status.CLOSED):
        services.application_advance(application=application, actor=assessor, to_status=step)
    steps = list(StatusEvent.objects.filter(application=application).values_list("from_status", "to_status"))
    assert steps == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "in_assessment"),
        ("in_assessment", "advised"),
        ("advised", "approved"),
        ("approved", "tender_prepared"),
        ("tender_prepared", "running"),
        ("running", "closed"),
    ]
    actors = dict(StatusEvent.objects.filter(application=application).values_list("to_status", "actor"))
    assert (actors["in_assessment"], actors["advised"], actors["approved"]) == (
        assessor.pk,
        make_user(Role.TRANSITION_AGENDA_ADVISER).pk,
        steering.pk,
    )


def test_applicant_cannot_assess(applicant):
    application = submitted(member=applicant)
    with pytest.raises(PermissionDenied):
        services.application_start_assessment(application=application, actor=applicant)


def test_approval_needs_positive_advice(applicant, assessor, steering):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor, positive=False)
    with pytest.raises(ValidationError, match="positive advice"):
        services.decision_record(
            application=application, actor=steering, approved=True, decided_on=date(2025, 3, 1), reasoning="x"
        )
    services.decision_record(
        application=application,
        actor=steering,
        approved=False,
        decided_on=date(2025, 3, 1),
        reasoning="Negatief advies",
        reasoning_for_applicant="De transitieagenda adviseert negatief.",
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_approval_needs_all_criteria_met(applicant, assessor, steering):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor, all_criteria_met=False)
    with pytest.raises(ValidationError, match="seven criteria"):
        services.decision_record(
            application=application, actor=steering, approved=True, decided_on=date(2025, 3, 1), reasoning="x"
        )


def test_new_advice_supersedes_and_records_are_immutable(applicant, assessor, adviser):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor, positive=False)
    first = application.advices.get()
    second = services.advice_record(
        application=application,
        actor=adviser,
        positive=True,
        text="Herzien advies",
        advised_on=date(2025, 2, 15),
    )
    assert second.supersedes == first
    assert selectors.current_advice(application) == second
    first.text = "gewijzigd"
    with pytest.raises(ValidationError):
        first.save()
    assert Advice.objects.get(pk=first.pk).text == "De transitieagenda steunt het plan."


def test_decision_superseded_not_edited(applicant, assessor, steering):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor)
    first = services.decision_record(
        application=application,
        actor=steering,
        approved=True,
        decided_on=date(2025, 3, 1),
        reasoning="Goedgekeurd",
    )
    second = services.decision_record(
        application=application,
        actor=steering,
        approved=False,
        decided_on=date(2025, 3, 8),
        reasoning="Herzien: budget ontbreekt",
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert second.supersedes == first and Decision.objects.count() == 2
    with pytest.raises(ValidationError):
        first.save()
    third = services.decision_record(
        application=application,
        actor=steering,
        approved=True,
        decided_on=date(2025, 3, 15),
        reasoning="Budget gevonden",
    )
    application.refresh_from_db()
    assert (application.status, third.supersedes) == (Status.APPROVED, second)


def _approved_in(agenda_group, *, assessor, steering, year, count, member):
    for i in range(count):
        application = advance_to_advised(
            submitted(
                member=member,
                group=agenda_group,
                title=f"Project {year}-{i}",
                consortium=ConsortiumFactory(name=f"C{year}-{i}", members=[member]),
            ),
            assessor=assessor,
        )
        services.decision_record(
            application=application,
            actor=steering,
            approved=True,
            decided_on=date(year, 1 + i, 1),
            reasoning="ok",
        )


@pytest.mark.parametrize(("decided_on", "refused"), [(date(2024, 12, 31), True), (date(2025, 1, 1), False)])
def test_quota_boundary_in_the_decision(applicant, assessor, decided_on, refused, steering):
    group = product_group()
    _approved_in(group, assessor=assessor, steering=steering, year=2024, count=3, member=applicant)
    application = advance_to_advised(
        submitted(
            member=applicant,
            group=group,
            title="Vierde",
            consortium=ConsortiumFactory(name="Vierde", members=[applicant]),
        ),
        assessor=assessor,
    )
    if refused:
        with pytest.raises(ValidationError, match="at most three projects"):
            services.decision_record(
                application=application, actor=steering, approved=True, decided_on=decided_on, reasoning="ok"
            )
        decision = services.decision_record(
            application=application,
            actor=steering,
            approved=True,
            decided_on=decided_on,
            reasoning="ok",
            quota_override=True,
            quota_override_reason="Stuurgroep 12-12-2024: uitzonderlijk groot",
        )
        assert decision.quota_breaches == ["agenda_cap"]
        assert decision.quota_override
    else:
        decision = services.decision_record(
            application=application,
            actor=steering,
            approved=True,
            decided_on=decided_on,
            reasoning="ok",
            quota_override=True,
            quota_override_reason="niet nodig",
        )
        assert decision.quota_breaches == [] and not decision.quota_override  # nothing to override


def test_override_without_reason_is_refused(applicant, assessor, steering):
    group = product_group()
    _approved_in(group, assessor=assessor, steering=steering, year=2024, count=3, member=applicant)
    application = advance_to_advised(
        submitted(
            member=applicant,
            group=group,
            title="Vierde",
            consortium=ConsortiumFactory(name="Vierde", members=[applicant]),
        ),
        assessor=assessor,
    )
    with pytest.raises(ValidationError):
        services.decision_record(
            application=application,
            actor=steering,
            approved=True,
            decided_on=date(2024, 6, 1),
            reasoning="ok",
            quota_override=True,
            quota_override_reason="  ",
        )


def test_reject_and_withdraw_with_reasons(applicant, assessor, steering):
    application = submitted(member=applicant)
    with pytest.raises(ValidationError):
        services.application_reject(application=application, actor=steering, reason="")
    with pytest.raises(PermissionDenied):
        services.application_reject(application=application, actor=applicant, reason="zelf")
    services.application_withdraw(application=application, actor=applicant, reason="Consortium valt uiteen")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.events.last().reason_for_applicant == "Consortium valt uiteen"
    with pytest.raises(ValidationError):
        services.application_reject(application=application, actor=steering, reason="te laat")


def test_stranger_cannot_withdraw(applicant):
    application = make_complete_application(member=applicant)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, actor=make_user("applicant", "x"), reason="x")


def _team():
    from programme.models import Team

    return Team.objects.get_or_create(
        code="realisatie", defaults={"name": "Team Realisatie", "level": Team.Level.OPERATIONAL}
    )[0]


def test_approved_application_becomes_a_portfolio_project_linked_both_ways(
    applicant, assessor, user_for, steering
):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor)
    with pytest.raises(ValidationError, match="approved"):
        services.application_hand_over(
            application=application, actor=user_for("programme_office"), team=_team()
        )
    services.decision_record(
        application=application, actor=steering, approved=True, decided_on=date(2025, 3, 1), reasoning="ok"
    )
    with pytest.raises(PermissionDenied):  # the hand-over's one rule: the programme office
        services.application_hand_over(application=application, actor=assessor, team=_team())
    office = user_for("programme_office")
    project = services.application_hand_over(application=application, actor=office, team=_team())
    application.refresh_from_db()
    assert application.portfolio_project == project
    assert project.intake_application == application
    assert (project.title, project.trekker, project.start_date, project.due_date) == (
        "Circulaire woningketen",
        application.consortium.name,
        date(2025, 1, 1),
        date(2027, 12, 31),
    )
    assert "Partij 1 (" in project.actors
    collaboration = project.collaborations.get()
    assert list(collaboration.portfolio_projects.all()) == [project]
    assert sorted(collaboration.members.values_list("name", flat=True)) == sorted(
        application.parties.values_list("name", flat=True)
    )
    assert collaboration.members.get(name__startswith="Partij 1 ").chain_position == "producer"
    assert application.events.last().reason_for_applicant.endswith(f"{project.number}.")
    with pytest.raises(ValidationError, match="already"):
        services.application_hand_over(application=application, actor=office, team=_team())


def _approved(applicant, assessor, steering):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor)
    services.decision_record(
        application=application, actor=steering, approved=True, decided_on=date(2025, 3, 1), reasoning="ok"
    )
    return application


def test_one_rule_for_the_hand_over_a_project_lead_cannot_hand_over(applicant, assessor, user_for, steering):
    """Portfolio lets project leads start projects, but the hand-over is the programme office's use case: a
    project lead is refused before anything is created (no project, no organisation, no collaboration)."""
    from portfolio.models import Project
    from stakeholders.models import Collaboration, Organisation

    application = _approved(applicant, assessor, steering)
    before = (Project.objects.count(), Organisation.objects.count(), Collaboration.objects.count())
    with pytest.raises(PermissionDenied, match="programme office"):
        services.application_hand_over(application=application, actor=user_for("project_lead"), team=_team())
    assert (Project.objects.count(), Organisation.objects.count(), Collaboration.objects.count()) == before
    application.refresh_from_db()
    assert application.portfolio_project is None


def test_the_office_hands_over_although_the_register_would_refuse_it_on_its_own(
    applicant, assessor, steering, user_for
):
    """The hand-over passes its permit to the portfolio and the register: the office's hand-over creates the
    project, the parties' organisations and the collaboration links, whatever those apps' own rules say."""
    from stakeholders.models import Organisation

    application = _approved(applicant, assessor, steering)
    Organisation.objects.create(name="partij 1 (producent)")  # an existing organisation is reused
    project = services.application_hand_over(
        application=application, actor=user_for("programme_office"), team=_team()
    )
    names = set(application.parties.values_list("name", flat=True))
    assert {name.lower() for name in names} == {
        name.lower() for name in Organisation.objects.values_list("name", flat=True)
    }
    members = project.collaborations.get().members.all()
    assert {member.name.lower() for member in members} == {name.lower() for name in names}
    assert project.project_type == "chain_breakthrough"  # what the Versnellingshuis instrument funds
