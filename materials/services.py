"""Every write of the materials app. Each service starts by requiring its action (materials/permissions.py)
for a typed actor; commands, imports and the demo act as accounts.authorization.system_actor() (or, in the
demo, the named demo user). A refusal is a Django ValidationError naming the field (the pure modules'
messages, translated when shown) or PermissionDenied."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.authorization import require
from accounts.models import User
from catalogue.models import InnovationFunction, ProductCluster, SbiCode
from jobs import services as jobs_services
from jobs.models import JobRun
from materials import bom as bom_module
from materials import dataset, eu_assessment
from materials.models import (
    ClusterInnovationScore,
    IndicatorValue,
    MaterialDataRelease,
    MaterialProfile,
    ProducerShare,
    ProductGroupCluster,
    Scan,
    ScanMaterial,
    ScanRow,
    StageAssessment,
    SweetSpot,
)
from materials.selectors import (
    bom_resolver,
    country_resolver,
    exact_material_resolver,
    material_resolver,
    scoping_table,
)
from materials.sweetspots import validate_weights
from materials.texts import reasoning_text
from programme.models import Team
from regiekamer.texts import translate
from regiekamer.uploads import UploadRefused, XlsxLimits, check_xlsx

# A pure module's message, translated when it is shown (in the language of whoever reads the refusal).
translated = lazy(translate, str)


def _refused(field: str, messages: Iterable[object]) -> ValidationError:
    return ValidationError({field: [translated(message) for message in messages]})


# What an uploaded workbook may be, checked on the zip before openpyxl reads it (regiekamer.uploads,
# issue 15, finding 2): a bill of materials is at most bom.MAX_ROWS rows of seven columns; a material data
# set some thousands of rows of up to seven columns on two sheets.
BOM_LIMITS = XlsxLimits(
    max_bytes=5 * 1024 * 1024,
    max_unpacked_bytes=20 * 1024 * 1024,
    max_cells=60_000,
    max_rows=bom_module.MAX_READ_ROWS,
    max_columns=bom_module.MAX_READ_COLUMNS,
)
RELEASE_LIMITS = XlsxLimits(
    max_bytes=5 * 1024 * 1024,
    max_unpacked_bytes=50 * 1024 * 1024,
    max_cells=500_000,
    max_rows=dataset.MAX_READ_ROWS,
    max_columns=dataset.MAX_READ_COLUMNS,
)


def _checked_xlsx(content: bytes, limits: XlsxLimits, field: str) -> None:
    try:
        check_xlsx(content, limits)
    except UploadRefused as error:
        raise ValidationError({field: [str(error)]}) from error


# ---------------------------------------------------------------------------------------- material data
def material_release_import(
    *,
    actor: User,
    code: str,
    title: str,
    indicator_rows: Iterable[Mapping[str, Any]],
    producer_rows: Iterable[Mapping[str, Any]],
    is_sample: bool = False,
    make_current: bool = True,
    file_name: str = "",
    title_en: str = "",
) -> MaterialDataRelease:
    """Validate and load a material data set as a new release. Refuses the whole file on any bad row (every
    problem named under `file`) and a release code that is already loaded (under `code`). `title_en` is the
    title English readers see (the title otherwise)."""
    require(actor, "materials.manage_releases")
    # Validated before the write transaction opens (on SQLite an open transaction holds the write lock).
    try:
        materials = dataset.validate(indicator_rows, producer_rows, material_resolver())
    except dataset.DatasetError as error:
        raise _refused("file", error.problems) from None
    if not materials:
        raise ValidationError({"file": _("the data set contains no rows")})
    with transaction.atomic():
        return _release_write(
            actor=actor,
            code=code,
            title=title,
            title_en=title_en,
            is_sample=is_sample,
            make_current=make_current,
            file_name=file_name,
            materials=materials,
        )


def _release_write(
    *,
    actor: User,
    code: str,
    title: str,
    title_en: str,
    is_sample: bool,
    make_current: bool,
    file_name: str,
    materials: list[dataset.MaterialData],
) -> MaterialDataRelease:
    """The write of a validated release (inside material_release_import's transaction)."""
    if MaterialDataRelease.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("release '%(code)s' is already loaded; choose a new release label") % {"code": code}}
        )
    if make_current:
        MaterialDataRelease.objects.current().update(is_current=False)
    release = MaterialDataRelease.objects.create(
        code=code,
        title=title,
        title_en=title_en,
        is_sample=is_sample,
        is_current=make_current,
        file_name=file_name,
        loaded_by=actor,
    )
    for data in materials:
        profile = MaterialProfile.objects.create(release=release, material_id=_key(data.material_id))
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    profile=profile,
                    indicator=indicator,
                    value=value.value,
                    source=value.source[:300],
                    calculated=value.calculated,
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


def material_release_import_xlsx(
    *,
    actor: User,
    code: str,
    title: str,
    content: bytes,
    is_sample: bool = False,
    make_current: bool = True,
    file_name: str = "",
    title_en: str = "",
) -> MaterialDataRelease:
    """Read an uploaded workbook (sheets 'indicators' and 'producers') and load it as a new release. The
    workbook is held to RELEASE_LIMITS before it is read, and read outside any transaction."""
    require(actor, "materials.manage_releases")
    _checked_xlsx(content, RELEASE_LIMITS, "file")
    try:
        indicators, producers = dataset.read_xlsx(content)
    except dataset.DatasetError as error:
        raise _refused("file", error.problems) from None
    return material_release_import(
        actor=actor,
        code=code,
        title=title,
        indicator_rows=indicators,
        producer_rows=producers,
        is_sample=is_sample,
        make_current=make_current,
        file_name=file_name,
        title_en=title_en,
    )


RELEASE_LOAD_JOB = "materials.release_load"


def material_release_load_start(
    *,
    actor: User,
    code: str,
    title: str,
    content: bytes,
    is_sample: bool = False,
    file_name: str = "",
    title_en: str = "",
) -> JobRun:
    """Load an uploaded workbook as a new release in the background (the job "materials.release_load", which
    calls material_release_import_xlsx): the file is held to RELEASE_LIMITS and the release label checked at
    once; reading, validating and writing happen in the worker, whose progress and refusal (every problem)
    show on the job's page. The same label twice while the first load runs is refused."""
    permit = require(actor, "materials.manage_releases")
    _checked_xlsx(content, RELEASE_LIMITS, "file")
    if MaterialDataRelease.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("release '%(code)s' is already loaded; choose a new release label") % {"code": code}}
        )
    path = default_storage.save(f"jobs/uploads/release-{code}.xlsx", ContentFile(content))
    try:
        return jobs_services.start(
            actor=actor,
            kind=RELEASE_LOAD_JOB,
            params={
                "path": path,
                "code": code,
                "title": title,
                "title_en": title_en,
                "is_sample": is_sample,
                "file_name": file_name,
            },
            view_action="materials.manage_releases",
            dedupe_key=f"{RELEASE_LOAD_JOB}:{code}",
            link=reverse("materials:release-list"),
            granted_by=permit,
        )
    except jobs_services.JobAlreadyRunning as refused:
        default_storage.delete(path)
        raise ValidationError({"code": refused.messages}) from None


@transaction.atomic
def material_release_make_current(*, actor: User, release: MaterialDataRelease) -> MaterialDataRelease:
    require(actor, "materials.manage_releases", release)
    MaterialDataRelease.objects.current().exclude(pk=release.pk).update(is_current=False)
    release.is_current = True
    release.save(update_fields=["is_current"])
    return release


def material_release_load_eu_assessment(
    *,
    actor: User,
    text: str,
    code: str,
    title: str,
    title_en: str = "",
    file_name: str = "",
    make_current: bool = True,
) -> tuple[MaterialDataRelease, list[str]]:
    """Load the EU criticality assessment 2023 file (materials.eu_assessment) as a new release labelled with
    its source; returns the release and the file's materials that are not loaded (not in the catalogue).
    Refuses the whole file on any bad row or a missing column (every problem named under `file`), and a
    release code that is already loaded (under `code`). Validated before the write transaction opens."""
    require(actor, "materials.manage_releases")
    header, rows = eu_assessment.read_csv(text)
    try:
        assessment = eu_assessment.validate(
            header,
            rows,
            material=exact_material_resolver(),
            member=material_resolver(),
            country=country_resolver(),
        )
    except dataset.DatasetError as error:
        raise _refused("file", error.problems) from None
    if not assessment.materials:
        raise ValidationError({"file": _("the data set contains no rows")})
    with transaction.atomic():
        if MaterialDataRelease.objects.filter(code=code).exists():
            raise ValidationError(
                {
                    "code": _("release '%(code)s' is already loaded; choose a new release label")
                    % {"code": code}
                }
            )
        if make_current:
            MaterialDataRelease.objects.current().update(is_current=False)
        release = MaterialDataRelease.objects.create(
            code=code,
            title=title,
            title_en=title_en,
            source=assessment.source[:500],
            is_current=make_current,
            file_name=file_name[:255],
            loaded_by=actor,
        )
        for entry in assessment.materials:
            profile = MaterialProfile.objects.create(release=release, material_id=_key(entry.material_id))
            bulk_create_with_history(
                [
                    IndicatorValue(
                        profile=profile,
                        indicator=indicator,
                        value=headline.value,
                        source=headline.source[:300],
                        note=headline.note,
                        year=eu_assessment.YEAR,
                    )
                    for indicator, headline in sorted(entry.headline.items())
                ],
                IndicatorValue,
                default_user=actor,
            )
            bulk_create_with_history(
                [
                    StageAssessment(
                        profile=profile,
                        element=row.element[:100],
                        stage=row.stage,
                        is_bottleneck=row.is_bottleneck,
                        supply_risk=row.supply_risk,
                        economic_importance=row.economic_importance,
                        import_reliance=row.import_reliance,
                        main_global_supplier=";".join(row.main_global_supplier),
                        main_global_supplier_share=row.main_global_supplier_share,
                        main_eu_supplier=";".join(row.main_eu_supplier),
                        main_eu_supplier_share=row.main_eu_supplier_share,
                        source=row.source,
                        flags=row.flags,
                    )
                    for row in [*entry.stages, *entry.elements]
                ],
                StageAssessment,
                default_user=actor,
            )
            if entry.suppliers:
                # The main global supplier with its share and the rest as one row, country empty (other or
                # unknown): the scanner and the simulation read these (simulation.selectors.material_input).
                rest = eu_assessment.rest_share(entry.suppliers)
                shares = [*entry.suppliers, *([("", rest)] if rest > 0 else [])]
                bulk_create_with_history(
                    [
                        ProducerShare(
                            profile=profile,
                            country=country,
                            share=share,
                            wgi_estimate=None,
                            export_restriction=None,
                            stage=entry.supplier_stage,
                            source=eu_assessment.supplier_source(entry.supplier_source)[:300],
                            year=eu_assessment.YEAR,
                        )
                        for country, share in shares
                    ],
                    ProducerShare,
                    default_user=actor,
                )
    return release, assessment.skipped


# -------------------------------------------------------------------------------------------------- scans
def _key(material_key: object) -> int:
    """A material key of the resolvers (materials.selectors): the RawMaterial's id."""
    if not isinstance(material_key, int):
        raise TypeError(f"a material key is a RawMaterial id, got {material_key!r}")
    return material_key


def scan_create(
    *,
    actor: User,
    title: str,
    rows: list[bom_module.BomRow],
    origin: str = Scan.Origin.FORM,
    sbi: SbiCode | None = None,
    file_name: str = "",
) -> Scan:
    """Validate a bill of materials and store it as the actor's own scan. A refused bill of materials names
    every bad row under `rows`. Validated before the write transaction opens (on SQLite an open transaction
    holds the write lock); the write is one short transaction."""
    require(actor, "materials.use_scanner")
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("the scan needs a title")})
    try:
        parsed = bom_module.parse(rows, bom_resolver())
    except bom_module.BomError as error:
        raise _refused("rows", error.messages) from None
    with transaction.atomic():
        scan = Scan.objects.create(
            owner=actor, title=title[:200], origin=origin, sbi=sbi, file_name=file_name[:255]
        )
        _scan_store_rows(scan, parsed)
    return scan


def scan_import_xlsx(
    *, actor: User, title: str, content: bytes, sbi: SbiCode | None = None, file_name: str = ""
) -> Scan:
    """Read an uploaded bill of materials (.xlsx laid out as the template) and store it as the actor's scan;
    a sheet that cannot be read is refused under `rows` as a bad row is. The workbook is held to BOM_LIMITS
    before it is read (an applicant's upload: a bomb is refused unread), and read outside any transaction."""
    require(actor, "materials.use_scanner")
    _checked_xlsx(content, BOM_LIMITS, "rows")
    try:
        rows = bom_module.read_xlsx(content)
    except bom_module.BomError as error:
        raise _refused("rows", error.messages) from None
    return scan_create(
        actor=actor, title=title, rows=rows, origin=Scan.Origin.XLSX, sbi=sbi, file_name=file_name
    )


def _scan_store_rows(scan: Scan, parsed: bom_module.Bom) -> None:
    stored = []
    for row in parsed.rows:
        component = parsed.components[(row.product, row.component)]
        material_key = parsed.material_keys.get(row.row)
        stored.append(
            ScanRow(
                scan=scan,
                row_number=row.row,
                product=row.product[:200],
                component=row.component[:200],
                parent=component.part_of[:200],
                quantity=component.quantity,
                mass_kg=component.mass_kg,
                material_id=_key(material_key) if material_key is not None else None,
                fraction=component.materials[material_key] if material_key is not None else None,
                material_entered=str(row.material or "").strip()[:200],
            )
        )
    ScanRow.objects.bulk_create(stored)
    ScanMaterial.objects.bulk_create(
        [
            ScanMaterial(scan=scan, product=product[:200], material_id=_key(material_key), kg=kg)
            for product, masses in parsed.kg_per_material().items()
            for material_key, kg in masses.items()
        ]
    )


@transaction.atomic
def scan_delete(*, actor: User, scan: Scan) -> None:
    require(actor, "materials.delete_scan", scan)
    scan.delete()


# ---------------------------------------------------------------------------------------------- sweet spots
def cluster_innovation_profile_set(
    *,
    actor: User,
    cluster: ProductCluster,
    levels: Mapping[str, object],
    source: str,
    source_date: datetime.date | None,
) -> list[ClusterInnovationScore]:
    """Set the level of every innovation function F1–F8 of a product cluster (0 unknown … 3 high, the impact
    sheet's scale) with the source and its date; each change is audited. Refused, naming the field: a level
    that is not on the scale (under its function, e.g. `F3`), a function other than F1–F8, no source, no
    date or a date in the future. A value set here is no longer illustrative."""
    require(actor, "materials.edit_innovation_profile", cluster)
    functions = {function.code: function for function in InnovationFunction.objects.all()}
    errors: dict[str, list[Any]] = {}
    checked: dict[str, int] = {}
    for code in levels:
        if code not in functions:
            errors.setdefault("levels", []).append(
                _("%(code)s is not an innovation function F1–F8.") % {"code": code}
            )
    for code in functions:
        raw = levels.get(code)
        try:
            level = int(str(raw).strip())
        except ValueError:
            level = -1
        if level not in ClusterInnovationScore.Level.values:
            errors[code] = [
                _("%(code)s: '%(value)s' is not on the scale 0 (unknown) to 3 (high).")
                % {"code": code, "value": "" if raw is None else raw}
            ]
        else:
            checked[code] = level
    source = source.strip()
    if not source:
        errors["source"] = [_("Name the source of the profile.")]
    if source_date is None:
        errors["source_date"] = [_("Give the date of the source.")]
    elif source_date > timezone.localdate():
        errors["source_date"] = [_("The date of the source lies in the future.")]
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for code, level in sorted(checked.items()):
            score, _created = ClusterInnovationScore.objects.select_for_update().get_or_create(
                cluster=cluster, function=functions[code]
            )
            score.level = level
            score.source = source[:300]
            score.source_date = source_date
            score.is_illustrative = False
            score.save()
            saved.append(score)
    return saved


@transaction.atomic
def sweet_spot_adopt(*, actor: User, sbi: SbiCode, team: Team, weights: Mapping[str, float]) -> SweetSpot:
    """Record that `team` adopts the product group `sbi` as a sweet spot, with the score, rank, band and
    reasoning of the scoping table as it stands now (with the given weights)."""
    require(actor, "materials.adopt_sweet_spot", team)
    try:
        checked = validate_weights(weights)
    except ValueError as error:  # the weights form checks the same; this is the last guard
        raise ValidationError({"weights": str(error)}) from None
    row = next((row for row in scoping_table(checked) if row.item.sbi == sbi.code), None)
    if row is None:
        raise ValidationError(
            {"sbi": _("Product group %(code)s has no industry figures to score.") % {"code": sbi.code}}
        )
    return SweetSpot.objects.create(
        sbi=sbi,
        team=team,
        r_band=row.band,
        score=round(row.score, 4),
        rank=row.rank,
        weights=checked,
        reasoning="\n".join(reasoning_text(row)),
        adopted_by=actor,
    )


# ------------------------------------------------------------------------------ clusters of product groups
def product_group_cluster_set(
    *,
    actor: User,
    sbi: SbiCode,
    cluster: ProductCluster | None,
    source: str,
    source_date: datetime.date | None,
) -> ProductGroupCluster:
    """Set the product cluster of a §1.2.1 product group the source does not place in a cluster, with the
    source of the decision and its date (audited). Refused, naming the field: a code that is not a product
    group of §1.2.1, a group the source already places (`sbi`), no cluster, no source, no date or a date in
    the future."""
    require(actor, "materials.set_product_group_cluster", sbi)
    errors: dict[str, list[Any]] = {}
    if sbi.level != SbiCode.Level.DIVISION or not sbi.name_in_figures:
        errors["sbi"] = [_("%(code)s is not a product group of §1.2.1.") % {"code": sbi.code}]
    elif sbi.cluster_id is not None:
        errors["sbi"] = [
            _("The source places %(code)s in %(cluster)s; that cluster stands.")
            % {"code": sbi.code, "cluster": sbi.cluster}
        ]
    if cluster is None:
        errors["cluster"] = [_("Choose the cluster.")]
    source = source.strip()
    if not source:
        errors["source"] = [_("Name the source of the decision.")]
    if source_date is None:
        errors["source_date"] = [_("Give the date of the source.")]
    elif source_date > timezone.localdate():
        errors["source_date"] = [_("The date of the source lies in the future.")]
    if errors or cluster is None or source_date is None:
        raise ValidationError(errors)
    with transaction.atomic():
        assignment, _created = ProductGroupCluster.objects.select_for_update().get_or_create(
            sbi=sbi,
            defaults={
                "cluster": cluster,
                "source": source[:300],
                "source_date": source_date,
                "set_by": actor,
            },
        )
        if not _created:
            assignment.cluster, assignment.source = cluster, source[:300]
            assignment.source_date, assignment.set_by = source_date, actor
            assignment.save()
    return assignment
