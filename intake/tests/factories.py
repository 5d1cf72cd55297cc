"""Factories for intake tests. Catalogue rows are created here until the catalogue loader is committed."""

from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.testing import make_user
from catalogue.models import NpceProductGroup, TransitionAgenda
from intake import checks, services
from intake.demo import demo_pdf
from intake.models import Application, Consortium, Party

# A readable one-page PDF (the ambition upload parses the file: a sniffed header alone is refused).
PDF_BYTES = demo_pdf("Ambitiedocument")


def agenda(code="bouw", name=None):
    return TransitionAgenda.objects.get_or_create(
        code=code, defaults={"name": name or code.title(), "source_section": "Seed 2, Bijlage 1"}
    )[0]


def product_group(code="woningen", name="Woningen", agenda_codes=("bouw",)):
    group, _ = NpceProductGroup.objects.get_or_create(
        code=code, defaults={"name": name, "source_section": "Seed 2, Bijlage 1"}
    )
    group.agendas.set([agenda(c, c.title()) for c in agenda_codes])
    return group


class ConsortiumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consortium
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Consortium {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if extracted:
            self.members.set(extracted)


COMPLETE_FIELDS = {
    "market_share_percent": Decimal("65"),
    "transition_phase": "uitvoering",
    "transition_phase_description": "De keten heeft een verkenning (Moonshot) afgerond.",
    "circular_gains": "Hergebruik van bouwdelen.",
    "bottlenecks": "Geen terugnamesysteem.",
    "contributions_description": "Alle partijen leveren uren en geld.",
    "governance_model": "Stuurgroep van ketenpartijen met roulerend voorzitter.",
    "disagreement_procedure": "Geschillen gaan naar een onafhankelijke mediator.",
    "branches_and_small_companies": "Bouwend Nederland en drie start-ups doen mee.",
    "shared_goal": "Een circulaire woningketen met minimale milieu-impact tegen aanvaardbare kosten.",
    "long_term_goals": "50% minder primaire grondstoffen in 2030.",
    "goal_themes": ["vermindering", "hergebruik"],
    "lap_cmp_exceedance": "Hoger dan de minimumstandaard van sectorplan 'bouw- en sloopafval'.",
    "intended_effects": "Gesloten kringloop voor kozijnen.",
    "barriers_resolved": "Ja: terugname en certificering.",
    "raw_material_savings_tonnes": Decimal("1200.0"),
    "raw_material_savings_calculation": "40.000 kozijnen x 30 kg.",
    "environmental_effects": "Minder CO2.",
    "supply_security_effects": "Minder afhankelijk van import van hout.",
    "lasting_effects": "Ketenafspraken blijven na het project gelden.",
    "risks": "Partijen haken af.",
    "chain_direction_needed": "Een ketenmanager om afspraken te maken.",
    "planned_start": date(2025, 1, 1),
    "planned_end": date(2027, 12, 31),
    "planning": "Jaar 1 afspraken, jaar 2 standaarden, jaar 3 opschaling.",
    "cost_benefit_distribution": "Kosten naar rato van marktaandeel.",
    "knowledge_sharing_between_parties": "Kwartaalbijeenkomsten.",
    "knowledge_sharing_cross_sector": "Webinars voor andere ketens.",
    "knowledge_sharing_outside": "Casebeschrijving op de website.",
    "leerkring_participation": "De ketenregisseur en twee ondernemers nemen deel aan de Leerkring.",
    "accepts_periodic_consultation": True,
}


def make_application(*, member, consortium=None, group=None, title="Circulaire woningketen", **fields):
    consortium = consortium or ConsortiumFactory(members=[member])
    group = group or product_group()
    return services.application_create(consortium=consortium, actor=member, title=title, product_group=group)


def make_complete_application(*, member, consortium=None, group=None, title="Circulaire woningketen"):
    """A draft that passes every automatic check."""
    application = make_application(member=member, consortium=consortium, group=group, title=title)
    application = services.application_update(
        application=application,
        actor=member,
        expected_version=application.version,
        data=dict(COMPLETE_FIELDS),
    )
    for i, role in enumerate(checks.REQUIRED_CHAIN_ROLES):
        party = services.party_create(
            application=application,
            actor=member,
            name=f"Partij {i + 1} ({role})",
            organisation_type="mkb",
            chain_role=role,
            contribution_hours=Decimal(100),
            contribution_eur=Decimal(1000),
            country="NL",
        )
        services.signatory_create(
            party=party, actor=member, name=f"Ondertekenaar {i + 1}", position="directeur"
        )
    services.action_line_create(
        application=application,
        actor=member,
        title="Ketenafspraken",
        chain_direction_roles=["ketenmanager", "coach"],
    )
    services.application_upload_ambition(
        application=application,
        actor=member,
        upload=SimpleUploadedFile("ambitie.pdf", PDF_BYTES, "application/pdf"),
    )
    application.refresh_from_db()
    return application


def verdicts(*, all_met=True, reason="Onderbouwing criterium {number}"):
    """A verdict with its reasoning for each of the seven criteria (criterion 6 not met unless `all_met`)."""
    return {
        criterion.number: (all_met or criterion.number != 6, reason.format(number=criterion.number))
        for criterion in checks.CRITERIA
    }


def advance_to_advised(application, *, assessor, adviser=None, positive=True, all_criteria_met=True):
    """The assessor starts the assessment and judges the seven criteria (all met, or all but criterion 6 when
    not `all_criteria_met`); a transition agenda adviser, another person, records the advice."""
    adviser = adviser or make_user(Role.TRANSITION_AGENDA_ADVISER)
    services.application_start_assessment(application=application, actor=assessor)
    services.criteria_assess(
        application=application, actor=assessor, verdicts=verdicts(all_met=all_criteria_met)
    )
    services.advice_record(
        application=application,
        actor=adviser,
        positive=positive,
        text="De transitieagenda steunt het plan.",
        advised_on=date(2025, 2, 1),
    )
    application.refresh_from_db()
    return application


def submitted(*, member, assessor=None, **kwargs) -> Application:
    application = make_complete_application(member=member, **kwargs)
    services.application_submit(application=application, actor=member)
    application.refresh_from_db()
    return application


__all__ = [
    "Party",
    "PDF_BYTES",
    "make_application",
    "make_complete_application",
    "advance_to_advised",
    "verdicts",
    "submitted",
    "ConsortiumFactory",
    "product_group",
    "agenda",
]
