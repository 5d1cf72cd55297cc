# ruff: noqa: E501 - the source text quoted as written
"""Demo data of the communication strategy (Werkwijze UPCM 2020 Bijlage 5, in its own words), the vision
landscape (the roadmap's change strategies of §3.1.2, effect goals of §4.4/Bijlage 7 and projects of Bijlage 11,
each in the layer of its horizon), a mailing list of Team Verbreding and two hub links. No demo images: the
image bank starts empty, so Team Verbreding's page shows that the five carrying images are still missing.
Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.authorization import system_actor
from catalogue.models import Horizon
from portfolio.models import Project
from programme.models import Team
from roadmap.models import ChangeStrategy, EffectGoal

from . import services_outreach as services
from .models import CommunicationStrategy, HubItem, LandscapeItem, MailingList, TargetGroup

BIJLAGE_5 = "Werkwijze UPCM 2020, Bijlage 5 (Verbeelding- en communicatiestrategie)"
STRATEGY = {
    "aim": "Bedrijven inspireren om circulaire stappen te maken.",
    "message": (
        "Onze wereld blijft alleen leefbaar als we de omslag naar duurzaam maken. Circulair werken is hier een "
        "onderdeel van. Hieronder verstaan we een manier van werken waarbij we uitgaan van onder andere:\n"
        "- duurzaam ontwerpen, bijvoorbeeld voor demontage en reparatie;\n"
        "- materialen en producten hoogwaardig hergebruiken;\n"
        "- terugwinnen van onderdelen of grondstoffen na afloop van de levenscyclus van een product.\n"
        "Dit vraagt om de ontwikkeling van nieuwe technieken en nieuwe manieren van produceren en consumeren. "
        "Dat biedt de maakindustrie geweldige nieuwe kansen, omdat zij over technische kennis beschikken. Kansen "
        "die juist nu deze maakbedrijven een voorsprong kunnen geven.\n"
        "“Fascinerende nieuwe techniek en nieuwe businessmodellen. Juist nu krijgt de maakindustrie kansen om "
        "stap voor stap op weg te gaan naar circulair werken.”"
    ),
    "knowledge_goal": (
        "Ik weet wat circulair werken inhoudt en dat het fascinerende kansen biedt op het gebied van techniek "
        "en businessmodellen."
    ),
    "doing_goal": (
        "Ik ga op zoek naar inspirerende voorbeelden van mede ondernemers. Ik gebruik het advies en de tools van "
        "Circulaire Maakindustrie om te zien wat voor mij de beste stappen zijn op weg naar circulair werken. "
        "Als individueel bedrijf of als onderdeel van de keten."
    ),
    "key_message": (
        "Circulair werken is technisch fascinerend en innovatief, het biedt bedrijven juist nu kansen om een "
        "voorsprong te nemen en zo klaar te zijn voor de toekomst.\n"
        "Circulair werken biedt ook kansen vanwege nieuwe businessmodellen (bijvoorbeeld product as a service).\n"
        "Om mee te gaan in de circulaire economie hoef je niet altijd in een keer ‘om’ te gaan. Maak de "
        "transitie stap voor stap, in het tempo dat past bij jouw bedrijf of dat aansluit bij de keten."
    ),
    "promise": (
        "Wij helpen je stappen te zetten in de fascinerende en technisch innovatieve wereld van circulair werken."
    ),
    "image_concept": (
        "Portretten van ondernemers die een inspirerende stap hebben gemaakt op weg naar circulair werken, in "
        "een omgeving die een relatie heeft met de stap (techniek). Lichte uitstraling; concentratie, geen "
        "poseren; actiefoto's; goede kwaliteit, geen snapshots."
    ),
}
GROUPS: list[dict[str, Any]] = [
    {
        "name": "Maakbedrijven die de eerste of een volgende circulaire stap willen zetten",
        "segment": TargetGroup.Segment.EARLY_MAJORITY,
        "role": TargetGroup.Role.PRIMARY,
        "goal": TargetGroup.Goal.BOTH,
        "description": (
            "Maakbedrijven die nog niet zijn begonnen en de eerste stap nog moeten zetten, en maakbedrijven die "
            "al een stap hebben gezet en nu verder willen gaan met circulair werken."
        ),
        "order": 1,
    },
    {
        "name": "Voorlopers als inspirerend voorbeeld",
        "segment": TargetGroup.Segment.EARLY_ADOPTERS,
        "role": TargetGroup.Role.EXAMPLE,
        "goal": TargetGroup.Goal.DOING,
        "description": "Early adaptors gebruiken we als inspirerende voorbeelden.",
        "order": 2,
    },
]

# (title, horizon, link kind, link key, source)
LANDSCAPE = [
    ("Kritieke materialen energietransitie (batterijen)", "0-2y", "project", "20-004", "Bijlage 11"),
    ("Kennisplein en Grondstoffenscanner", "0-1y", "project", "20-010", "Bijlage 11"),
    ("Urban Mining Electronica", "0-2y", "project", "20-001", "Bijlage 11"),
    (
        "Ketensamenwerking voor re-use, repair en recycle",
        "0-2y",
        "strategy",
        ("realisatie", "0-2y"),
        "§3.1.2",
    ),
    ("R-strategieën per productgroep", "0-5y", "strategy", ("realisatie", "0-5y"), "§3.1.2"),
    ("Bovenregionale samenwerking", "0-5y", "strategy", ("verbreding", "0-5y"), "§3.1.2"),
    ("Missiegedreven innovatie", "0-10y", "strategy", ("realisatie", "0-10y"), "§3.1.2"),
    ("Regievoeren op innovatiefuncties", "0-10y", "strategy", ("versnelling", "0-10y"), "§3.1.2"),
    ("EU-consortia en knelpunten", "0-10y", "strategy", ("verbreding", "0-10y"), "§3.1.2"),
    ("Milieudruk volgens hoofdgroepen PEF", "0-10y", "goal", ("0-10y", "M"), "§4.4, Bijlage 7"),
    ("Veerkracht waardeketens", "0-20y", "goal", ("0-20y", "E"), "§4.4, Bijlage 7"),
    ("Biodiversiteit", "0-20y", "goal", ("0-20y", "M"), "§4.4, Bijlage 7"),
    ("Bewezen reserves en bestuur in bronlanden", "0-20y", "goal", ("0-20y", "L"), "§4.4, Bijlage 7"),
    ("Vier kapitaalvormen Brede Welvaart", "0-50y", "goal", ("0-50y", None), "§4.4, Bijlage 7"),
]


def _link(kind: str, key: Any) -> dict[str, Any] | None:
    if kind == "project":
        project = Project.objects.filter(number=key).first()
        return {"project": project} if project else None
    if kind == "strategy":
        found = ChangeStrategy.objects.filter(pillar__code=key[0], horizon__code=key[1]).first()
        return {"change_strategy": found} if found else None
    goals = EffectGoal.objects.filter(row__horizon__code=key[0])
    goals = goals.filter(dimension__isnull=True) if key[1] is None else goals.filter(dimension__code=key[1])
    found_goal = goals.order_by("order").first()
    return {"effect_goal": found_goal} if found_goal else None


@transaction.atomic
def load(*, stdout) -> None:
    actor = system_actor()
    if not CommunicationStrategy.objects.exists():
        services.strategy_save(actor=actor, expected_version=None, source_section=BIJLAGE_5, **STRATEGY)
        for group in GROUPS:
            services.target_group_save(actor=actor, **group)
    services.imaging_guidelines_load(actor=actor)
    placed = 0
    for order, (title, horizon_code, kind, key, source) in enumerate(LANDSCAPE):
        if LandscapeItem.objects.filter(title=title).exists():
            continue
        horizon = Horizon.objects.filter(code=horizon_code).first()
        link = _link(kind, key)
        if horizon is None or link is None:
            continue
        services.landscape_item_save(
            actor=actor,
            title=title,
            horizon=horizon,
            order=order,
            source_section=f"Werkwijze UPCM 2020, {source}",
            **link,
        )
        placed += 1
    verbreding = Team.objects.filter(code="verbreding").first()
    if verbreding is not None:
        if not MailingList.objects.filter(team=verbreding).exists():
            services.mailing_list_save(
                actor=actor,
                team=verbreding,
                name="Nieuwsbrief Circulaire Maakindustrie",
                content="de nieuwsbrief en uitnodigingen voor evenementen",
            )
        for title, url, tags in (
            ("Grondstoffenscanner", "/materials/scans/", "grondstoffen, kritieke materialen"),
            ("Casebibliotheek", "/knowledge/cases/", "cases, communicatie"),
        ):
            if not HubItem.objects.filter(title=title).exists():
                services.hub_item_create(
                    actor=actor,
                    title=title,
                    kind=HubItem.Kind.LINK,
                    team=verbreding,
                    tags=tags,
                    url=url,
                    note="Kennisplein en Grondstoffenscanner (Bijlage 11)",
                )
    stdout.write(f"knowledge: communication strategy, {placed} new landscape items")
