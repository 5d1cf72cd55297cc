"""The programme-wide dashboard read from the kept figures (dashboard.kept, issue 17) is the dashboard counted
from the projects themselves, after every kind of write that changes a project's part: new impact-sheet
versions, a sheet deleted, product groups, raw materials and themes changed from either side, a project's
phase or team changed, a project deleted; and the kept parts are what a rebuild makes."""

import datetime
import random
from decimal import Decimal

import pytest

from accounts.roles import Role
from catalogue.models import KiaTheme, RawMaterial, SbiCode, SupraregionalTheme
from dashboard import kept, selectors
from dashboard.models import FiguresBuilt, FigureTotal, ProjectFigure
from dashboard.scope import Scope
from materials.models import SweetSpot
from portfolio.models import ImpactSheet

from . import builders as b

pytestmark = pytest.mark.django_db

LEVELS = ("unknown", "low", "medium", "high")


def _kept_and_live() -> tuple[dict, dict]:
    """The dashboard of the whole programme from the kept figures, then counted from the projects."""
    assert kept.built()
    from_kept = selectors.dashboard_data(Scope())
    FiguresBuilt.objects.all().delete()
    counted = selectors.dashboard_data(Scope())
    FiguresBuilt.objects.create(built_at=datetime.datetime.now(tz=datetime.UTC))
    return from_kept, counted


def _kept_rows() -> tuple[set, set]:
    return (
        {(p, k, v) for p, k, v in ProjectFigure.objects.values_list("project_id", "key", "value") if v},
        {(k, v) for k, v in FigureTotal.objects.values_list("key", "value") if v},
    )


def _assert_kept_is_counted() -> None:
    from_kept, counted = _kept_and_live()
    for key in from_kept:
        assert from_kept[key] == counted[key], key
    incremental = _kept_rows()
    kept.figures_rebuild()
    assert _kept_rows() == incremental


def _sheet(project, user, rng: random.Random, version: int) -> ImpactSheet:
    codes = list(SbiCode.objects.filter(code__in=["24", "28", "32", "2410"]).values_list("code", flat=True))
    materials = list(RawMaterial.objects.exclude(symbol="").values_list("symbol", flat=True)[:6])
    bands = {
        band: Decimal(rng.randint(1, 40)) if rng.random() < 0.5 else None
        for band in ("co2_r0_r2", "co2_r3_r7", "co2_r8_r9")
    }
    return b.impact_sheet(
        project,
        user,
        version=version,
        sbi=rng.sample(codes, rng.randint(0, 2)),
        raw_materials=rng.sample(materials, rng.randint(0, 2)),
        supply_risk_change=rng.choice(["none", "some", "clear"]),
        added_value_meur=Decimal(rng.randint(0, 50)) if rng.random() < 0.7 else None,
        innovation_functions={f"F{i}": rng.choice(LEVELS) for i in rng.sample(range(1, 9), 3)},
        performance={
            "functional_value": rng.choice(LEVELS),
            "technical_value": rng.choice(LEVELS),
            "business_propositions": rng.choice(["", "1 - 5", None]),
        },
        **bands,
    )


def _report(project, user, rng: random.Random) -> None:
    funders = rng.sample(["RVO", "EU", "Provincie"], rng.randint(0, 2))
    b.progress_report(
        project,
        user,
        datetime.date(2021, rng.randint(1, 12), rng.choice([1, 15])),
        needed=rng.randint(10, 90) * 1000,
        spent=rng.randint(0, 40) * 1000,
        funding={funder: rng.randint(1, 30) * 1000 for funder in funders},
    )


def test_the_kept_dashboard_is_the_counted_dashboard_after_every_kind_of_write(catalogue, user_for):
    rng = random.Random(17)
    lead = user_for(Role.PROJECT_LEAD)
    teams = [b.team("realisatie", "Team Realisatie", 1), b.team("verbreding", "Team Verbreding", 2)]
    projects = [
        b.project(
            f"21-{n:03d}",
            teams[n % 2],
            phase=rng.choice(["initiation", "definition", "execution", "closed"]),
            status=rng.choice(["active", "active", "paused"]),
            sbi=rng.sample(["24", "28", "32"], rng.randint(0, 2)),
            kia=rng.sample(["kem", "data-lca"], rng.randint(0, 1)),
            supraregional=rng.sample(["cesi", "hca"], rng.randint(0, 1)),
            project_type=rng.choice(["research", "pilot"]),
        )
        for n in range(1, 9)
    ]
    for project in projects[:6]:
        _sheet(project, lead, rng, 1)
    for project in projects[2:7]:
        _report(project, lead, rng)
    _assert_kept_is_counted()
    assert FigureTotal.objects.filter(key__startswith="overlap:").exists()  # the data make overlaps

    for step in range(14):
        project = rng.choice(projects)
        action = step % 7
        if action == 0:  # a new version of the impact sheet
            latest = project.impact_sheets.order_by("-version_number").values_list(
                "version_number", flat=True
            )
            version = (latest.first() or 0) + 1
            _sheet(project, lead, rng, version)
        elif action == 1:  # the current sheet deleted: the one before it counts again
            sheet = project.impact_sheets.order_by("-version_number").first()
            if sheet is not None:
                sheet.delete()
        elif action == 2:  # product groups and raw materials of the current sheet
            sheet = project.impact_sheets.order_by("-version_number").first()
            if sheet is not None:
                sheet.sbi_codes.add(SbiCode.objects.get(code="28"))
                sheet.raw_materials.set(RawMaterial.objects.exclude(symbol="").order_by("pk")[:1])
        elif action == 3:  # the project's phase, team and type
            project.phase = rng.choice(["execution", "closed"])
            project.team = rng.choice(teams)
            project.project_type = "research"
            project.save()
        elif action == 4:  # themes and product groups of the project, from both sides
            project.kia_themes.remove(*KiaTheme.objects.filter(code="kem"))
            SupraregionalTheme.objects.get(code="cesi").projects.add(project)
            SbiCode.objects.get(code="32").projects.add(project)
        elif action == 5:  # a new progress report, or the latest one deleted
            latest = project.progress_reports.order_by("-report_date", "-pk").first()
            if latest is not None and rng.random() < 0.5:
                latest.delete()
            else:
                _report(project, lead, rng)
        else:  # a project deleted
            if len(projects) > 3:
                projects.remove(project)
                project.delete()
        if step == 3:  # a sweet spot adopted: which projects serve one changes for every project
            spot = SweetSpot.objects.create(
                sbi=SbiCode.objects.get(code="24"),
                team=teams[0],
                r_band="R8-R9",
                score=0.5,
                rank=1,
                weights={},
                reasoning="",
                adopted_by=lead,
            )
        if step == 10:
            spot.delete()
        _assert_kept_is_counted()


def test_a_deleted_project_takes_its_part_off_the_totals(catalogue, user_for):
    lead = user_for(Role.PROJECT_LEAD)
    team = b.team("realisatie", "Team Realisatie", 1)
    project = b.project("21-001", team, phase="execution", sbi=["24"])
    b.impact_sheet(project, lead, sbi=["24"], co2_r3_r7=Decimal(20), added_value_meur=Decimal(7))
    assert kept.totals("contribution:")["co2-impact"] == Decimal(-20)
    project_id = project.pk
    project.delete()
    assert not ProjectFigure.objects.filter(project_id=project_id).exists()
    assert kept.totals("") == {}


def test_reference_data_a_part_names_sets_the_kept_figures_aside_until_a_rebuild(catalogue, user_for):
    from django.core.management import call_command

    team = b.team("realisatie", "Team Realisatie", 1)
    b.project("21-001", team, phase="execution", sbi=["24"])
    assert kept.built()
    code = SbiCode.objects.get(code="24")
    code.save()  # an edit of a product group the parts name
    assert not kept.built()
    counted = selectors.dashboard_data(Scope())  # counted from the projects meanwhile
    call_command("dashboard-figures-rebuild", verbosity=0)
    assert kept.built()
    assert selectors.dashboard_data(Scope()) == counted


def test_the_programme_dashboard_reads_a_fixed_number_of_totals_not_the_projects(
    catalogue, user_for, django_assert_max_num_queries
):
    """With the figures kept, no query of the programme's dashboard groups or sums the projects or their
    impact sheets (what grew with the portfolio, issue 17)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = user_for(Role.PROJECT_LEAD)
    team = b.team("realisatie", "Team Realisatie", 1)
    for n in range(1, 4):
        project = b.project(f"21-{n:03d}", team, phase="execution", sbi=["24"])
        b.impact_sheet(project, lead, sbi=["24"], co2_r3_r7=Decimal(n))
    with CaptureQueriesContext(connection) as context:
        data = selectors.dashboard_data(Scope())
    assert data["overlaps"][0].count == 3
    summing = [
        q["sql"]
        for q in context.captured_queries
        if "portfolio_impactsheet" in q["sql"] and ("SUM(" in q["sql"] or "GROUP BY" in q["sql"])
    ]
    assert summing == []


def _register_counts() -> tuple[dict, dict]:
    """The programme dashboard's counts of the register (as kept), then each counted from the register."""
    from dashboard import metrics

    shown = {
        value.metric.key: value.value
        for values in metrics.metric_values(Scope()).values()
        for value in values
        if value.metric.key in metrics.REGISTER
    }
    counted = {key: metrics.METRICS_BY_KEY[key].select(Scope()).count() for key in metrics.REGISTER}
    return shown, counted


def test_the_registers_kept_counts_follow_every_kind_of_write_to_the_register(catalogue, user_for):
    """Each count of the register is read from its kept value until the register changes, then counted again:
    after a new organisation, a changed type, class or role, a membership made and ended, a change agent, a
    collaboration's kind, a deletion and an import's bulk inserts and updates, the dashboard shows what
    counting the register gives."""
    from dashboard import metrics
    from dashboard.models import RegisterCount
    from stakeholders import importer
    from stakeholders.models import CollaborationMember, Organisation, Source

    assert metrics.REGISTER <= set(metrics.METRICS_BY_KEY)
    office = user_for(Role.PROGRAMME_OFFICE)
    maker = b.organisation("Maker B.V.", province="ZH")
    institute = b.organisation("Kennisinstituut", org_type="knowledge_institute", province="UT")
    chain = b.collaboration("Keten", "chain", [maker, institute])
    agent = b.person("Agent", maker)
    shown, counted = _register_counts()
    assert shown == counted and counted["entrepreneurs"] == 1 and counted["chain_collaborations"] == 1
    assert RegisterCount.objects.count() == len(metrics.REGISTER)  # kept once read

    def changed(write) -> None:
        write()
        shown, counted = _register_counts()
        assert shown == counted, write.__doc__

    def new_company() -> None:
        """a new company, member of the chain"""
        CollaborationMember.objects.create(collaboration=chain, organisation=b.organisation("Twee B.V."))

    def retyped() -> None:
        """the institute becomes a company, a follower, a user"""
        institute.org_type, institute.frontrunner_class, institute.relevance_role = (
            "company",
            "follower",
            "users",
        )
        institute.save()

    def membership_ended() -> None:
        """the maker leaves the chain"""
        CollaborationMember.objects.filter(organisation=maker).delete()

    def change_agent() -> None:
        """a person becomes a change agent"""
        agent.change_agent_type = "director"
        agent.save()

    def kind() -> None:
        """the chain becomes another kind of collaboration"""
        chain.kind = "knowledge"
        chain.save()

    def deleted() -> None:
        """an organisation deleted, with its people and memberships"""
        institute.delete()

    def _import(rows: list[list[str]]) -> None:
        headers = ["KvK-nummer", "Naam", "Type", "Provincie"]
        plan = importer.plan_import(headers=headers, rows=rows, mapping=importer.guess_mapping(headers))
        assert not plan.errors, plan.errors
        importer.import_apply(plan=plan, source=Source.objects.order_by("order").first(), actor=office)

    def imported() -> None:
        """an import's bulk inserts: two new companies in a new province"""
        _import(
            [["12345678", "Import Een B.V.", "bedrijf", "Groningen"], ["23456789", "Import Twee", "", ""]]
        )

    def reimported() -> None:
        """an import's bulk updates: one of them becomes a knowledge institute"""
        _import([["23456789", "Import Twee", "kennisinstelling", ""]])

    for write in (new_company, retyped, membership_ended, change_agent, kind, deleted, imported, reimported):
        changed(write)
    assert Organisation.objects.get(kvk_number="23456789").org_type == "knowledge_institute"
