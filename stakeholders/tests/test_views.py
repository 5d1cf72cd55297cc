"""Pages: what each form writes (and that a refused one writes nothing), exports, the import flow. Who may
open which page is the role matrix (stakeholders/tests/matrix.py); query counts are test_query_counts.py."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from jobs.testing import run_queued_jobs
from stakeholders.models import IssueAnalysis, Organisation, PeopleExportLog

from .factories import (
    IssueAnalysisFactory,
    OrganisationFactory,
    PersonFactory,
    RiskFactory,
    link_source,
    province,
    sbi,
)

pytestmark = pytest.mark.django_db

EDIT = {Role.PROGRAMME_OFFICE, Role.STEERING_TEAM, Role.TEAM_LEAD}


@pytest.fixture
def org():
    organisation = OrganisationFactory(name="Coolrec", province=province("ZH", "Zuid-Holland"))
    organisation.sbi_codes.set([sbi("29")])
    link_source(organisation, "slimme-tool")
    return organisation


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=EDIT))
def test_relevance_post(client, user_for, role, allowed, org):
    login_as(client, user_for, role)
    response = client.post(
        reverse("stakeholders:relevance-set", args=[org.pk]),
        {"version": 1, "role": "users", "reason": "test"},
    )
    assert_access(response, allowed=allowed)
    org.refresh_from_db()
    assert (org.relevance_role == "users") is allowed


def test_every_organisation_page_form_reaches_its_service(client, user_for, org):
    """The forms posted from the organisation page share one view factory: each reaches its service with the
    form's fields, a reader is refused, and an invalid form comes back as a message, writing nothing."""
    from stakeholders.models import CollaborationMember, Person, TeamRelevance

    from .factories import horizon, pillar

    posts = [
        ("sector-confirm", {"version": 1, "sector": "in_manufacturing", "reason": ""}),
        ("frontrunner-override", {"category": "follower", "reason": "Validatiemeeting"}),  # + version
        ("collaboration-join", {"name": "Keten e-waste", "kind": "chain", "role": "recycler"}),
        ("team-relevance-add", {"pillar": pillar().pk, "horizon": horizon().pk, "note": "kernpartner"}),
        ("person-add", {"name": "Mevr. Z", "position": "Directeur", "change_agent_type": "director"}),
    ]
    login_as(client, user_for, Role.READER)
    for name, data in posts:
        assert client.post(reverse(f"stakeholders:{name}", args=[org.pk]), data).status_code == 403
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    assert client.post(reverse("stakeholders:person-add", args=[org.pk]), {"name": ""}).status_code == 302
    assert not Person.objects.exists()
    for name, data in posts:
        if name == "frontrunner-override":  # the sector decision has moved the version on
            data = {**data, "version": Organisation.objects.get(pk=org.pk).version}
        response = client.post(reverse(f"stakeholders:{name}", args=[org.pk]), data)
        assert response["Location"] == org.get_absolute_url(), name
    org.refresh_from_db()
    assert (org.sector, org.frontrunner_class, org.frontrunner_overridden) == (
        "in_manufacturing",
        "follower",
        True,
    )
    member = CollaborationMember.objects.select_related("collaboration").get(organisation=org)
    assert (member.collaboration.name, member.collaboration.kind, member.role) == (
        "Keten e-waste",
        "chain",
        "recycler",
    )
    relevance = TeamRelevance.objects.get(organisation=org)
    assert (relevance.pillar.code, relevance.horizon.code, relevance.note) == (
        "realisatie",
        "0-2y",
        "kernpartner",
    )
    assert Person.objects.get(organisation=org).position == "Directeur"


def test_reader_sees_organisation_but_no_people(client, user_for, org):
    PersonFactory(organisation=org, name="Dhr. X")
    login_as(client, user_for, Role.READER)
    page = client.get(org.get_absolute_url()).content.decode()
    assert "Coolrec" in page and "Dhr. X" not in page
    login_as(client, user_for, Role.PROJECT_LEAD)
    assert "Dhr. X" in client.get(org.get_absolute_url()).content.decode()


def test_register_filters(client, user_for, org):
    other = OrganisationFactory(name="Nyrstar", province=province("NB", "Noord-Brabant"))
    other.sbi_codes.set([sbi("24")])
    link_source(other, "rvo")
    for _i in range(30):
        extra = OrganisationFactory(province=province("NB", "Noord-Brabant"))
        extra.sbi_codes.set([sbi("24")])
        link_source(extra, "rvo")
    login_as(client, user_for, Role.READER)
    url = reverse("stakeholders:organisation-list")
    response = client.get(url)
    assert response.context["page"].paginator.count == 32
    assert response.context["per_province"] == [
        {"province": "Noord-Brabant", "count": 31},
        {"province": "Zuid-Holland", "count": 1},
    ]
    assert [o.name for o in client.get(url, {"province": "ZH"}).context["page"]] == ["Coolrec"]
    assert [o.name for o in client.get(url, {"sbi": "2"}).context["page"]][:1] == ["Coolrec"]
    assert [o.name for o in client.get(url, {"sbi": "29"}).context["page"]] == ["Coolrec"]
    assert [o.name for o in client.get(url, {"source": "slimme-tool"}).context["page"]] == ["Coolrec"]
    assert [o.name for o in client.get(url, {"cluster": "high-tech", "q": "Nyr"}).context["page"]] == [
        "Nyrstar"
    ]


def test_the_register_is_counted_once_by_province(client, user_for, org):
    """The per-province counts give the pager its total: no second COUNT over the register, also when a
    filter joins a many-valued relation (two SBI codes under "2" list an organisation once)."""
    org.sbi_codes.add(sbi("24"))
    other = OrganisationFactory(name="Nyrstar", province=None)
    other.sbi_codes.set([sbi("24")])
    login_as(client, user_for, Role.READER)
    url = reverse("stakeholders:organisation-list")
    for params, total in (({}, 2), ({"sbi": "2"}, 2), ({"province": "ZH"}, 1)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        counts = [q["sql"] for q in queries.captured_queries if 'COUNT(*) AS "__count"' in q["sql"]]
        assert [sql for sql in counts if "stakeholders_organisation" in sql] == []
        assert response.context["page"].paginator.count == total
        assert len(response.context["page"].object_list) == total


def test_export_of_filtered_list(client, user_for, org):
    OrganisationFactory(name="Nyrstar", province=province("NB", "Noord-Brabant"))
    login_as(client, user_for, Role.READER)
    response = client.get(reverse("stakeholders:organisation-export"), {"province": "ZH"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 17  # the header row, the version last
    assert [r[1] for r in rows[1:]] == ["Coolrec"]
    assert rows[1][3] == "29" and rows[1][5] == "Zuid-Holland"


def test_people_export_is_logged(client, user_for, org):
    PersonFactory(organisation=org, name="Mevr. Y")
    user = login_as(client, user_for, Role.STEERING_TEAM)
    response = client.get(reverse("stakeholders:people-export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("Mevr. Y", "Directeur", "Coolrec")
    log = PeopleExportLog.objects.get()
    assert (log.user, log.rows) == (user, 1)


def test_mendelow_place_and_grid(client, user_for, org):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.post(
        reverse("stakeholders:mendelow"),
        {"organisation": org.pk, "influence": "G", "interest": "K", "role_towards_ce": "Beleidsmaker"},
    )
    assert response.status_code == 302
    analysis = IssueAnalysis.objects.get()
    assert analysis.quadrant == "keep_satisfied"
    grid = client.get(reverse("stakeholders:mendelow")).context["grid"]
    cell = grid[0]["cells"][0]
    assert (cell["influence"], cell["interest"], cell["items"]) == ("G", "K", [analysis])
    login_as(client, user_for, Role.MEETING_MEMBER)  # may see, may not place
    assert (
        client.post(
            reverse("stakeholders:mendelow"), {"organisation": org.pk, "influence": "G", "interest": "G"}
        ).status_code
        == 403
    )


def test_import_flow_through_pages(client, user_for):
    province("ZH", "Zuid-Holland")
    sbi("29")
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    data = b"KvK;Naam;SBI;Provincie\n12345678;Coolrec;29;ZH\n1234;Kapot;29;ZH\n"
    response = client.post(
        reverse("stakeholders:import-upload"), {"source": "", "file": SimpleUploadedFile("tool.csv", data)}
    )
    assert response.status_code == 200  # no source chosen
    from stakeholders.models import Source

    response = client.post(
        reverse("stakeholders:import-upload"),
        {"source": Source.objects.get(code="slimme-tool").pk, "file": SimpleUploadedFile("tool.csv", data)},
    )
    batch_url = response["Location"]
    mapping = {"kvk_number": "KvK", "name": "Naam", "sbi_codes": "SBI", "province": "Provincie"}
    assert client.post(batch_url, {**mapping, "action": "import"})["Location"] == batch_url
    assert run_queued_jobs() == 1  # the worker loop, in-process
    page = client.get(batch_url)
    assert page.context["batch"].status == "failed"
    assert [(e["row"], e["column"]) for e in page.context["batch"].errors] == [(3, "KvK")]
    assert b'data-testid="row-errors"' in page.content and b'data-status="failed"' in page.content
    assert not Organisation.objects.exists()
    data = b"KvK;Naam;SBI;Provincie\n12345678;Coolrec;29;ZH\n"
    response = client.post(
        reverse("stakeholders:import-upload"),
        {"source": Source.objects.get(code="slimme-tool").pk, "file": SimpleUploadedFile("tool.csv", data)},
    )
    batch_url = response["Location"]
    assert client.post(batch_url, {**mapping, "action": "dry_run"}).status_code == 302
    run_queued_jobs()
    dry = client.get(batch_url)
    assert (dry.context["batch"].status, dry.context["batch"].rows_created) == ("dry_run", 1)
    assert b'data-testid="dry-run-result"' in dry.content and not Organisation.objects.exists()
    assert client.post(batch_url, {**mapping, "action": "import"}).status_code == 302
    run_queued_jobs()
    assert Organisation.objects.get().name == "Coolrec"
    done = client.get(batch_url)
    assert b'data-testid="import-result"' in done.content
    assert b'data-testid="mapping-form"' not in done.content  # imported: no second start from this page


def test_upload_over_10_mb_is_refused(client, user_for):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    from stakeholders.models import Source

    big = SimpleUploadedFile("groot.csv", b"x" * (10 * 2**20 + 1))
    response = client.post(
        reverse("stakeholders:import-upload"),
        {"source": Source.objects.get(code="slimme-tool").pk, "file": big},
    )
    assert response.status_code == 200
    assert "10 MB" in str(response.context["form"].errors["file"])


def test_engagement_pages_read_for_programme_roles_and_write_for_editors(client, user_for, org):
    """The Mendelow matrix, an issue analysis and the risk register are read by every programme role; a
    meeting member who posts to them is refused with the reason, and nothing is written."""
    analysis = IssueAnalysisFactory(organisation=org, influence="K", interest="K")
    login_as(client, user_for, Role.MEETING_MEMBER)
    issue_url = reverse("stakeholders:issue-detail", args=[analysis.pk])
    assert client.get(issue_url).status_code == 200
    refused = client.post(issue_url, {"version": analysis.version, "influence": "G", "interest": "G"})
    assert refused.status_code == 403
    # the reason, in the users' language (Dutch)
    assert "Alleen het programmabureau, het Regieteam en teamtrekkers" in refused.content.decode()
    risk_data = {"organisation": org.pk, "current_engagement": "neutral", "desired_engagement": "leading"}
    assert (
        client.post(reverse("stakeholders:risk-register"), {**risk_data, "priority": "high"}).status_code
        == 403
    )
    analysis.refresh_from_db()
    assert (analysis.influence, analysis.version) == ("K", 1)
    assert not org.risks.exists()


def test_a_refusal_of_a_service_reaches_the_page_as_plain_text(client, user_for, org):
    """The sector differs from the proposal without a reason: the service's message is shown as a sentence
    (never a list or dict repr), and nothing changes."""
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    response = client.post(
        reverse("stakeholders:sector-confirm", args=[org.pk]),
        {"version": 1, "sector": "neither", "reason": ""},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]  # in Dutch, the users' language
    assert shown == ["De keuze wijkt af van het voorstel op basis van de SBI-codes; geef aan waarom."]
    org.refresh_from_db()
    assert (org.sector, org.version) == ("", 1)


def test_a_stale_risk_edit_keeps_the_input_and_says_why(client, user_for, org):
    risk = RiskFactory(organisation=org)
    login_as(client, user_for, Role.TEAM_LEAD)
    url = reverse("stakeholders:risk-edit", args=[risk.pk])
    data = {
        "organisation": org.pk,
        "current_engagement": "neutral",
        "desired_engagement": "leading",
        "priority": "high",
        "actions": "Bellen",
    }
    assert client.post(url, {**data, "version": 1})["Location"] == reverse("stakeholders:risk-register")
    stale = client.post(url, {**data, "actions": "Mailen", "version": 1})
    assert stale.status_code == 200
    assert "door iemand anders gewijzigd" in " ".join(stale.context["form"].non_field_errors())
    risk.refresh_from_db()
    assert (risk.actions, risk.version) == ("Bellen", 2)


def test_history_panels_come_from_the_shared_audit_trail(client, user_for, org):
    from stakeholders import services

    office = login_as(client, user_for, Role.PROGRAMME_OFFICE)
    services.organisation_update(
        organisation=org, expected_version=1, actor=office, website="https://coolrec.nl"
    )
    analysis = IssueAnalysisFactory(organisation=org)
    risk = RiskFactory(organisation=org)
    for url in (
        org.get_absolute_url(),
        reverse("stakeholders:issue-detail", args=[analysis.pk]),
        reverse("stakeholders:risk-edit", args=[risk.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'data-testid="history"' in page, url
    page = client.get(org.get_absolute_url()).content.decode()
    assert "https://coolrec.nl" in page.split('data-testid="history"')[1]  # the change, from what to what


def test_organisations_without_a_province_are_counted_last_as_unknown(client, user_for):
    from django.utils import translation

    from stakeholders.selectors import organisations_per_province

    OrganisationFactory(name="Zonder provincie", province=None)
    OrganisationFactory(name="Met provincie", province=province("NB", "Noord-Brabant"))
    with translation.override("nl"):
        rows = organisations_per_province(Organisation.objects.all())
    assert rows == [{"province": "Noord-Brabant", "count": 1}, {"province": "onbekend", "count": 1}]


def test_exports_write_formula_like_names_as_text(client, user_for, org):
    """Issue 15, finding 5: a name typed (or imported) as a formula is text in both exports."""
    from regiekamer.tests.xlsx_checks import INJECTED, assert_written_as_text

    org.name = INJECTED
    org.website = "-1+1"
    org.save()
    PersonFactory(organisation=org, name=INJECTED, position="@SUM(1)", phone="+31 6 1234 5678")
    login_as(client, user_for, Role.STEERING_TEAM)
    organisations = client.get(reverse("stakeholders:organisation-export")).content
    assert_written_as_text(organisations, INJECTED, "-1+1")
    people = client.get(reverse("stakeholders:people-export")).content
    assert_written_as_text(people, INJECTED, "@SUM(1)", "+31 6 1234 5678")


def test_the_organisation_page_names_team_and_pillar_and_says_when_no_engagement_is_recorded(
    client, user_for, org
):
    from programme.tests.factories import TeamFactory
    from stakeholders.models import TeamRelevance

    from .factories import pillar

    team = TeamFactory(name="Team Realisatie")
    TeamRelevance.objects.create(organisation=org, team=team, pillar=pillar("realisatie", "Realisatie"))
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    page = client.get(reverse("stakeholders:organisation-detail", args=[org.pk])).content.decode()
    assert "Team Realisatie · pijler Realisatie" in page
    assert "Nog geen issue-analyse of betrokkenheidsrisico vastgelegd." in page
    IssueAnalysisFactory(organisation=org)
    page = client.get(reverse("stakeholders:organisation-detail", args=[org.pk])).content.decode()
    assert "Nog geen issue-analyse of betrokkenheidsrisico vastgelegd." not in page


def test_the_register_heading_groups_its_count_the_dutch_way(client, user_for, catalogue):
    """1.200 organisaties, not 1200 (seen on the register of 100,000 in the export journey)."""
    from django.conf import settings

    from stakeholders.models import Organisation

    Organisation.objects.bulk_create([Organisation(name=f"Bedrijf {i:04d}") for i in range(1200)])
    login_as(client, user_for, Role.READER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(reverse("stakeholders:organisation-list")).content.decode()
    assert ">1.200 organisaties</h2>" in page


@override_settings(EXPORT_INLINE_ROWS=1)
def test_a_long_people_export_is_a_job_and_is_logged_when_it_is_written(client, user_for, org):
    """Issue 17: the person records over the size limit are written by a job (progress, download when done);
    the log of personal-data exports names who asked and how many rows the file holds, once."""
    from django.core.files.storage import default_storage

    from jobs import exports as list_exports
    from jobs.models import JobRun
    from jobs.worker import run_queued_jobs

    PersonFactory(organisation=org, name="Mevr. Y")
    PersonFactory(organisation=org, name="Dhr. Z")
    user = login_as(client, user_for, Role.STEERING_TEAM)
    response = client.get(reverse("stakeholders:people-export"))
    job = JobRun.objects.get(kind=list_exports.JOB_KIND)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert not PeopleExportLog.objects.exists()  # nothing written yet

    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobRun.Status.DONE
    with default_storage.open(job.output_file) as output:
        rows = list(load_workbook(io.BytesIO(output.read())).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Dhr. Z", "Mevr. Y"]
    log = PeopleExportLog.objects.get()
    assert (log.user, log.rows) == (user, 2)
