"""Catalogue rows the materials tests need (until catalogue_load is committed) and materials records."""

import factory

from catalogue.models import (
    FigureDataset,
    IndustryFigure,
    InnovationFunction,
    ProductCluster,
    RawMaterial,
    SbiCode,
    StrategicRawMaterial,
)

MATERIALS = {
    # code: (name, name_nl, symbol, critical)
    "antimony": ("Antimony", "Antimoon", "Sb", True),
    "cobalt": ("Cobalt", "Kobalt", "Co", True),
    "copper": ("Copper", "Koper", "Cu", False),
    "gallium": ("Gallium", "Gallium", "Ga", True),
    "magnesium": ("Magnesium", "Magnesium", "Mg", True),
    "lithium": ("Lithium", "Lithium", "Li", True),
}


def raw_material(code: str) -> RawMaterial:
    name, name_nl, symbol, critical = MATERIALS[code]
    material, _ = RawMaterial.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "name_nl": name_nl,
            "symbol": symbol,
            "is_critical": critical,
            "source_section": "test",
        },
    )
    return material


def raw_materials() -> dict[str, RawMaterial]:
    materials = {code: raw_material(code) for code in MATERIALS}
    entry, _ = StrategicRawMaterial.objects.get_or_create(name="Cobalt", defaults={"source_section": "test"})
    entry.materials.add(materials["cobalt"])
    return materials


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCluster
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cluster-{n}")
    name = factory.Sequence(lambda n: f"Cluster {n}")
    source_section = "test"


class SbiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SbiCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{20 + n}")
    level = SbiCode.Level.DIVISION
    name = factory.Sequence(lambda n: f"Industry {n}")
    in_manufacturing_scope = True
    source_section = "test"


def innovation_functions() -> list[InnovationFunction]:
    return [
        InnovationFunction.objects.get_or_create(
            code=f"F{i}",
            defaults={
                "name": f"Function {i}",
                "name_nl": f"Functie {i}",
                "description": "-",
                "source_section": "test",
            },
        )[0]
        for i in range(1, 9)
    ]


def figure_dataset() -> FigureDataset:
    return FigureDataset.objects.get_or_create(
        code="maakindustrie-per-productgroep",
        defaults={"title": "Per productgroep", "year": 2017, "source": "CBS", "source_section": "§1.2.1"},
    )[0]


def industry_figure(sbi: SbiCode, *, co2_impact: int, value_impact: int, flows: int, order: int = 0):
    return IndustryFigure.objects.create(
        dataset=figure_dataset(),
        breakdown=IndustryFigure.Breakdown.PRODUCT_GROUP,
        label=sbi.name,
        sbi=sbi,
        order=order,
        jobs_thousands=1,
        labour_volume_thousands=1,
        orgs_0_50=1,
        orgs_51_100=1,
        orgs_over_100=1,
        net_turnover_meur=1,
        value_added_meur_per_year=1,
        upcm_value_added_impact_meur_per_year=value_impact,
        co2_kt_per_year=1,
        upcm_co2_impact_kt_per_year=co2_impact,
        material_flows_mkg=flows,
    )


def project(number: str, team, *, title: str = ""):
    """A portfolio project (materials reads projects for their fingerprints; it builds them directly)."""
    from portfolio.models import Project

    year, sequence = number.split("-")
    return Project.objects.create(
        number=number,
        year=2000 + int(year),
        sequence=int(sequence),
        title=title or f"Project {number}",
        team=team,
    )


def impact_sheet(project, user, *, version: int = 1, cluster: str = "", sbi=(), raw_materials=(), **values):
    """An impact sheet of `project` as stored, with its cluster, SBI codes and raw materials (codes)."""
    import datetime

    from catalogue.models import ProductCluster, RawMaterial, SbiCode
    from portfolio.models import ImpactSheet

    sheet = ImpactSheet.objects.create(
        project=project,
        version_number=version,
        status_date=datetime.date(2020, 10, 15),
        created_by=user,
        cluster=ProductCluster.objects.get(code=cluster) if cluster else None,
        **values,
    )
    if sbi:
        sheet.sbi_codes.set(SbiCode.objects.filter(code__in=sbi))
    if raw_materials:
        sheet.raw_materials.set(RawMaterial.objects.filter(code__in=raw_materials))
    return sheet
