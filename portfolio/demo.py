"""Demo portfolio: the projects of Bijlage 1 and Bijlage 11 (data/projects.csv), each in the team the
source names as trekker, and project 20-004 'Kritieke materialen energietransitie (batterijen)' taken
through the real gates to phase 2 'Stakeholder commitment', as the voortgangsrapportage of Bijlage 8 shows
it ('Afgerond: Projectdefinitie afgerond'; 'Gedaan: koersbepalersoverleg geweest, eerste
stakeholderanalyse, eerste fingerprint gedaan, projectbrief opgesteld, benodigde middelen bepaald, planning
vastgesteld, kwaliteitscriteria resultaat opgesteld'). Idempotent: projects are matched on their number;
the lifecycle of 20-004 only runs while it is still in initiation."""

import csv
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.models import Horizon, ProductCluster
from programme.models import SteeringMeeting, Team

from . import services
from .models import Project
from .workflow import leidraad

DATA = Path(__file__).resolve().parent / "data" / "projects.csv"
BATTERIES = "20-004"
# Bijlage 8, voortgangsrapportage 20-004 (status per 1-8-2020); the KBO dates are illustrative.
BATTERY_FIELDS = {
    "result_description": (
        "1. Ketensamenwerking binnen (fiets)batterij keten in minimaal 2 actieve pilot-projecten. "
        "2. Koppeling "
        "KIA-vragen aan Realisatieprojecten. 3. Netwerk binnen bredere keten (EV batterijen / Heavy Duty) "
        "4. Onderzoeksvoorstellen voor R-strategie voor batterijen."
    ),
    "resources": "Totaal benodigd project budget 100.000; toegekend 80.000 (RVO 60.000, Provincie 20.000).",
    "quality_criteria": "Kwaliteitscriteria resultaat opgesteld (Bijlage 8, voortgangsrapportage: 'Gedaan').",
    "start_date": datetime.date(2020, 1, 1),
    "due_date": datetime.date(2021, 12, 31),
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
            values = {
                "title": row["title"],
                "trekker": row["trekker"],
                "actors": row["actors"],
                "intended_effect": row["intended_effect"],
                "description": _description(row),
                "source_section": row["source_section"],
            }
            if row["number"] == BATTERIES:
                values.update(BATTERY_FIELDS)
                values["lead_user"] = users.get("projectleider")
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
                    **values,
                )
                created += 1
            else:
                Project.objects.filter(pk=project.pk).update(team=team, **values)
    batteries = Project.objects.filter(number=BATTERIES).first()
    if batteries is not None and batteries.phase == leidraad().initial_state:
        _batteries_lifecycle(batteries, users)
    stdout.write(
        _("portfolio: %(count)s projects (%(created)s new)")
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
                location="Koersbepalersoverleg Team Realisatie",
            )
        services.project_decide(
            actor=member,
            project=project,
            meeting=meeting,
            action=target,
            text=_("%(project)s moves to phase %(phase)s.")
            % {"project": project.number, "phase": leidraad().state(target).name},
        )
