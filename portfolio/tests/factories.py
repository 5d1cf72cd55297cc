"""Test data for the portfolio: a team whose lead, linking pin and steering-meeting member are the test users
of the matching roles, a project led by the project-lead test user, and helpers to satisfy a phase gate."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from catalogue.models import Pillar
from portfolio import services
from portfolio.models import ProgressReport, Project
from portfolio.workflow import leidraad
from programme.models import Person, SteeringMeeting, Team

PDF = b"%PDF-1.4\n% test document\n"


def pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def pillar(code: str = "realisatie") -> Pillar:
    return Pillar.objects.get_or_create(code=code, defaults={"name": code.title(), "source_section": "test"})[
        0
    ]


def person_for(user, name: str) -> Person:
    person, _ = Person.objects.get_or_create(name=name)
    if user is not None and person.user_id != user.pk:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save()
    return person


def team(
    user_for, *, code: str = "realisatie", name: str = "Team Realisatie", with_users: bool = True
) -> Team:
    """A team; with_users links its lead and its linking pin (a meeting member) to the role test users."""
    lead = person_for(user_for(Role.TEAM_LEAD) if with_users else None, f"Lead {code}")
    member = person_for(user_for(Role.MEETING_MEMBER) if with_users else None, f"Member {code}")
    # As in the demo (kbo-lid is the linking pin of Team Realisatie): the member chairs the KBO, so that
    # programme.services.decision_record lets them record its decisions.
    pin = member if with_users else person_for(None, f"Pin {code}")
    team, _ = Team.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "pillar": pillar(),
            "level": Team.Level.OPERATIONAL,
            "project_type": Team.ProjectType.INVESTMENT,
            "lead": lead,
            "linking_pin": pin,
        },
    )
    team.meeting_members.add(lead, member, pin)
    return team


def meeting(team: Team, date: datetime.date | None = None) -> SteeringMeeting:
    return SteeringMeeting.objects.create(team=team, date=date or timezone.localdate())


def project(
    user_for, *, team_obj: Team | None = None, title: str = "Urban Mining Electronica", **values
) -> Project:
    team_obj = team_obj or team(user_for)
    values.setdefault("lead_user", user_for(Role.PROJECT_LEAD))
    return services.project_create(
        actor=user_for(Role.PROGRAMME_OFFICE), title=title, team=team_obj, **values
    )


def progress_report(
    project: Project,
    user,
    date: datetime.date,
    *,
    needed: int = 100,
    spent: int = 10,
    funding: dict | None = None,
) -> ProgressReport:
    """A progress report of `date` (its timeline and finances on that date too), saved by the ORM."""
    return ProgressReport.objects.create(
        project=project,
        report_date=date,
        timeline_start=date,
        timeline_end=date,
        finance_date=date,
        budget_needed=Decimal(needed),
        spent=Decimal(spent),
        phase_at_report=project.phase,
        created_by=user,
        funding=[{"funder": funder, "amount": amount} for funder, amount in (funding or {}).items()],
    )


def fill_fields(project: Project, user_for) -> Project:
    services.project_update(
        actor=user_for(Role.PROGRAMME_OFFICE),
        project=project,
        expected_version=project.version,
        result_description="Casusbeschrijving van pilots",
        resources="Teambudget Realisatie",
        quality_criteria="Minimaal 2 pilots",
        due_date=datetime.date(2030, 12, 31),
    )
    project.refresh_from_db()
    return project


def satisfy_gate(project: Project, user_for, *, today: datetime.date | None = None) -> None:
    """Add every artefact and confirm every criterion the project's current phase needs to be left."""
    today = today or timezone.localdate()
    lead = user_for(Role.PROJECT_LEAD)
    state = leidraad().state(project.phase)
    types = {requirement.type: requirement for requirement in state.required_artefacts}
    for criterion in state.criteria:
        for artefact in criterion.requires_artefacts:
            types.setdefault(artefact, None)
    for artefact_type in types:
        parts = [part.code for part in leidraad().artefact_types[artefact_type].parts]
        services.artefact_add(
            actor=lead,
            project=project,
            type=artefact_type,
            title=artefact_type,
            dated=today,
            link=f"https://example.org/{artefact_type}",
            parts=parts,
            signed=True,
        )
    sponsor = user_for(Role.TEAM_LEAD)
    for criterion in state.criteria:
        services.criterion_confirm(actor=sponsor, project=project, criterion=criterion.code)


# --- forms with tables of rows (progress report, impact sheet) as the browser sends them ---


def rows_post(prefix: str, rows: list[dict], total: int = 3) -> dict:
    """The POST fields of a table of rows: its management form and the filled rows (the rest left empty)."""
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def entry_post_data(entry) -> dict:
    """What the browser sends back for a form with rows as it is shown (every input with its shown value)."""
    data = {}
    forms = [entry.form] + [form for formset in entry.formsets.values() for form in formset.forms]
    forms += [formset.management_form for formset in entry.formsets.values()]
    for form in forms:
        for field in form:
            value = field.value()
            if hasattr(value, "pk"):
                value = value.pk
            shown = "" if value is None else (field.field.widget.format_value(value) or "")
            data[field.html_name] = (shown[0] if shown else "") if isinstance(shown, list) else shown
    return data


def entry_errors(entry) -> dict[str, list[str]]:
    """The errors of a form with rows by input name ('funding-1-amount' for a row's cell)."""
    errors = {name: list(messages) for name, messages in entry.form.errors.items()}
    for prefix, formset in entry.formsets.items():
        for index, form in enumerate(formset.forms):
            errors.update({f"{prefix}-{index}-{name}": list(m) for name, m in form.errors.items()})
    return errors
