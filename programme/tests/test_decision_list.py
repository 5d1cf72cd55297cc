"""The decision list per team and programme-wide, and its XLSX export (issue 14 item 1)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from programme import services

from .factories import TeamFactory

pytestmark = pytest.mark.django_db


def _meeting(team, day, actor):
    return services.meeting_create(team=team, date=day, actor=actor)


@pytest.fixture
def decisions(team, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    old = _meeting(team, datetime.date(2020, 10, 15), office)
    new = _meeting(team, datetime.date(2021, 3, 1), office)
    other = TeamFactory(code="verbreding", name="Team Verbreding", linking_pin=team.linking_pin)
    elsewhere = _meeting(other, datetime.date(2021, 1, 10), office)
    first = services.decision_record(
        meeting=old, kind="general", text="Impactsheet vastgesteld", actor=office
    )
    services.decision_record(meeting=old, kind="other", text='=HYPERLINK("http://x")', actor=office)
    services.decision_record(
        meeting=new,
        kind="general",
        text="Correctie",
        actor=office,
        supersedes=first,
        reasoning="Nieuwe cijfers",
    )
    services.decision_record(meeting=elsewhere, kind="general", text="Regio-tool", actor=office)
    return {"first": first, "other_team": other}


def _texts(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [decision.text for decision in response.context["decisions"]]


def test_the_programme_wide_list_is_latest_meeting_first_in_the_order_taken(client, user_for, decisions):
    client.force_login(user_for(Role.MEETING_MEMBER))
    response = client.get(reverse("programme:decision-list"))
    assert _texts(response) == [
        "Correctie",
        "Regio-tool",
        "Impactsheet vastgesteld",
        '=HYPERLINK("http://x")',
    ]


def test_a_team_filter_shows_that_teams_decisions_only(client, user_for, decisions, team):
    client.force_login(user_for(Role.STEERING_TEAM))
    response = client.get(reverse("programme:decision-list"), {"team": team.code})
    assert _texts(response) == ["Correctie", "Impactsheet vastgesteld", '=HYPERLINK("http://x")']
    assert client.get(reverse("programme:decision-list"), {"team": "nope"}).status_code == 404


def test_the_export_holds_what_the_list_shows_with_dates_and_formulas_as_text(
    client, user_for, decisions, team
):
    client.force_login(user_for(Role.TEAM_LEAD))
    response = client.get(reverse("programme:decision-export"), {"team": team.code})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"besluiten-{team.code}-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    header, *body = rows
    assert header[0] == "Meeting date" and header[4] == "Decision"
    assert [row[4] for row in body] == ["Correctie", "Impactsheet vastgesteld", '=HYPERLINK("http://x")']
    assert body[0][0].date() == datetime.date(2021, 3, 1)  # a real date, not text
    assert body[0][7] == str(decisions["first"])  # what it corrects
    formula_cell = sheet.cell(row=4, column=5)
    assert formula_cell.data_type == "s"  # written as text: no live formula in Excel


def test_the_list_costs_the_same_queries_for_two_or_twenty_decisions(client, user_for, team):
    office = user_for(Role.PROGRAMME_OFFICE)
    client.force_login(office)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("programme:decision-list")).status_code == 200
        return len(queries)

    meeting = _meeting(team, datetime.date(2020, 10, 15), office)
    for n in range(2):
        services.decision_record(meeting=meeting, kind="general", text=f"Besluit {n}", actor=office)
    small = count()
    for day in range(1, 10):
        other = _meeting(team, datetime.date(2021, 1, day), office)
        for n in range(2):
            services.decision_record(meeting=other, kind="general", text=f"Besluit {day}.{n}", actor=office)
    assert count() == small


# --- subjects recorded before they were checked (issue 15, finding 1) ---


@pytest.fixture(params=["project of another team", "record of another app"])
def foreign_decision(request, team, user_for):
    """A decision whose subject the team's meeting may not decide on, written straight into the table as
    decisions were before programme.services.decision_record checked subjects; and a decision about one of
    the team's own projects, recorded through the service."""
    from portfolio.tests.factories import project as make_project
    from programme.models import Decision

    from .factories import PersonFactory

    office = user_for(Role.PROGRAMME_OFFICE)
    meeting = _meeting(team, datetime.date(2021, 3, 1), office)
    if request.param == "project of another team":
        other = TeamFactory(code="verbreding", name="Team Verbreding", linking_pin=team.linking_pin)
        subject = make_project(user_for, team_obj=other, title="Geheim project van elders")
    else:
        subject = PersonFactory(name="Geheime persoon", organisation="")
    foreign = Decision.objects.create(
        meeting=meeting, sequence=1, kind="general", text="Oud besluit", subject=subject, recorded_by=office
    )
    own_project = make_project(user_for, team_obj=team, title="Eigen project")
    own = services.decision_record(
        meeting=meeting, kind="general", text="Eigen besluit", actor=office, subject=own_project
    )
    return {"foreign": foreign, "foreign_label": str(subject), "own": own, "own_label": str(own_project)}


def test_a_subject_of_another_team_or_app_is_not_named(client, user_for, foreign_decision):
    foreign, own = foreign_decision["foreign"], foreign_decision["own"]
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    for url in (
        reverse("programme:decision-list"),
        reverse("programme:meeting-detail", args=[foreign.meeting_id]),
    ):
        content = client.get(url).content.decode()
        assert "Oud besluit" in content
        assert foreign_decision["foreign_label"] not in content
        assert content.count("subject not available") == 1
        assert foreign_decision["own_label"] in content
    listed = client.get(reverse("programme-api:decision-list")).json()
    subjects = {row["id"]: row["subject"] for row in listed.get("results", listed)}
    assert subjects[foreign.pk] is None
    assert subjects[own.pk]["label"] == foreign_decision["own_label"]
    meeting = client.get(reverse("programme-api:meeting-detail", args=[foreign.meeting_id])).json()
    assert [d["subject"] is None for d in meeting["decisions"]] == [True, False]
    export = client.get(reverse("programme:decision-export-csv")).content.decode("utf-8-sig")
    assert foreign_decision["foreign_label"] not in export
    assert foreign_decision["own_label"] in export


def test_the_migration_clears_subjects_of_another_team_or_app(foreign_decision):
    import importlib

    from django.apps import apps

    from programme.models import Decision

    migration = importlib.import_module("portfolio.migrations.0010_clear_foreign_decision_subjects")
    foreign, own = foreign_decision["foreign"], foreign_decision["own"]
    migration.clear_foreign_subjects(apps, None)
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert (foreign.subject_content_type_id, foreign.subject_object_id) == (None, None)
    assert own.subject_content_type_id is not None
    assert foreign.history.first().history_change_reason == migration.REASON
    assert Decision.history.filter(id=own.pk).count() == 1
