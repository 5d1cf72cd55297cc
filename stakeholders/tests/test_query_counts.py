"""The stakeholder pages ask the database the same number of questions on a small and on a grown register:
more organisations, people, issue analyses with their communication plan, risks, collaborations, name matches
to review, and on one organisation more innovations, people, decisions, relevances and history, add rows, not
queries (an N+1 fails here)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from catalogue.models import RawMaterial, ValueRetentionForm
from stakeholders import services
from stakeholders.models import (
    Collaboration,
    CollaborationMember,
    CommunicationPlanEntry,
    FuzzyMatch,
    ImportBatch,
    PeopleExportLog,
    Source,
)

from .factories import (
    InnovationFactory,
    IssueAnalysisFactory,
    OrganisationFactory,
    PersonFactory,
    RiskFactory,
    horizon,
    lansink_steps,
    link_source,
    pillar,
    province,
    sbi,
)

pytestmark = pytest.mark.django_db


def _batch(office, name: str) -> ImportBatch:
    return ImportBatch.objects.create(
        source=Source.objects.get(code="rvo"), file_name=name, stored_file=name, created_by=office
    )


def add(office, index: int, *, focus) -> None:
    """One of everything the pages list, and more of everything on the `focus` organisation's page."""
    organisation = OrganisationFactory(
        name=f"Organisatie {index:03d}", province=province("NB", "Noord-Brabant")
    )
    organisation.sbi_codes.set([sbi("29"), sbi("24")])
    link_source(organisation, "rvo")
    link_source(organisation, "media-analyse")
    person = PersonFactory(organisation=organisation, name=f"Persoon {index}")
    analysis = IssueAnalysisFactory(organisation=organisation, person=person, influence="G", interest="K")
    CommunicationPlanEntry.objects.create(
        analysis=analysis, communicator="Programmabureau", channel="Overleg", frequency="Per kwartaal"
    )
    RiskFactory(organisation=organisation, person=person)
    collaboration = Collaboration.objects.create(name=f"Keten {index}", kind=Collaboration.Kind.CHAIN)
    for member in (organisation, focus):
        CollaborationMember.objects.create(collaboration=collaboration, organisation=member)
    FuzzyMatch.objects.create(
        batch=_batch(office, f"lijst-{index}.csv"),
        row_number=index + 2,
        row={"name": f"Organisatie {index}"},
        candidate=organisation,
        score=0.9,
    )
    PeopleExportLog.objects.create(user=office, query="", rows=index)
    # The focus organisation's page grows too.
    innovation = InnovationFactory(
        organisation=focus, title=f"Innovatie {index}", lansink_step=lansink_steps()[0]
    )
    innovation.critical_raw_materials.set(RawMaterial.objects.filter(is_critical=True)[:2])
    innovation.value_retention_forms.set(ValueRetentionForm.objects.all()[:2])
    focus_person = PersonFactory(organisation=focus, name=f"Contact {index}")
    IssueAnalysisFactory(organisation=focus, person=focus_person, influence="M", interest="G")
    RiskFactory(organisation=focus, person=focus_person)
    services.team_relevance_set(
        organisation=focus,
        pillar=pillar(),
        horizon=horizon(f"h{index}", f"H{index}", 12 + index),
        actor=office,
    )
    focus.refresh_from_db()
    services.relevance_set(
        organisation=focus,
        role="users",
        reason=f"Ronde {index}",
        actor=office,
        expected_version=focus.version,
    )


@pytest.fixture
def register(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    focus = OrganisationFactory(name="Coolrec", province=province("ZH", "Zuid-Holland"))
    focus.sbi_codes.set([sbi("29")])
    link_source(focus, "slimme-tool")
    add(office, 0, focus=focus)
    return {"office": office, "focus": focus}


def grow(register, size: int = 8) -> None:
    for index in range(1, size + 1):
        add(register["office"], index, focus=register["focus"])


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = [
    # (role, url name, kwargs)
    (Role.READER, "stakeholders:organisation-list", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:organisation-list", None),
    (Role.READER, "stakeholders:organisation-detail", "focus"),
    (Role.PROGRAMME_OFFICE, "stakeholders:organisation-detail", "focus"),
    (Role.PROJECT_LEAD, "stakeholders:people-list", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:mendelow", None),
    (Role.MEETING_MEMBER, "stakeholders:mendelow", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:communication-plan", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:risk-register", None),
    (Role.READER, "stakeholders:network", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:coverage", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:import-reviews", None),
    (Role.PROGRAMME_OFFICE, "stakeholders:import-upload", None),
]


def test_query_counts_do_not_grow_with_the_register(client, user_for, register):
    def counts() -> dict[str, int]:
        measured = {}
        for role, name, kwargs in PAGES:
            login_as(client, user_for, role)
            url = reverse(name, kwargs={"pk": register["focus"].pk} if kwargs else None)
            _queries(client, url)  # warm the session and the caches
            measured[f"{name} as {role}"] = _queries(client, url)
        return measured

    small = counts()
    grow(register)
    assert counts() == small
