"""Demo goal system: the 18-cell change-strategy matrix (§3.1.2), the Roadmap 2.0 rows (§4.4,
Bijlage 7), the ten steering principles (Bijlage 2 §2), and the programme's indicators and stated targets
(§1.2, §4.4). Idempotent."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from catalogue.models import RawMaterial
from programme.models import Team, ZichtlijnEntry
from programme.reference import ensure_dimensions, ensure_horizons, ensure_pillars
from regiekamer.models import update_or_create_quietly

from . import services
from .figures import stated_total
from .models import (
    ChangeStrategy,
    EffectGoal,
    Indicator,
    Means,
    MeasuredValue,
    RoadmapRow,
    SteeringPrinciple,
    Target,
)

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load(*, stdout) -> None:
    horizons, pillars, dimensions = ensure_horizons(), ensure_pillars(), ensure_dimensions()
    for row in _rows("change_strategies.csv"):
        update_or_create_quietly(
            ChangeStrategy,
            pillar=pillars[row["pillar"]],
            horizon=horizons[row["horizon"]],
            defaults={"title": row["title"], "aim": row["aim"], "source_section": row["source_section"]},
        )
    rows = {}
    for row in _rows("roadmap_rows.csv"):
        rows[row["horizon"]], _ = update_or_create_quietly(
            RoadmapRow,
            horizon=horizons[row["horizon"]],
            defaults={
                "granularity_text": row["granularity"],
                "activities": row["activities"],
                "performance_goals": row["performance_goals"],
                "change_strategy_text": row["change_strategy"],
                "source_section": row["source_section"],
            },
        )
    order: dict[str, int] = {}
    for row in _rows("effect_goals.csv"):
        order[row["horizon"]] = order.get(row["horizon"], 0) + 1
        update_or_create_quietly(
            EffectGoal,
            row=rows[row["horizon"]],
            order=order[row["horizon"]],
            defaults={
                "dimension": dimensions.get(row["dimension"]),
                "text": row["text"],
                "source_section": row["source_section"],
            },
        )
    for row in _rows("principles.csv"):
        principle, _ = update_or_create_quietly(
            SteeringPrinciple,
            number=int(row["number"]),
            defaults={"text": row["text"], "source_section": row["source_section"]},
        )
        principle.horizons.set([horizons[code] for code in row["horizons"].split(";")])

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["kantoor", "regieteam"])}
    for index, row in enumerate(_rows("indicators.csv"), start=1):
        indicator, _ = update_or_create_quietly(
            Indicator,
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "horizon": horizons[row["horizon"]],
                "dimension": dimensions.get(row["dimension"]),
                "unit": row["unit"],
                "direction": row["direction"],
                "across_aggregation": row["across"],
                "time_aggregation": row["time"],
                "source": row["source"],
                "raw_material": RawMaterial.objects.filter(symbol=row["raw_material"]).first()
                if row["raw_material"]
                else None,
                "owner": users.get("kantoor"),
                "reviewer": users.get("regieteam"),
                "source_section": row["source_section"],
                "order": index,
                "baseline_date": datetime.date(2019, 1, 1),
                # The programme's term (Uitvoeringsprogramma 2019-2023; the dashboard's "2019-2023 bijdrage").
                "measurement_start": datetime.date(2019, 1, 1),
                "measurement_end": datetime.date.fromisoformat(row["by_date"]),
                # Only where the CSV states one (e.g. the §4.4 rows "0-10 jaar ↑" and "0-1 mnd. ↑").
                **({"description": row["description"]} if row.get("description") else {}),
            },
        )
        value = None
        description = ""
        if row["target"].startswith("figures:"):
            column = row["target"].split(":", 1)[1]
            value, description = stated_total(column)
        update_or_create_quietly(
            Target,
            indicator=indicator,
            scope=Target.Scope.PROGRAMME,
            defaults={
                "value": value,
                "by_date": datetime.date.fromisoformat(row["by_date"]),
                "description": description or row["source_section"],
                "source_section": row["source_section"],
            },
        )

    # Bijlage 10: website users in May and June 2020, as reported on 1/7/2020.
    website = Indicator.objects.get(code="website-users")
    author, reviewer = users.get("kantoor"), users.get("regieteam")
    if author and reviewer:
        for day, number in ((datetime.date(2020, 5, 31), 760), (datetime.date(2020, 6, 30), 706)):
            update_or_create_quietly(
                MeasuredValue,
                indicator=website,
                date=day,
                defaults={
                    "value": Decimal(number),
                    "unit": website.unit,
                    "source": "Bijlage 10 (per 1/7/2020)",
                    "status": MeasuredValue.Status.APPROVED,
                    "entered_by": author,
                    "reviewed_by": reviewer,
                },
            )
        services.indicator_days_rebuild()  # the values above are approved without the review service
    _means(horizons)
    stdout.write(
        f"  roadmap: {ChangeStrategy.objects.count()} change strategies, {RoadmapRow.objects.count()} "
        f"Roadmap 2.0 rows, {Indicator.objects.count()} indicators"
    )


# §4.2, column "UPCM-TEAM (middelen)": what each team brings, by kind; no amounts (the source states none).
# The Regieteam's "Beïnvloeding beleidsinstrumenten" is none of the kinds of §4.3 and is left out.
TEAM_MEANS = {
    "kia-cm": Means.Kind.TECHNOLOGIES,
    "nsp": Means.Kind.PARTNERS,
    "realisatie": Means.Kind.MONEY,
    "kennisintegratie": Means.Kind.KNOWLEDGE,
    "verbreding": Means.Kind.PARTNERS,
}


def _means(horizons) -> None:
    """One means entry per team from the §4.2 table, on the team's own horizon (§5: the tactical teams 0-10
    years, the operational teams 0-5 years), mobilised by the team's (possible) course-setters of that
    table."""
    level_horizon: dict[str, object] = {
        Team.Level.TACTICAL: horizons["0-10y"],
        Team.Level.OPERATIONAL: horizons["0-5y"],
    }
    resources = ZichtlijnEntry.objects.filter(kind=ZichtlijnEntry.Kind.RESOURCE).select_related("team")
    for entry in resources:
        kind = TEAM_MEANS.get(entry.team.code)
        horizon = level_horizon.get(entry.team.level)
        if kind is None or horizon is None:
            continue
        item, _created = update_or_create_quietly(
            Means,
            team=entry.team,
            description=entry.text,
            defaults={"horizon": horizon, "kind": kind, "source": f"Werkwijze UPCM {entry.source_section}"},
        )
        parties = ZichtlijnEntry.objects.filter(team=entry.team, kind=ZichtlijnEntry.Kind.COURSE_SETTER)
        if set(item.mobilised_by.values_list("pk", flat=True)) != {p.pk for p in parties}:
            item.mobilised_by.set(parties)
