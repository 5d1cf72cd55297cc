"""Every write of the materials app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import Role
from catalogue.models import SbiCode
from materials import bom as bom_module
from materials import dataset
from materials.models import (
    IndicatorValue,
    MaterialDataRelease,
    MaterialProfile,
    ProducerShare,
    Scan,
    ScanMaterial,
    ScanRow,
    SweetSpot,
)
from materials.selectors import material_resolver, scoping_table, teams_user_may_adopt_for


# ---------------------------------------------------------------------------------------- material data
@transaction.atomic
def material_release_import(
    *,
    code: str,
    title: str,
    indicator_rows: Iterable[Mapping],
    producer_rows: Iterable[Mapping],
    is_sample: bool = False,
    make_current: bool = True,
    file_name: str = "",
    actor=None,
) -> MaterialDataRelease:
    """Validate and load a material data set as a new release; refuse the whole file on any bad row
    (dataset.DatasetError) and refuse a release code that is already loaded."""
    if actor is not None and not actor.has_role(Role.PROGRAMME_OFFICE):
        raise PermissionDenied(_("Only the programme office loads material data."))
    if MaterialDataRelease.objects.filter(code=code).exists():
        raise dataset.DatasetError(
            [_("release '%(code)s' is already loaded; choose a new release label") % {"code": code}]
        )
    resolve = material_resolver()
    materials = dataset.validate(indicator_rows, producer_rows, resolve)
    if not materials:
        raise dataset.DatasetError([_("the data set contains no rows")])
    if make_current:
        MaterialDataRelease.objects.filter(is_current=True).update(is_current=False)
    release = MaterialDataRelease.objects.create(
        code=code,
        title=title,
        is_sample=is_sample,
        is_current=make_current,
        file_name=file_name,
        loaded_by=actor,
    )
    for data in materials:
        profile = MaterialProfile.objects.create(release=release, material_id=data.material_id)
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    profile=profile,
                    indicator=indicator,
                    value=value.value,
                    source=value.source[:300],
                    year=value.year,
                )
                for indicator, value in sorted(data.values.items())
            ]
        )
        ProducerShare.objects.bulk_create(
            [
                ProducerShare(
                    profile=profile,
                    country=producer.country,
                    share=producer.share,
                    wgi_estimate=producer.wgi_estimate,
                    export_restriction=producer.export_restriction,
                    source=producer.source[:300],
                    year=producer.year,
                )
                for producer in data.producers
            ]
        )
    return release


@transaction.atomic
def material_release_make_current(*, release: MaterialDataRelease, actor) -> MaterialDataRelease:
    if not actor.has_role(Role.PROGRAMME_OFFICE):
        raise PermissionDenied(_("Only the programme office chooses the current material data."))
    MaterialDataRelease.objects.filter(is_current=True).exclude(pk=release.pk).update(is_current=False)
    release.is_current = True
    release.save(update_fields=["is_current"])
    return release


# -------------------------------------------------------------------------------------------------- scans
def bom_resolver():
    resolve = material_resolver()

    def material_id(name: str):
        found = resolve(name)
        return found[0] if found else None

    return material_id


@transaction.atomic
def scan_create(
    *,
    owner,
    title: str,
    rows: list[bom_module.BomRow],
    origin: str = Scan.Origin.FORM,
    sbi: SbiCode | None = None,
    file_name: str = "",
) -> Scan:
    """Validate a bill of materials (bom.BomError names the bad rows) and store it as the owner's scan."""
    title = title.strip()
    if not title:
        raise bom_module.BomError([(None, _("the scan needs a title"))])
    parsed = bom_module.parse(rows, bom_resolver())
    scan = Scan.objects.create(
        owner=owner, title=title[:200], origin=origin, sbi=sbi, file_name=file_name[:255]
    )
    _scan_store_rows(scan, parsed)
    return scan


def _scan_store_rows(scan: Scan, parsed: bom_module.Bom) -> None:
    stored = []
    for row in parsed.rows:
        component = parsed.components[(row.product, row.component)]
        material_id = parsed.material_keys.get(row.row)
        stored.append(
            ScanRow(
                scan=scan,
                row_number=row.row,
                product=row.product[:200],
                component=row.component[:200],
                parent=component.part_of[:200],
                quantity=component.quantity,
                mass_kg=component.mass_kg,
                material_id=material_id,
                fraction=component.materials[material_id] if material_id is not None else None,
            )
        )
    ScanRow.objects.bulk_create(stored)
    ScanMaterial.objects.bulk_create(
        [
            ScanMaterial(scan=scan, product=product[:200], material_id=material_id, kg=kg)
            for product, masses in parsed.kg_per_material().items()
            for material_id, kg in masses.items()
        ]
    )


@transaction.atomic
def scan_delete(*, scan: Scan, actor) -> None:
    if scan.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of a scan may delete it."))
    scan.delete()


# ---------------------------------------------------------------------------------------------- sweet spots
@transaction.atomic
def sweet_spot_adopt(*, sbi: SbiCode, team, actor, weights: Mapping[str, float]) -> SweetSpot:
    """Record that `team` adopts the product group `sbi` as a sweet spot, with the score, rank, band and
    reasoning of the scoping table as it stands now (with the given weights)."""
    if not teams_user_may_adopt_for(actor).filter(pk=team.pk).exists():
        raise PermissionDenied(_("You may not adopt sweet spots for this team."))
    rows = scoping_table(weights)
    row = next((row for row in rows if row.item.sbi == sbi.code), None)
    if row is None:
        raise ValueError(_("Product group %(code)s has no industry figures to score.") % {"code": sbi.code})
    from materials.texts import reasoning_text

    return SweetSpot.objects.create(
        sbi=sbi,
        team=team,
        r_band=row.band,
        score=round(row.score, 4),
        rank=row.rank,
        weights={key: float(value) for key, value in row_weights(weights).items()},
        reasoning="\n".join(reasoning_text(row)),
        adopted_by=actor,
    )


def row_weights(weights: Mapping[str, float]) -> dict[str, float]:
    from materials.sweetspots import validate_weights

    return validate_weights(weights)
