"""Report batches: every current impact sheet (or latest progress report) of a selection of projects as PDFs
in one ZIP, made by a background job (portfolio/jobs.py) for the programme office."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.authorization import require
from accounts.models import User
from catalogue.models import ProductCluster
from jobs import services as jobs_services
from jobs.models import JobRun
from programme.models import Team

from ..models import ImpactSheet, ProgressReport, Project

IMPACT_SHEETS = "portfolio.impact_sheets"
PROGRESS_REPORTS = "portfolio.progress_reports"
BATCH_KINDS = (IMPACT_SHEETS, PROGRESS_REPORTS)


def batch_projects(*, kind: str, team: str = "", cluster: str = "") -> QuerySet[Project]:
    """The projects of the selection (a team, a product cluster, or all) that have something to print: a
    current impact sheet, or a progress report; by project number."""
    projects = Project.objects.select_related("team")
    if team:
        projects = projects.filter(team__code=team)
    if cluster:
        projects = projects.in_cluster(ProductCluster.objects.get(code=cluster))
    document = ImpactSheet if kind == IMPACT_SHEETS else ProgressReport
    return projects.filter(Exists(document.objects.filter(project=OuterRef("pk")))).order_by(
        "year", "sequence"
    )


def report_batch_start(*, actor: User, kind: str, team: str = "", cluster: str = "") -> JobRun:
    """Queue the batch `kind` (IMPACT_SHEETS or PROGRESS_REPORTS) for a team and/or a product cluster (codes;
    empty: all). The same selection twice while the first is queued or running is refused."""
    permit = require(actor, "portfolio.run_report_batches")
    if kind not in BATCH_KINDS:
        raise ValidationError({"kind": _("Choose impact sheets or progress reports.")})
    if team and not Team.objects.filter(code=team).exists():
        raise ValidationError({"team": _("There is no team %(code)s.") % {"code": team}})
    if cluster and not ProductCluster.objects.filter(code=cluster).exists():
        raise ValidationError({"cluster": _("There is no product cluster %(code)s.") % {"code": cluster}})
    if not batch_projects(kind=kind, team=team, cluster=cluster).exists():
        raise ValidationError({"team": _("No project of this selection has anything to print yet.")})
    params: dict[str, Any] = {"team": team, "cluster": cluster}
    try:
        return jobs_services.start(
            actor=actor,
            kind=kind,
            params=params,
            view_action="portfolio.run_report_batches",
            dedupe_key=f"{kind}:{team}:{cluster}",
            link=reverse("portfolio:list"),
            granted_by=permit,
        )
    except jobs_services.JobAlreadyRunning as refused:
        raise ValidationError({"kind": refused.messages}) from None
