"""Demo portfolio: the projects of Bijlage 1 and Bijlage 11 (data/projects.csv), each in the team the
source names as trekker, and project 20-004 'Kritieke materialen energietransitie (batterijen)' taken
through the real gates to phase 2 'Stakeholder commitment', as the voortgangsrapportage of Bijlage 8 shows
it ('Afgerond: Projectdefinitie afgerond'; 'Gedaan: koersbepalersoverleg geweest, eerste
stakeholderanalyse, eerste fingerprint gedaan, projectbrief opgesteld, benodigde middelen bepaald, planning
vastgesteld, kwaliteitscriteria resultaat opgesteld'). Idempotent: projects are matched on their number;
the lifecycle of 20-004 only runs while it is still in initiation.

Tags (columns kia_themes, supraregional_themes, catalogue codes): only where Bijlage 11 says so. 20-014
'Kennisuitwisseling NWA cross-over en KIA CM calls' is the project that sets the KIA-CM and lists its eight
topics, so it carries all eight. CESI: 20-003 is the CESI project itself, 20-005 'Procesondersteuning
CESI' supports it, 20-009 'ICT-tool CESI' is its toolkit, and 20-002 builds the CIRCO-tracks on what the CESI
project found ('bedrijven uit het CESI-traject'). No project in the source names the Human Capital Agenda
or market demand CE."""

import csv
import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.authorization import system_actor
from catalogue.models import Horizon, KiaTheme, ProductCluster, SupraregionalTheme
from programme.models import SteeringMeeting, Team

from . import reporting, selectors, services
from .models import Project
from .workflow import leidraad

DATA = Path(__file__).resolve().parent / "data" / "projects.csv"
BATTERIES = "20-004"
# Bijlage 8, voortgangsrapportage 20-004 (status per 1-8-2020); the KBO dates are illustrative.
BATTERY_FIELDS: dict[str, Any] = {
    "result_description": (
        "1. Ketensamenwerking binnen (fiets)batterij keten in minimaal 2 actieve pilot-projecten. "
        "2. Koppeling "
        "KIA-vragen aan Realisatieprojecten. 3. Netwerk binnen bredere keten (EV batterijen / Heavy Duty) "
        "4. Onderzoeksvoorstellen voor R-strategie voor batterijen."
    ),
    "resources": "Totaal benodigd project budget 100.000; toegekend 80.000 (RVO 60.000, Provincie 20.000).",
    "quality_criteria": "Kwaliteitscriteria resultaat opgesteld (Bijlage 8, voortgangsrapportage: 'Gedaan').",
    # Bijlage 11 gives 'Termijn 2020'; the impact sheet of Bijlage 8 plans its last milestone in 2021
    # ('Mijlpalen 2020 / 2021': '2021 realisatie van CIRCO track zwaardere batterijen').
    "start_date": datetime.date(2020, 1, 1),
    "due_date": datetime.date(2021, 12, 31),
    "planned_period_source": "Termijn 2020 (Werkwijze UPCM 2020, Bijlage 11); mijlpalen tot en met 2021 "
    "(Bijlage 8, impactsheet Project Batterijen)",
}
BATTERY_MEETINGS = [datetime.date(2020, 3, 12), datetime.date(2020, 7, 9)]


def _users():
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["kantoor", "teamtrekker", "projectleider", "kbo-lid"]
        )
    }
    return users


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def term_period(term: str) -> tuple[datetime.date, datetime.date] | None:
    """The planned period of a source's 'Termijn': '2019-2020' is 1 January 2019 to 31 December 2020, '2020'
    the year 2020; None when the source gives none."""
    years = [int(year) for year in term.replace("–", "-").split("-") if year.strip().isdigit()]
    if not years:
        return None
    return datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)


def _planning(row: dict) -> dict[str, Any]:
    """Start, due date and where they come from, from the row's 'Termijn' (empty when the source has none)."""
    period = term_period(row["term"])
    if period is None:
        return {"start_date": None, "due_date": None, "planned_period_source": ""}
    section = row["source_section"].split(";")[0].strip()
    return {
        "start_date": period[0],
        "due_date": period[1],
        "planned_period_source": f"Termijn {row['term']} ({section})",
    }


def _description(row: dict) -> str:
    lines = [row["description"]]
    if row["term"]:
        lines.append(f"Termijn: {row['term']}.")
    if row["r_ladder"]:
        lines.append(f"R-ladder: {row['r_ladder']}.")
    if row["team_note"]:
        lines.append(f"({row['team_note']})")
    return "\n".join(lines)


@transaction.atomic
def load(*, stdout) -> None:
    users = _users()
    office = users.get("kantoor")
    if office is None:
        stdout.write(_("portfolio: demo users missing, skipped"))
        return
    teams = {team.code: team for team in Team.objects.all()}
    clusters = {c.code: c for c in ProductCluster.objects.all()}
    horizons = {h.code: h for h in Horizon.objects.all()}
    themes: dict[str, dict[str, Any]] = {
        "kia_themes": {t.code: t for t in KiaTheme.objects.all()},
        "supraregional_themes": {t.code: t for t in SupraregionalTheme.objects.all()},
    }
    created = 0
    with open(DATA, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            team = teams.get(row["team"])
            if team is None:
                stdout.write(
                    _("portfolio: team %(team)s missing, %(number)s skipped")
                    % {"team": row["team"], "number": row["number"]}
                )
                continue
            year, sequence = row["number"].split("-")
            values: dict[str, Any] = {
                "title": row["title"],
                "trekker": row["trekker"],
                "actors": row["actors"],
                "intended_effect": row["intended_effect"],
                "description": _description(row),
                "source_section": row["source_section"],
                "project_type": row["project_type"],
                "project_type_source": row["project_type_source"],
                **_planning(row),
            }
            if row["number"] == BATTERIES:
                values.update(BATTERY_FIELDS)
                values["lead_user"] = users.get("projectleider")
            tags: dict[str, Any] = {
                field: [index[code] for code in _split(row[field]) if code in index]
                for field, index in themes.items()
            }
            project = Project.objects.filter(number=row["number"]).first()
            if project is None:
                services.project_create(
                    actor=office,
                    team=team,
                    year=2000 + int(year),
                    sequence=int(sequence),
                    clusters=[clusters[c] for c in _split(row["clusters"]) if c in clusters],
                    sbi_codes=_split(row["sbi_codes"]) if clusters else [],
                    horizons=[horizons[h] for h in _split(row["horizons"]) if h in horizons],
                    **tags,
                    **values,
                )
                created += 1
            else:
                Project.objects.filter(pk=project.pk).update(team=team, **values)
                for field, targets in tags.items():
                    related = getattr(project, field)
                    if set(related.values_list("pk", flat=True)) != {t.pk for t in targets}:
                        related.set(targets)  # only on a change: a second demo run adds no history
    batteries = Project.objects.filter(number=BATTERIES).first()
    if batteries is not None and batteries.phase == leidraad().initial_state:
        _batteries_lifecycle(batteries, users)
    if batteries is not None and ProductCluster.objects.exists():
        load_reports(project=batteries, users=users)
    stdout.write(
        ngettext(
            "portfolio: %(count)s project (%(created)s new)",
            "portfolio: %(count)s projects (%(created)s new)",
            Project.objects.count(),
        )
        % {"count": Project.objects.count(), "created": created}
    )


def _batteries_lifecycle(project: Project, users) -> None:
    """Initiation -> definition -> stakeholder commitment through two KBO decisions of Team Realisatie."""
    lead, sponsor, member = users.get("projectleider"), users.get("teamtrekker"), users.get("kbo-lid")
    if not (lead and sponsor and member):
        return
    artefacts = {
        "initiation": [
            ("project_proposal", "Projectvoorstel Kritieke materialen energietransitie (batterijen)")
        ],
        "definition": [
            ("project_brief", "Projectbrief batterijen"),
            ("stakeholder_analysis", "Eerste stakeholderanalyse"),
            ("fingerprint_confirmation", "Eerste fingerprint (vingerafdrukbevestiging)"),
            ("resources_specification", "Benodigde middelen bepaald"),
        ],
    }
    for meeting_date, target in zip(BATTERY_MEETINGS, ("definition", "stakeholder_commitment"), strict=True):
        project.refresh_from_db()
        for artefact_type, title in artefacts[project.phase]:
            services.artefact_add(
                actor=lead,
                project=project,
                type=artefact_type,
                title=title,
                dated=meeting_date - datetime.timedelta(days=7),
                link="/portfolio/20-004/",
            )
        for criterion in project.phase_state.criteria:
            services.criterion_confirm(
                actor=sponsor, project=project, criterion=criterion.code, note="Demo (Bijlage 8)"
            )
        meeting = SteeringMeeting.objects.filter(team=project.team, date=meeting_date).first()
        if meeting is None:
            from programme.services import meeting_create

            meeting = meeting_create(
                team=project.team,
                date=meeting_date,
                actor=member,
                # The source names no place for these meetings: none is invented.
                agenda_items=[{"title": "", "subject": project, "gate": target}],
            )
        services.project_decide(
            actor=member,
            project=project,
            meeting=meeting,
            action=target,
        )
        from programme.services import meeting_close

        meeting_close(meeting=meeting, actor=member)  # a meeting of 2020 is over: its decisions are final


# Bijlage 8, impactsheet 'Project Batterijen' (status per 15/10/2020), reproduced as written.
BATTERY_IMPACT: dict[str, Any] = {
    "status_date": datetime.date(2020, 10, 15),
    "goals": [
        "Kennisontwikkeling over de recycling van Li-ion batterijen.",
        "Onderzoek nieuwe recycling industrie in Nederland",
        'Waardetoevoeging aan de "batterij keten" door optimalisatie gebruiksfase, door stimulering '
        "hergebruik in "
        "andere toepassingen (zoals opslag duurzame energie) en door in de end-of-life fase in het "
        "proces van "
        "inzameling, sortering en eerste (mechanische) recycling stappen af te stemmen op de metallurgische "
        "vervolgstappen.",
    ],
    "results": [
        "Ketensamenwerking binnen (fiets)batterij keten in minimaal 2 actieve pilot-projecten.",
        "Koppeling KIA-vragen aan Realisatieprojecten.",
        "Netwerk binnen bredere keten (EV batterijen / Heavy Duty)",
        "Onderzoeksvoorstellen voor R-strategie voor batterijen.",
    ],
    "milestones": [
        {"year": "2020", "text": "realisatie van CIRCO track fietsbatterijen"},
        {"year": "2020", "text": "Uitkomst Circotrack minimaal 1 nieuw ketenproject"},
        {"year": "2021", "text": "realisatie van CIRCO track zwaardere batterijen en energieopslag systemen"},
    ],
    "activities": [
        "Inventarisatie relevante projecten (optimalisatie gebruik / re-use / recycling of breder gezien de "
        "R-strategie)",
        "Verbinden van relevante projecten aan UPCM en beschrijven van de case voor op UPCM site. "
        "UPCM een logische "
        "plek maken om zaken te delen.(ism team verbreding)",
        "Verbinden van kennis en ervaring tussen de lopende projecten (ism team Kennisintegratie)",
        "Organisatie van een Circotrack op het onderwerp Li-Ion batterijen voor Elektrische fietsen "
        "– verkennen "
        "model voor optimalisatie van gebruik en technologie voor recycling.",
        "Eerste verkenning van mogelijkheden re-use en/of recycling van batterijen van grotere "
        "accu's zoals die van "
        "elektrische voertuigen",
    ],
    "modules": [
        "Li-ion Batterijen in voertuigen",
        "Li-ion batterijen in huishoudelijke apparaten en elektronica",
    ],
    "sbi_codes": ["29.1", "30.9", "47.6"],
    "raw_materials": ["Mn", "Nb", "Ge", "B", "Sc", "Sr", "Co", "PGM's", "C(natural)"],
    "size_figures": [
        {"group": "Omvang batterijen voertuigen", "quantity": "100-500", "unit": "kg per batterij"},
        {"group": "Omvang batterijen voertuigen", "quantity": "400.000", "unit": "EV's in 2040"},
        {"group": "Omvang overig", "quantity": "100g-10kg", "unit": "per batterij"},
        {"group": "Omvang overig", "quantity": "3 Miljoen", "unit": "per jaar in 2030"},
    ],
    "co2_r0_r2": None,
    "co2_r3_r7": 17,
    "co2_r8_r9": 3,
    # Indicatoren 'CO2: 26 kton/jaar' as the sheet states it; its bands above hold 17 + 3 = 20. The sheet
    # keeps both and flags the difference (the source contradicts itself; neither figure is ours to correct).
    "co2_stated": 26,
    "effect_contributions": [
        {"dimension": "M", "horizon": "0-5y", "description": "Hergebruik batterijen"},
        {"dimension": "L", "horizon": "0-10y", "description": "Energietransitie"},
        {"dimension": "E", "horizon": "0-5y", "description": "Repair business"},
    ],
    "supply_risk_change": "some",
    "added_value_meur": 238,
    "added_value_base_year": 2019,
    # 'Bijdrage aan innovatiefuncties' of the sheet, as the source states it.
    "innovation_functions": {
        "F1": "unknown",
        "F2": "high",
        "F3": "high",
        "F4": "high",
        "F5": "low",
        "F6": "high",
        "F7": "unknown",
        "F8": "unknown",
    },
    "performance": {
        "innovation_engines": "high",
        "functional_value": "medium",
        "technical_value": "low",
        "economic_value": "low",
        "business_propositions": "1 - 5",
    },
    "stakeholders": "Stibat, Fietsfabrikanten, Recyclers, Inzamelbedrijven, Wetenschap, Batterij reparatie "
    "bedrijven. ARN, Metalor, Brainport Development, TU-Delft, TNO, Van Peperzeel,initiatief "
    "Battery Competence Center (O.a. Brainport Development / DAF / VDL / Damen)",
    "target_groups": "Ondernemers, wetenschappers, studenten, overheid als regelgever.",
    "change_agents": "Fietsbranche, recyclers, Wetgever, grootverbruikers, Energiemij.",
}
# Bijlage 8, voortgangsrapportage project 20-004 (financieel per 1-8-2020).
BATTERY_PROGRESS: dict[str, Any] = {
    "report_date": datetime.date(2020, 8, 1),
    "finance_date": datetime.date(2020, 8, 1),
    "budget_needed": 100000,
    "funding": [{"funder": "RVO", "amount": 60000}, {"funder": "Provincie", "amount": 20000}],
    "spent": 40000,
    # The source's example grid is headed jan-21 ... dec-21, but the milestones this report of 1-8-2020
    # reports ('Afgerond: Projectdefinitie afgerond', after the kick-off) fall in 2020, the project's Termijn
    # (Bijlage 11): the demo report shows 2020, its milestones taken from the project's recorded gate
    # decisions (load_reports), none typed here.
    "timeline_start": datetime.date(2020, 1, 1),
    "timeline_end": datetime.date(2020, 12, 1),
    "percent_ready": 10,
    "done": [
        "Koersbepalersoverleg geweest",
        "Eerste stakeholderanalyse",
        "Eerste fingerprint gedaan",
        "Projectbrief opgesteld",
        "Benodigde middelen bepaald",
        "Planning vastgesteld",
        "Kwaliteitscriteria resultaat opgesteld",
    ],
    "completed": ["Projectdefinitie afgerond"],
    "risks": [{"text": "Onvoldoende draagvlak bij ...", "owner": "", "status": "open"}],
    "issues": [{"text": "Aansluiting bij roadmap 2.0", "owner": "", "status": "open"}],
    "other_dependencies": ["Bovenregionale aanpak provincies"],
}


def load_reports(*, project: Project, users) -> None:
    """The impact sheet and progress report of 20-004 (issue 5), once."""
    from catalogue.models import ProductCluster as Cluster

    lead = users.get("projectleider")
    if lead is None or project.impact_sheets.exists():
        return
    values = dict(BATTERY_IMPACT)
    values["cluster"] = Cluster.objects.filter(code="consumentengoederen").first()
    services.impact_sheet_save(actor=lead, project=project, **values)
    routes = Project.objects.filter(title="Project sectorale routekaarten")
    report = BATTERY_PROGRESS
    milestones = reporting.within(
        selectors.project_milestones(project, on=report["report_date"]),
        report["timeline_start"],
        report["timeline_end"],
    )
    services.progress_report_create(
        actor=lead, project=project, dependencies=list(routes), milestones=milestones, **report
    )


def link(*, stdout) -> None:
    """After every app's demo: link the impact sheets' actors to the stakeholder register, which loads after
    the portfolio (Bijlage 8 names TNO and Brainport Development, which the demo register holds)."""
    linked = services.impact_sheets_link_actors(actor=system_actor())
    _link_collaborations()
    stdout.write(
        ngettext(
            "portfolio: %(count)s impact sheet linked to organisations of the stakeholder register",
            "portfolio: %(count)s impact sheets linked to organisations of the stakeholder register",
            linked,
        )
        % {"count": linked}
    )


def _link_collaborations() -> None:
    """The demo register names its project collaborations as the portfolio names the projects ("20-004
    <title>"): link each project to its collaboration, and make its members relevant for the project's
    team."""
    from stakeholders.models import Collaboration, TeamRelevance

    projects = {str(project): project for project in Project.objects.select_related("team", "team__pillar")}
    linked = set(Project.collaborations.through.objects.values_list("project_id", "collaboration_id"))
    for collaboration in Collaboration.objects.prefetch_related("memberships"):
        project = projects.get(collaboration.name)
        if project is None:
            continue
        if (project.pk, collaboration.pk) not in linked:  # add() writes a history row even for a known link
            project.collaborations.add(collaboration)
        if project.team_id:
            for member in collaboration.memberships.all():
                TeamRelevance.objects.get_or_create(
                    organisation_id=member.organisation_id,
                    team=project.team,
                    pillar=project.team.pillar,
                    horizon=None,
                )
