"""Pages: every role on every page, the gate in the browser-less flow, exports, downloads, query counts."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from portfolio import services
from portfolio.models import CriterionCheck, Project

from . import factories

pytestmark = pytest.mark.django_db
ALL = set(Role.values)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.TEAM_LEAD}))
def test_confirm_for_the_sponsor_only(client, user_for, project, role, allowed):
    login_as(client, user_for, role)
    client.post(
        reverse("portfolio:criterion-confirm", args=[project.number]),
        {"criterion": "initiation.result.scope", "holds": "1", "evidence_link": "/roadmap/"},
    )
    assert CriterionCheck.objects.filter(project=project).exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROJECT_LEAD}))
def test_propose_for_the_project_lead_only(client, user_for, project, role, allowed):
    login_as(client, user_for, role)
    response = client.post(reverse("portfolio:propose", args=[project.number]), {"target": "definition"})
    assert_access(response, allowed=allowed)
    assert project.proposals.exists() is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), role_matrix(allowed={Role.MEETING_MEMBER, Role.TEAM_LEAD, Role.PROGRAMME_OFFICE})
)
def test_decide_for_steering_meeting_members(client, user_for, project, meeting, role, allowed):
    login_as(client, user_for, role)
    response = client.post(
        reverse("portfolio:decide", args=[project.number]), {"meeting": str(meeting.pk), "action": "pause"}
    )
    assert_access(response, allowed=allowed)
    project.refresh_from_db()
    assert (project.status == "paused") is allowed


def test_refused_decision_lists_what_is_missing_and_leaves_no_meeting(client, user_for, project):
    from programme.models import SteeringMeeting

    login_as(client, user_for, Role.MEETING_MEMBER)
    response = client.post(
        reverse("portfolio:decide", args=[project.number]),
        {"meeting": "new", "action": "definition"},
        follow=True,
    )
    content = response.content.decode()
    assert "Projectvoorstel" in content
    assert SteeringMeeting.objects.count() == 0
    project.refresh_from_db()
    assert project.phase == "initiation"


def test_a_refused_gate_reaches_the_user_as_plain_text(client, user_for, project, meeting):
    """The gate refusal is a sentence ('20-004 cannot move to ... Missing: ...'), never a Python list repr."""
    from django.contrib.messages import get_messages

    login_as(client, user_for, Role.MEETING_MEMBER)
    response = client.post(
        reverse("portfolio:decide", args=[project.number]),
        {"meeting": str(meeting.pk), "action": "definition"},
        follow=True,
    )
    shown = [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]
    assert any(text.startswith(f"{project.number} cannot move to") for text in shown), shown
    content = response.content.decode()
    assert "Projectvoorstel" in content
    for text in shown:
        assert "['" not in text and "']" not in text
    assert "[&#x27;" not in content and "&#x27;]" not in content


def test_form_errors_of_a_flash_name_the_field_in_plain_text(client, user_for, project, meeting):
    login_as(client, user_for, Role.MEETING_MEMBER)
    response = client.post(
        reverse("portfolio:decide", args=[project.number]), {"meeting": str(meeting.pk)}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown and all("['" not in text and "{" not in text for text in shown)


def test_detail_shows_track_checklist_and_missing_items(client, user_for, project):
    login_as(client, user_for, Role.READER)
    content = client.get(project.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in content
    assert content.count('data-criterion="initiation.') == 13
    assert 'data-code="project_proposal"' in content
    assert "portfolio-confirm" not in content  # a reader gets no confirmation forms


@pytest.mark.parametrize(("language", "meeting_date"), [("en", "March 12, 2024"), ("nl", "12 maart 2024")])
def test_history_dates_a_change_by_its_meeting_and_keeps_when_it_was_recorded(
    client, user_for, project, team, language, meeting_date
):
    """A decision takes effect on the date of the meeting that took it, in the reader's date format; the
    moment it was recorded in the application comes second."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.formats import date_format

    meeting = factories.meeting(team, date=datetime.date(2024, 3, 12))
    transition = services.project_decide(
        actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action="pause"
    )
    login_as(client, user_for, Role.READER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get(project.get_absolute_url()).content.decode()
    history = content[content.index('id="transitions"') :]
    when = re.search(r"<tbody>\s*<tr><td>(.*?)</td>", history, re.S)
    assert when is not None
    with translation.override(language):
        recorded = date_format(timezone.localtime(transition.applied_at), "SHORT_DATETIME_FORMAT")
    assert when.group(1).startswith(f'<time datetime="2024-03-12">{meeting_date}</time>')
    assert recorded in when.group(1)


def test_artefact_upload_and_permission_checked_download(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(
        reverse("portfolio:artefact-add", args=[project.number]),
        {
            "type": "project_proposal",
            "title": "Voorstel",
            "dated": timezone.localdate().isoformat(),
            "file": factories.pdf("voorstel.pdf"),
        },
    )
    assert response.status_code == 302
    artefact = project.artefacts.get()
    url = reverse("portfolio:artefact-download", args=[project.number, artefact.pk])
    login_as(client, user_for, Role.READER)
    assert client.get(url).status_code == 200
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]


def test_bad_upload_names_the_field(client, user_for, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(
        reverse("portfolio:artefact-add", args=[project.number]),
        {
            "type": "project_proposal",
            "dated": timezone.localdate().isoformat(),
            "file": SimpleUploadedFile("voorstel.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "does not contain what its name says" in response.content.decode()
    assert not project.artefacts.exists()


def test_create_through_the_form(client, user_for, team, catalogue):
    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(
        reverse("portfolio:create"),
        {"title": "Herwinning Zink", "team": team.pk, "due_date": "2030-01-01", "start_date": "2031-01-01"},
    )
    assert "due date lies before the start date" in response.content.decode()
    url = reverse("portfolio:create")
    response = client.post(url, {"title": "Herwinning Zink", "team": team.pk, "sbi_codes": "29.1, x.y"})
    assert "Not an SBI code: x.y." in response.content.decode()
    response = client.post(url, {"title": "Herwinning Zink", "team": team.pk, "sbi_codes": "29.1, 04.1"})
    assert "041: " in response.content.decode()  # no SBI section contains division 04
    assert not Project.objects.exists()
    response = client.post(
        url, {"title": "Herwinning Zink", "team": team.pk, "sbi_codes": "29.1; 30.9, 47.6"}
    )
    project = Project.objects.get(title="Herwinning Zink")
    assert response["Location"] == project.get_absolute_url()
    assert [s.display_code for s in project.sbi_codes.order_by("code")] == ["29.1", "30.9", "47.6"]
    assert project.lead_user == user_for(Role.PROJECT_LEAD)


def test_stale_edit_shows_a_conflict(client, user_for, project):
    login_as(client, user_for, Role.PROJECT_LEAD)
    url = reverse("portfolio:project-edit", args=[project.number])
    lead = user_for(Role.PROJECT_LEAD).pk
    client.post(url, {"version": project.version, "title": "Eerste", "lead_user": lead})
    response = client.post(url, {"version": project.version, "title": "Tweede", "lead_user": lead})
    assert "changed by someone else" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Eerste"


def test_filters_and_export(client, user_for, team):
    other = factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=False)
    factories.project(user_for, team_obj=team, title="Zink")
    factories.project(user_for, team_obj=other, title="Kennisplein")
    login_as(client, user_for, Role.READER)
    content = client.get(reverse("portfolio:list"), {"team": "verbreding"}).content.decode()
    assert "Kennisplein" in content and "Zink" not in content
    content = client.get(reverse("portfolio:list"), {"phase": "execution"}).content.decode()
    assert "Kennisplein" not in content and "Zink" not in content
    response = client.get(reverse("portfolio:team-export", args=["realisatie"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(row[1], row[2], row[4]) for row in rows] == [("Zink", "Team Realisatie", "Initiatie-traject")]


def test_list_query_count_does_not_grow(client, user_for, team, django_assert_max_num_queries):
    for index in range(12):
        factories.project(user_for, team_obj=team, title=f"P{index}")
    login_as(client, user_for, Role.READER)
    with django_assert_max_num_queries(16):  # a page of rows, its count and the phase counts (issue 17)
        response = client.get(reverse("portfolio:list"))
    assert response.content.decode().count('<a class="nl-link" href="/portfolio/2') == 12
    with django_assert_max_num_queries(14):
        client.get(reverse("portfolio:export"))


def test_dutch_by_default(client, user_for, project):
    from django.conf import settings

    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    login_as(client, user_for, Role.READER)
    content = client.get(project.get_absolute_url()).content.decode()
    assert "Fasepoort" in content
    assert "Projectvoorstel ontbreekt" in content
    assert "Opdrachtgever (teamtrekker)" in content


def test_detail_query_count_does_not_grow_with_artefacts_and_checks(
    client, user_for, project, meeting, django_assert_max_num_queries
):
    project = factories.fill_fields(project, user_for)
    factories.satisfy_gate(project, user_for)
    services.project_decide(
        actor=user_for(Role.MEETING_MEMBER), project=project, meeting=meeting, action="definition"
    )
    factories.satisfy_gate(project, user_for)
    login_as(client, user_for, Role.MEETING_MEMBER)
    with django_assert_max_num_queries(30):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200


def test_a_double_clicked_decision_is_recorded_and_applied_once(client, user_for, project):
    """Issue 15, finding 10: the decide form carries a one-time token; the same submit twice (a new meeting
    today, pause) makes one meeting, one decision and one pause; the second answer says it was recorded."""
    from django.contrib.messages import get_messages

    from programme.models import Decision, SteeringMeeting

    login_as(client, user_for, Role.MEETING_MEMBER)
    page = client.get(project.get_absolute_url()).content.decode()
    token = re.search(r'name="submission_token" value="([0-9a-f]+)"', page).group(1)
    data = {"meeting": "new", "action": "pause", "submission_token": token}
    url = reverse("portfolio:decide", args=[project.number])
    client.post(url, data)
    second = client.post(url, data)
    assert SteeringMeeting.objects.count() == 1
    assert Decision.objects.filter(kind="pause").count() == 1
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        "This was already recorded: the same form was sent twice, and it was stored once."
    )
    project.refresh_from_db()
    assert project.status == "paused"


@pytest.mark.parametrize(
    "link", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]
)
def test_an_artefact_link_that_would_run_script_is_refused(client, user_for, project, link):
    """Issue 15, finding 10: artefact and evidence links are http(s) or a path in Regiekamer, in the form,
    the service and the API; a link stored before that rule is shown as text, not as a link."""
    from portfolio.models import Artefact

    login_as(client, user_for, Role.PROJECT_LEAD)
    response = client.post(
        reverse("portfolio:artefact-add", args=[project.number]),
        {"type": "project_proposal", "title": "Voorstel", "dated": "2020-01-01", "link": link},
    )
    assert response.status_code == 200  # the form again, with the error on the link
    assert "A link is a web address" in response.content.decode()
    assert not Artefact.objects.filter(project=project).exists()
    with pytest.raises(ValidationError, match="A link is a web address"):
        services.artefact_add(
            actor=user_for(Role.PROJECT_LEAD),
            project=project,
            type="project_proposal",
            title="Voorstel",
            dated=timezone.localdate(),
            link=link,
        )
    with pytest.raises(ValidationError, match="A link is a web address"):
        services.criterion_confirm(
            actor=user_for(Role.TEAM_LEAD),
            project=project,
            criterion="initiation.result.scope",
            evidence_link=link,
        )
    Artefact.objects.create(
        project=project,
        type="project_proposal",
        title="Oud voorstel",
        dated=timezone.localdate(),
        link=link,
        phase=project.phase,
        added_by=user_for(Role.PROJECT_LEAD),
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Oud voorstel" in page
    assert not re.search(r'href="\s*(javascript|data|vbscript):', page, re.IGNORECASE)
