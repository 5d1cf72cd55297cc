"""Hand-built programme data for the dashboard tests and the benchmark: teams, projects, stakeholders and
roadmap values created directly (the numbers the tests expect are worked out by hand from these rows)."""

import datetime
from decimal import Decimal

from catalogue.models import (
    EffectDimension,
    Horizon,
    KiaTheme,
    ProductCluster,
    Province,
    SbiCode,
    SupraregionalTheme,
)


def team(code: str, name: str, order: int):
    from programme.models import Team

    return Team.objects.get_or_create(
        code=code, defaults={"name": name, "level": "operational", "order": order}
    )[0]


def project(
    number: str,
    team,
    *,
    phase: str = "initiation",
    status: str = "active",
    start=None,
    due=None,
    clusters=(),
    sbi=(),
    title: str = "",
    kia=(),
    supraregional=(),
    project_type: str = "research",
):
    """A project; `kia` and `supraregional` are theme codes of catalogue/data (kia_themes.csv, ...). A
    research project unless `project_type` says otherwise (the running-projects count counts research
    projects)."""
    from portfolio.models import Project

    year, sequence = number.split("-")
    obj = Project.objects.create(
        number=number,
        year=2000 + int(year),
        sequence=int(sequence),
        title=title or f"Project {number}",
        team=team,
        phase=phase,
        status=status,
        start_date=start,
        due_date=due,
        project_type=project_type,
    )
    if clusters:
        obj.clusters.set(ProductCluster.objects.filter(code__in=clusters))
    if sbi:
        obj.sbi_codes.set(SbiCode.objects.filter(code__in=sbi))
    if kia:
        obj.kia_themes.set(KiaTheme.objects.filter(code__in=kia))
    if supraregional:
        obj.supraregional_themes.set(SupraregionalTheme.objects.filter(code__in=supraregional))
    return obj


def organisation(
    name: str,
    *,
    org_type: str = "company",
    sbi=(),
    province: str = "",
    relevance: str = "",
    frontrunner: str = "",
):
    from stakeholders.models import Organisation

    obj = Organisation.objects.create(
        name=name,
        org_type=org_type,
        province=Province.objects.get(code=province) if province else None,
        relevance_role=relevance,
        frontrunner_class=frontrunner,
    )
    if sbi:
        obj.sbi_codes.set(SbiCode.objects.filter(code__in=sbi))
    return obj


def collaboration(name: str, kind: str, members=()):
    from stakeholders.models import Collaboration, CollaborationMember

    obj = Collaboration.objects.create(name=name, kind=kind)
    for member in members:
        CollaborationMember.objects.create(collaboration=obj, organisation=member)
    return obj


def person(name: str, organisation, change_agent_type: str = ""):
    from stakeholders.models import Person

    return Person.objects.create(name=name, organisation=organisation, change_agent_type=change_agent_type)


def indicator(
    code: str,
    kind: str,
    horizon: str,
    *,
    across: str = "sum",
    time: str = "sum",
    dimension: str = "",
    unit: str = "#",
    name: str = "",
    baseline: str = "0",
):
    from roadmap.models import Indicator

    return Indicator.objects.create(
        code=code,
        name=name or code,
        kind=kind,
        unit=unit,
        horizon=Horizon.objects.get(code=horizon),
        dimension=EffectDimension.objects.get(code=dimension) if dimension else None,
        across_aggregation=across,
        time_aggregation=time,
        baseline=Decimal(baseline),
    )


def target(indicator, value, *, cluster: str = "", by=datetime.date(2023, 12, 31)):
    from roadmap.models import Target

    return Target.objects.create(
        indicator=indicator,
        value=Decimal(value),
        by_date=by,
        scope="cluster" if cluster else "programme",
        cluster=ProductCluster.objects.get(code=cluster) if cluster else None,
    )


def value(
    indicator, amount, date: datetime.date, user, *, status: str = "approved", team=None, cluster: str = ""
):
    from roadmap.models import MeasuredValue
    from roadmap.services import indicator_days_rebuild

    value = MeasuredValue.objects.create(
        indicator=indicator,
        value=Decimal(amount),
        unit=indicator.unit,
        date=date,
        source="test",
        status=status,
        entered_by=user,
        team=team,
        cluster=ProductCluster.objects.get(code=cluster) if cluster else None,
    )
    indicator_days_rebuild()  # approved here without the review service, which keeps the days
    return value


def impact_sheet(project, user, *, version: int = 1, cluster: str = "", sbi=(), raw_materials=(), **values):
    from catalogue.models import RawMaterial
    from portfolio.models import ImpactSheet

    sheet = ImpactSheet.objects.create(
        project=project,
        version_number=version,
        status_date=datetime.date(2020, 10, 15),
        created_by=user,
        cluster=ProductCluster.objects.get(code=cluster) if cluster else None,
        **values,
    )
    if sbi:
        sheet.sbi_codes.set(SbiCode.objects.filter(code__in=sbi))
    if raw_materials:
        sheet.raw_materials.set(RawMaterial.objects.filter(symbol__in=raw_materials))
    return sheet


def progress_report(project, user, date: datetime.date, *, needed: int, funding: dict, spent: int):
    from portfolio.tests.factories import progress_report

    return progress_report(project, user, date, needed=needed, spent=spent, funding=funding)


def eu_barrier(title: str, team, function: str, *, cluster: str = "", agenda_date=datetime.date(2020, 6, 1)):
    from catalogue.models import InnovationFunction
    from programme.models import EuBarrier

    return EuBarrier.objects.create(
        title=title,
        team=team,
        innovation_function=InnovationFunction.objects.get(code=function),
        cluster=ProductCluster.objects.get(code=cluster) if cluster else None,
        agenda_date=agenda_date,
        forum="EIP Raw Materials",
    )
