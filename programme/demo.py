"""Demo programme: the seven teams, their people, roles, tasks and zichtlijnen as §4-§5 and
Bijlage 9 list them, and one koersbepalersoverleg of Team Realisatie with a decision. Idempotent."""

import csv
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from regiekamer.models import update_or_create_quietly

from .models import Decision, Person, RoleAssignment, SteeringMeeting, Team, TeamTask, ZichtlijnEntry
from .reference import ensure_horizons, ensure_pillars

DATA = Path(__file__).resolve().parent / "data"

# Demo login -> the person of the source documents it plays.
DEMO_USER_PEOPLE = {
    "kantoor": "Mattheus van de Pol",  # coordinator Ondersteuningsteam (Bijlage 9): programme office
    "regieteam": "Fried Kaanen",  # voorzitter Regieteam (§5.1)
    "teamtrekker": "Geert Kooistra",  # teamtrekker Team Realisatie (§5.4)
    "projectleider": "Petra Dhaans",  # secretaris/rapporteur Team Realisatie (§5.4)
    "kbo-lid": "Mathieu Sueters",  # linking pin Regieteam -> Team Realisatie, chairs its KBO (§5.1, §4.3)
    "beoordelaar": "Marc Beumer",  # vertegenwoordiger Versnellingshuis (§5.5)
}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load(*, stdout) -> None:
    horizons = ensure_horizons()
    pillars = ensure_pillars()
    people = {}
    for row in _rows("people.csv"):
        people[row["name"]], _ = update_or_create_quietly(
            Person, name=row["name"], defaults={"organisation": row["organisation"]}
        )

    teams = {}
    for row in _rows("teams.csv"):
        teams[row["code"]], _ = update_or_create_quietly(
            Team,
            code=row["code"],
            defaults={
                "name": row["name"],
                "pillar": pillars.get(row["pillar"]),
                "level": row["level"],
                "project_type": row["project_type"],
                "lead": people[row["lead"]],
                "linking_pin": people[row["linking_pin"]],
                "order": int(row["order"]),
                "purpose": row["purpose"],
                "description": row["description"],
                "source_section": row["source_section"],
            },
        )

    counters: dict[tuple[str, str], int] = {}

    def next_order(kind: str, team: str) -> int:
        counters[(kind, team)] = counters.get((kind, team), 0) + 1
        return counters[(kind, team)]

    for row in _rows("tasks.csv"):
        update_or_create_quietly(
            TeamTask,
            team=teams[row["team"]],
            order=next_order("task", row["team"]),
            defaults={
                "horizon": horizons.get(row["horizon"]),
                "heading": row["heading"],
                "text": row["text"],
                "source_section": row["source_section"],
            },
        )
    for row in _rows("roles.csv"):
        update_or_create_quietly(
            RoleAssignment,
            team=teams[row["team"]],
            order=next_order("role", row["team"]),
            defaults={
                "horizon": horizons.get(row["horizon"]),
                "title": row["title"],
                "person": people.get(row["person"]),
                "source_section": row["source_section"],
            },
        )
    for row in _rows("zichtlijnen.csv"):
        update_or_create_quietly(
            ZichtlijnEntry,
            team=teams[row["team"]],
            kind=row["kind"],
            order=next_order(row["kind"], row["team"]),
            defaults={"text": row["text"], "source_section": row["source_section"]},
        )

    # KBO standing membership (§4.3): the linking pin (chair) and the teamtrekker;
    # the koersbepalers of §4.2 are
    # organisations, not yet named people.
    for team in teams.values():
        team.meeting_members.add(*[p for p in (team.lead, team.linking_pin) if p])

    user_model = get_user_model()
    for username, name in DEMO_USER_PEOPLE.items():
        user = user_model.objects.filter(username=username).first()
        if user is not None:
            Person.objects.filter(user=user).exclude(name=name).update(user=None)
            Person.objects.filter(name=name).update(user=user)

    _demo_meetings(teams["realisatie"], people)
    stdout.write(
        f"  programme: {len(teams)} teams, {len(people)} people, "
        f"{RoleAssignment.objects.count()} roles, {SteeringMeeting.objects.count()} steering meetings"
    )


def _items(*titles: str) -> list[dict]:
    return [{"title": title} for title in titles]


def _demo_meetings(team: Team, people: dict[str, Person]) -> None:
    from .services import decision_record, meeting_close, meeting_create

    actor = get_user_model().objects.filter(username="teamtrekker").first()
    if actor is None:
        return
    # The services check permissions against the person linked to the acting user.
    if not SteeringMeeting.objects.filter(team=team, date=datetime.date(2020, 10, 15)).exists():
        meeting = meeting_create(
            team=team,
            date=datetime.date(2020, 10, 15),
            actor=actor,
            location="Den Haag",
            agenda_items=_items(
                "Opening",
                "Portfolio investeringsprojecten",
                "Project Batterijen: impactsheet en mijlpalen 2020/2021 (Bijlage 8)",
                "Rondvraag",
            ),
            attendees=[people["Mathieu Sueters"], people["Geert Kooistra"], people["Petra Dhaans"]],
        )
        meeting.minutes = (
            "Het KBO bespreekt de impactsheet van Project Batterijen (status 15/10/2020) en de "
            "benodigde middelen."
        )
        meeting.save(update_fields=["minutes"])
        decision_record(
            meeting=meeting,
            kind=Decision.Kind.GENERAL,
            actor=actor,
            text="Het KBO steunt de realisatie van de CIRCO-track fietsbatterijen in 2020 "
            "als eerste mijlpaal van "
            "Project Batterijen.",
            reasoning="Mijlpalen 2020/2021 van de impactsheet Project Batterijen (Bijlage 8).",
        )
        meeting_close(meeting=meeting, actor=actor)
    if not SteeringMeeting.objects.filter(team=team, date=datetime.date(2020, 12, 10)).exists():
        meeting = meeting_create(
            team=team,
            date=datetime.date(2020, 12, 10),
            actor=actor,
            location="Den Haag",
            agenda_items=_items("Opening", "Voortgang portfolio", "Fase-overgangen", "Rondvraag"),
            attendees=[people["Mathieu Sueters"], people["Geert Kooistra"]],
        )
        meeting_close(meeting=meeting, actor=actor)  # a meeting of 2020 is over
