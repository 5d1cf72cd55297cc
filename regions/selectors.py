"""Reads of the regions app: the measures the map can show per province, and the regional overview. Each
measure is one or two grouped queries, whatever the number of projects or organisations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from catalogue.models import IndustryFigure, Province
from knowledge.models import Case
from portfolio.models import Project
from portfolio.permissions import visible_projects
from stakeholders.models import CollaborationMember, Organisation

from .models import RegionalCluster, RegionalOpportunity
from .selectors_regiotool import opportunities

# The programme's own data per province (issue 19 item 5).
PROJECTS, MEMBERS, ORGANISATIONS = "projects", "members", "organisations"
PROGRAMME_MEASURES = {
    PROJECTS: _("Projects"),
    MEMBERS: _("Consortium members"),
    ORGANISATIONS: _("Organisations in the register"),
}
FIGURE_PREFIX = "figure-"


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    source: Any  # what the figures are and where they come from, for the caption


def figure_measures() -> list[Measure]:
    """One measure per column of the §1.2.2 table."""
    source = _("Werkwijze UPCM 2020 §1.2.2, the manufacturing industry per province.")
    return [
        Measure(
            f"{FIGURE_PREFIX}{name}",
            IndustryFigure._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
            source,
        )
        for name in IndustryFigure.VALUE_FIELDS
    ]


def programme_measures() -> list[Measure]:
    return [
        Measure(
            PROJECTS,
            PROGRAMME_MEASURES[PROJECTS],
            _(
                "Portfolio projects with at least one organisation in the province among the members "
                "of their "
                "collaboration or the actors of their impact sheets; a project can count in several "
                "provinces."
            ),
        ),
        Measure(
            MEMBERS,
            PROGRAMME_MEASURES[MEMBERS],
            _(
                "Organisations of the register in the province that are members of the collaboration of a "
                "portfolio project."
            ),
        ),
        Measure(
            ORGANISATIONS, PROGRAMME_MEASURES[ORGANISATIONS], _("Organisations of the stakeholder register.")
        ),
    ]


def provinces() -> list[Province]:
    return list(Province.objects.order_by("name"))


def figure_values(column: str) -> tuple[dict[int, int], int | None]:
    """The §1.2.2 column per province (province id -> value) and the table's stated total ("Totaal"), as
    loaded from the catalogue (catalogue/data/maakindustrie_per_provincie.csv)."""
    if column not in IndustryFigure.VALUE_FIELDS:
        raise ValueError(f"unknown figure column {column!r}")
    rows = IndustryFigure.objects.filter(breakdown=IndustryFigure.Breakdown.PROVINCE).values_list(
        "province_id", "is_stated_total", column
    )
    values: dict[int, int] = {}
    stated_total = None
    for province_id, is_total, value in rows:
        if is_total:
            stated_total = value
        elif province_id is not None:
            values[province_id] = value
    return values, stated_total


def project_province_pairs(projects: QuerySet[Project]) -> set[tuple[int, int]]:
    """(province id, project id) for every project of `projects` with an organisation in that province in
    its collaboration or among its impact sheets' actors (two queries)."""
    through_collaborations = projects.filter(collaborations__members__province__isnull=False).values_list(
        "collaborations__members__province", "pk"
    )
    through_sheets = projects.filter(impact_sheets__actor_organisations__province__isnull=False).values_list(
        "impact_sheets__actor_organisations__province", "pk"
    )
    return set(through_collaborations) | set(through_sheets)


def project_counts(projects: QuerySet[Project]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for province_id, _project in project_province_pairs(projects):
        counts[province_id] += 1
    return dict(counts)


def member_counts() -> dict[int, int]:
    """Organisations per province that are members of a portfolio project's collaboration."""
    rows = (
        CollaborationMember.objects.filter(
            collaboration__portfolio_projects__isnull=False, organisation__province__isnull=False
        )
        .values("organisation__province")
        .annotate(n=Count("organisation", distinct=True))
    )
    return {row["organisation__province"]: row["n"] for row in rows}


def organisation_counts() -> dict[int, int]:
    rows = Organisation.objects.filter(province__isnull=False).values("province").annotate(n=Count("pk"))
    return {row["province"]: row["n"] for row in rows}


def programme_values(key: str, user: Any) -> dict[int, int]:
    """A programme measure per province id; provinces without any count 0 (the data is complete: every
    organisation with a province is counted). Projects are those `user` may read."""
    if key == PROJECTS:
        return project_counts(visible_projects(user))
    if key == MEMBERS:
        return member_counts()
    if key == ORGANISATIONS:
        return organisation_counts()
    raise ValueError(f"unknown measure {key!r}")


def organisations_without_province() -> int:
    return Organisation.objects.filter(province__isnull=True).count()


# --- regional platforms and clusters ---


def clusters() -> QuerySet[RegionalCluster]:
    return RegionalCluster.objects.prefetch_related("provinces", "supraregional_themes").annotate(
        member_count=Count("members", distinct=True), project_count=Count("projects", distinct=True)
    )


def cluster_detail(pk: int) -> RegionalCluster:
    return (
        RegionalCluster.objects.select_related("contact_organisation", "contact_person")
        .prefetch_related("provinces", "supraregional_themes", "members__province", "projects__team")
        .get(pk=pk)
    )


@dataclass
class RegionalOverview:
    province: Province
    clusters: list[RegionalCluster]
    projects: list[Project]
    organisations: QuerySet[Organisation]
    organisation_count: int
    member_count: int
    cases: list[Case]
    # The promising groups of the Regio-tool in this province (§5.6).
    opportunities: list[RegionalOpportunity]


def regional_overview(province: Province, user: Any, *, organisations_shown: int = 25) -> RegionalOverview:
    """What the programme has in one province: its platforms and clusters, the projects with an organisation
    there (those `user` may read), the register's organisations there and the published cases about it."""
    project_ids = {
        pk for province_id, pk in project_province_pairs(visible_projects(user)) if province_id == province.pk
    }
    projects = list(Project.objects.filter(pk__in=project_ids).select_related("team").order_by("number"))
    organisations = Organisation.objects.filter(province=province).order_by("name")
    return RegionalOverview(
        province=province,
        clusters=list(clusters().filter(provinces=province)),
        projects=projects,
        organisations=organisations[:organisations_shown],
        organisation_count=organisations.count(),
        member_count=member_counts().get(province.pk, 0),
        cases=list(
            Case.objects.filter(status=Case.Status.PUBLISHED, provinces=province).order_by("-published_at")
        ),
        opportunities=list(opportunities(province=province)),
    )


def organisation_panel(request: Any, organisation: Organisation) -> dict[str, Any] | None:
    """The regional platforms and clusters an organisation is a member of, on its page in the register."""
    from accounts.authorization import can

    if not can(request.user, "regions.view_regions"):
        return None
    return {"clusters": list(organisation.regional_clusters.order_by("name"))}
