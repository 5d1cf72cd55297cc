"""Receivers that keep dashboard.kept's figures: whoever saves or deletes a project, an impact sheet or a
progress report, or changes the product groups, raw materials or themes of a project or sheet (a service,
the admin, a test factory), the project's part is recomputed in the same transaction. They hold no rule:
the selectors do.

A loaddata (raw) passes them by, as it passes portfolio.kept; so do bulk writes, which call
kept.figures_rebuild. An edit of reference data that the parts name (an SBI code, a raw material's symbol, a
theme) sets the kept figures aside: the dashboard then counts from the projects until the next rebuild
(`regiekamer dashboard-figures-rebuild`, or the next migrate).

Every save or deletion of an organisation, a person, a collaboration or a membership, and every bulk write of
the stakeholder importer (stakeholders.signals.register_written), counts as a change of the register: its
kept counts (kept.register_count) are counted again when next read."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


def _project_keep(project_id: int | None) -> None:
    if project_id is None:
        return
    from .kept import project_keep

    project_keep(project_id)


def project_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _project_keep(instance.pk)


def part_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _project_keep(instance.project_id)


def relation_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """A project's or impact sheet's product groups, raw materials or themes changed; from the other side
    (`sbi_code.projects.add(...)`; an impact sheet's relations have none), every project named (a clear from
    that side names none: the kept figures are set aside)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from portfolio.models import ImpactSheet

    if not reverse:
        _project_keep(instance.project_id if isinstance(instance, ImpactSheet) else instance.pk)
    elif action == "post_clear":
        from .kept import set_aside

        set_aside()
    else:
        for pk in pk_set or ():
            _project_keep(pk)


def reference_changed(
    sender: Any, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any
) -> None:
    """An SBI code, raw material or theme changed or went: parts may name it by its code or symbol."""
    if raw or created:
        return
    from .kept import set_aside

    set_aside()


def sweet_spots_changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    """A sweet spot adopted or dropped, or a product group's assigned cluster changed: which projects serve
    an adopted sweet spot is counted again for every project."""
    if raw:
        return
    from .kept import metric_refresh
    from .metrics import SWEET_SPOTS

    metric_refresh(SWEET_SPOTS)


def register_written(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    """A write that can change a count of the register (not a loaddata: a restore brings the kept counts
    with the register they were counted from)."""
    if raw:
        return
    from .kept import register_changed

    register_changed()


def rebuild_after_migrate(sender: Any, **kwargs: Any) -> None:
    """After every migrate (and a flush): the kept figures are built if they are not."""
    from .kept import built, figures_rebuild, register_ready

    if not built():
        figures_rebuild()
    register_ready()


def connect(app_config: Any) -> None:
    from catalogue.models import (
        InnovationFunction,
        KiaTheme,
        ProductCluster,
        RawMaterial,
        SbiCode,
        SupraregionalTheme,
    )
    from materials.models import ProductGroupCluster, SweetSpot
    from portfolio.models import ImpactSheet, ProgressReport, Project
    from portfolio.signals import report_written
    from stakeholders.models import Collaboration, CollaborationMember, Organisation, Person
    from stakeholders.signals import register_written as bulk_register_written

    post_save.connect(project_saved, sender=Project, dispatch_uid="dashboard-project")
    post_delete.connect(project_saved, sender=Project, dispatch_uid="dashboard-project-del")
    # After portfolio.signals, which keeps the current sheet (receivers run in the order they connect, and
    # the portfolio app is ready before the dashboard).
    post_save.connect(part_saved, sender=ImpactSheet, dispatch_uid="dashboard-sheet")
    post_delete.connect(part_saved, sender=ImpactSheet, dispatch_uid="dashboard-sheet-del")
    # Once the report's grant lines are written too (post_save comes before them).
    report_written.connect(part_saved, sender=ProgressReport, dispatch_uid="dashboard-report")
    post_delete.connect(part_saved, sender=ProgressReport, dispatch_uid="dashboard-report-del")
    for through in (
        Project.sbi_codes.through,
        Project.kia_themes.through,
        Project.supraregional_themes.through,
        ImpactSheet.sbi_codes.through,
        ImpactSheet.raw_materials.through,
    ):
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"dashboard-{through.__name__}")
    for spots in (SweetSpot, ProductGroupCluster):
        uid = f"dashboard-sweet-spots-{spots.__name__}"
        post_save.connect(sweet_spots_changed, sender=spots, dispatch_uid=uid)
        post_delete.connect(sweet_spots_changed, sender=spots, dispatch_uid=f"{uid}-del")
    for model in (SbiCode, ProductCluster, RawMaterial, KiaTheme, InnovationFunction, SupraregionalTheme):
        post_save.connect(reference_changed, sender=model, dispatch_uid=f"dashboard-ref-{model.__name__}")
        post_delete.connect(
            reference_changed, sender=model, dispatch_uid=f"dashboard-ref-del-{model.__name__}"
        )
    for register in (Organisation, Person, Collaboration, CollaborationMember):
        uid = f"dashboard-register-{register.__name__}"
        post_save.connect(register_written, sender=register, dispatch_uid=uid)
        post_delete.connect(register_written, sender=register, dispatch_uid=f"{uid}-del")
    bulk_register_written.connect(register_written, dispatch_uid="dashboard-register-bulk")
    post_migrate.connect(rebuild_after_migrate, sender=app_config, dispatch_uid="dashboard-figures-built")
