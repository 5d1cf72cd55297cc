"""Demo applications, one per outcome: approved (and taken into the portfolio), rejected, withdrawn, in
assessment, advised (waiting for the Stuurgroep), and a draft. The instruction names no real consortia: these
are illustrative, built through the services (so every step is recorded as in real use), each step by the role
the instruction gives it (Bijlage 2) and never two steps by one person: the assessor `beoordelaar` judges
the criteria, the transition agenda adviser `adviseur` gives the advice, the Stuurgroep member `stuurgroep`
decides, the consortium (`aanvrager`) withdraws. Idempotent: an application that exists is left alone."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.authorization import system_actor
from accounts.models import User
from catalogue.models import NpceProductGroup

from . import checks, services
from .models import Application


def demo_pdf(text: str = "Ondertekend ambitiedocument (demo)") -> bytes:
    """A one-page PDF with one line of text: a readable, plain document, as the upload check requires (the
    ambition document is parsed, not only sniffed: regiekamer.uploads.pdf_active_content)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    page.obj.Contents = pdf.make_stream(f"BT /F1 16 Tf 72 760 Td ({escaped}) Tj ET".encode("latin-1"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


PLAN = {
    "transition_phase": "uitvoering",
    "transition_phase_description": "De keten heeft een verkenning afgerond en heeft een ondertekende "
    "ambitie.",
    "circular_gains": "Hergebruik en hoogwaardige verwerking van producten aan het einde van "
    "de gebruiksduur.",
    "bottlenecks": "Geen terugnamesysteem, geen gedeelde standaard voor demontage, kosten "
    "en baten liggen scheef.",
    "analysis_tool": "TransMissie scan",
    "contributions_description": "Elke partij levert uren in de werkgroepen en een financiële bijdrage.",
    "governance_model": "Een ketenraad met één vertegenwoordiger per schakel; besluiten bij consensus.",
    "disagreement_procedure": "Komen partijen er niet uit, dan legt de ketenregisseur het voor aan een "
    "onafhankelijke voorzitter; diens bindend advies geldt.",
    "branches_and_small_companies": "De brancheorganisatie en twee start-ups zitten in de ketenraad.",
    "shared_goal": "Het realiseren van een circulaire keten met minimale milieu-impact en tegen aanvaardbare "
    "kosten.",
    "long_term_goals": "In 2030 50% minder primaire grondstoffen in de productgroep (NPCE-doel).",
    "goal_themes": ["vermindering", "levensduurverlenging", "hergebruik"],
    "lap_cmp_sector_plan": "LAP3 sectorplan",
    "lap_cmp_exceedance": "Het plan mikt op hergebruik waar het sectorplan recycling als "
    "minimumstandaard stelt.",
    "intended_effects": "Een sluitend terugnamesysteem en ketenafspraken over demontage.",
    "barriers_resolved": "Ja: terugname, standaard en verdeling van kosten en baten.",
    "raw_material_savings_tonnes": Decimal("1500.0"),
    "raw_material_savings_calculation": "50.000 producten per jaar x 30 kg hergebruikt materiaal.",
    "co2_savings_tonnes": Decimal("2100.0"),
    "environmental_effects": "Minder primaire grondstoffen en minder CO2-uitstoot.",
    "supply_security_effects": "Minder afhankelijk van import van primaire grondstoffen.",
    "lasting_effects": "De ketenafspraken en de standaard blijven na het project gelden.",
    "risks": "Partijen haken af als de baten te laat komen.",
    "chain_direction_needed": "Een ketenmanager voor de ketenafspraken en een coach voor het vertrouwen.",
    "planning": "Jaar 1 ketenafspraken, jaar 2 standaard, jaar 3 opschaling, jaar 4 borging.",
    "cost_benefit_distribution": "Kosten naar rato van marktaandeel; baten via een ketenfonds.",
    "requested_budget_eur": Decimal("400000"),
    "knowledge_sharing_between_parties": "Kwartaalbijeenkomsten van de ketenraad.",
    "knowledge_sharing_cross_sector": "Webinars voor andere ketens.",
    "knowledge_sharing_outside": "Casebeschrijving en geleerde lessen op de website.",
    "leerkring_participation": "De ketenregisseur en twee ondernemers nemen deel aan de Leerkring "
    "Circulaire Ketenprojecten en delen actief voorbeelden.",
    "accepts_periodic_consultation": True,
    "market_share_percent": Decimal("62"),
}

DEMO = [
    # (consortium, title, product group code, outcome)
    (
        "Ketenconsortium Circulaire Woningen (demo)",
        "Circulaire woningketen: kozijnen en gevels",
        "woningen",
        "approved",
    ),
    ("Ketenconsortium Kantoormeubilair (demo)", "Circulair kantoormeubilair", "meubels", "rejected"),
    ("Ketenconsortium Werkkleding (demo)", "Circulaire werkkleding", "textiel", "withdrawn"),
    (
        "Ketenconsortium Zon-PV (demo)",
        "Circulaire zon-PV-systemen: van dak tot recycling",
        "circulaire-zon-pv-systemen",
        "in_assessment",
    ),
    (
        "Ketenconsortium Elektrische Apparaten (demo)",
        "Elektrische apparaten: terugname en hergebruik in de keten",
        "elektrische-en-elektronische-apparaten",
        "advised",
    ),
    (
        "Ketenconsortium Tuinbouwplastic (demo)",
        "Land- en tuinbouwplastic in de kringloop",
        "land-en-tuinbouwplastic",
        "draft",
    ),
]


def _complete(application, member) -> None:
    start_year = timezone.localdate().year + 1
    plan = {**PLAN, "planned_start": date(start_year, 1, 1), "planned_end": date(start_year + 3, 12, 31)}
    services.application_update(
        application=application, actor=member, expected_version=application.version, data=plan
    )
    for number, role in enumerate(checks.REQUIRED_CHAIN_ROLES, start=1):
        party = services.party_create(
            application=application,
            actor=member,
            name=f"{role.title()} {number} (demo)",
            organisation_type="overheid" if role == checks.GOVERNMENT else "mkb",
            chain_role=role,
            responsibility=f"Verantwoordelijk voor de schakel {role}.",
            chain_function=role,
            contribution_hours=Decimal(200 + 20 * number),
            contribution_eur=Decimal(5000),
            country="NL",
        )
        services.signatory_create(
            party=party,
            actor=member,
            name=f"Ondertekenaar {number}",
            position="directeur",
            signed_on=timezone.localdate(),
        )
    services.action_line_create(
        application=application,
        actor=member,
        title="Ketenafspraken over terugname",
        description="Afspraken over terugname en demontage.",
        chain_direction_roles=["ketenmanager", "ketenmakelaar"],
    )
    services.action_line_create(
        application=application, actor=member, title="Vertrouwen in de keten", chain_direction_roles=["coach"]
    )
    services.application_upload_ambition(
        application=application, actor=member, upload=SimpleUploadedFile("ambitiedocument.pdf", demo_pdf())
    )
    application.refresh_from_db()


def _assess(application, assessor, *, criteria_met: bool) -> None:
    """The assessor starts the assessment and judges the seven criteria on one form."""
    services.application_start_assessment(application=application, actor=assessor)
    verdicts = {}
    for criterion in checks.CRITERIA:
        met = criteria_met or criterion.number != 6
        reason = "Onderbouwd in het plan van aanpak." if met else "De keten is klein en overzichtelijk."
        verdicts[criterion.number] = (met, reason)
    services.criteria_assess(application=application, actor=assessor, verdicts=verdicts)


def _hand_over(application, stdout) -> None:
    from programme.models import Team

    office = User.objects.filter(username="kantoor").first()
    team = Team.objects.filter(code__icontains="realisatie").first() or Team.objects.first()
    if office is None or team is None:
        stdout.write(
            _(
                "  (no programme office user or team yet: the approved application stays outside the "
                "portfolio)"
            )
        )
        return
    services.application_hand_over(application=application, actor=office, team=team)


# The demo's people per step (accounts/demo.py creates them).
DEMO_PEOPLE = {
    "member": "aanvrager",
    "assessor": "beoordelaar",
    "adviser": "adviseur",
    "steering": "stuurgroep",
}


def load(*, stdout) -> None:
    people = {user.username: user for user in User.objects.filter(username__in=DEMO_PEOPLE.values())}
    if len(people) < len(DEMO_PEOPLE):
        stdout.write(
            _("intake: demo users %(names)s missing; load the accounts demo first.")
            % {"names": ", ".join(DEMO_PEOPLE.values())}
        )
        return
    member, assessor, adviser, steering = (people[DEMO_PEOPLE[key]] for key in DEMO_PEOPLE)
    created = 0
    for consortium_name, title, group_code, outcome in DEMO:
        consortium = services.consortium_ensure(actor=system_actor(), name=consortium_name, members=[member])
        if Application.objects.filter(consortium=consortium, title=title).exists():
            continue
        group = NpceProductGroup.objects.filter(code=group_code).first()
        if group is None:
            stdout.write(
                _("intake: product group %(code)s missing; load the catalogue first.") % {"code": group_code}
            )
            continue
        application = services.application_create(
            consortium=consortium, actor=member, title=title, product_group=group
        )
        created += 1
        if outcome == "draft":
            services.application_update(
                application=application,
                actor=member,
                expected_version=application.version,
                data={"transition_phase": "verkenning", "market_share_percent": Decimal(40)},
            )
            continue
        _complete(application, member)
        services.application_submit(application=application, actor=member)
        if outcome == "withdrawn":
            services.application_withdraw(
                application=application,
                actor=member,
                reason="Twee ketenpartijen haken af; het consortium dient later opnieuw in.",
            )
            continue
        if outcome == "in_assessment":
            # Started; the seven criteria wait for the assessor.
            services.application_start_assessment(application=application, actor=assessor)
            continue
        _assess(application, assessor, criteria_met=outcome != "rejected")
        services.advice_record(
            application=application,
            actor=adviser,
            positive=outcome != "rejected",
            text="De transitieagenda steunt het plan: het sluit aan bij de doelen van de productgroep."
            if outcome != "rejected"
            else "De transitieagenda adviseert negatief: de keten is niet groot en complex genoeg.",
            advised_on=timezone.localdate(),
        )
        if outcome == "approved":
            services.decision_record(
                application=application,
                actor=steering,
                approved=True,
                decided_on=timezone.localdate(),
                reasoning="Voldoet aan alle criteria.",
                reasoning_for_applicant="De Stuurgroep steunt het project; de Europese "
                "aanbesteding voor de ketenregie volgt.",
            )
            _hand_over(application, stdout)
        elif outcome == "rejected":
            services.decision_record(
                application=application,
                actor=steering,
                approved=False,
                decided_on=timezone.localdate(),
                reasoning="Negatief advies; criterium 6 niet.",
                reasoning_for_applicant="De transitieagenda adviseert negatief: de keten is "
                "niet groot en complex genoeg. Kijk naar de "
                "CKP-subsidie.",
            )
        # "advised": the Stuurgroep has not decided yet.
    stdout.write(
        ngettext(
            "intake: %(count)s demo application created.",
            "intake: %(count)s demo applications created.",
            created,
        )
        % {"count": created}
    )
