"""Read queries of the dashboard app. Only reads other apps' models; never writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Max, Min, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import NoReverseMatch, reverse

from catalogue.models import IndustryFigure

from . import figures, metrics, rollup

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
    return {name: str(IndustryFigure._meta.get_field(name).verbose_name) for name in figures.VALUE_COLUMNS}


def _row(figure: IndustryFigure) -> dict:
    row = {
        "label": f"{figure.sbi.display_code} {figure.label}" if figure.sbi_id else figure.label,
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
    target: Decimal | None
    target_date: object
    measured: Decimal | None
    contribution: Decimal | None
    contribution_available: bool
    url: str
    contribution_unit: str = ""  # "" = the indicator's unit; "projects" = a number of projects

    @property
    def measured_share(self) -> int | None:
        return rollup.share_of_target(self.measured, self.target)

    @property
    def contribution_share(self) -> int | None:
        if self.contribution_unit:  # a number of projects is no share of the target
            return None
        return rollup.share_of_target(self.contribution, self.target)


def _scope_key(team_id, cluster_id) -> str:
    if team_id:
        return f"team:{team_id}"
    if cluster_id:
        return f"cluster:{cluster_id}"
    return ""


def measured_aggregates(scope: metrics.Scope) -> dict[int, list[rollup.ScopeAggregate]] | None:
    """Approved measured values per indicator and scope (team / cluster / programme), in two queries whatever
    their number: the sum and count per group, and the latest value per group (a ROW_NUMBER window over
    date and entry, so each value is read once instead of once per group)."""
    measured = metrics.source_model(
        "roadmap", "MeasuredValue", "indicator", "value", "date", "status", "team", "cluster"
    )
    if measured is None:
        return None
    approved = measured.objects.filter(status="approved")
    if scope.cluster is not None:
        approved = approved.filter(cluster=scope.cluster)
    group = ("indicator_id", "team_id", "cluster_id")
    sums = approved.order_by().values(*group).annotate(total=Sum("value"), count=Count("id"))
    latest_rows = (
        approved.order_by()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F(name) for name in group],
                order_by=[F("date").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values_list(*group, "value")
    )
    latest = {(i, t, c): value for i, t, c, value in latest_rows}
    result: dict[int, list[rollup.ScopeAggregate]] = defaultdict(list)
    for row in sums:
        key = (row["indicator_id"], row["team_id"], row["cluster_id"])
        value = latest.get(key)
        result[row["indicator_id"]].append(
            rollup.ScopeAggregate(
                scope=_scope_key(row["team_id"], row["cluster_id"]),
                total=Decimal(row["total"]),
                latest=None if value is None else Decimal(value),
                count=row["count"],
            )
        )
    return result


# Roadmap indicator code -> key of the impact sheet's "Bijdrage aan prestatiedoelen" (portfolio.reporting).
PERFORMANCE_KEYS = {
    "innovation-engine-maturity": "innovation_engines",
    "functional-value-retention": "functional_value",
    "technical-value-retention": "technical_value",
    "economic-value-retention": "economic_value",
    "business-cases": "business_propositions",
}
SUPPLY_IMPROVED = ("some", "clear")


def impact_contributions(scope: metrics.Scope) -> dict[str, tuple[Decimal, str]] | None:
    """Indicator code -> (what the current impact sheets contribute, unit of the contribution); None while
    portfolio has no impact sheets. Two queries, whatever the number of sheets:

    - CO₂ (co2-impact): minus the sum of the three R-ladder bands, in kt/yr (a sheet states the reduction as a
      positive number; the roadmap's target, −2,313 kt/yr from §1.2, is negative);
    - value added (value-added-impact): the sum of the sheets' added value, M€/yr;
    - performance goals: the number of projects whose sheet states a contribution (low, medium or high; for
      business cases any stated number of propositions);
    - critical materials (supply-risk-<symbol>): the number of projects that name the material and expect
      some or a clear reduction of the supply risk."""
    sheets = metrics.impact_sheets(scope)
    if sheets is None:
        return None
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
    aggregates = {
        "co2": Sum(Coalesce("co2_r0_r2", zero) + Coalesce("co2_r3_r7", zero) + Coalesce("co2_r8_r9", zero)),
        "added": Sum("added_value_meur"),
    }
    for code, key in PERFORMANCE_KEYS.items():
        if key == "business_propositions":
            stated = Q(**{f"performance__{key}__isnull": False}) & ~Q(**{f"performance__{key}": ""})
        else:
            stated = Q(**{f"performance__{key}__in": metrics.CONTRIBUTING})
        aggregates[code] = Count("pk", filter=stated)
    totals = sheets.aggregate(**aggregates)
    result: dict[str, tuple[Decimal, str]] = {
        "co2-impact": (-(totals["co2"] or Decimal("0")), ""),
        "value-added-impact": (totals["added"] or Decimal("0"), ""),
    }
    for code in PERFORMANCE_KEYS:
        result[code] = (Decimal(totals[code]), "projects")
    links = sheets.model.raw_materials.through.objects.filter(
        impactsheet__in=sheets.filter(supply_risk_change__in=SUPPLY_IMPROVED).values("pk")
    )
    for symbol, count in (
        links.order_by()
        .values_list("rawmaterial__symbol")
        .annotate(n=Count("impactsheet__project", distinct=True))
    ):
        if symbol:
            result[f"supply-risk-{symbol.lower()}"] = (Decimal(count), "projects")
    for symbol in ("mg", "ti", "al", "p", "sb"):
        result.setdefault(f"supply-risk-{symbol}", (Decimal("0"), "projects"))
    return result


def goal_rows(scope: metrics.Scope) -> dict[str, list[GoalRow]] | None:
    """Performance goals (per horizon, longest first) and effect goals, with target, measured value and
    impact-sheet contribution. A fixed number of queries: indicators, targets, aggregates."""
    indicator_model = metrics.source_model("roadmap", "Indicator", "kind", "horizon", "targets")
    if indicator_model is None:
        return None
    indicators = list(
        indicator_model.objects.select_related("horizon", "dimension", "raw_material")
        .prefetch_related("targets")
        .order_by("-horizon__months", "order", "name")
    )
    aggregates = measured_aggregates(scope) or {}
    contributions = impact_contributions(scope)
    rows: dict[str, list[GoalRow]] = {"performance": [], "effect": []}
    for indicator in indicators:
        target = _target_for(indicator, scope)
        measured = rollup.indicator_value(
            aggregates.get(indicator.pk, []),
            across=indicator.across_aggregation,
            over_time=indicator.time_aggregation,
        )
        try:
            url = indicator.get_absolute_url()
        except NoReverseMatch:
            url = ""
        contributed = contributions is not None and indicator.code in contributions
        rows.setdefault(indicator.kind, []).append(
            GoalRow(
                code=indicator.code,
                name=indicator.name,
                kind=indicator.kind,
                horizon=str(indicator.horizon),
                horizon_months=indicator.horizon.months,
                dimension=indicator.dimension.code if indicator.dimension_id else "",
                raw_material=(indicator.raw_material.symbol or indicator.raw_material.name)
                if indicator.raw_material_id
                else "",
                unit=indicator.unit,
                direction=indicator.direction,
                target=target.value if target else None,
                target_date=target.by_date if target else None,
                measured=measured,
                contribution=contributions[indicator.code][0] if contributed else None,
                contribution_unit=contributions[indicator.code][1] if contributed else "",
                contribution_available=contributed,
                url=url,
            )
        )
    return rows


def _target_for(indicator, scope: metrics.Scope):
    """The latest programme target, or with a cluster filter the latest target of that cluster."""
    targets = [
        t
        for t in indicator.targets.all()
        if (
            t.scope == "cluster" and t.cluster_id == scope.cluster.pk
            if scope.cluster is not None
            else t.scope == "programme"
        )
    ]
    return max(targets, key=lambda t: t.by_date) if targets else None


def _projects_in_scope(scope: metrics.Scope):
    project = metrics.source_model(
        "portfolio", "Project", "team", "phase", "status", "clusters", "start_date", "due_date"
    )
    if project is None:
        return None, None
    queryset = project.objects.all()
    if scope.cluster is not None:
        # A subquery rather than a join, so a project in two clusters is never counted twice.
        queryset = queryset.filter(pk__in=project.objects.filter(clusters=scope.cluster).values("pk"))
    return project, queryset


def phase_labels() -> list[tuple[str, str]]:
    project = metrics.source_model("portfolio", "Project", "phase")
    if project is None:
        return []
    return [(code, str(label)) for code, label in project._meta.get_field("phase").flatchoices]


def portfolio_overview(scope: metrics.Scope) -> dict | None:
    """Number of projects per team and phase (two queries: teams, grouped counts)."""
    project, queryset = _projects_in_scope(scope)
    if project is None:
        return None
    team_model = project._meta.get_field("team").related_model
    counts = list(queryset.order_by().values("team_id", "phase").annotate(n=Count("id")))
    used = {c["team_id"] for c in counts}
    teams = [t for t in team_model.objects.order_by("order", "name") if t.pk in used]
    phases = phase_labels()
    rows = rollup.portfolio_matrix(
        ((str(c["team_id"]), c["phase"], c["n"]) for c in counts),
        [str(t.pk) for t in teams],
        [code for code, _label in phases],
    )
    by_id = {str(t.pk): t for t in teams}
    for row in rows:
        team = by_id.get(row["team"])
        row["team_obj"] = team
        row["links"] = [
            {"phase": code, "n": n} for (code, _label), n in zip(phases, row["cells"], strict=True)
        ]
    return {"phases": phases, "rows": rows}


def team_timelines(scope: metrics.Scope) -> rollup.Gantt | None:
    """One bar per team: its earliest project start to its latest due date (one grouped query + teams)."""
    project, queryset = _projects_in_scope(scope)
    if project is None:
        return None
    team_model = project._meta.get_field("team").related_model
    spans = {
        s["team_id"]: s
        for s in queryset.order_by()
        .values("team_id")
        .annotate(start=Min("start_date"), end=Max("due_date"), n=Count("id"))
    }
    teams = [t for t in team_model.objects.order_by("order", "name") if t.pk in spans]
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


def project_queryset(scope: metrics.Scope, *, team: str = "", phase: str = ""):
    """The projects behind a cell of the portfolio overview."""
    project, queryset = _projects_in_scope(scope)
    if project is None:
        return None
    if team:
        queryset = queryset.filter(team__code=team)
    if phase:
        queryset = queryset.filter(phase=phase)
    return queryset.select_related("team").order_by("team__order", "team__name", "start_date", "number")


def planning(scope: metrics.Scope, *, team: str = "") -> rollup.Gantt | None:
    """All projects' timelines on one axis (the overall planning)."""
    queryset = project_queryset(scope, team=team)
    if queryset is None:
        return None
    return rollup.gantt(
        (
            p.number,
            f"{p.number} {p.title}",
            p.start_date,
            p.due_date,
            {
                "team": p.team.name,
                "phase": p.get_phase_display(),
                "status": p.status,
                "url": p.get_absolute_url(),
            },
        )
        for p in queryset.only(
            "number",
            "title",
            "start_date",
            "due_date",
            "phase",
            "status",
            "team__name",
            "team__order",
            "team__code",
        )
    )


def budget_totals(scope: metrics.Scope) -> dict | None:
    """Budget of the projects from their latest progress report ('Financieel per ...'): needed, granted per
    funder, spent, and the balance and need (portfolio.reporting.Finance). None while portfolio has no
    progress reports. Two queries: the sums, and the funding lines of the latest reports."""
    report = metrics.source_model(
        "portfolio", "ProgressReport", "project", "budget_needed", "funding", "spent", "report_date"
    )
    if report is None:
        return None
    _project, projects = _projects_in_scope(scope)
    newest = report.objects.filter(project=OuterRef("project")).order_by("-report_date", "-pk").values("pk")
    latest = report.objects.filter(pk=Subquery(newest[:1]))
    if projects is not None and scope.cluster is not None:
        latest = latest.filter(project__in=projects.values("pk"))
    sums = latest.aggregate(needed=Sum("budget_needed"), spent=Sum("spent"), projects=Count("project"))
    funders: dict[str, Decimal] = defaultdict(Decimal)
    for funding in latest.values_list("funding", flat=True):
        for line in funding or []:
            funders[str(line.get("funder", ""))] += Decimal(str(line.get("amount", 0)))
    granted = sum(funders.values(), Decimal("0"))
    needed, spent = sums["needed"] or Decimal("0"), sums["spent"] or Decimal("0")
    return {
        "projects": sums["projects"],
        "needed": needed,
        "granted": granted,
        "spent": spent,
        "balance": granted - spent,
        "need": needed - granted,
        "total": needed,
        "funders": [{"name": name, "total": amount} for name, amount in sorted(funders.items())],
    }


def overlap_warnings(scope: metrics.Scope, *, limit: int = 20) -> list[rollup.Overlap] | None:
    """Product groups (SBI) claimed in the same R-strategy band (a CO₂ value in that band) by the current
    impact sheets of more than one project: summing their impact counts it twice. Found by one grouped query
    (the rule of rollup.overlaps); the most-claimed `limit` pairs are listed, with the number of projects."""
    sheets = metrics.impact_sheets(scope)
    if sheets is None:
        return None
    links = sheets.model.sbi_codes.through.objects.filter(impactsheet__in=sheets.values("pk"))
    bands = {
        "R0-R2": "impactsheet__co2_r0_r2",
        "R3-R7": "impactsheet__co2_r3_r7",
        "R8-R9": "impactsheet__co2_r8_r9",
    }
    counts = {
        band: Count("impactsheet__project", distinct=True, filter=Q(**{f"{field}__isnull": False}))
        for band, field in zip(("r0", "r3", "r8"), bands.values(), strict=True)
    }
    grouped = (
        links.order_by()
        .values("sbicode__code")
        .annotate(**counts)
        .filter(Q(r0__gt=1) | Q(r3__gt=1) | Q(r8__gt=1))
    )
    found = []
    for row in grouped:
        sbi = row["sbicode__code"]
        display = f"{sbi[:2]}.{sbi[2:]}" if len(sbi) > 2 else sbi
        for band, key in zip(bands, ("r0", "r3", "r8"), strict=True):
            if row[key] > 1:
                found.append(
                    rollup.Overlap(product_group=display, band=band, projects=(), count=row[key], code=sbi)
                )
    found.sort(key=lambda o: (-o.count, o.product_group, o.band))
    return found[:limit]


def overlap_projects(scope: metrics.Scope, *, sbi: str, band: str):
    """The projects behind one overlap warning."""
    sheets = metrics.impact_sheets(scope)
    field = {"R0-R2": "co2_r0_r2", "R3-R7": "co2_r3_r7", "R8-R9": "co2_r8_r9"}.get(band)
    if sheets is None or field is None:
        return None
    claiming = sheets.filter(sbi_codes__code=sbi, **{f"{field}__isnull": False})
    _project, projects = _projects_in_scope(metrics.Scope())
    return projects.filter(pk__in=claiming.values("project_id")).select_related("team").order_by("number")


def dashboard_data(scope: metrics.Scope) -> dict:
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
