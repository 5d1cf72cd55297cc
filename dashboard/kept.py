"""The kept figures of the programme-wide dashboard (dashboard.models): each project's part, and their sums.

`project_keep(project_id)` recomputes one project's parts by the dashboard's own rules
(selectors.project_figures, the selectors over a scope of that one project) and adds the difference to the
totals, in the caller's transaction (dashboard.signals: every save or deletion of a project or an impact
sheet, and every change of their product groups, raw materials and themes). `figures_rebuild()` recomputes
everything (after migrate; after bulk loads that pass the models by). The counts of the stakeholder register
are kept as counted at the register's number of changes (`register_count`, `register_changed`). The rule of
each figure stays in the selectors and metrics: this module only stores, adds up and reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from regiekamer.summaries import add_to_row

from .models import FiguresBuilt, FigureTotal, ProjectFigure, RegisterChanges, RegisterCount

ZERO = Decimal("0")


def built() -> bool:
    """Whether the totals hold every project (else the dashboard computes the programme's figures)."""
    return FiguresBuilt.objects.exists()


def set_aside() -> None:
    """The kept figures are no longer trusted (reference data they name changed): the dashboard counts from
    the projects until figures_rebuild. Nothing to set aside while no project has a part."""
    if ProjectFigure.objects.exists():
        FiguresBuilt.objects.all().delete()


def totals(prefix: str) -> dict[str, Decimal]:
    """The nonzero totals whose key starts with `prefix`, by the rest of their key."""
    rows = FigureTotal.objects.filter(key__startswith=prefix).exclude(value=0).values_list("key", "value")
    return {key.removeprefix(prefix): value for key, value in rows}


def project_keep(project_id: int) -> None:
    """One project's parts recomputed; the totals change by the difference (a deleted project: no parts)."""
    from .selectors import project_figures

    figures = {key: value for key, value in project_figures(project_id).items() if value}
    old = dict(ProjectFigure.objects.filter(project_id=project_id).values_list("key", "value"))
    changes = {
        key: figures.get(key, ZERO) - old.get(key, ZERO)
        for key in old.keys() | figures.keys()
        if figures.get(key, ZERO) != old.get(key, ZERO)
    }
    if not changes:
        return
    gone = [key for key in changes if key not in figures]
    if gone:
        ProjectFigure.objects.filter(project_id=project_id, key__in=gone).delete()
    for key in changes.keys() - set(gone):
        ProjectFigure.objects.update_or_create(
            project_id=project_id, key=key, defaults={"value": figures[key]}
        )
    _add(changes)


def _add(changes: dict[str, Decimal]) -> None:
    """Adds each change to its total: an atomic `value = value + change` per key (regiekamer.summaries), so
    two transactions that change the same total wait for each other instead of overwriting."""
    for key, change in sorted(changes.items()):
        add_to_row(FigureTotal, {"key": key}, {"value": change})


def metric_refresh(metric_key: str) -> None:
    """Every project's part of one metric counted again at once: for a metric whose rule also reads data of
    no single project (metrics.SWEET_SPOTS: an adopted sweet spot changes which projects serve one). The
    projects it counts for the whole programme (one query) get a part of 1, the others none."""
    from . import metrics
    from .scope import Scope

    metric = metrics.METRICS_BY_KEY[metric_key]
    assert metric.select is not None
    key = f"metric:{metric_key}|"
    counted = set(metric.select(Scope()).order_by().values_list("pk", flat=True))
    had = set(ProjectFigure.objects.filter(key=key).values_list("project_id", flat=True))
    ProjectFigure.objects.filter(key=key, project_id__in=had - counted).delete()
    ProjectFigure.objects.bulk_create(
        [ProjectFigure(project_id=pk, key=key, value=Decimal(1)) for pk in sorted(counted - had)],
        batch_size=5000,
    )
    _add({key: Decimal(len(counted) - len(had))})


CHANGES_KEY = "register"  # the row of RegisterChanges that counts the register's changes


def register_changed() -> None:
    """Something the register's counts read changed: their kept values are not read again (one atomic
    `number = number + 1` in the writer's transaction; two writers wait for each other)."""
    add_to_row(RegisterChanges, {"key": CHANGES_KEY}, {"number": 1})


def register_ready() -> None:
    """The register's number of changes exists (after migrate and every rebuild): until then its counts
    are counted on every read."""
    RegisterChanges.objects.get_or_create(key=CHANGES_KEY)


def register_count(metric_key: str, count: Callable[[], int]) -> int:
    """The register count of `metric_key` for the whole programme: kept while the register has not changed
    since it was counted, else `count()` and kept. The number of changes is read before counting, so a
    change committed meanwhile leaves a count marked older than it is, never a stale count marked new."""
    changes_now = RegisterChanges.objects.filter(key=CHANGES_KEY).values("number")[:1]
    kept = (
        RegisterCount.objects.filter(metric=metric_key, changes=changes_now)
        .values_list("value", flat=True)
        .first()
    )
    if kept is not None:
        return kept
    changes = RegisterChanges.objects.filter(key=CHANGES_KEY).values_list("number", flat=True).first()
    value = count()
    if changes is None:  # not ready yet
        return value
    RegisterCount.objects.bulk_create(
        [RegisterCount(metric=metric_key, value=value, changes=changes)],
        update_conflicts=True,
        unique_fields=["metric"],
        update_fields=["value", "changes"],
    )
    return value


def figures_rebuild() -> int:
    """Every project's parts and every total recomputed; returns the number of projects."""
    from portfolio.models import Project

    from .selectors import project_figures

    parts: list[ProjectFigure] = []
    sums: dict[str, Decimal] = defaultdict(Decimal)
    project_ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    for project_id in project_ids:
        for key, value in project_figures(project_id).items():
            if value:
                parts.append(ProjectFigure(project_id=project_id, key=key, value=value))
                sums[key] += value
    with transaction.atomic():
        ProjectFigure.objects.all().delete()
        FigureTotal.objects.all().delete()
        FiguresBuilt.objects.all().delete()
        RegisterCount.objects.all().delete()  # counted again when next read
        register_ready()
        ProjectFigure.objects.bulk_create(parts, batch_size=5000)
        FigureTotal.objects.bulk_create(
            [FigureTotal(key=k, value=v) for k, v in sums.items()], batch_size=5000
        )
        FiguresBuilt.objects.create(built_at=timezone.now())
    return len(project_ids)
