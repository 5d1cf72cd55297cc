"""Programme dashboard: server time and SQL query count of GET /dashboard/ for portfolios of 100, 1,000 and
10,000 projects (with 100,000 measured indicator values), on SQLite and PostgreSQL.

    .venv/bin/python bench/dashboard.py
    DASHBOARD_BENCH_SIZES=50,500 DASHBOARD_BENCH_VALUES=10000 .venv/bin/python bench/dashboard.py   # quick

Goal (issue 6): the query count is the same at every size and time(10,000) / time(100) <= 3.

Each database runs in a child process (Django is configured once per process); PostgreSQL gets a throwaway
database on postgres://postgres@127.0.0.1:5432 that is dropped afterwards. The portfolio grows in place from
the smallest size to the largest; the measured values (and the stakeholder register) are generated once.
Impact sheets are generated when portfolio has an ImpactSheet model; until then the bench says so.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from _postgres import postgres_database  # bench/_postgres.py (the scripts run from bench/)

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("DASHBOARD_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SIZES = [int(s) for s in os.environ.get("DASHBOARD_BENCH_SIZES", "100,1000,10000").split(",") if s.strip()]
VALUES = int(os.environ.get("DASHBOARD_BENCH_VALUES", "100000"))
ORGANISATIONS = int(os.environ.get("DASHBOARD_BENCH_ORGANISATIONS", "2000"))
REPEAT = int(os.environ.get("DASHBOARD_BENCH_REPEAT", "7"))
DATABASES = os.environ.get("DASHBOARD_BENCH_DATABASES", "sqlite,postgresql").split(",")
PROFILE = int(os.environ.get("DASHBOARD_BENCH_PROFILE", "0"))  # print this many slowest queries per size
PHASES = ["initiation", "definition", "stakeholder_commitment", "execution", "evaluation", "closed"]
TEAMS = [
    ("kia-cm", "KIA CM Team"),
    ("regieteam", "Regieteam"),
    ("nsp", "NL Strategisch Platform"),
    ("realisatie", "Team Realisatie"),
    ("kennisintegratie", "Team Kennisintegratie"),
    ("verbreding", "Team Verbreding"),
    ("ondersteuning", "Ondersteuningsteam"),
]


# ---- child: one database --------------------------------------------------------------------------------


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)  # every app: the page reads most of them
    from catalogue.loader import catalogue_load

    catalogue_load()
    print(f"migrated and loaded the catalogue in {time.perf_counter() - started:.1f}s", file=sys.stderr)


def _reference(rng: random.Random) -> dict:
    from accounts.testing import make_user
    from catalogue.models import EffectDimension, Horizon, ProductCluster, Province, RawMaterial, SbiCode
    from programme.models import Team

    teams = [
        Team.objects.get_or_create(
            code=code, defaults={"name": name, "level": "operational", "order": order}
        )[0]
        for order, (code, name) in enumerate(TEAMS)
    ]
    return {
        "teams": teams,
        "clusters": list(ProductCluster.objects.all()),
        "sbi": list(SbiCode.objects.filter(in_manufacturing_scope=True, level=2)),
        "provinces": list(Province.objects.all()),
        "horizons": list(Horizon.objects.all()),
        "dimensions": list(EffectDimension.objects.all()),
        "materials": list(RawMaterial.objects.exclude(symbol="")),
        "office": make_user("programme_office", "bench-office"),
        "reader": make_user("reader", "bench-reader"),
    }


def _grow_projects(ref: dict, start: int, stop: int, rng: random.Random) -> None:
    """Projects number start..stop-1, with 1-2 clusters, 1-3 SBI codes, dates, phase and status."""
    from portfolio.models import Project

    through_clusters = Project.clusters.through
    through_sbi = Project.sbi_codes.through
    batch = []
    for i in range(start, stop):
        year = 2019 + i % 5
        begin = datetime.date(year, 1 + i % 12, 1)
        batch.append(
            Project(
                number=f"{year % 100}-{i:05d}",
                year=year,
                sequence=i,
                title=f"Benchmark project {i}",
                team=ref["teams"][i % len(ref["teams"])],
                phase=PHASES[i % len(PHASES)],
                status="active" if i % 7 else "paused",
                start_date=begin,
                due_date=begin + datetime.timedelta(days=180 + i % 900),
            )
        )
    created = Project.objects.bulk_create(batch, batch_size=2000)
    if created and created[0].pk is None:  # backends that do not return keys
        created = list(Project.objects.filter(sequence__gte=start, sequence__lt=stop))
    cluster_links, sbi_links = [], []
    for project in created:
        for cluster in rng.sample(ref["clusters"], rng.randint(1, 2)):
            cluster_links.append(through_clusters(project_id=project.pk, productcluster_id=cluster.pk))
        for sbi in rng.sample(ref["sbi"], rng.randint(1, 3)):
            sbi_links.append(through_sbi(project_id=project.pk, sbicode_id=sbi.pk))
    through_clusters.objects.bulk_create(cluster_links, batch_size=5000)
    through_sbi.objects.bulk_create(sbi_links, batch_size=5000)
    _grow_impact_sheets(created, ref, rng)


def _grow_impact_sheets(projects, ref: dict, rng: random.Random) -> None:
    """One current impact sheet per new project (every third also an older version), with SBI codes and
    critical raw materials."""
    from portfolio.models import ImpactSheet

    sheet_model = ImpactSheet

    levels = ["unknown", "low", "medium", "high"]
    sheets = []
    for project in projects:
        for version in range(1, 3 if project.sequence % 3 == 0 else 2):
            sheets.append(
                sheet_model(
                    project_id=project.pk,
                    version_number=version,
                    status_date=datetime.date(2020, 10, 15),
                    created_by=ref["office"],
                    cluster=rng.choice(ref["clusters"]),
                    co2_r0_r2=Decimal(rng.randint(0, 5)) if rng.random() < 0.3 else None,
                    co2_r3_r7=Decimal(rng.randint(0, 30)) if rng.random() < 0.6 else None,
                    co2_r8_r9=Decimal(rng.randint(0, 10)) if rng.random() < 0.5 else None,
                    added_value_meur=Decimal(rng.randint(0, 300)),
                    innovation_functions={f"F{i}": rng.choice(levels) for i in range(1, 9)},
                    performance={
                        "innovation_engines": rng.choice(levels),
                        "functional_value": rng.choice(levels),
                        "business_propositions": rng.choice(["", "1 - 5", "5 - 10"]),
                    },
                    supply_risk_change=rng.choice(["none", "some", "clear"]),
                )
            )
    created = sheet_model.objects.bulk_create(sheets, batch_size=2000)
    if created and created[0].pk is None:
        ids = [p.pk for p in projects]
        created = list(sheet_model.objects.filter(project_id__in=ids))
    sbi_through = sheet_model.sbi_codes.through
    material_through = sheet_model.raw_materials.through
    sbi_through.objects.bulk_create(
        [
            sbi_through(impactsheet_id=s.pk, sbicode_id=sbi.pk)
            for s in created
            for sbi in rng.sample(ref["sbi"], rng.randint(1, 3))
        ],
        batch_size=5000,
    )
    material_through.objects.bulk_create(
        [
            material_through(impactsheet_id=s.pk, rawmaterial_id=m.pk)
            for s in created
            for m in rng.sample(ref["materials"], 2)
        ],
        batch_size=5000,
    )


def _indicators_and_values(ref: dict, n: int, rng: random.Random) -> None:
    from roadmap.models import Indicator, MeasuredValue, Target

    specs = [
        ("co2-impact", "effect", "0-5y", "M", "sum", "latest", "-2313"),
        ("value-added-impact", "effect", "0-5y", "E", "sum", "latest", "3157"),
        ("supply-risk-sb", "effect", "0-5y", "L", "average", "latest", None),
        ("innovation-engine-maturity", "performance", "0-10y", "", "average", "latest", "60"),
        ("functional-value-retention", "performance", "0-5y", "", "sum", "cumulative", "200"),
        ("technical-value-retention", "performance", "0-2y", "", "sum", "cumulative", "150"),
        ("economic-value-retention", "performance", "0-1y", "", "sum", "cumulative", "100"),
        ("business-cases", "performance", "0-3m", "", "sum", "sum", "50"),
        ("circular-initiatives", "performance", "0-1m", "", "count", "sum", "500"),
    ]
    horizons = {h.code: h for h in ref["horizons"]}
    dimensions = {d.code: d for d in ref["dimensions"]}
    indicators = []
    for order, (code, kind, horizon, dimension, across, over_time, target) in enumerate(specs):
        indicator = Indicator.objects.create(
            code=code,
            name=code,
            kind=kind,
            unit="#",
            horizon=horizons[horizon],
            dimension=dimensions.get(dimension),
            across_aggregation=across,
            time_aggregation=over_time,
            order=order,
        )
        if target is not None:
            Target.objects.create(
                indicator=indicator, value=Decimal(target), by_date=datetime.date(2023, 12, 31)
            )
        indicators.append(indicator)
    batch = []
    for i in range(n):
        scope = i % 3
        batch.append(
            MeasuredValue(
                indicator=indicators[i % len(indicators)],
                value=Decimal(rng.randint(-50, 100)),
                unit="#",
                date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i % 1800),
                source="bench",
                status="approved" if i % 10 else "draft",
                entered_by=ref["office"],
                team=ref["teams"][i % len(ref["teams"])] if scope == 1 else None,
                cluster=ref["clusters"][i % len(ref["clusters"])] if scope == 2 else None,
            )
        )
        if len(batch) == 5000:
            MeasuredValue.objects.bulk_create(batch)
            batch = []
    MeasuredValue.objects.bulk_create(batch)
    from roadmap.services import indicator_days_rebuild

    indicator_days_rebuild()  # what the review service keeps as it approves, after the bulk insert


def _stakeholders(ref: dict, n: int, rng: random.Random) -> None:
    from stakeholders.models import Collaboration, CollaborationMember, Organisation, Person

    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench organisation {i}",
                org_type="company" if i % 5 else "knowledge_institute",
                province=ref["provinces"][i % len(ref["provinces"])] if i % 4 else None,
                relevance_role="users" if i % 3 == 0 else "",
                frontrunner_class=["frontrunner", "follower", "other", ""][i % 4],
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    if organisations and organisations[0].pk is None:
        organisations = list(Organisation.objects.all())
    through = Organisation.sbi_codes.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, sbicode_id=rng.choice(ref["sbi"]).pk) for o in organisations],
        batch_size=5000,
    )
    collaborations = Collaboration.objects.bulk_create(
        [
            Collaboration(name=f"Bench collaboration {i}", kind="chain" if i % 2 else "project")
            for i in range(n // 10)
        ]
    )
    if collaborations and collaborations[0].pk is None:
        collaborations = list(Collaboration.objects.all())
    CollaborationMember.objects.bulk_create(
        [
            CollaborationMember(collaboration=c, organisation=o)
            for c in collaborations
            for o in rng.sample(organisations, 3)
        ],
        batch_size=5000,
    )
    Person.objects.bulk_create(
        [
            Person(
                name=f"Bench person {i}",
                organisation=organisations[i % len(organisations)],
                change_agent_type="director" if i % 2 else "",
            )
            for i in range(n // 2)
        ],
        batch_size=5000,
    )


def _measure(client) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get("/dashboard/").status_code == 200  # warm-up
    times = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get("/dashboard/")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(context.captured_queries)
    if PROFILE:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, "/dashboard/")
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        slowest = sorted(context.captured_queries, key=lambda q: -float(q["time"]))[:PROFILE]
        for query in slowest:
            print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}", file=sys.stderr)
    return statistics.median(times), queries


def child() -> dict:
    _setup()
    from django.db import connection
    from django.test import Client

    rng = random.Random(6)  # noqa: S311 - generated test data
    ref = _reference(rng)
    started = time.perf_counter()
    _indicators_and_values(ref, VALUES, rng)
    _stakeholders(ref, ORGANISATIONS, rng)
    print(
        f"generated {VALUES:,} values and {ORGANISATIONS:,} organisations in "
        f"{time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    from dashboard.kept import figures_rebuild
    from portfolio.kept import current_sheets_rebuild
    from rhythm.services import report_dues_rebuild

    client = Client()
    client.force_login(ref["reader"])
    rows = []
    have = 0
    for size in sorted(SIZES):
        _grow_projects(ref, have, size, rng)
        report_dues_rebuild()  # what the signals keep as projects are saved, after the bulk insert
        current_sheets_rebuild()  # each project's current impact sheet, kept as sheets are saved
        figures_rebuild()  # each project's part of the programme's figures, kept as projects are saved
        have = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        median, queries = _measure(client)
        rows.append({"size": size, "ms": median * 1000, "queries": queries})
        print(f"{connection.vendor} {size}: {median * 1000:.1f} ms, {queries} queries", file=sys.stderr)
    return {"vendor": connection.vendor, "rows": rows}


# ---- parent: both databases side by side -------------------------------------------------------------------


def run_child(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DASHBOARD_BENCH_CHILD": "1",
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.test",
    }
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, __file__], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr[-6000:] if done.returncode or PROFILE else "")
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed on {database_url.split(':')[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    print(
        f"Programme dashboard: GET /dashboard/ (median of {REPEAT}) for {', '.join(f'{s:,}' for s in SIZES)} "
        f"projects, {VALUES:,} measured values, {ORGANISATIONS:,} organisations",
        flush=True,
    )
    results = []
    if "sqlite" in DATABASES:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run_child(f"sqlite:///{tmp}/bench.sqlite3"))
    name = f"rk_bench_dashboard_{os.getpid()}"
    if "postgresql" in DATABASES and postgres_database(PG_SERVER, "create", name):
        try:
            results.append(run_child(f"{PG_SERVER}/{name}"))
        finally:
            postgres_database(PG_SERVER, "drop", name)
    header = f"{'database':<11}{'projects':>10}{'median ms':>11}{'queries':>9}"
    print(header)
    print("-" * len(header))
    verdicts = []
    for result in results:
        for row in result["rows"]:
            print(f"{result['vendor']:<11}{row['size']:>10,}{row['ms']:>11.1f}{row['queries']:>9}")
        first, last = result["rows"][0], result["rows"][-1]
        ratio = last["ms"] / first["ms"]
        constant = len({row["queries"] for row in result["rows"]}) == 1
        verdicts.append(constant and ratio <= 3)
        print(
            f"{result['vendor']}: time({last['size']:,}) / time({first['size']:,}) = {ratio:.2f}; "
            f"query count {'constant' if constant else 'NOT constant'}"
        )
    print(f"goal (constant query count, ratio <= 3): {'met' if all(verdicts) else 'NOT met'}")
    return 0


if __name__ == "__main__":
    if os.environ.get("DASHBOARD_BENCH_CHILD"):
        print(json.dumps(child()))
    else:
        sys.exit(main())
