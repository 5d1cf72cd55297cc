"""Impact sheets (§4.4, Bijlage 8): a new version on every save, in the browser or from the Excel template,
and the links of its actor texts to the stakeholder register."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.authorization import Permit, require
from accounts.models import User
from catalogue.models import ProductCluster, RawMaterial, SbiCode
from regiekamer.concurrency import EditConflict

from .. import actors, impact_xlsx
from ..models import ImpactSheet, Project
from .projects import lock, resolve_sbi

IMPACT_FIELDS = [
    "goals",
    "results",
    "milestones",
    "activities",
    "cluster",
    "modules",
    "size_figures",
    "co2_r0_r2",
    "co2_r3_r7",
    "co2_r8_r9",
    "co2_stated",
    "effect_contributions",
    "supply_risk_change",
    "added_value_meur",
    "added_value_base_year",
    "innovation_functions",
    "performance",
    "stakeholders",
    "target_groups",
    "change_agents",
]
ACTOR_FIELDS = ("stakeholders", "target_groups", "change_agents")


def _resolve_raw_materials(names: Iterable[RawMaterial | str]) -> list[RawMaterial]:
    """RawMaterial rows for symbols, codes or the aliases the sources use ("PGM's", "C(natural)"). The impact
    sheet names critical raw materials (§4.4): a material of the catalogue that is not on the EU list (steel,
    plastics; they are there for bills of materials) is refused like an unknown one."""
    index: dict[str, RawMaterial] = {}
    for material in RawMaterial.objects.filter(is_critical=True):
        keys = [material.code, material.symbol, material.name, material.name_nl]
        keys += [alias.strip() for alias in material.aliases.split(",")]
        for key in keys:
            if key:
                index.setdefault(key.lower(), material)
    resolved: list[RawMaterial] = []
    unknown: list[str] = []
    for name in names:
        if not isinstance(name, str):
            resolved.append(name)
            continue
        found = index.get(name.strip().lower())
        if found is None:
            unknown.append(name)
        else:
            resolved.append(found)
    if unknown:
        raise ValidationError(
            {
                "raw_materials": _("Not a critical raw material of the catalogue: %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    return resolved


@transaction.atomic
def impact_sheet_save(
    *,
    actor: User,
    project: Project,
    status_date: datetime.date,
    sbi_codes: Iterable[SbiCode | str] = (),
    raw_materials: Iterable[RawMaterial | str] = (),
    based_on_version: int | None = None,
    **values: Any,
) -> ImpactSheet:
    """Save a new version of the project's impact sheet (earlier versions are kept). Lead or office.
    `based_on_version` is the version the editor started from (0: none yet); when another version was saved
    meanwhile, EditConflict refuses the save instead of silently replacing that version. A stated CO₂ total
    (`co2_stated`) that differs from the sum of the bands is saved as stated: the sheet flags the difference
    (ImpactSheet.co2_check), it does not refuse it."""
    permit = require(actor, "portfolio.edit_impact_sheet", project)
    return _save(permit, project, status_date, sbi_codes, raw_materials, based_on_version, values)


def _save(
    permit: Permit,
    project: Project,
    status_date: datetime.date,
    sbi_codes: Iterable[SbiCode | str],
    raw_materials: Iterable[RawMaterial | str],
    based_on_version: int | None,
    values: dict[str, Any],
) -> ImpactSheet:
    unknown = set(values) - set(IMPACT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    lock(project)  # version numbers per project are handed out one at a time
    last = ImpactSheet.objects.filter(project=project).newest_first().first()
    current = last.version_number if last else 0
    if based_on_version is not None and based_on_version != current:
        raise EditConflict(last or project, expected_version=based_on_version, current_version=current)
    sheet = ImpactSheet.objects.create(
        project=project,
        status_date=status_date,
        created_by=permit.actor,
        version_number=current + 1,
        **values,
    )
    sheet.sbi_codes.set(resolve_sbi(sbi_codes, permit=permit))
    sheet.raw_materials.set(_resolve_raw_materials(raw_materials))
    _link_actors(sheet)
    return sheet


def _link_actors(sheet: ImpactSheet) -> list[int]:
    """Link the sheet to the organisations of the stakeholder register its actor texts name (an item equal to
    an organisation's name, ignoring case; see portfolio.actors). Every save of a sheet does, so each new
    version recomputes its links. Writes only on change (the history records it). Returns the linked pks."""
    from stakeholders.models import Organisation

    texts = [getattr(sheet, field) for field in ACTOR_FIELDS]
    items = {actors.normalise(item) for text in texts for item in actors.actor_items(text)}
    candidates = (
        Organisation.objects.filter(reduce(or_, (Q(name__iexact=item) for item in items))).order_by("pk")
        if items
        else Organisation.objects.none()
    )
    pks = actors.matched_organisations(texts, actors.name_index(candidates.values_list("pk", "name")))
    if set(pks) != set(sheet.actor_organisations.values_list("pk", flat=True)):
        sheet.actor_organisations.set(pks)
    return pks


def impact_sheet_link_actors(*, actor: User, sheet: ImpactSheet) -> list[int]:
    """Re-link one sheet to the register (a job of the system: the register grew). Returns the linked pks."""
    require(actor, "portfolio.link_actors")
    return _link_actors(sheet)


def impact_sheets_relink(
    *, actor: User, names: Iterable[str] = (), organisation_ids: Iterable[int] = ()
) -> int:
    """The register changed (organisations created, renamed or imported): re-link only the current impact
    sheets whose actor texts name one of `names`, or that are linked to one of `organisation_ids` today (a
    rename may drop a link). One read of the current sheets' actor texts; the others are left alone.
    Returns how many sheets were re-linked."""
    require(actor, "portfolio.link_actors")
    keys = {actors.normalise(name) for name in names if name}
    ids = set(organisation_ids)
    linked = set(
        ImpactSheet.actor_organisations.through.objects.filter(organisation_id__in=ids).values_list(
            "impactsheet_id", flat=True
        )
        if ids
        else ()
    )
    relinked = 0
    for sheet in ImpactSheet.objects.current().only("pk", *ACTOR_FIELDS):
        items = {
            actors.normalise(item)
            for field in ACTOR_FIELDS
            for item in actors.actor_items(getattr(sheet, field))
        }
        if sheet.pk in linked or items & keys:
            _link_actors(sheet)
            relinked += 1
    return relinked


def impact_sheets_link_actors(*, actor: User) -> int:
    """Re-link the current impact sheet of every project to the register (the demo's link step, after the
    demo register was loaded). Returns how many sheets are linked to at least one organisation."""
    require(actor, "portfolio.link_actors")
    return sum(bool(_link_actors(sheet)) for sheet in ImpactSheet.objects.current())


# --- the Excel template ---


class ImportRejected(ValidationError):
    """An uploaded impact sheet was refused whole; `problems` name sheet, cell and reason."""

    def __init__(self, problems: list[impact_xlsx.Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


def _unresolved(
    parsed: impact_xlsx.Parsed,
    key: str,
    values: Iterable[str],
    resolve: Callable[[list[str]], object],
    message: Callable[[str], str],
) -> list[impact_xlsx.Problem]:
    """A problem (with its cell) for every value of an uploaded sheet's `key` rows that `resolve` refuses."""
    problems = []
    for value in values:
        try:
            with transaction.atomic():  # resolving may write (an SBI code missing from the catalogue)
                resolve([value])
        except ValidationError:
            problems.append(impact_xlsx.Problem(parsed.cell_of(key, value), message(value)))
    return problems


def impact_sheet_data(sheet: ImpactSheet) -> dict[str, Any]:
    """A saved sheet in the form impact_sheet_save takes (codes for cluster, SBI and materials)."""
    data = {field: getattr(sheet, field) for field in IMPACT_FIELDS if field != "cluster"}
    data["status_date"] = sheet.status_date
    data["cluster"] = sheet.cluster.code if sheet.cluster else ""
    data["sbi_codes"] = [s.display_code for s in sheet.sbi_codes.order_by("code")]
    data["raw_materials"] = [m.symbol or m.code for m in sheet.raw_materials.order_by("code")]
    return data


def impact_sheet_import(*, actor: User, project: Project, content: bytes) -> ImpactSheet:
    """Read a filled template and save it as the next version; any problem refuses the whole file.

    The file is checked and read before the write transaction opens: on SQLite (IMMEDIATE transactions) an
    open transaction holds the database's write lock, and reading a large upload inside one made every other
    user's write wait and fail. The write is one short transaction: the catalogue look-ups, the version
    check and the save, all or nothing. A sheet exported from an older version than the current one is
    refused (as the browser form refuses a stale edit): importing it would silently undo the newer one."""
    permit = require(actor, "portfolio.edit_impact_sheet", project)
    parsed = impact_xlsx.parse(content)
    data, number, problems = parsed.data, parsed.number, list(parsed.problems)
    if problems or data is None:
        raise ImportRejected(problems)
    if number != project.number:
        raise ImportRejected(
            [
                impact_xlsx.Problem(
                    "C2",
                    _("the sheet is for project %(sheet)s, not %(project)s")
                    % {"sheet": number, "project": project.number},
                )
            ]
        )
    try:
        with transaction.atomic():
            return _import_write(permit, project, parsed, data)
    except EditConflict as conflict:
        raise ImportRejected(
            [
                impact_xlsx.Problem(
                    parsed.based_on_cell,
                    _(
                        "this sheet was exported from version %(old)s, but version %(current)s has been "
                        "saved since; importing it would undo that version. Download the current sheet, "
                        "make your changes there and upload it again."
                    )
                    % {"old": conflict.expected_version, "current": conflict.current_version},
                )
            ]
        ) from conflict


def _import_write(permit: Permit, project: Project, parsed: impact_xlsx.Parsed, data: dict) -> ImpactSheet:
    """The write of an import (inside its transaction): resolve the catalogue codes, then save."""
    problems: list[impact_xlsx.Problem] = []
    cluster_code = data.pop("cluster")
    data["cluster"] = None
    if cluster_code:
        data["cluster"] = (
            ProductCluster.objects.filter(code=cluster_code).first()
            or ProductCluster.objects.filter(name__iexact=cluster_code).first()
        )
        if data["cluster"] is None:
            problems.append(
                impact_xlsx.Problem(
                    parsed.cell_of("cluster", cluster_code),
                    _("unknown product cluster '%(code)s'") % {"code": cluster_code},
                )
            )
    problems += _unresolved(
        parsed,
        "sbi",
        data["sbi_codes"],
        lambda codes: resolve_sbi(codes, permit=permit),
        lambda code: _("unknown SBI code '%(code)s'") % {"code": code},
    )
    problems += _unresolved(
        parsed,
        "material",
        data["raw_materials"],
        _resolve_raw_materials,
        lambda name: _("'%(name)s' is not a critical raw material of the catalogue") % {"name": name},
    )
    if problems:
        raise ImportRejected(problems)
    status_date = data.pop("status_date")
    sbi_codes, raw_materials = data.pop("sbi_codes"), data.pop("raw_materials")
    return _save(permit, project, status_date, sbi_codes, raw_materials, parsed.based_on, data)
