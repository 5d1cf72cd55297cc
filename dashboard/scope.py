"""What the dashboard is filtered on, and the scoped base lists every figure starts from.

The dashboard reads the other apps through their published selectors only (it is the highest app; nothing
imports it). A renamed field there fails the dashboard's tests: nothing here guesses whether a source
exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from catalogue import selectors as catalogue
from catalogue.models import ProductCluster
from portfolio import selectors as portfolio
from portfolio.models import ImpactSheet, Project
from stakeholders import selectors as stakeholders
from stakeholders.models import Organisation


@dataclass(frozen=True)
class Scope:
    """One product cluster, or all (None), with the cluster's SBI divisions (two digits). A scope of one
    project (`project`, its key) gives that project's part of each figure of the whole programme, which
    dashboard.kept keeps."""

    cluster: ProductCluster | None = None
    cluster_divisions: tuple[str, ...] = ()
    project: int | None = None

    @classmethod
    def for_cluster(cls, cluster: ProductCluster | None) -> Scope:
        if cluster is None:
            return cls()
        return cls(cluster=cluster, cluster_divisions=catalogue.cluster_divisions(cluster))

    @classmethod
    def for_project(cls, project_id: int) -> Scope:
        return cls(project=project_id)

    @property
    def is_programme(self) -> bool:
        """The whole programme: every project, no cluster."""
        return self.cluster is None and self.project is None

    def sbi_q(self, prefix: str) -> Q:
        """Objects whose SBI code (at `prefix`, e.g. "sbi_codes__") lies in the cluster: the code itself is
        assigned to the cluster, or it lies below one of the cluster's divisions."""
        q = Q(**{f"{prefix}cluster": self.cluster})
        for division in self.cluster_divisions:
            q |= Q(**{f"{prefix}code__startswith": division})
        return q


def projects(scope: Scope) -> QuerySet[Project]:
    """The portfolio's projects in scope (each once)."""
    if scope.project is not None:
        return portfolio.projects_in_cluster().filter(pk=scope.project)
    return portfolio.projects_in_cluster(scope.cluster)


def impact_sheets(scope: Scope) -> QuerySet[ImpactSheet]:
    """The current impact sheet of each project (earlier versions are history): of the projects in the
    cluster, or naming the cluster."""
    sheets = portfolio.current_impact_sheets()
    if scope.project is not None:
        return sheets.filter(project_id=scope.project)
    if scope.cluster is not None:
        sheets = sheets.filter(Q(cluster=scope.cluster) | Q(project__in=projects(scope).values("pk")))
    return sheets


def organisations(scope: Scope) -> QuerySet[Organisation]:
    """The stakeholder register's organisations in scope: with an SBI code in the cluster."""
    queryset = stakeholders.organisation_list()
    if scope.cluster is not None:
        queryset = queryset.filter(
            pk__in=stakeholders.organisation_list().filter(scope.sbi_q("sbi_codes__")).values("pk")
        )
    return queryset
