"""Read queries of the dashboard app, on the other apps' published selectors; never writes.

One direction: views -> this module (and metrics) -> scope -> the other apps' selectors; pure roll-ups in
rollup.py, the progress rule in roadmap.progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Field, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from catalogue.models import IndustryFigure
from portfolio import selectors as portfolio
from portfolio.models import ImpactSheet, ProgressReport, Project, ReportGrant
from portfolio.reporting import CONTRIBUTION_LEVELS, co2_total
from programme import selectors as programme
from programme.models import Team
from roadmap import progress
from roadmap import selectors as roadmap
from roadmap.models import Indicator, Target

from . import figures, kept, metrics, rollup
from .scope import Scope, impact_sheets, projects

BREAKDOWNS = [choice for choice, _label in IndustryFigure.Breakdown.choices]


@dataclass
class FigureTable:
    """One §1.2 table as plain rows, with its stated total and consistency check."""

    breakdown: str
    breakdown_label: str
    dataset_title: str
    dataset_year: int
    dataset_source: str
    source_section: str
    rows: list[dict]
    total: dict | None
    check: figures.TableCheck


def figure_column_labels() -> dict[str, str]:
    """Column -> translated label, from the catalogue model's verbose names."""
    return {name: str(_field(name).verbose_name) for name in figures.VALUE_COLUMNS}


def _field(name: str) -> Field[Any, Any]:
    field = IndustryFigure._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"IndustryFigure.{name} is a relation, not a column")
    return field


def _row(figure: IndustryFigure) -> dict:
    row = {
        "label": f"{figure.sbi.display_code} {figure.label}" if figure.sbi is not None else figure.label,
        "order": figure.order,
        "cluster": figure.cluster_id,
        **{name: getattr(figure, name) for name in figures.VALUE_COLUMNS},
    }
    row["value_added_impact_pct"] = figures.impact_percent(
        figure.upcm_value_added_impact_meur_per_year, figure.value_added_meur_per_year
    )
    row["co2_impact_pct"] = figures.impact_percent(figure.upcm_co2_impact_kt_per_year, figure.co2_kt_per_year)
    return row


def figure_tables(breakdown: str | None = None) -> list[FigureTable]:
    """Every §1.2 table (or the one of `breakdown`), one per breakdown (the most recent dataset when there are
    several), in one query."""
    queryset = IndustryFigure.objects.select_related("dataset", "sbi").order_by(
        "breakdown", "-dataset__year", "dataset__code", "order"
    )
    if breakdown is not None:
        queryset = queryset.filter(breakdown=breakdown)
    grouped: dict[str, list[IndustryFigure]] = {}
    for figure in queryset:
        rows = grouped.setdefault(figure.breakdown, [])
        if rows and rows[0].dataset_id != figure.dataset_id:
            continue  # an older dataset of the same breakdown
        rows.append(figure)
    labels = dict(IndustryFigure.Breakdown.choices)
    tables = []
    for breakdown in BREAKDOWNS:
        items = grouped.get(breakdown)
        if not items:
            continue
        body = [_row(f) for f in items if not f.is_stated_total]
        totals = [_row(f) for f in items if f.is_stated_total]
        total = totals[0] if totals else None
        dataset = items[0].dataset
        tables.append(
            FigureTable(
                breakdown=breakdown,
                breakdown_label=str(labels[breakdown]),
                dataset_title=dataset.title,
                dataset_year=dataset.year,
                dataset_source=dataset.source,
                source_section=dataset.source_section,
                rows=body,
                total=total,
                check=figures.check_table(str(labels[breakdown]), body, total),
            )
        )
    return tables


def figure_table(breakdown: str) -> FigureTable | None:
    tables = figure_tables(breakdown)
    return tables[0] if tables else None


# --- programme dashboard ------------------------------------------------------------------------------------


@dataclass
class GoalRow:
    """A performance or effect goal of the roadmap: target against what is measured and what the projects'
    impact sheets contribute."""

    code: str
    name: str
    kind: str
    horizon: str
    horizon_months: int
    dimension: str
    raw_material: str
    unit: str
    direction: str
    baseline: Decimal
    target: Decimal | None
    target_date: datetime.date | None
    measured: Decimal | None
    contribution: Decimal | None
    contribution_available: bool
    url: str
    contribution_unit: str = ""  # "" = the indicator's unit; "projects" = a number of projects
    contribution_url: str = ""  # the list of impact sheets the contribution sums
    has_target: bool = False  # a programme (or cluster) target exists, with or without a figure

    @property
    def contribution_count(self) -> int:
        """A contribution counted in projects, as a whole number (for singular/plural)."""
        return int(self.contribution or 0)

    @property
    def direction_only(self) -> bool:
        """The target states a direction (the indicator's) but no figure, e.g. "↑" in §4.4."""
        return self.has_target and self.target is None

    @property
    def direction_symbol(self) -> str:
        return "↓" if self.direction == "lower" else "↑"

    @property
    def measured_share(self) -> Decimal | None:
        """How far the measured value has come from the baseline toward the target, in % (the roadmap's rule,
        as on the indicator page)."""
        return progress.percent_of_target(baseline=self.baseline, target=self.target, measured=self.measured)

    @property
    def contribution_share(self) -> Decimal | None:
        """The impact sheets' contribution as a share of the way from the baseline to the target, in %."""
        if self.contribution_unit or self.contribution is None:  # a number of projects is no share
            return None
        return progress.percent_of_target(
            baseline=self.baseline, target=self.target, measured=self.baseline + self.contribution
        )


# Roadmap indicator code -> key of the impact sheet's "Bijdrage aan prestatiedoelen" (portfolio.reporting).
PERFORMANCE_KEYS = {
    "innovation-engine-maturity": "innovation_engines",
    "functional-value-retention": "functional_value",
    "technical-value-retention": "technical_value",
    "economic-value-retention": "economic_value",
    "business-cases": "business_propositions",
}
CO2_CODE = "co2-impact"
VALUE_ADDED_CODE = "value-added-impact"
SUPPLY_RISK_PREFIX = "supply-risk-"
SUPPLY_IMPROVED = ("some", "clear")
SUPPLY_RISK_SYMBOLS = ("mg", "ti", "al", "p", "sb")
# A sheet that fills any of the three R-ladder bands states a CO₂ impact.
CO2_STATED = Q(co2_r0_r2__isnull=False) | Q(co2_r3_r7__isnull=False) | Q(co2_r8_r9__isnull=False)
PROJECTS = "projects"  # unit of a contribution that counts projects


def _performance_stated(key: str) -> Q:
    """Sheets that state a contribution to a performance goal: low, medium or high (not "unknown"); for
    business cases any stated number of propositions."""
    if key == "business_propositions":
        return Q(**{f"performance__{key}__isnull": False}) & ~Q(**{f"performance__{key}": ""})
    return Q(**{f"performance__{key}__in": metrics.CONTRIBUTING})


def contribution_kind(code: str) -> str:
    """How the impact sheets contribute to indicator `code`: "co2" (minus the sum of the R-ladder bands),
    "added_value" (the sum of the added value), "performance" or "supply_risk" (a number of projects), or
    "" when the impact sheet has no figure for it."""
    if code == CO2_CODE:
        return "co2"
    if code == VALUE_ADDED_CODE:
        return "added_value"
    if code in PERFORMANCE_KEYS:
        return "performance"
    if code.startswith(SUPPLY_RISK_PREFIX):
        return "supply_risk"
    return ""


def contributing_sheets(scope: Scope, code: str) -> QuerySet[ImpactSheet] | None:
    """The current impact sheets whose figures make up the contribution to indicator `code`, one per
    project (None: the impact sheet has no figure for it). The dashboard's number (impact_contributions)
    and the list behind it (contribution_list) apply the same filters."""
    sheets = impact_sheets(scope)
    kind = contribution_kind(code)
    if kind == "co2":
        return sheets.filter(CO2_STATED)
    if kind == "added_value":
        return sheets.filter(added_value_meur__isnull=False)
    if kind == "performance":
        return sheets.filter(_performance_stated(PERFORMANCE_KEYS[code]))
    if kind == "supply_risk":
        symbol = code.removeprefix(SUPPLY_RISK_PREFIX)
        return sheets.filter(supply_risk_change__in=SUPPLY_IMPROVED, raw_materials__symbol__iexact=symbol)
    return None


def impact_contributions(scope: Scope) -> dict[str, tuple[Decimal, str]]:
    """Indicator code -> (what the current impact sheets contribute, unit of the contribution):

    - CO₂ (co2-impact): minus the sum of the three R-ladder bands, in kt/yr (a sheet states the reduction as a
      positive number; the roadmap's target, −2,313 kt/yr from §1.2, is negative);
    - value added (value-added-impact): the sum of the sheets' added value, M€/yr;
    - performance goals: the number of projects whose sheet states a contribution (low, medium or high; for
      business cases any stated number of propositions);
    - critical materials (supply-risk-<symbol>): the number of projects that name the material and expect
      some or a clear reduction of the supply risk.

    An indicator missing here has no impact-sheet contribution: the dashboard says so. For the whole
    programme the sums are the kept totals of every project's part (dashboard.kept)."""
    if scope.is_programme and kept.built():
        sums = kept.totals("contribution:")
    else:
        sums = contribution_sums(scope)
    result: dict[str, tuple[Decimal, str]] = {
        CO2_CODE: (sums.get(CO2_CODE, Decimal("0")), ""),
        VALUE_ADDED_CODE: (sums.get(VALUE_ADDED_CODE, Decimal("0")), ""),
    }
    for code in PERFORMANCE_KEYS:
        result[code] = (sums.get(code, Decimal("0")), PROJECTS)
    for code, count in sums.items():
        if code.startswith(SUPPLY_RISK_PREFIX):
            result[code] = (count, PROJECTS)
    for symbol in SUPPLY_RISK_SYMBOLS:
        result.setdefault(f"{SUPPLY_RISK_PREFIX}{symbol}", (Decimal("0"), PROJECTS))
    return result


def contribution_sums(scope: Scope) -> dict[str, Decimal]:
    """Indicator code -> the sum or count behind impact_contributions, aggregated by the database over the
    current impact sheets in scope (two queries, whatever the number of sheets); a material no sheet names
    is left out."""
    sheets = impact_sheets(scope)
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
    aggregates: dict[str, Any] = {
        "co2": Sum(
            Coalesce("co2_r0_r2", zero) + Coalesce("co2_r3_r7", zero) + Coalesce("co2_r8_r9", zero),
            filter=CO2_STATED,
        ),
        "added": Sum("added_value_meur"),
    }
    for code, key in PERFORMANCE_KEYS.items():
        aggregates[code] = Count("pk", filter=_performance_stated(key))
    totals = sheets.aggregate(**aggregates)
    result: dict[str, Decimal] = {
        CO2_CODE: -(totals["co2"] or Decimal("0")),
        VALUE_ADDED_CODE: totals["added"] or Decimal("0"),
    }
    for code in PERFORMANCE_KEYS:
        result[code] = Decimal(totals[code])
    improved = sheets.filter(supply_risk_change__in=SUPPLY_IMPROVED, raw_materials__isnull=False)
    for symbol, count in (
        improved.order_by().values_list("raw_materials__symbol").annotate(n=Count("project", distinct=True))
    ):
        if symbol:
            result[f"{SUPPLY_RISK_PREFIX}{symbol.lower()}"] = Decimal(count)
    return result


@dataclass(frozen=True)
class ContributionLine:
    """One impact sheet behind a contribution: what it states, and what it adds to the figure."""

    sheet: ImpactSheet
    stated: tuple[Any, ...]  # the sheet's figures or words, one per column of the list
    value: Decimal  # what the sheet adds: its (negated) CO₂ total, its added value, or 1 project


@dataclass(frozen=True)
class ContributionList:
    kind: str
    lines: list[ContributionLine]

    @property
    def total(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal("0"))


def contribution_list(scope: Scope, code: str) -> ContributionList | None:
    """The impact sheets a contribution sums, with their figures, by project number (two queries; three for
    the critical materials). None: the impact sheet has no figure for indicator `code`."""
    sheets = contributing_sheets(scope, code)
    if sheets is None:
        return None
    kind = contribution_kind(code)
    sheets = sheets.select_related("project").order_by("project__year", "project__sequence")
    if kind == "supply_risk":
        sheets = sheets.prefetch_related("raw_materials")
    levels = dict(CONTRIBUTION_LEVELS)
    lines = []
    for sheet in sheets:
        if kind == "co2":
            bands = sheet.co2_bands()
            stated: tuple[Any, ...] = tuple(bands.values())
            value = -co2_total(bands)
        elif kind == "added_value":
            stated = (sheet.added_value_meur, sheet.added_value_base_year)
            value = sheet.added_value_meur or Decimal("0")
        elif kind == "performance":
            word = str(sheet.performance.get(PERFORMANCE_KEYS[code], ""))
            stated = (levels.get(word, word),)
            value = Decimal("1")
        else:
            materials = sorted(m.symbol or m.name for m in sheet.raw_materials.all())
            stated = (sheet.get_supply_risk_change_display(), ", ".join(materials))
            value = Decimal("1")
        lines.append(ContributionLine(sheet=sheet, stated=stated, value=value))
    return ContributionList(kind=kind, lines=lines)


def goal_rows(scope: Scope) -> dict[str, list[GoalRow]]:
    """Performance goals (per horizon, longest first) and effect goals, with target, measured value and
    impact-sheet contribution. A fixed number of queries: indicators, targets, aggregates."""
    indicators = list(
        roadmap.indicator_list().prefetch_related("targets").order_by("-horizon__months", "order", "name")
    )
    points = roadmap.daily_points(indicators, cluster=scope.cluster)
    contributions = impact_contributions(scope)
    query = f"?cluster={scope.cluster.code}" if scope.cluster is not None else ""
    rows: dict[str, list[GoalRow]] = {"performance": [], "effect": []}
    for indicator in indicators:
        target = _target_for(indicator, scope)
        measured = progress.aggregate(
            points[indicator.pk],
            across_method=indicator.across_aggregation,
            time_method=indicator.time_aggregation,
        )
        contribution = contributions.get(indicator.code)
        rows.setdefault(indicator.kind, []).append(
            GoalRow(
                code=indicator.code,
                name=indicator.name,
                kind=indicator.kind,
                horizon=str(indicator.horizon),
                horizon_months=indicator.horizon.months,
                dimension=indicator.dimension.code if indicator.dimension else "",
                raw_material=(indicator.raw_material.symbol or indicator.raw_material.name)
                if indicator.raw_material
                else "",
                unit=indicator.unit,
                direction=indicator.direction,
                baseline=indicator.baseline,
                target=target.value if target else None,
                target_date=target.by_date if target else None,
                measured=measured,
                contribution=contribution[0] if contribution else None,
                contribution_unit=contribution[1] if contribution else "",
                contribution_available=contribution is not None,
                contribution_url=reverse("dashboard:contribution", args=[indicator.code]) + query
                if contribution is not None
                else "",
                url=indicator.get_absolute_url(),
                has_target=target is not None,
            )
        )
    return rows


def _target_for(indicator: Indicator, scope: Scope) -> Target | None:
    """The programme target (the roadmap's rule), or with a cluster filter the latest target of that
    cluster."""
    if scope.cluster is None:
        return roadmap.programme_target(indicator)
    cluster_id = scope.cluster.pk
    targets = [t for t in indicator.targets.all() if t.scope == "cluster" and t.cluster_id == cluster_id]
    return max(targets, key=lambda t: t.by_date) if targets else None


def _teams(team_ids: set[int]) -> list[Team]:
    return [t for t in programme.team_list().order_by("order", "name") if t.pk in team_ids]


def portfolio_overview(scope: Scope) -> dict:
    """Number of projects per team and phase (two queries: teams, grouped counts; for the whole programme
    the kept counts)."""
    counts = phase_counts(scope)
    teams = _teams({int(team) for team, _phase, _n in counts})
    phases = portfolio.project_phases()
    rows = rollup.portfolio_matrix(counts, [str(t.pk) for t in teams], [code for code, _label in phases])
    by_id = {str(t.pk): t for t in teams}
    for row in rows:
        team = by_id.get(row["team"])
        row["team_obj"] = team
        row["links"] = [
            {"phase": code, "n": n} for (code, _label), n in zip(phases, row["cells"], strict=True)
        ]
    return {"phases": phases, "rows": rows}


def phase_counts(scope: Scope) -> list[tuple[str, str, int]]:
    """(team key, phase, number of projects) of the projects in scope, grouped by the database."""
    if scope.is_programme and kept.built():
        counts = []
        for key, n in kept.totals("phase:").items():
            team, phase = key.split(":", 1)
            counts.append((team, phase, int(n)))
        return counts
    grouped = projects(scope).order_by().values_list("team_id", "phase").annotate(n=Count("id"))
    return [(str(team), phase, n) for team, phase, n in grouped]


def team_timelines(scope: Scope) -> rollup.Gantt:
    """One bar per team: its earliest project start to its latest due date (one grouped query + teams)."""
    spans = {
        s["team_id"]: s
        for s in projects(scope)
        .order_by()
        .values("team_id")
        .annotate(start=Min("start_date"), end=Max("due_date"), n=Count("id"))
    }
    teams = _teams(set(spans))
    planning_url = reverse("dashboard:planning")
    if scope.cluster is not None:
        planning_url += f"?cluster={scope.cluster.code}&"
    else:
        planning_url += "?"
    return rollup.gantt(
        (
            t.code,
            t.name,
            spans[t.pk]["start"],
            spans[t.pk]["end"],
            {"n": spans[t.pk]["n"], "url": f"{planning_url}team={t.code}"},
        )
        for t in teams
    )


def project_queryset(scope: Scope, *, team: str = "", phase: str = "") -> QuerySet[Project]:
    """The projects behind a cell of the portfolio overview or a bar of the planning."""
    queryset = projects(scope)
    if team:
        queryset = queryset.filter(team__code=team)
    if phase:
        queryset = queryset.filter(phase=phase)
    return queryset.select_related("team").order_by("team__order", "team__name", "start_date", "number")


def budget_reports(scope: Scope) -> QuerySet[ProgressReport]:
    """The latest progress report of each project in scope: what the budget block sums."""
    latest = portfolio.latest_progress_reports()
    if not scope.is_programme:
        latest = latest.filter(project__in=projects(scope).values("pk"))
    return latest


def budget_totals(scope: Scope) -> dict:
    """Budget of the projects from their latest progress report ('Financieel per ...'): needed, granted per
    funder, spent, and the balance and need (portfolio.reporting.Finance), with the first and last date of
    those reports. For the whole programme from the kept totals (dashboard.kept), else budget_sums."""
    sums = kept.totals("budget:") if scope.is_programme and kept.built() else budget_sums(scope)
    funders = {key.removeprefix("funder:"): n for key, n in sums.items() if key.startswith("funder:") and n}
    dates = sorted(
        datetime.date.fromisoformat(key.removeprefix("date:"))
        for key, n in sums.items()
        if key.startswith("date:") and n > 0
    )
    granted = sum(funders.values(), Decimal("0"))
    needed, spent = sums.get("needed", Decimal("0")), sums.get("spent", Decimal("0"))
    return {
        "projects": int(sums.get("projects", 0)),
        "first_report": dates[0] if dates else None,
        "last_report": dates[-1] if dates else None,
        "needed": needed,
        "granted": granted,
        "spent": spent,
        "balance": granted - spent,
        "need": needed - granted,
        "total": needed,
        "funders": [{"name": name, "total": amount} for name, amount in sorted(funders.items())],
    }


def budget_sums(scope: Scope) -> dict[str, Decimal]:
    """What budget_totals reads, summed by the database over the latest reports in scope (three queries):
    "needed", "spent", "projects" (with a report), "funder:<name>" (granted) and "date:<report date>" (the
    number of latest reports of that date)."""
    latest = budget_reports(scope)
    sums = latest.aggregate(needed=Sum("budget_needed"), spent=Sum("spent"), projects=Count("project"))
    result = {
        "needed": sums["needed"] or Decimal("0"),
        "spent": sums["spent"] or Decimal("0"),
        "projects": Decimal(sums["projects"]),
    }
    grants = (
        ReportGrant.objects.filter(report__in=latest.values("pk"))
        .order_by()
        .values_list("funder")
        .annotate(total=Sum("amount"))
    )
    result.update({f"funder:{funder}": total for funder, total in grants})
    dates = latest.order_by().values_list("report_date").annotate(n=Count("pk"))
    result.update({f"date:{date.isoformat()}": Decimal(n) for date, n in dates})
    return result


def budget_lines(scope: Scope, *, funder: str = "") -> QuerySet[ProgressReport]:
    """The reports the budget block sums, by project number; with `funder`, only the reports with a grant of
    that funder, annotated with its amount (`funder_amount`). A queryset: the page reads one page of it."""
    reports = (
        budget_reports(scope)
        .select_related("project", "project__team")
        .order_by("project__year", "project__sequence", "pk")
    )
    if funder:
        reports = reports.filter(grants__funder=funder).annotate(
            funder_amount=Sum("grants__amount", filter=Q(grants__funder=funder))
        )
    return reports


def funder_total(scope: Scope, *, funder: str) -> Decimal:
    """What `funder` granted in the latest reports of the projects in scope."""
    total = ReportGrant.objects.filter(
        report__in=budget_reports(scope).values("pk"), funder=funder
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


BANDS = {"R0-R2": "co2_r0_r2", "R3-R7": "co2_r3_r7", "R8-R9": "co2_r8_r9"}


def overlap_warnings(scope: Scope, *, limit: int = 20) -> list[rollup.Overlap]:
    """Product groups (SBI) claimed in the same R-strategy band (a CO₂ value in that band) by the current
    impact sheets of more than one project: summing their impact counts it twice (the rule of
    rollup.overlaps). The most-claimed `limit` pairs are listed, with the number of projects."""
    found = []
    for (sbi, band), count in overlap_counts(scope).items():
        if count > 1:
            display = f"{sbi[:2]}.{sbi[2:]}" if len(sbi) > 2 else sbi
            found.append(rollup.Overlap(product_group=display, band=band, projects=(), count=count, code=sbi))
    found.sort(key=lambda o: (-o.count, o.product_group, o.band))
    return found[:limit]


def overlap_counts(scope: Scope) -> dict[tuple[str, str], int]:
    """(SBI code, R-band) -> the number of projects whose current impact sheet names the code and states a
    CO₂ value in the band: one grouped query (for the whole programme the kept counts)."""
    if scope.is_programme and kept.built():
        claimed = {}
        for key, n in kept.totals("overlap:").items():
            sbi, band = key.rsplit(":", 1)
            claimed[(sbi, band)] = int(n)
        return claimed
    keys = ("r0", "r3", "r8")
    counts = {
        key: Count("project", distinct=True, filter=Q(**{f"{field}__isnull": False}))
        for key, field in zip(keys, BANDS.values(), strict=True)
    }
    grouped = (
        impact_sheets(scope)
        .filter(sbi_codes__isnull=False)
        .order_by()
        .values_list("sbi_codes__code")
        .annotate(**counts)
    )
    return {(sbi, band): n for sbi, *numbers in grouped for band, n in zip(BANDS, numbers, strict=True) if n}


def overlap_projects(scope: Scope, *, sbi: str, band: str) -> QuerySet[Project] | None:
    """The projects behind one overlap warning (None: no such band)."""
    field = BANDS.get(band)
    if field is None:
        return None
    claiming = impact_sheets(scope).filter(sbi_codes__code=sbi, **{f"{field}__isnull": False})
    return (
        portfolio.projects_in_cluster()
        .filter(pk__in=claiming.values("project_id"))
        .select_related("team")
        .order_by("number")
    )


def project_figures(project_id: int) -> dict[str, Decimal]:
    """One project's part of each figure of the whole programme that adds up over the projects, by the
    rules above applied to a scope of that project alone: the counts of the PER_PROJECT metrics
    ("metric:<key>|", or "metric:<key>|<object>" for objects several projects share), the impact sheet's
    contributions ("contribution:<indicator>"), the product groups it claims per R-band
    ("overlap:<sbi>:<band>"), its team and phase ("phase:<team>:<phase>") and its latest progress report's
    budget ("budget:<key>", see budget_sums). dashboard.kept keeps them and their sums; a project that no
    longer exists has no part."""
    scope = Scope.for_project(project_id)
    figures: dict[str, Decimal] = {}
    for metric in metrics.METRICS:
        if metric.key in metrics.PER_PROJECT:
            figures.update({f"metric:{key}": n for key, n in metrics.metric_parts(metric, scope).items()})
    figures.update({f"contribution:{code}": n for code, n in contribution_sums(scope).items()})
    figures.update({f"overlap:{sbi}:{band}": Decimal(n) for (sbi, band), n in overlap_counts(scope).items()})
    figures.update({f"phase:{team}:{phase}": Decimal(n) for team, phase, n in phase_counts(scope)})
    figures.update({f"budget:{key}": n for key, n in budget_sums(scope).items()})
    return figures


def dashboard_data(scope: Scope) -> dict:
    """Everything the dashboard page, its PDF and its XLSX show, for one scope."""
    values = metrics.metric_values(scope)
    return {
        "pillars": [
            {"code": code, "label": metrics.PILLAR_LABELS[code], "values": values[code]}
            for code in metrics.PILLARS
        ],
        "goals": goal_rows(scope),
        "portfolio": portfolio_overview(scope),
        "timelines": team_timelines(scope),
        "budget": budget_totals(scope),
        "overlaps": overlap_warnings(scope),
    }
