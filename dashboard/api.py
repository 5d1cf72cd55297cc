"""REST API of the dashboard app, with the permissions of the pages: the programme dashboard for the programme
roles and readers, the industry figures and their consistency check for every signed-in user."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authorization import HasPermission
from catalogue import selectors as catalogue

from . import selectors
from .scope import Scope


def _number(value: Any) -> Any:
    return None if value is None else (str(value) if isinstance(value, Decimal) else value)


CLUSTER = OpenApiParameter("cluster", str, description="Product cluster code (empty: all clusters).")


class DashboardView(APIView):
    """The UPCM 2019-2023 dashboard (§4.4): counts per pillar, goals, portfolio per team and phase. A count
    that has no data source yet is `null` with `available: false`, never 0."""

    permission_classes = [HasPermission("dashboard.view_dashboard")]

    @extend_schema(parameters=[CLUSTER], responses={200: dict})
    def get(self, request: Request) -> Response:
        code = request.query_params.get("cluster", "")
        cluster = catalogue.product_clusters().filter(code=code).first() if code else None
        data = selectors.dashboard_data(Scope.for_cluster(cluster))
        counts = [
            {
                "key": item.metric.key,
                "label": str(item.metric.label),
                "pillar": pillar["code"],
                "available": item.available,
                "value": item.value,
                "denominator": item.denominator,
                "source": item.metric.source,
            }
            for pillar in data["pillars"]
            for item in pillar["values"]
        ]
        goals = [
            {
                "code": row.code,
                "name": row.name,
                "kind": row.kind,
                "horizon": row.horizon,
                "dimension": row.dimension,
                "raw_material": row.raw_material,
                "unit": row.unit,
                "baseline": _number(row.baseline),
                "target": _number(row.target),
                "measured": _number(row.measured),
                "measured_share": _number(row.measured_share),
                "contribution": _number(row.contribution) if row.contribution_available else None,
                "contribution_available": row.contribution_available,
                "contribution_unit": row.contribution_unit or row.unit,
            }
            for kind in ("performance", "effect")
            for row in data["goals"].get(kind, [])
        ]
        phases = [code for code, _label in data["portfolio"]["phases"]]
        portfolio = [
            {
                "team": row["team_obj"].code if row["team_obj"] else None,
                "phases": dict(zip(phases, row["cells"], strict=True)),
                "total": row["total"],
            }
            for row in data["portfolio"]["rows"]
        ]
        overlaps = [
            {"product_group": o.product_group, "band": o.band, "projects": o.project_count}
            for o in data["overlaps"]
        ]
        budget: dict[str, Any] = {
            key: _number(data["budget"][key]) for key in ("needed", "granted", "spent", "balance", "need")
        }
        budget["funders"] = [
            {"funder": f["name"], "granted": _number(f["total"])} for f in data["budget"]["funders"]
        ]
        # The latest progress report of each project is summed: how many, and the dates they span.
        budget["projects"] = data["budget"]["projects"]
        for key in ("first_report", "last_report"):
            day = data["budget"][key]
            budget[key] = day.isoformat() if day else None
        return Response(
            {
                "cluster": cluster.code if cluster else None,
                "counts": counts,
                "goals": goals,
                "portfolio": portfolio,
                "overlaps": overlaps,
                "budget": budget,
            }
        )


class FiguresView(APIView):
    """The §1.2 tables with their stated totals and the consistency check of every column."""

    permission_classes = [HasPermission("dashboard.view_figures")]

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        tables = []
        for table in selectors.figure_tables():
            tables.append(
                {
                    "breakdown": table.breakdown,
                    "dataset": table.dataset_title,
                    "year": table.dataset_year,
                    "source_section": table.source_section,
                    "rows": table.rows,
                    "stated_total": table.total,
                    "check": {
                        "consistent": table.check.is_consistent,
                        "problems": list(table.check.problems),
                        "columns": [
                            {
                                "column": c.column,
                                "rows_counted": c.rows_counted,
                                "sum": c.column_sum,
                                "stated_total": c.stated_total,
                                "difference": c.difference,
                                "status": c.status,
                            }
                            for c in table.check.columns
                        ],
                    },
                }
            )
        return Response({"tables": tables})


urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("figures/", FiguresView.as_view(), name="figures"),
]
