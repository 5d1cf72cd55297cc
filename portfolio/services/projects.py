"""Starting and editing projects, and a project's collaboration in the stakeholder register."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import Permit, require
from accounts.models import User
from accounts.roles import Role
from catalogue.models import SbiCode
from catalogue.services import sbi_resolve
from programme.models import Person, Team
from regiekamer.concurrency import update_versioned

from ..models import Project, ProjectNumberSequence, ProjectType
from ..workflow import leidraad

if TYPE_CHECKING:
    from stakeholders.models import CollaborationMember, Organisation


# --- shared by the use cases of the portfolio ---


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def resolve_sbi(codes: Iterable[SbiCode | str], *, permit: Permit) -> list[SbiCode]:
    """SbiCode rows for codes or rows; a code that is not SBI 2008 is refused, naming it. Resolving a code may
    add it to the catalogue: done under the permit of the use case that names it."""
    resolved = []
    for code in codes:
        if isinstance(code, SbiCode):
            resolved.append(code)
            continue
        try:
            resolved.append(sbi_resolve(code, actor=permit.actor, granted_by=permit))
        except (ValueError, LookupError) as error:
            raise ValidationError({"sbi_codes": f"{code}: {error}"}) from error
    return resolved


def lock(project: Project) -> Project:
    """The project's row, locked until the transaction ends."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _validate_type(project_type: str) -> None:
    if project_type and project_type not in ProjectType.values:
        raise ValidationError({"project_type": _("Unknown project type %(type)s.") % {"type": project_type}})


def _validate_dates(start_date: datetime.date | None, due_date: datetime.date | None) -> None:
    if start_date and due_date and due_date < start_date:
        raise ValidationError({"due_date": _("The due date lies before the start date.")})


# --- numbering ---


def _next_number(year: int) -> tuple[int, str]:
    """Hand out the next sequence of `year`. UPDATE ... SET last = last + 1 takes a row lock (PostgreSQL) or
    the database write lock (SQLite, IMMEDIATE transactions), so two creations never get the same number."""
    ProjectNumberSequence.objects.get_or_create(year=year)
    ProjectNumberSequence.objects.filter(year=year).update(last=F("last") + 1)
    sequence = ProjectNumberSequence.objects.values_list("last", flat=True).get(year=year)
    return sequence, f"{year % 100:02d}-{sequence:03d}"


def _reserve_number(year: int, sequence: int) -> str:
    """Use a given number (demo data from the sources, e.g. 20-004) and keep the counter past it."""
    ProjectNumberSequence.objects.get_or_create(year=year)
    ProjectNumberSequence.objects.filter(year=year, last__lt=sequence).update(last=sequence)
    return f"{year % 100:02d}-{sequence:03d}"


# --- projects ---


@transaction.atomic
def project_create(
    *,
    actor: User,
    title: str,
    team: Team,
    lead_user: User | None = None,
    lead_person: Person | None = None,
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    result_description: str = "",
    resources: str = "",
    quality_criteria: str = "",
    description: str = "",
    actors: str = "",
    intended_effect: str = "",
    trekker: str = "",
    project_type: str = "",
    project_type_source: str = "",
    planned_period_source: str = "",
    clusters: Iterable[Any] = (),
    sbi_codes: Iterable[SbiCode | str] = (),
    horizons: Iterable[Any] = (),
    kia_themes: Iterable[Any] = (),
    supraregional_themes: Iterable[Any] = (),
    year: int | None = None,
    sequence: int | None = None,
    source_section: str = "",
    granted_by: Permit | None = None,
) -> Project:
    """Start a project in the initiation phase with the next number of the year (or a given one). A use case
    of another app that starts a project (the intake hand-over) passes its permit as `granted_by`. The project
    type is the programme office's to set (portfolio.set_project_type)."""
    permit = require(actor, "portfolio.create_project", granted_by=granted_by)
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": _("A project needs a title.")})
    _validate_type(project_type)
    if project_type and granted_by is None:
        require(actor, "portfolio.set_project_type")
    _validate_dates(start_date, due_date)
    if lead_user is None and lead_person is None and actor.has_role(Role.PROJECT_LEAD):
        lead_user = actor  # a project lead who starts a project leads it
    year = year or timezone.localdate().year
    if sequence is None:
        sequence, number = _next_number(year)
    else:
        number = _reserve_number(year, sequence)
    try:
        with transaction.atomic():
            project = Project.objects.create(
                number=number,
                year=year,
                sequence=sequence,
                title=title,
                team=team,
                lead_user=lead_user,
                lead_person=lead_person,
                start_date=start_date,
                due_date=due_date,
                result_description=clean_text(result_description),
                resources=clean_text(resources),
                quality_criteria=clean_text(quality_criteria),
                description=clean_text(description),
                actors=clean_text(actors),
                intended_effect=clean_text(intended_effect),
                trekker=trekker,
                project_type=project_type,
                project_type_source=clean_text(project_type_source),
                planned_period_source=clean_text(planned_period_source),
                phase=leidraad().initial_state,
                status=leidraad().initial_status,
                source_section=source_section,
                created_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"number": _("Project number %(number)s is already taken.") % {"number": number}}
        ) from error
    project.clusters.set(list(clusters))
    project.sbi_codes.set(resolve_sbi(sbi_codes, permit=permit))
    project.horizons.set(list(horizons))
    project.kia_themes.set(list(kia_themes))
    project.supraregional_themes.set(list(supraregional_themes))
    return project


PROJECT_EDIT_FIELDS = [
    "title",
    "lead_user",
    "lead_person",
    "start_date",
    "due_date",
    "result_description",
    "resources",
    "quality_criteria",
    "description",
    "actors",
    "intended_effect",
    "project_type",
    "project_type_source",
    "planned_period_source",
]
# Fields only the programme office changes (portfolio.set_project_type).
PROJECT_TYPE_FIELDS = ("project_type", "project_type_source")


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    expected_version: int,
    clusters: Iterable[Any] | None = None,
    sbi_codes: Iterable[SbiCode | str] | None = None,
    horizons: Iterable[Any] | None = None,
    kia_themes: Iterable[Any] | None = None,
    supraregional_themes: Iterable[Any] | None = None,
    **values: Any,
) -> Project:
    """The project lead (or the programme office) edits the project; a stale version raises EditConflict.
    Changing the project type (what the dashboard counts research projects by) is the programme office's."""
    permit = require(actor, "portfolio.edit_project", project)
    unknown = set(values) - set(PROJECT_EDIT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if any(name in values and values[name] != getattr(project, name) for name in PROJECT_TYPE_FIELDS):
        require(actor, "portfolio.set_project_type")
    _validate_type(values.get("project_type", ""))
    dates_changed = any(
        name in values and values[name] != getattr(project, name) for name in ("start_date", "due_date")
    )
    if dates_changed and "planned_period_source" not in values:
        values["planned_period_source"] = ""  # the period is no longer the one the source gave
    for name, value in values.items():
        setattr(project, name, clean_text(value) if isinstance(value, str) else value)
    if not project.title:
        raise ValidationError({"title": _("A project needs a title.")})
    _validate_dates(project.start_date, project.due_date)
    update_versioned(project, expected_version=expected_version, fields=list(values))
    if clusters is not None:
        project.clusters.set(list(clusters))
    if sbi_codes is not None:
        project.sbi_codes.set(resolve_sbi(sbi_codes, permit=permit))
    if horizons is not None:
        project.horizons.set(list(horizons))
    if kia_themes is not None:
        project.kia_themes.set(list(kia_themes))
    if supraregional_themes is not None:
        project.supraregional_themes.set(list(supraregional_themes))
    return project


@transaction.atomic
def project_collaboration_join(
    *,
    project: Project,
    organisation: Organisation,
    role: str = "",
    reason: str = "",
    actor: User,
    granted_by: Permit | None = None,
) -> CollaborationMember:
    """The organisation takes part in the project (stakeholders categorisation 5): a member of the register's
    collaboration named after the project, which the project links to. This use case's rule
    (portfolio.join_collaboration) applies, unless a use case that owns the call (the intake hand-over)
    passes its permit."""
    from stakeholders import services as stakeholder_services
    from stakeholders.models import Collaboration

    permit = require(actor, "portfolio.join_collaboration", granted_by=granted_by)
    member = stakeholder_services.collaboration_join(
        organisation=organisation,
        name=str(project),
        kind=Collaboration.Kind.PROJECT,
        role=role,
        reason=reason,
        actor=actor,
        granted_by=permit,
    )
    project.collaborations.add(member.collaboration)
    return member
