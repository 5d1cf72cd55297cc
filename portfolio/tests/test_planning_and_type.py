"""Issue 14: each demo project's planned period is the 'Termijn' its source gives, and its type is quoted from
its source; the dashboard's "Lopende onderzoeksprojecten" counts the running projects of type research; the
programme office alone sets the type. Expected values are read from the seed text here, not from the CSV."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import OutputWrapper
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from portfolio import services
from portfolio.models import Project

pytestmark = pytest.mark.django_db
SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "werkwijze-upcm-2020.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="the source documents are beside the repository")


@pytest.fixture
def demo(db, catalogue):
    from accounts import demo as accounts_demo
    from portfolio import demo as portfolio_demo
    from programme import demo as programme_demo

    out = OutputWrapper(io.StringIO())
    accounts_demo.load(stdout=out)
    programme_demo.load(stdout=out)
    portfolio_demo.load(stdout=out)


def _seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]


def _term_after(lines: list[str], start: int) -> str:
    """The first 'Termijn' at or after line `start`, as the source writes its years."""
    for line in lines[start:]:
        found = re.match(r"-?\s*Termijn:?\s*(\d{4}(?:-\d{4})?)$", line)
        if found:
            return found.group(1)
    raise AssertionError(f"no Termijn after line {start}")


def _source_term(project: Project, lines: list[str]) -> str:
    """Bijlage 1 projects: the Termijn of their actielijn; Bijlage 11 projects: the Termijn after the heading
    that names them (the part of the title before a parenthesis)."""
    actielijn = re.search(r"Bijlage 1, actielijn (\d)", project.source_section)
    appendix_1 = lines.index(
        "Bijlage 1. Hoofdstuk maakindustrie uit Nationaal uitvoeringsprogramma CE 2019-2023"
    )
    if actielijn and "Bijlage 11" not in project.source_section:
        heading = next(
            i
            for i, line in enumerate(lines)
            if i > appendix_1 and line.startswith(f"{actielijn.group(1)}. Actielijn")
        )
        return _term_after(lines, heading)
    appendix_11 = max(
        i for i, line in enumerate(lines) if line == "Bijlage 11. Projecten in de maakindustrie"
    )
    names = (project.title, project.title.split(" (")[0])
    heading = next(i for i, line in enumerate(lines) if i > appendix_11 and line in names)
    return _term_after(lines, heading)


@needs_seed
def test_every_demo_project_has_the_planned_period_of_its_sources_termijn(demo):
    lines = _seed_lines()
    projects = list(Project.objects.order_by("year", "sequence"))
    assert len(projects) == 21
    for project in projects:
        term = _source_term(project, lines)
        years = [int(year) for year in term.split("-")]
        assert project.start_date == datetime.date(years[0], 1, 1), project.number
        assert f"Termijn {term}" in project.planned_period_source, project.number
        if project.number == "20-004":  # Bijlage 8 plans its last milestone in 2021
            assert project.due_date == datetime.date(2021, 12, 31)
        else:
            assert project.due_date == datetime.date(years[-1], 12, 31), project.number


@needs_seed
def test_every_type_is_quoted_from_the_source_and_only_the_research_project_counts(demo):
    from dashboard import metrics
    from dashboard.scope import Scope

    text = " ".join(SEED.read_text(encoding="utf-8").split())
    for project in Project.objects.exclude(project_type=""):
        quotes = re.findall(r"'([^']+)'", project.project_type_source)
        assert quotes, project.number
        for quote in quotes:
            for part in quote.split("..."):
                assert " ".join(part.split()) in text, (project.number, part)
    # The one project the source calls research: 'Onderzoek kwetsbaarheid waardeketens' (Bijlage 11).
    research = Project.objects.filter(project_type="research")
    assert [p.title for p in research] == ["Onderzoek kwetsbaarheid waardeketens"]
    metric = next(m for m in metrics.METRICS if m.key == "running_projects")
    assert metrics.metric_value(metric, Scope()).value == 1
    assert [p.number for p in metrics.metric_objects(metric, Scope())] == [research.get().number]


def test_the_metric_counts_running_research_projects_only(user_for):
    from dashboard import metrics
    from dashboard.scope import Scope

    from . import factories

    team = factories.team(user_for)
    office = user_for(Role.PROGRAMME_OFFICE)
    running = factories.project(user_for, team_obj=team, title="Onderzoek A", project_type="research")
    factories.project(user_for, team_obj=team, title="Pilot B", project_type="pilot")
    factories.project(user_for, team_obj=team, title="Zonder type")
    paused = factories.project(user_for, team_obj=team, title="Onderzoek C", project_type="research")
    Project.objects.filter(pk=paused.pk).update(status="paused")
    metric = next(m for m in metrics.METRICS if m.key == "running_projects")
    assert [p.pk for p in metrics.metric_objects(metric, Scope())] == [running.pk]
    assert office.has_role(Role.PROGRAMME_OFFICE)


def test_only_the_programme_office_sets_the_type(user_for, project):
    with pytest.raises(PermissionDenied):
        services.project_update(
            actor=user_for(Role.PROJECT_LEAD),
            project=project,
            expected_version=project.version,
            project_type="research",
        )
    updated = services.project_update(
        actor=user_for(Role.PROGRAMME_OFFICE),
        project=project,
        expected_version=project.version,
        project_type="research",
        project_type_source="Bijlage 11: 'Onderzoek ...'",
    )
    assert updated.get_project_type_display() == "research"
    # The lead edits the project without touching the type.
    services.project_update(
        actor=user_for(Role.PROJECT_LEAD), project=updated, expected_version=updated.version, title="Nieuw"
    )


def test_the_edit_page_offers_the_type_to_the_office_only(client, user_for, project):
    url = reverse("portfolio:project-edit", args=[project.number])
    login_as(client, user_for, Role.PROJECT_LEAD)
    assert "project_type" not in client.get(url).context["form"].fields
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    assert "project_type" in client.get(url).context["form"].fields


def test_changed_dates_drop_the_source_of_the_period(user_for, project):
    project = services.project_update(
        actor=user_for(Role.PROGRAMME_OFFICE),
        project=project,
        expected_version=project.version,
        start_date=datetime.date(2020, 1, 1),
        due_date=datetime.date(2020, 12, 31),
        planned_period_source="Termijn 2020 (Werkwijze UPCM 2020, Bijlage 11)",
    )
    project = services.project_update(
        actor=user_for(Role.PROJECT_LEAD),
        project=project,
        expected_version=project.version,
        due_date=datetime.date(2021, 6, 30),
    )
    assert project.planned_period_source == ""


def test_a_project_from_a_source_without_a_termijn_says_so(client, user_for, project):
    Project.objects.filter(pk=project.pk).update(source_section="Werkwijze UPCM 2020, Bijlage 11")
    login_as(client, user_for, Role.READER)
    page = client.get(reverse("portfolio:project-detail", args=[project.number])).content.decode()
    assert re.search(r'data-testid="planned-period">not given in the source<', page)


def test_the_2020_progress_report_shows_its_milestones_on_their_months(client, demo, user_for):
    """The timeline of 20-004's report (Bijlage 8) was empty; the milestones now come from the project's
    recorded gate decisions, on the month of the steering meeting that took each."""
    project = Project.objects.get(number="20-004")
    report = project.progress_reports.get()
    moves = {
        t.to_phase: t.decision.meeting.date for t in project.transitions.select_related("decision__meeting")
    }
    assert report.milestones == {
        "initiation_start": {"actual": project.start_date.replace(day=1).isoformat()},
        "kickoff": {"actual": moves["definition"].replace(day=1).isoformat()},
        "definition_ready": {"actual": moves["stakeholder_commitment"].replace(day=1).isoformat()},
    }
    login_as(client, user_for, Role.READER)
    page = client.get(reverse("portfolio:progress-report", args=[project.number]))
    rows = dict(page.context["rows"])
    assert len(page.context["months"]) == 12
    assert rows["Kickoff project"][moves["definition"].month - 1] == "actual"
    assert rows["Project Definitie klaar"][moves["stakeholder_commitment"].month - 1] == "actual"
    assert sum(cell != "" for cells in rows.values() for cell in cells) == 3
