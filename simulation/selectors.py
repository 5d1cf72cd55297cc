"""Reads of the simulation app: the scenarios, and the model's input data from the materials app."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from catalogue.models import RawMaterial
from materials.eu_assessment import supplier_source
from materials.models import IndicatorValue, MaterialDataRelease, MaterialProfile, ProducerShare
from roadmap.models import EffectGoal

from . import inputs, spec
from .models import Scenario, ScenarioRun


def scenario_list() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("run_by", "job").prefetch_related("materials")


def scenario_detail(pk: int) -> Scenario:
    return (
        Scenario.objects.select_related("run_by", "job", "sweet_spot__sbi", "effect_goal")
        .prefetch_related("materials", Prefetch("runs", ScenarioRun.objects.select_related("material")))
        .get(pk=pk)
    )


# The effect dimension of supply security (letter L of the dashboard, §4.4: Mg, Ti, Al, P, Sb).
SUPPLY_SECURITY = "L"


def supply_security_goals() -> QuerySet[EffectGoal]:
    """The effect goals a simulation may be linked to: those of supply security (dimension L), the
    dimension whose dashboard contribution names the materials the model runs (Mg, Ti, Al, P, Sb)."""
    return EffectGoal.objects.filter(dimension__code=SUPPLY_SECURITY).select_related("row__horizon")


def _profile_with_producers(material: RawMaterial) -> MaterialProfile | None:
    """The material's profile with producers: of the current release if it has them, else the newest."""
    return (
        MaterialProfile.objects.filter(material=material, producers__isnull=False)
        .select_related("release")
        .prefetch_related("producers", "values", "stages")
        .order_by("-release__is_current", "-release__loaded_at")
        .distinct()
        .first()
    )


def simulated_materials() -> QuerySet[RawMaterial]:
    """The materials the model can run: those with supplier countries and shares in a release."""
    return RawMaterial.objects.filter(profiles__producers__isnull=False).distinct().order_by("name")


def supplier_releases() -> list[MaterialDataRelease]:
    """The releases the model's supplier countries and shares come from (those with producers), in the
    order `material_input` prefers them: the current release first, then the newest. The EU 2023
    assessment names the main global supplier of one stage with its share, and the rest of the supply as
    one row without a country (other or unknown)."""
    return list(
        MaterialDataRelease.objects.filter(profiles__producers__isnull=False)
        .distinct()
        .order_by("-is_current", "-loaded_at")
    )


def goal_materials_without_suppliers() -> list[RawMaterial]:
    """The materials of the supply-security goal (the programme's own: Mg, Ti, Al, P, Sb; §1.2, §4.4) the
    model cannot run because no release has their supplier countries and shares."""
    return list(
        RawMaterial.objects.filter(programme_named=True)
        .exclude(pk__in=simulated_materials().values("pk"))
        .order_by("name")
    )


def material_input(material: RawMaterial) -> spec.MaterialInput | None:
    """The model's input for `material`, or None when the data has no supplier countries or no end-of-life
    recycling rate for it."""
    profile = _profile_with_producers(material)
    if profile is None:
        return None
    # The named suppliers, largest first, then the rest of the supply (country "", other or unknown), which
    # has no governance and no export restriction of its own (spec.UNNAMED).
    producers: list[ProducerShare] = sorted(
        profile.producers.all(), key=lambda p: (p.country == spec.UNNAMED, -p.share)
    )
    rate = next(
        (v for v in profile.values.all() if v.indicator == "eol_recycling_rate" and v.value is not None), None
    )
    if rate is None:  # the EU 2023 EoL-RIR of the current release
        rate = (
            IndicatorValue.objects.filter(
                profile__material=material, indicator="eol_rir", value__isnull=False
            )
            .select_related("profile__release")
            .order_by("-profile__release__is_current", "-profile__release__loaded_at")
            .first()
        )
    if rate is None or rate.value is None:
        return None
    suppliers = tuple(
        spec.Supplier(
            country=p.country,
            share=p.share,
            governance=None if p.country == spec.UNNAMED else p.wgi_estimate,
            # None (not known): not restricted; the unnamed rest never is
            export_restriction=p.country != spec.UNNAMED and bool(p.export_restriction),
        )
        for p in producers
    )
    sources = [f"{profile.release.label}: {producers[0].source} ({producers[0].year})"]
    stages = _stage_suppliers(profile)
    if MINING in stages and REFINING in stages:
        suppliers = inputs.two_stage_suppliers(stages[MINING], stages[REFINING])
        sources = [f"{profile.release.label}: {stages[MINING][0][2]}"]
    return spec.MaterialInput(
        code=material.code,
        name=material.name,
        suppliers=suppliers,
        eol_recycling_rate=float(rate.value),
        groups=inputs.product_groups(),
        sources=(*sources, f"{rate.source} ({rate.year})", inputs.GROUPS_SOURCE),
    )


MINING, REFINING = "extraction", "processing"  # the stages of the EU assessment 2023 (StageAssessment)


def _stage_suppliers(profile: MaterialProfile) -> dict[str, list[tuple[str, float, str]]]:
    """Per stage of the material (not of an element of a group), the main global suppliers the release's
    assessment names, each with its share and the source: (country, share, source)."""
    found: dict[str, list[tuple[str, float, str]]] = {}
    for row in profile.stages.all():
        if row.element or not row.stage or not row.main_global_supplier:
            continue
        share = row.main_global_supplier_share
        if share is None:
            continue
        source = supplier_source(row.source)
        found[row.stage] = [(country, share, source) for country in row.main_global_supplier.split(";")]
    return found
