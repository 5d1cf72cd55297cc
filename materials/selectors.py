"""Read queries of the materials app."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from accounts.authorization import can
from catalogue.models import (
    Country,
    IndustryFigure,
    InnovationFunction,
    ProductCluster,
    RawMaterial,
    RStrategy,
    SbiCode,
)
from materials import fingerprint, risk, sweetspots
from materials.models import (
    ClusterInnovationScore,
    IndicatorValue,
    MaterialDataRelease,
    MaterialProfile,
    ProducerShare,
    Scan,
    ScanMaterial,
    ScanRow,
    StageAssessment,
    SweetSpot,
)
from materials.selectors_clusters import product_cluster

if TYPE_CHECKING:
    from portfolio.models import ImpactSheet, Project
    from programme.models import Team

MIN_SCANS_SHOWN = 3  # programme statistics: counts below this are shown as "fewer than 3" (anonymity)


def risk_thresholds() -> dict[str, risk.Threshold]:
    """The banding thresholds: the defaults of materials.risk, with MATERIALS_RISK_THRESHOLDS overriding."""
    return risk.thresholds_with(getattr(settings, "MATERIALS_RISK_THRESHOLDS", None))


# --------------------------------------------------------------------------------------------- materials
def material_resolver() -> Callable[[str], tuple[int, str] | None]:
    """A function name -> (RawMaterial id, display name) | None, matching name, Dutch name, code, symbol or
    any alias, case-insensitively."""
    lookup: dict[str, tuple[int, str]] = {}
    for material in RawMaterial.objects.all():
        names = [
            material.name,
            material.name_nl,
            material.code,
            material.symbol,
            *material.aliases.split(","),
        ]
        for name in names:
            key = name.strip().lower()
            if key:
                lookup.setdefault(key, (material.pk, material.name))

    def resolve(name: str) -> tuple[int, str] | None:
        return lookup.get(str(name).strip().lower())

    return resolve


def exact_material_resolver() -> Callable[[str], tuple[int, str] | None]:
    """As material_resolver, by a material's own names only (name, Dutch name, code, symbol; no aliases): the
    EU assessment's element rows must not be taken for their group (materials.eu_assessment)."""
    lookup: dict[str, tuple[int, str]] = {}
    for material in RawMaterial.objects.all():
        for name in (material.name, material.name_nl, material.code, material.symbol):
            key = name.strip().lower()
            if key:
                lookup.setdefault(key, (material.pk, material.name))

    def resolve(name: str) -> tuple[int, str] | None:
        return lookup.get(str(name).strip().lower())

    return resolve


def country_resolver() -> Callable[[str], str | None]:
    """A function English country name -> ISO 3166-1 code (the catalogue's countries), None when unknown."""
    lookup = {name.strip().lower(): code for code, name in Country.objects.values_list("code", "name_en")}

    def resolve(name: str) -> str | None:
        return lookup.get(str(name).strip().lower())

    return resolve


def bom_resolver() -> Callable[[str], int | None]:
    """The resolver materials.bom.parse wants: a material name -> its RawMaterial id, None when unknown."""
    resolve = material_resolver()

    def material_id(name: str) -> int | None:
        found = resolve(name)
        return found[0] if found else None

    return material_id


def current_release() -> MaterialDataRelease | None:
    return MaterialDataRelease.objects.current().first()


def release_list() -> QuerySet[MaterialDataRelease]:
    return MaterialDataRelease.objects.select_related("loaded_by").annotate(material_count=Count("profiles"))


def material_profiles(release: MaterialDataRelease | None) -> QuerySet[MaterialProfile]:
    if release is None:
        return MaterialProfile.objects.none()
    return (
        MaterialProfile.objects.filter(release=release)
        .select_related("material")
        .prefetch_related("values", "producers", "stages", "material__strategic_entries")
    )


def material_profile(release: MaterialDataRelease | None, code: str) -> MaterialProfile:
    profile = material_profiles(release).filter(material__code=code).first()
    if profile is None:
        raise Http404
    return profile


def material_values(
    release: MaterialDataRelease | None, material_ids: Iterable[int] | None = None
) -> dict[int, dict[str, float]]:
    """{material id: {indicator: value}} of a release (a value the source does not have is left out)."""
    if release is None:
        return {}
    values = IndicatorValue.objects.filter(profile__release=release)
    if material_ids is not None:
        values = values.filter(profile__material_id__in=list(material_ids))
    result: dict[int, dict[str, float]] = defaultdict(dict)
    for material_id, indicator, value in values.values_list("profile__material_id", "indicator", "value"):
        if value is not None:
            result[material_id][indicator] = value
    return dict(result)


def release_indicators(release: MaterialDataRelease | None) -> tuple[str, ...]:
    """The banded indicators (materials.risk) a release gives values for, in the order of materials.risk;
    all of them when no release is loaded. A page shows these, not the indicators of another method."""
    if release is None:
        return risk.INDICATORS
    present = set(
        IndicatorValue.objects.filter(profile__release=release).values_list("indicator", flat=True).distinct()
    )
    return tuple(code for code in risk.INDICATORS if code in present) or risk.INDICATORS


def material_sources(
    release: MaterialDataRelease | None, codes: Iterable[str]
) -> dict[str, dict[str, IndicatorValue]]:
    """{material code: {indicator: its IndicatorValue (value, source, year, note)}} of a release; a material
    the release has no profile for is left out (one query)."""
    if release is None:
        return {}
    result: dict[str, dict[str, IndicatorValue]] = defaultdict(dict)
    values = IndicatorValue.objects.filter(profile__release=release, profile__material__code__in=list(codes))
    for code, value in (
        (value.profile.material.code, value) for value in values.select_related("profile__material")
    ):
        result[code][value.indicator] = value
    return dict(result)


def stages_of(profile: MaterialProfile) -> list[StageAssessment]:
    """The EU assessment rows of a material: its own stages first, then its elements (a group's)."""
    return sorted(profile.stages.all(), key=lambda row: (row.element != "", row.element, row.stage or "~"))


def profile_risk(
    profile: MaterialProfile, thresholds: Mapping[str, risk.Threshold] | None = None
) -> risk.MaterialRisk:
    values = {value.indicator: value.value for value in profile.values.all()}
    return risk.material_risk(
        profile.material.label,
        values,
        critical=profile.material.is_critical,
        strategic=bool(profile.material.strategic_entries.all()),
        thresholds=thresholds or risk_thresholds(),
        code=profile.material.code,
    )


def producers_of(profile: MaterialProfile) -> list[ProducerShare]:
    return sorted(profile.producers.all(), key=lambda producer: -producer.share)


# -------------------------------------------------------------------------------------------------- scans
def scans_for_owner(user: Any) -> QuerySet[Scan]:
    return Scan.objects.owned_by(user).select_related("sbi").annotate(row_count=Count("rows", distinct=True))


def scan_for_owner(user: Any, pk: int) -> Scan:
    """The scan if `user` may see it (materials.view_scan: its owner); 404 otherwise (a scan's existence is
    not disclosed to others)."""
    scan = (
        Scan.objects.filter(pk=pk)
        .select_related("sbi", "owner")
        .prefetch_related(Prefetch("rows", queryset=ScanRow.objects.select_related("material")))
    ).first()
    if scan is None or not can(user, "materials.view_scan", scan):
        raise Http404
    return scan


@dataclass
class ScanProfile:
    title: str
    scan: Scan | None
    release: MaterialDataRelease | None
    materials: list[risk.MaterialRisk]
    products: list[risk.ProductRisk]
    thresholds: dict[str, risk.Threshold]

    @property
    def total_kg(self) -> float:
        return sum(item.kg for item in self.materials)

    @property
    def critical(self) -> list[risk.MaterialRisk]:
        return [item for item in self.materials if item.critical]

    @property
    def strategic(self) -> list[risk.MaterialRisk]:
        return [item for item in self.materials if item.strategic]


def scan_profile(scan: Scan, *, thresholds: dict[str, risk.Threshold] | None = None) -> ScanProfile:
    """The risk profile of a stored scan against the current material data release."""
    per_product: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for product, material_id, kg in ScanMaterial.objects.filter(scan=scan).values_list(
        "product", "material_id", "kg"
    ):
        per_product[product][material_id] += kg
    return build_profile(scan.title, per_product, scan=scan, thresholds=thresholds)


def build_profile(
    title: str,
    per_product: Mapping[str, Mapping[int, float]],
    *,
    scan: Scan | None = None,
    thresholds: dict[str, risk.Threshold] | None = None,
) -> ScanProfile:
    """The risk profile of {product: {RawMaterial id: kg}}: per material and per product, banded."""
    thresholds = thresholds or risk_thresholds()
    release = current_release()
    material_ids = {material_id for masses in per_product.values() for material_id in masses}
    values = material_values(release, material_ids)
    materials_by_id = RawMaterial.objects.in_bulk(material_ids)
    strategic = set(
        RawMaterial.objects.filter(pk__in=material_ids, strategic_entries__isnull=False).values_list(
            "pk", flat=True
        )
    )

    def make(material_id: int, kg: float) -> risk.MaterialRisk:
        material = materials_by_id[material_id]
        return risk.material_risk(
            material.label,
            values.get(material_id, {}),
            kg=kg,
            critical=material.is_critical,
            strategic=material_id in strategic,
            thresholds=thresholds,
            code=material.code,
        )

    per_material: dict[int, float] = defaultdict(float)
    for masses in per_product.values():
        for material_id, kg in masses.items():
            per_material[material_id] += kg
    materials = sorted(
        (make(material_id, kg) for material_id, kg in per_material.items()),
        key=lambda item: (-risk.BAND_ORDER[item.band], -item.kg, item.material),
    )
    products = [
        risk.ProductRisk(product, sorted((make(mid, kg) for mid, kg in masses.items()), key=lambda i: -i.kg))
        for product, masses in per_product.items()
    ]
    return ScanProfile(title, scan, release, materials, products, thresholds)


def scan_statistics() -> tuple[int, list[dict]]:
    """Anonymised: the number of scans, and per material in how many scans it appears (no owners, no masses),
    most scanned first, then by the name the reader sees. Counts below MIN_SCANS_SHOWN are reported as None
    ("fewer than 3")."""
    total = Scan.objects.count()
    counts = dict(
        ScanMaterial.objects.values("material")
        .annotate(scans=Count("scan", distinct=True))
        .values_list("material", "scans")
    )
    materials = RawMaterial.objects.in_bulk(counts)
    ordered = sorted(materials.values(), key=lambda material: (-counts[material.pk], material.label.lower()))
    result = [
        {
            "name": material.label,
            "critical": material.is_critical,
            "scans": counts[material.pk] if counts[material.pk] >= MIN_SCANS_SHOWN else None,
        }
        for material in ordered
    ]
    return total, result


# ---------------------------------------------------------------------------------------------- sweet spots
def scoping_inputs() -> list[sweetspots.ScopingInput]:
    """One input row per SBI division with §1.2 figures (latest data set), with scan and innovation data."""
    figures = (
        IndustryFigure.objects.filter(
            breakdown=IndustryFigure.Breakdown.PRODUCT_GROUP, is_stated_total=False, sbi__isnull=False
        )
        .select_related("sbi__cluster", "sbi__assigned_cluster__cluster", "dataset")
        .order_by("-dataset__year", "order")
    )
    latest: dict[str, tuple[IndustryFigure, SbiCode]] = {}
    for figure in figures:
        if figure.sbi is not None:  # filtered above: every figure has its product group
            latest.setdefault(figure.sbi.code, (figure, figure.sbi))

    release = current_release()
    scanned = list(
        ScanMaterial.objects.filter(scan__sbi__isnull=False).values_list(
            "scan__sbi__code", "material_id", "material__is_critical", "kg"
        )
    )
    values = material_values(release, {material_id for _code, material_id, _c, _kg in scanned})
    thresholds = risk_thresholds()
    masses: dict[str, list[tuple[float, bool, str]]] = defaultdict(list)
    for code, material_id, critical, kg in scanned:
        band = risk.material_risk("", values.get(material_id, {}), thresholds=thresholds).band
        masses[code[:2]].append((kg, critical, band))

    levels: dict[int, list[int]] = defaultdict(list)
    for cluster_id, level in ClusterInnovationScore.objects.exclude(
        level=ClusterInnovationScore.Level.UNKNOWN
    ).values_list("cluster_id", "level"):
        levels[cluster_id].append(level)

    items = []
    for code, (figure, sbi) in sorted(latest.items()):
        cluster = product_cluster(sbi)
        items.append(
            sweetspots.ScopingInput(
                sbi=code,
                label=sbi.label or figure.row_label,
                cluster=cluster.label if cluster else "",
                cluster_code=cluster.code if cluster else "",
                co2_impact_kt=figure.upcm_co2_impact_kt_per_year,
                value_added_impact_meur=figure.upcm_value_added_impact_meur_per_year,
                material_flows_mkg=figure.material_flows_mkg,
                critical_dependence=sweetspots.critical_dependence(masses.get(code, [])),
                innovation_readiness=sweetspots.innovation_readiness(
                    levels.get(cluster.pk, []) if cluster else []
                ),
            )
        )
    return items


def scoping_table(weights: Mapping[str, float] | None = None) -> list[sweetspots.ScopingRow]:
    return sweetspots.score_table(scoping_inputs(), weights)


@dataclass
class InnovationProfile:
    """The innovation-function profile of a cluster as the scoping table uses it, with where it comes from."""

    cluster: ProductCluster
    levels: dict[str, int]  # F1 … F8 → 0 unknown … 3 high (0 where nothing is set)
    sources: list[str]
    dates: list[Any]
    illustrative: bool  # any of its values is a demo value
    scored: int  # functions set above "unknown" (what the readiness averages over)

    @property
    def missing(self) -> bool:
        return self.scored == 0


def innovation_profiles() -> list[InnovationProfile]:
    """Per product cluster (Generiek aside: it is no innovation system) its F1–F8 levels, sources, dates and
    whether any value is illustrative; two queries."""
    clusters = list(ProductCluster.objects.exclude(code="generiek").order_by("order"))
    scores: dict[int, list[ClusterInnovationScore]] = defaultdict(list)
    for score in ClusterInnovationScore.objects.select_related("function"):
        scores[score.cluster_id].append(score)
    result = []
    for cluster in clusters:
        own = scores.get(cluster.pk, [])
        result.append(
            InnovationProfile(
                cluster=cluster,
                levels={score.function.code: score.level for score in own},
                sources=sorted({score.source for score in own if score.source}),
                dates=sorted({score.source_date for score in own if score.source_date}),
                illustrative=any(score.is_illustrative for score in own),
                scored=sum(1 for score in own if score.level != ClusterInnovationScore.Level.UNKNOWN),
            )
        )
    return result


def innovation_profile(code: str) -> InnovationProfile:
    found = next((profile for profile in innovation_profiles() if profile.cluster.code == code), None)
    if found is None:
        raise Http404
    return found


def figures_provenance() -> IndustryFigure | None:
    """A product-group figure of the latest data set (its dataset names source and year), None when none."""
    return (
        IndustryFigure.objects.filter(breakdown=IndustryFigure.Breakdown.PRODUCT_GROUP, is_stated_total=False)
        .select_related("dataset")
        .order_by("-dataset__year")
        .first()
    )


def scanned_groups() -> dict[str, int]:
    """{SBI division: number of scans} of the scans that name a product group (critical-material input)."""
    counts: dict[str, int] = defaultdict(int)
    for code in Scan.objects.filter(sbi__isnull=False).values_list("sbi__code", flat=True):
        counts[code[:2]] += 1
    return dict(counts)


def sbi_division(code: str) -> SbiCode:
    sbi = SbiCode.objects.filter(code=code, level=SbiCode.Level.DIVISION).first()
    if sbi is None:
        raise Http404
    return sbi


def sweet_spot_list() -> QuerySet[SweetSpot]:
    return SweetSpot.objects.select_related(
        "sbi", "sbi__cluster", "sbi__assigned_cluster__cluster", "team", "adopted_by"
    )


def teams_user_may_adopt_for(user: Any) -> list[Team]:
    """The teams `user` may adopt sweet spots for (the rule materials.adopt_sweet_spot, team by team: the
    office and the steering team any team, a team lead the teams they lead); one query."""
    from programme.models import Team

    if not can(user, "materials.adopt_sweet_spot"):
        return []
    teams = Team.objects.select_related("lead")
    return [team for team in teams if can(user, "materials.adopt_sweet_spot", team)]


# --------------------------------------------------------------------------------------------- fingerprints
def _fingerprints(sheets: list[ImpactSheet]) -> list[fingerprint.Fingerprint]:
    """Fingerprints of impact sheets (with project, cluster, sbi_codes and raw_materials fetched), their
    materials banded against the current material data release: three queries, whatever the number."""
    materials = {material.pk: material for sheet in sheets for material in sheet.raw_materials.all()}
    values = material_values(current_release(), materials) if materials else {}
    strategic = (
        set(
            RawMaterial.objects.filter(pk__in=materials, strategic_entries__isnull=False).values_list(
                "pk", flat=True
            )
        )
        if materials
        else set()
    )
    thresholds = risk_thresholds()
    facts = {
        pk: fingerprint.MaterialFact(
            name=str(material),
            critical=material.is_critical,
            strategic=pk in strategic,
            risk_band=risk.material_risk(material.label, values.get(pk, {}), thresholds=thresholds).band,
        )
        for pk, material in materials.items()
    }
    return [
        fingerprint.fingerprint(
            fingerprint.SheetFacts(
                number=sheet.project.number,
                title=sheet.project.title,
                co2_bands=sheet.co2_bands(),
                added_value_meur=sheet.added_value_meur,
                added_value_base_year=sheet.added_value_base_year,
                innovation_functions=sheet.innovation_functions,
                materials=[facts[material.pk] for material in sheet.raw_materials.all()],
                sbi_codes=[sbi.code for sbi in sheet.sbi_codes.all()],
                cluster=sheet.cluster.code if sheet.cluster else "",
            )
        )
        for sheet in sheets
    ]


def project_fingerprints() -> list[fingerprint.Fingerprint]:
    """The fingerprint of every project that has an impact sheet, from its current (highest) version, in
    project order; a fixed number of queries."""
    from portfolio.selectors import current_impact_sheets

    sheets = (
        current_impact_sheets()
        .select_related("project", "cluster")
        .prefetch_related("sbi_codes", "raw_materials")
        .order_by("project__year", "project__sequence")
    )
    return _fingerprints(list(sheets))


def project_fingerprint(number: str) -> tuple[Project, fingerprint.Fingerprint | None]:
    """(project, its fingerprint or None when it has no impact sheet yet); 404 for an unknown project."""
    from portfolio.models import Project
    from portfolio.selectors import impact_sheet_for

    project = Project.objects.filter(number=number).first()
    if project is None:
        raise Http404
    sheet = impact_sheet_for(project)
    return project, (_fingerprints([sheet])[0] if sheet is not None else None)


def sheet_material_figures(project: Project) -> dict[str, dict[str, IndicatorValue]]:
    """{the name a fingerprint gives a material (str of the RawMaterial): {indicator: IndicatorValue}} for the
    raw materials of the project's current impact sheet, from the current release; a material the release
    does not cover is left out."""
    from portfolio.selectors import impact_sheet_for

    sheet = impact_sheet_for(project)
    if sheet is None:
        return {}
    materials = {material.code: str(material) for material in sheet.raw_materials.all()}
    found = material_sources(current_release(), materials)
    return {materials[code]: values for code, values in found.items()}


def cluster_code(sbi: SbiCode) -> str:
    """The code of the product cluster an SBI code belongs to (selectors_clusters.product_cluster: fetch
    sbi__cluster and sbi__assigned_cluster__cluster with the code), "" when none."""
    cluster = product_cluster(sbi)
    return cluster.code if cluster is not None else ""


def sweet_spots_served_by(
    found: fingerprint.Fingerprint,
) -> tuple[list[tuple[sweetspots.ScopingRow, str]], list[tuple[SweetSpot, str]]]:
    """(scoping rows, adopted sweet spots) the project of `found` serves, each with the reason (see
    materials.fingerprint); the rows by the default weights."""
    rows = [
        (row, reason)
        for row in scoping_table()
        if (reason := fingerprint.serves(found, row.item.sbi, row.item.cluster_code))
    ]
    spots = [
        (spot, reason)
        for spot in sweet_spot_list()
        if (reason := fingerprint.serves(found, spot.sbi.code, cluster_code(spot.sbi)))
    ]
    return rows, spots


def projects_serving_sweet_spots() -> QuerySet[Project]:
    """The projects whose current impact sheet serves at least one adopted sweet spot, as one query the
    database answers (the rule of `fingerprint.serves`: an SBI code of the sheet in the spot's division, or
    the sheet's product cluster the division's); no sheet is read into Python."""
    from django.db.models import Q

    from portfolio.models import ImpactSheet, Project

    spots = {(spot.sbi.code, cluster_code(spot.sbi)) for spot in sweet_spot_list()}
    if not spots:
        return Project.objects.none()
    in_divisions = Q(pk__in=[])
    clusters = set()
    for division, cluster in sorted(spots):
        if len(division) != 2 or not division.isdigit():
            raise ValueError(f"division must be an SBI division of two digits, got {division!r}")
        in_divisions |= Q(code__startswith=division)
        if cluster:
            clusters.add(cluster)
    # The codes of the divisions are picked from the catalogue (an uncorrelated IN: the pattern is tested on
    # each catalogue code once), not tested on every code of every sheet, which SQLite did in Python:
    # 20,000 calls of its REGEXP at 10,000 projects.
    codes = SbiCode.objects.filter(in_divisions, code__regex=r"^[0-9]+$").values("pk")
    naming = ImpactSheet.sbi_codes.through.objects.filter(sbicode_id__in=codes).values("impactsheet_id")
    serves = Q(pk__in=naming)
    if clusters:
        serves |= Q(cluster__code__in=sorted(clusters))
    sheets = ImpactSheet.objects.current().filter(serves)
    return Project.objects.filter(pk__in=sheets.values("project_id"))


def innovation_function_names() -> dict[str, str]:
    """{F1 … F8: the function's name in the reader's language (Dutch as the impact sheet writes it)}."""
    return {function.code: function.label for function in InnovationFunction.objects.all()}


def r_strategy_names() -> dict[str, str]:
    """{R0 … R9: the R-strategy's name in the reader's language} (the R-ladder of the catalogue)."""
    return {strategy.code: strategy.label for strategy in RStrategy.objects.all()}


def country_names(codes: Iterable[str]) -> dict[str, str]:
    """{ISO 3166-1 code: the country's name in the reader's language} for `codes` (one query); a code the
    catalogue does not know is left out (shown as the code)."""
    return {country.code: country.label for country in Country.objects.filter(code__in=set(codes))}
