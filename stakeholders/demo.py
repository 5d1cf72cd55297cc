"""A small, clearly labelled sample register for the demo (idempotent).

- The example rows of Bijlage 4 (Org A/B/C with Dhr. X, Mevr. Y, Dhr. Z): issue analysis and risk analysis
  exactly as the tables print them.
- Organisations named as trekker or actor of the projects in Bijlage 1 and Bijlage 11 (Coolrec, Arrosso,
  Nyrstar, TNO, Umicore, ...), linked to those projects when the portfolio demo has them. The sources do not
  give their KvK numbers, SBI codes or provinces: those stay empty unless the text says so (Nyrstar, Budel).
- Four fictitious companies, named "(fictief)", that show the three classes and a miss of the slimme tool.
"""

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from accounts.authorization import system_actor
from accounts.models import User
from catalogue.models import LansinkStep, Province, SbiCode, ValueRetentionForm
from regiekamer.models import update_or_create_quietly

from . import services
from .models import (
    AnalysisRound,
    CategorisationDecision,
    Collaboration,
    CollaborationMember,
    CommunicationPlanEntry,
    Innovation,
    IssueAnalysis,
    Organisation,
    OrganisationSource,
    Person,
    RiskEntry,
    RoundPhase,
    Source,
)
from .services import cycle

DATA = Path(__file__).resolve().parent / "data" / "demo_register.csv"
SECTION_ISSUES = "Werkwijze UPCM 2020, Bijlage 4, Fase 2 (issue-analyse) en Stakeholder risico-analyse"

# Bijlage 4, issue-analysis table and risk table (Dhr. X, Mevr. Y, Dhr. Z).
PEOPLE = [
    (
        "Org A",
        "Dhr. X",
        "Directeur",
        "director",
        "Sponsor",
        "G",
        "G",
        "Verdienmodel, innovatie",
        "Continuïteit, kosten",
        "leading",
        "leading",
        "critical",
    ),
    (
        "Org B",
        "Mevr. Y",
        "Hoogleraar Economie",
        "adviser",
        "Deskundige",
        "G",
        "M",
        "",
        "",
        "neutral",
        "supportive",
        "high",
    ),
    (
        "Org C",
        "Dhr. Z",
        "Beleidsmaker",
        "",
        "Beleidsmaker",
        "G",
        "K",
        "",
        "",
        "resistant",
        "supportive",
        "normal",
    ),
]

# Innovations with their categorisation (2 and 3) for the demo classes; the real ones as the sources describe.
INNOVATIONS: dict[str, dict[str, Any]] = {
    "Coolrec": dict(
        title="Terugwinnen van indium en gallium uit platte beeldschermen en CIGS-zonnecellen",
        circular_aims=["material_efficiency"],
        in_manufacturing=True,
        description="Pilot Urban Mining Platte Beeldschermen (Bijlage 1).",
    ),
    "Arrosso": dict(
        title="Ontzinken van staal in zoutzuur (proeffaciliteit Metalot)",
        circular_aims=["material_efficiency", "life_extension"],
        in_manufacturing=True,
        description="Herwinning zink uit geleiderails; DEI+-aanvraag voorzien (Bijlage 1, Bijlage 10).",
    ),
    "Voorbeeldbedrijf Machinebouw (fictief)": dict(
        title="Remanufacturing van machinemodules (fictief)",
        circular_aims=["life_extension", "circular_design"],
        beyond_common_practice=True,
        beyond_legal_duty=True,
        innovation_subsidy="DEI+",
        circular_design=True,
        value_retention=["functioneel", "technisch"],
    ),
    "Voorbeeldbedrijf Metaalbewerking (fictief)": dict(
        title="Hergebruik van productieafval (fictief)",
        circular_aims=["material_efficiency"],
        beyond_common_practice=True,
        beyond_legal_duty=True,
        other_dutch_adopters=6,
    ),
    "Voorbeeldbedrijf Kunststof (fictief)": dict(
        title="Machine voor hoogwaardige kunststofrecycling (fictief)",
        circular_aims=["material_efficiency"],
        beyond_common_practice=True,
        beyond_legal_duty=True,
        other_dutch_adopters=1,
    ),
    "Voorbeeldbedrijf Afvalverwerking (fictief)": dict(
        title="Afval als brandstof (fictief)",
        circular_aims=["material_efficiency"],
        is_waste_processing=True,
        lansink_rank=4,
        beyond_common_practice=True,
        beyond_legal_duty=True,
        other_dutch_adopters=0,
    ),
}


def load(*, stdout) -> None:
    with transaction.atomic():
        services.sources_ensure()
        count = _load()
    _cycle()
    stdout.write(
        f"stakeholders: {count} organisations in the sample register (Bijlage 4 examples, actors of the "
        f"projects, fictitious companies marked 'fictief')"
    )


def _load() -> int:
    # The demo acts as the programme office's demo user (the system actor when the accounts demo has not run).
    actor = User.objects.filter(username="kantoor").first() or system_actor()
    sources = {s.code: s for s in Source.objects.all()}
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    organisations = {}
    for row in rows:
        province = Province.objects.filter(code=row["province"]).first() if row["province"] else None
        organisation, _created = update_or_create_quietly(
            Organisation,
            name=row["name"],
            kvk_number=None,
            defaults={
                "org_type": row["org_type"],
                "province": province,
                "chain_position": row["chain_position"],
            },
        )
        organisations[row["name"]] = organisation
        if row["sbi_codes"]:
            organisation.sbi_codes.set(SbiCode.objects.filter(code__in=row["sbi_codes"].split("|")))
        for code in row["sources"].split("|"):
            update_or_create_quietly(
                OrganisationSource,
                organisation=organisation,
                source=sources[code],
                defaults={
                    "reference": f"Voorbeeldregister (demo): {row['note']}; {row['source_section']}"[:200]
                },
            )
        for item in filter(None, row["collaboration"].split(";")):
            # Named as the portfolio names its projects ("20-004 <title>"); the portfolio's demo link step
            # links its projects to these collaborations (the register knows no projects).
            number, name = item.split("|")
            collaboration, _created = Collaboration.objects.get_or_create(name=f"{number} {name}")
            update_or_create_quietly(
                CollaborationMember,
                collaboration=collaboration,
                organisation=organisation,
                defaults={"role": row["collaboration_role"]},
            )
    _people_and_engagement(organisations)
    _innovations(organisations, actor)
    return len(organisations)


def _people_and_engagement(organisations: dict) -> None:
    for (
        org_name,
        name,
        position,
        agent_type,
        role,
        influence,
        interest,
        conditions,
        concerns,
        current,
        desired,
        priority,
    ) in PEOPLE:
        organisation = organisations[org_name]
        person, _created = update_or_create_quietly(
            Person,
            organisation=organisation,
            name=name,
            defaults={"position": position, "change_agent_type": agent_type},
        )
        analysis, _created = update_or_create_quietly(
            IssueAnalysis,
            organisation=organisation,
            person=person,
            defaults={
                "role_towards_ce": role,
                "influence": influence,
                "interest": interest,
                "conditions": conditions,
                "concerns": concerns,
            },
        )
        update_or_create_quietly(
            RiskEntry,
            organisation=organisation,
            person=person,
            defaults={
                "current_engagement": current,
                "desired_engagement": desired,
                "priority": priority,
                "actions": "…",
                "action_holder": "",
            },
        )
        if not analysis.communication.exists():
            CommunicationPlanEntry.objects.create(
                analysis=analysis,
                communicator="Programmabureau (voorbeeld)",
                channel="Persoonlijk overleg",
                frequency="Per kwartaal",
                purpose=f"Voorbeeld; type volgt uit de Mendelow-matrix. {SECTION_ISSUES}",
            )


def _innovations(organisations: dict[str, Organisation], actor: User) -> None:
    lansink = {step.rank: step for step in LansinkStep.objects.all()}
    forms = {f.code: f for f in ValueRetentionForm.objects.all()}
    for org_name, spec in INNOVATIONS.items():
        organisation = organisations[org_name]
        spec = dict(spec)
        value_retention: list[str] = spec.pop("value_retention", [])
        rank: int | None = spec.pop("lansink_rank", None)
        title: str = spec.pop("title")
        if rank is not None:
            spec["lansink_step"] = lansink.get(rank)
        innovation, _created = update_or_create_quietly(
            Innovation, organisation=organisation, title=title, defaults=spec
        )
        innovation.value_retention_forms.set([forms[c] for c in value_retention if c in forms])
        if not CategorisationDecision.objects.filter(organisation=organisation).exists():
            if org_name.endswith("(fictief)") or innovation.in_manufacturing:
                CategorisationDecision.objects.create(
                    organisation=organisation,
                    step=1,
                    outcome="In de maakindustrie",
                    reason="Demo: voorbeeldcategorisering",
                    decided_by=actor,
                )
                Organisation.objects.filter(pk=organisation.pk).update(
                    sector="in_manufacturing", sector_confirmed=True
                )
                services.coverage_refresh([organisation.pk])  # a queryset update sends no signal
            CategorisationDecision.objects.create(
                organisation=organisation,
                innovation=innovation,
                step=2,
                outcome="; ".join(str(Innovation.CircularAim(aim).label) for aim in innovation.circular_aims),
                reason="Demo: voorbeeldcategorisering",
                decided_by=actor,
            )
        services.frontrunner_recompute(organisation=organisation, actor=actor)


def _cycle() -> None:
    """The analysis as a cycle (Bijlage 4): round 1 gone through all five phases and completed on this sample
    register (its snapshot is the register as loaded), round 2 started with phase 0 done and phase 1 in
    progress. Run once: a register with rounds keeps them."""
    if AnalysisRound.objects.exists():
        return
    actor = User.objects.filter(username="kantoor").first() or system_actor()
    first = cycle.round_start(actor=actor, title="Eerste ronde (demo)")
    notes = {
        0: "Bronnen herijkt: slimme tool, media-analyse, gegevens van het programma, TNO, gesprekken, RVO.",
        1: "Voorbeeldregister per beslishorizon in kaart gebracht.",
        2: "Issue-analyse van Org A, Org B en Org C (Bijlage 4).",
        3: "Mendelow-matrix en rollen (gebruikers, uitvoerders, leveranciers, beslissers).",
        4: "Communicatieplan en risicoregister voor de belangrijkste stakeholders.",
    }
    for phase in first.phases.order_by("phase"):
        cycle.phase_update(
            phase=phase, expected_version=phase.version, actor=actor, status="done", notes=notes[phase.phase]
        )
    first.refresh_from_db()
    cycle.round_complete(analysis_round=first, expected_version=first.version, actor=actor)
    second = cycle.round_start(actor=actor, title="Tweede ronde (demo)")
    phases = {p.phase: p for p in second.phases.all()}
    cycle.phase_update(
        phase=phases[0], expected_version=phases[0].version, actor=actor, status="done", notes=notes[0]
    )
    cycle.phase_update(
        phase=phases[1], expected_version=phases[1].version, actor=actor, status=RoundPhase.Status.IN_PROGRESS
    )
