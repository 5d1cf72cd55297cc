"""factory_boy factories for the stakeholder analysis, with the catalogue rows its tests need."""

import factory

from catalogue.models import Horizon, LansinkStep, Pillar, ProductCluster, Province, SbiCode
from stakeholders.models import (
    Innovation,
    IssueAnalysis,
    Organisation,
    OrganisationSource,
    Person,
    RiskEntry,
    Source,
)

SECTION = "test"


def cluster(code="high-tech", name="High Tech"):
    return ProductCluster.objects.get_or_create(
        code=code, defaults={"name": name, "source_section": SECTION}
    )[0]


def sbi(code: str, *, in_scope: bool = True, cluster_code: str | None = "high-tech", name: str = ""):
    level = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}[len(code)] if code.isdigit() else 1
    return SbiCode.objects.get_or_create(
        code=code,
        defaults={
            "level": level,
            "name": name or f"SBI {code}",
            "in_manufacturing_scope": in_scope,
            "cluster": cluster(cluster_code) if cluster_code else None,
            "source_section": SECTION,
        },
    )[0]


def province(code="ZH", name="Zuid-Holland"):
    return Province.objects.get_or_create(code=code, defaults={"name": name, "source_section": SECTION})[0]


def lansink_steps():
    names = [
        "Preventie",
        "Hergebruik",
        "Recycling",
        "Verbranden met energieterugwinning",
        "Verbranden",
        "Storten",
    ]
    return [
        LansinkStep.objects.get_or_create(rank=i, defaults={"name": n, "source_section": SECTION})[0]
        for i, n in enumerate(names, start=1)
    ]


def pillar(code="realisatie", name="Realisatie"):
    return Pillar.objects.get_or_create(code=code, defaults={"name": name, "source_section": SECTION})[0]


def horizon(code="0-2y", label="0-2 jaar", months=24):
    return Horizon.objects.get_or_create(
        code=code,
        defaults={"label_nl": label, "months": months, "landscape": "initiatives", "source_section": SECTION},
    )[0]


def source(code="slimme-tool"):
    return Source.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    org_type = "company"


class InnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovation

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Innovatie {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Persoon {n}")
    position = "Directeur"


class IssueAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueAnalysis

    organisation = factory.SubFactory(OrganisationFactory)
    influence = "G"
    interest = "G"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskEntry

    organisation = factory.SubFactory(OrganisationFactory)
    current_engagement = "neutral"
    desired_engagement = "supportive"


def link_source(organisation, code):
    return OrganisationSource.objects.get_or_create(organisation=organisation, source=source(code))[0]
