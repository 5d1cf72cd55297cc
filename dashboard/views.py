"""Pages of the dashboard app: industry figures (§1.2) and the programme dashboard (§4.4)."""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.authorization import check, permission_required
from catalogue import selectors as catalogue
from catalogue.models import ProductCluster
from portfolio import selectors as portfolio
from regiekamer import pdf
from regiekamer.pagination import html_page, query_without_page
from roadmap import selectors as roadmap

from . import exports, figures, metrics, rollup, selectors
from .scope import Scope

SORTABLE_EXTRA = ("value_added_impact_pct", "co2_impact_pct")
# A page of the overall planning: 100 bars, four screens of timelines. Its cost is drawing its bars (the query
# for a page takes 4 ms at 10,000 projects on SQLite), so it grows with the page, not with the portfolio.
PLANNING_PAGE_SIZE = 100


@permission_required("dashboard.view_figures")
def figures_index(request: HttpRequest) -> HttpResponse:
    """The three §1.2 tables at a glance and the consistency report."""
    tables = selectors.figure_tables()
    return render(
        request,
        "dashboard/figures_index.html",
        {
            "tables": tables,
            "labels": selectors.figure_column_labels(),
            "has_mismatch": figures.has_real_mismatch(t.check for t in tables),
        },
    )


@permission_required("dashboard.view_figures")
def figures_table(request: HttpRequest, breakdown: str) -> HttpResponse:
    """One §1.2 table, sorted on the server by ?sort=column or ?sort=-column, with a bar chart."""
    table = selectors.figure_table(breakdown) if breakdown in selectors.BREAKDOWNS else None
    if table is None:
        raise Http404(_("No industry figures for this breakdown."))
    labels = selectors.figure_column_labels()
    rows, applied = figures.sort_rows(
        table.rows, request.GET.get("sort"), columns=(*figures.VALUE_COLUMNS, *SORTABLE_EXTRA)
    )
    columns = [
        {
            "key": key,
            "label": labels[key],
            "sort": _next_sort(key, applied),
            "aria_sort": _aria_sort(key, applied),
        }
        for key in figures.VALUE_COLUMNS
    ]
    chart = {
        "labels": [row["label"] for row in table.rows],
        "series": [
            {"key": key, "label": labels[key], "values": [row[key] for row in table.rows]}
            for key in figures.VALUE_COLUMNS
        ],
        "initial": "value_added_meur_per_year",
    }
    return render(
        request,
        "dashboard/figures_table.html",
        {
            "table": table,
            "rows": rows,
            "columns": columns,
            "labels": labels,
            "chart": chart,
            "label_sort": _next_sort("label", applied),
            "label_aria_sort": _aria_sort("label", applied),
            "va_pct_sort": _next_sort("value_added_impact_pct", applied),
            "co2_pct_sort": _next_sort("co2_impact_pct", applied),
            "applied_sort": applied,
        },
    )


def _next_sort(key: str, applied: str) -> str:
    """Clicking a column header sorts descending first (largest first), a second click ascending."""
    return key if applied == f"-{key}" else f"-{key}"


def _aria_sort(key: str, applied: str) -> str:
    if applied == key:
        return "ascending"
    if applied == f"-{key}":
        return "descending"
    return "none"


@permission_required("dashboard.view_figures")
def figures_export(request: HttpRequest, breakdown: str, fmt: str) -> HttpResponse:
    """XLSX (all tables, or one, plus the consistency check) or CSV (one table)."""
    labels = selectors.figure_column_labels()
    if breakdown == "all":
        tables = selectors.figure_tables()
    elif breakdown in selectors.BREAKDOWNS:
        tables = selectors.figure_tables(breakdown)
    else:
        tables = []
    if not tables:
        raise Http404(_("No industry figures for this breakdown."))
    if fmt == "xlsx":
        response = HttpResponse(exports.figures_xlsx(tables, labels), content_type=exports.XLSX_TYPE)
    elif fmt == "csv" and breakdown != "all":
        response = HttpResponse(
            exports.figures_csv(tables[0], labels), content_type="text/csv; charset=utf-8"
        )
    else:
        raise Http404(_("Unknown export format."))
    response["Content-Disposition"] = f'attachment; filename="maakindustrie-{breakdown}.{fmt}"'
    return response


def _cluster_scope(request: HttpRequest) -> tuple[ProductCluster | None, list[ProductCluster]]:
    """The product cluster of ?cluster=<code> (None: all clusters) and the list to choose from."""
    clusters = list(catalogue.product_clusters())
    code = request.GET.get("cluster", "")
    current = next((c for c in clusters if c.code == code), None)
    return current, clusters


@permission_required("dashboard.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The UPCM 2019-2023 dashboard (§4.4), filtered on one product cluster or all."""
    cluster, clusters = _cluster_scope(request)
    scope = Scope.for_cluster(cluster)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            **selectors.dashboard_data(scope),
            "availability": roadmap.availability_matrix(),
            "clusters": clusters,
            "cluster": cluster,
            "cluster_query": f"?cluster={cluster.code}" if cluster else "",
            "cluster_param": f"cluster={cluster.code}&" if cluster else "",
        },
    )


@permission_required("dashboard.view_dashboard")
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard as one PDF page for the Regieteam, or as XLSX."""
    cluster, _clusters = _cluster_scope(request)
    scope = Scope.for_cluster(cluster)
    data = selectors.dashboard_data(scope)
    suffix = f"-{cluster.code}" if cluster else ""
    if fmt == "xlsx":
        response = HttpResponse(exports.dashboard_xlsx(data, cluster), content_type=exports.XLSX_TYPE)
    elif fmt == "pdf":
        html = render_to_string(
            "dashboard/dashboard_pdf.html",
            {**data, "cluster": cluster, "generated": timezone.localtime()},
            request=request,
        )
        response = HttpResponse(
            pdf.html_to_pdf(html),
            content_type="application/pdf",
        )
    else:
        raise Http404(_("Unknown export format."))
    response["Content-Disposition"] = f'attachment; filename="dashboard-upcm{suffix}.{fmt}"'
    return response


@permission_required("dashboard.view_dashboard")
def planning(request: HttpRequest) -> HttpResponse:
    """Overall planning: every project's timeline on one axis, per team (paged when the portfolio is big)."""
    cluster, clusters = _cluster_scope(request)
    scope = Scope.for_cluster(cluster)
    queryset = selectors.project_queryset(scope, team=request.GET.get("team", ""))
    page = Paginator(
        queryset.only(
            "number",
            "title",
            "start_date",
            "due_date",
            "phase",
            "status",
            "team__name",
            "team__order",
            "team__code",
        ),
        PLANNING_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    gantt = rollup.gantt(
        (
            p.number,
            f"{p.number} {p.title}",
            p.start_date,
            p.due_date,
            {"team": p.team.name, "phase": p.get_phase_display(), "url": p.get_absolute_url()},
        )
        for p in page
    )
    return render(
        request,
        "dashboard/planning.html",
        {
            "clusters": clusters,
            "cluster": cluster,
            "page": page,
            "gantt": gantt,
            "team": request.GET.get("team", ""),
            "page_param": urlencode(
                [
                    (key, value)
                    for key, value in (
                        ("cluster", cluster.code if cluster else ""),
                        ("team", request.GET.get("team", "")),
                    )
                    if value
                ]
            )
            + "&",
        },
    )


@permission_required("dashboard.view_dashboard")
def overlap(request: HttpRequest) -> HttpResponse:
    """The projects whose current impact sheets claim one product group in one R-strategy band."""
    cluster, _clusters = _cluster_scope(request)
    sbi, band = request.GET.get("sbi", ""), request.GET.get("band", "")
    queryset = selectors.overlap_projects(Scope.for_cluster(cluster), sbi=sbi, band=band)
    if queryset is None:
        raise Http404(_("Unknown overlap."))
    return render(
        request,
        "dashboard/overlap.html",
        {
            "cluster": cluster,
            "projects": list(queryset[:500]),
            "sbi": sbi,
            "band": band,
        },
    )


@permission_required("dashboard.view_dashboard")
def projects(request: HttpRequest) -> HttpResponse:
    """The projects behind a number of the portfolio overview (?team=<code>&phase=<code>&cluster=<code>)."""
    cluster, _clusters = _cluster_scope(request)
    scope = Scope.for_cluster(cluster)
    team, phase = request.GET.get("team", ""), request.GET.get("phase", "")
    queryset = selectors.project_queryset(scope, team=team, phase=phase)
    page = Paginator(queryset, 100).get_page(request.GET.get("page"))
    phases = dict(portfolio.project_phases())
    return render(
        request,
        "dashboard/projects.html",
        {
            "cluster": cluster,
            "page": page,
            "team": team,
            "phase": phases.get(phase, phase),
            "query": urlencode(
                [
                    (k, v)
                    for k, v in (
                        ("cluster", cluster.code if cluster else ""),
                        ("team", team),
                        ("phase", phase),
                    )
                    if v
                ]
            ),
        },
    )


@permission_required("dashboard.view_dashboard")
def contribution(request: HttpRequest, code: str) -> HttpResponse:
    """The impact sheets behind a goal's "contribution from impact sheets", with the figures it sums."""
    cluster, _clusters = _cluster_scope(request)
    scope = Scope.for_cluster(cluster)
    indicator = roadmap.indicator_list().filter(code=code).first()
    listing = selectors.contribution_list(scope, code) if indicator is not None else None
    if indicator is None or listing is None:
        raise Http404(_("This goal has no contribution from impact sheets."))
    return render(
        request,
        "dashboard/contribution.html",
        {
            "cluster": cluster,
            "indicator": indicator,
            "listing": listing,
            "cluster_query": f"?cluster={cluster.code}" if cluster else "",
        },
    )


@permission_required("dashboard.view_dashboard")
def budget(request: HttpRequest) -> HttpResponse:
    """The latest progress report of each project: what the dashboard's budget block sums (?funder=<name>:
    only the grants of that funder)."""
    cluster, _clusters = _cluster_scope(request)
    scope = Scope.for_cluster(cluster)
    funder = request.GET.get("funder", "")
    page = html_page(request, selectors.budget_lines(scope, funder=funder))
    if funder and not page.paginator.count:
        raise Http404(_("No grants of this funder."))
    return render(
        request,
        "dashboard/budget.html",
        {
            "cluster": cluster,
            "funder": funder,
            "page": page,
            "page_query": query_without_page(request),
            "totals": selectors.budget_totals(scope),
            "funder_total": selectors.funder_total(scope, funder=funder) if funder else None,
            "cluster_query": f"?cluster={cluster.code}" if cluster else "",
        },
    )


@permission_required("dashboard.view_dashboard")
def metric_objects(request: HttpRequest, key: str) -> HttpResponse:
    """The objects one dashboard number counts."""
    metric = metrics.METRICS_BY_KEY.get(key)
    if metric is None:
        raise Http404(_("Unknown dashboard figure."))
    cluster, _clusters = _cluster_scope(request)
    queryset = metrics.metric_objects(metric, Scope.for_cluster(cluster))
    # Persons are listed only to those who may see person records; the others get the number and the reason.
    names = check(request.user, "dashboard.view_counted_people") if metric.personal_data else None
    hidden_because = str(names.reason) if names is not None and not names.allowed else ""
    page = None if queryset is None else Paginator(queryset, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/metric_objects.html",
        {
            "metric": metric,
            "cluster": cluster,
            "page": page,
            "objects_hidden_because": hidden_because,
            "objects": []
            if hidden_because
            else [{"label": str(obj), "url": _object_url(obj)} for obj in (page or [])],
            "cluster_query": f"cluster={cluster.code}&" if cluster else "",
            "pillar_label": metrics.PILLAR_LABELS[metric.pillar],
        },
    )


def _object_url(obj: Any) -> str:
    """The page of a counted object, when it has one (SBI codes, provinces and functions have none)."""
    url = getattr(obj, "get_absolute_url", None)
    return url() if url is not None else ""
