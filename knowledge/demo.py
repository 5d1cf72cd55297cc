"""Demo lessons learned and one published case (idempotent).

The lessons are drawn from what Bijlage 11 of the Werkwijze UPCM 2020 says the projects ran into: urban
mining business cases stand or fall with enough return flows and buyers of the recovered materials (project
20-001), and there is so much initiative around batteries that the stakeholders are gathered in one CIRCO
track (project 20-004). The first is published and concerns project 20-014 (KIA-CM topics "R-strategies" and
"Circulaire productie processen"), which is in its initiation: its gate shows it. The case describes project
20-004 (Bijlage 8 and 11); its figures come from the demo impact sheet of 20-004, its partners from the
organisations that sheet names."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.models import InnovationFunction, KiaTheme, RStrategy
from portfolio.models import Project

from . import services
from .models import Case, Lesson
from .selectors import current_impact_sheet

URBAN_MINING, CESI, BATTERIES = "20-001", "20-003", "20-004"

LESSONS: list[dict[str, Any]] = [
    {
        "project": URBAN_MINING,
        "status": Lesson.Status.PUBLISHED,
        "logged_by": "kantoor",
        "values": {
            "title": "Retourstromen en afnemers bepalen de business case van urban mining",
            "phase": "initiation",
            "gate": "definition",
            "event": (
                "Bij de verkenning van urban mining van elektronica bleek dat het terugwinnen van kritieke "
                "metalen technisch kan, maar dat de business case staat of valt met voldoende "
                "retourstromen en "
                "met voldoende afnemers van de herwonnen materialen (Bijlage 11, Urban Mining Electronica)."
            ),
            "effect": (
                "Een pilot kan pas starten als retourlogistiek en afzet van de herwonnen materialen rond "
                "zijn."
            ),
            "effect_kind": Lesson.EffectKind.NEGATIVE,
            "cause": (
                "De keten werd vanuit de terugwintechnologie benaderd; retourlogistiek en afnemers kwamen "
                "later."
            ),
            "early_warnings": "De stakeholderanalyse gaf weinig zicht op inzamelaars en afnemers.",
            "recommendation": (
                "Breng bij de contextscan van een urban-miningproject de retourstromen en de afnemers van de "
                "herwonnen materialen in kaart, naast de technologie."
            ),
            "proposed_action": "Een vraag over retourlogistiek en afnemers toevoegen aan de contextscan.",
        },
        "r_strategies": ["R8"],
        "functions": ["F5"],
        "themes": ["r-strategies", "productie-kringlopen"],
    },
    {
        "project": BATTERIES,
        "status": Lesson.Status.DRAFT,
        "logged_by": "projectleider",
        "values": {
            "title": "Veel initiatief rond batterijen: verzamel de stakeholders in één CIRCO-track",
            "phase": "stakeholder_commitment",
            "gate": "execution",
            "event": (
                "Op het onderwerp batterijen was zoveel initiatief en beweging dat het project de "
                "stakeholders "
                "verzamelt voor een CIRCO-track, zoals bij Urban Mining (Bijlage 11)."
            ),
            "effect": "Minder losse gesprekken; partijen vinden elkaar in één traject.",
            "effect_kind": Lesson.EffectKind.POSITIVE,
            "recommendation": (
                "Bundel parallelle initiatieven in één ketentraject voordat pilots worden opgezet."
            ),
        },
        "r_strategies": ["R8"],
        "functions": [],
        "themes": ["r-strategies"],
    },
]

LESSONS.append(
    {
        "project": CESI,
        "status": Lesson.Status.DRAFT,
        "logged_by": "kantoor",
        "values": {
            "title": "Begin met de ervaringen van de regionale projecten",
            "phase": "initiation",
            "gate": "definition",
            "event": (
                "TNO had het verband tussen smart maakindustrie en circulaire economie in diverse "
                "regionale projecten op de kaart gezet; het plan van aanpak van CESI begint daarom met een "
                "verkenning en een analyse van de ervaringen en lessons learnt (Bijlage 11, Circulaire "
                "Economie & Smart Industry)."
            ),
            "effect_kind": Lesson.EffectKind.POSITIVE,
            "recommendation": (
                "Laat een structuurproject beginnen met de analyse van wat eerdere regionale projecten "
                "leerden, voordat een fieldlab of programma wordt ingericht."
            ),
        },
        "r_strategies": ["R1"],  # Bijlage 11: "R-ladder rethink, redesign"
        "functions": ["F2"],
        "themes": ["smart-industry"],
    }
)

CASE = {
    "title_nl": "Kritieke materialen in de energietransitie: batterijen",
    "title_en": "Critical materials in the energy transition: batteries",
    "challenge_nl": (
        "Producten die afhankelijk zijn van kritieke metalen, zoals batterijen, hebben een complexe "
        "samenstelling, "
        "een hoog gehalte aan kritieke grondstoffen, een geringe levensduur en een geringe "
        "recyclebaarheid. Ze "
        "zorgen voor aanzienlijke milieudruk en een zorgwekkende leveringszekerheid."
    ),
    "challenge_en": (
        "Products that depend on critical metals, such as batteries, have a complex composition, a high "
        "content of "
        "critical raw materials, a short life and poor recyclability. They cause considerable environmental "
        "pressure and a worrying security of supply."
    ),
    "approach_nl": (
        "Verkenning, stakeholdercommitment, pilotprojecten en een routekaart. De stakeholders worden "
        "verzameld in "
        "een CIRCO-track; ketensamenwerking binnen de (fiets)batterijketen in minimaal twee actieve pilots."
    ),
    "approach_en": (
        "Exploration, stakeholder commitment, pilot projects and a roadmap. The stakeholders are brought "
        "together "
        "in a CIRCO track; chain cooperation in the (bicycle) battery chain in at least two active pilots."
    ),
    "result_nl": (
        "Een circulaire strategie met routekaart voor batterijen, een netwerk in de bredere keten "
        "(elektrische "
        "voertuigen, zwaar transport) en onderzoeksvoorstellen voor R-strategieën voor batterijen."
    ),
    "result_en": (
        "A circular strategy with a roadmap for batteries, a network in the wider chain (electric "
        "vehicles, heavy "
        "duty) and research proposals for R-strategies for batteries."
    ),
}


def _users() -> dict[str, Any]:
    names = ["kantoor", "teamtrekker", "projectleider"]
    return {user.username: user for user in get_user_model().objects.filter(username__in=names)}


@transaction.atomic
def load(*, stdout) -> None:
    users = _users()
    projects = {p.number: p for p in Project.objects.filter(number__in=[URBAN_MINING, CESI, BATTERIES])}
    if len(users) < 3 or len(projects) < 3:
        stdout.write(_("knowledge: demo users or projects missing, skipped"))
        return
    created = 0
    for spec in LESSONS:
        project = projects[spec["project"]]
        if Lesson.objects.filter(project=project, title=spec["values"]["title"]).exists():
            continue
        lesson = services.lesson_log(
            actor=users[spec["logged_by"]],
            project=project,
            r_strategies=RStrategy.objects.filter(code__in=spec["r_strategies"]),
            innovation_functions=InnovationFunction.objects.filter(code__in=spec["functions"]),
            themes=KiaTheme.objects.filter(code__in=spec["themes"]),
            **spec["values"],
        )
        if spec["status"] == Lesson.Status.PUBLISHED:
            # The teamtrekker of Team Realisatie, the projects' sponsor, validates and publishes.
            lesson = services.lesson_validate(actor=users["teamtrekker"], lesson=lesson)
            services.lesson_publish(actor=users["teamtrekker"], lesson=lesson)
        created += 1
    stdout.write(
        _("knowledge: %(count)s demo lessons (%(created)s new)") % {"count": len(LESSONS), "created": created}
    )


@transaction.atomic
def link(*, stdout) -> None:
    """After the portfolio linked the impact sheets to the stakeholder register: the case of 20-004, with the
    organisations its sheet names as partners, drafted by its lead and approved by the programme office."""
    from .demo_outreach import load as load_outreach

    load_outreach(stdout=stdout)
    users = _users()
    project = Project.objects.filter(number=BATTERIES).first()
    if project is None or len(users) < 3 or Case.objects.filter(project=project).exists():
        return
    sheet = current_impact_sheet(project)
    partners = list(sheet.actor_organisations.all()) if sheet is not None else []
    provinces = {o.province for o in partners if o.province_id is not None}
    case = services.case_draft(
        actor=users["projectleider"],
        project=project,
        partners=partners,
        r_strategies=RStrategy.objects.filter(code="R8"),  # Bijlage 11: "R-ladder recycle"
        provinces=provinces,
        **CASE,
    )
    case = services.case_submit(actor=users["projectleider"], case=case)
    services.case_approve(actor=users["kantoor"], case=case)
    stdout.write(_("knowledge: the case of %(number)s published") % {"number": project.number})
