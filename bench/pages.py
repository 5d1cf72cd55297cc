"""The pages users meet as the programme grows (issue 17): server time (median) and SQL query count of every
list, dashboard, stakeholder and roadmap page, HTML and API, at growing sizes, on SQLite and PostgreSQL, with
the ratio time(largest) / time(smallest) per page.

    .venv/bin/python bench/pages.py
    PAGES_BENCH_STEPS=100:1000:1000,1000:5000:5000 .venv/bin/python bench/pages.py    # quick
    PAGES_BENCH_STEPS=100:10000:10000,10000:100000:100000 PAGES_BENCH_REPEAT=3 .venv/bin/python bench/pages.py
    PAGES_BENCH_DATABASES=sqlite .venv/bin/python bench/pages.py
    PAGES_BENCH_PAGES=dashboard,network .venv/bin/python bench/pages.py   # pages named so ("export": the job)

A step is projects:organisations:measured values. Every app is migrated; the data are what users will meet:
projects with clusters, SBI codes, impact sheets (some in two versions) and progress reports (some several),
one sweet spot adopted through `materials.services.sweet_spot_adopt`, organisations found by one to three
sources with sectors, classes and innovations, collaborations of three, people, and measured values over
nine indicators. The volume is written with bulk inserts (the services would take hours for 100,000 rows);
the generators of bench/dashboard.py are reused for projects, impact sheets and values.

Goal (issue 17): per page the query count is the same at every size and time(largest) / time(smallest) <= 2.
Each database runs in a child process; PostgreSQL gets a throwaway database that is dropped afterwards.
"""

from __future__ import annotations

import datetime
import importlib.util
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
PG_SERVER = os.environ.get("PAGES_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# The sizes of issue 17: 100 / 1,000 / 10,000 projects with 10,000 -> 100,000 organisations and values.
DEFAULT_STEPS = "100:10000:10000,1000:30000:30000,10000:100000:100000"
STEPS = [
    tuple(int(part) for part in step.split(":"))
    for step in os.environ.get("PAGES_BENCH_STEPS", DEFAULT_STEPS).split(",")
    if step.strip()
]
REPEAT = int(os.environ.get("PAGES_BENCH_REPEAT", "5"))
DATABASES = os.environ.get("PAGES_BENCH_DATABASES", "sqlite,postgresql").split(",")
GOAL = 2.0
KVK_FIRST = 90_000_000  # the bench's organisations have KvK numbers from here (organisation i: KVK_FIRST + i)

PAGES = [
    ("portfolio list", "/portfolio/"),
    ("portfolio list, sorted, page 2", "/portfolio/?sort=title&page=2"),
    ("dashboard (sweet spot adopted)", "/dashboard/"),
    ("dashboard PDF", "/dashboard/export.pdf"),
    ("dashboard XLSX", "/dashboard/export.xlsx"),
    ("API dashboard", "/api/dashboard/"),
    ("dashboard budget", "/dashboard/budget/"),
    ("dashboard planning", "/dashboard/planning/"),
    ("API projects", "/api/portfolio/projects/"),
    ("stakeholder register", "/stakeholders/"),
    ("API organisations", "/api/stakeholders/organisations/"),
    ("network", "/stakeholders/network/"),
    # One organisation, found by its KvK number; and a name one organisation in nine shares ("Bench
    # organisation 7", "... 70", "... 7012"): a neighbourhood that grows with the register, counted up to
    # stakeholders.views.NETWORK_COUNT_LIMIT links.
    ("network, one organisation", f"/stakeholders/network/?q={KVK_FIRST + 7}"),
    ("network, a name one in nine share", "/stakeholders/network/?q=Bench+organisation+7"),
    ("coverage", "/stakeholders/coverage/"),
    ("coverage, one source", "/stakeholders/coverage/?source=rvo"),
    ("API coverage", "/api/stakeholders/coverage/"),
    ("API coverage misses", "/api/stakeholders/coverage/misses/?source=rvo"),
    ("roadmap", "/roadmap/"),
    ("indicators", "/roadmap/indicators/"),
    ("indicator page", "/roadmap/indicators/co2-impact/"),
    ("API indicators", "/api/roadmap/indicators/"),
    ("API measured values", "/api/roadmap/values/"),
    ("roadmap XLSX", "/roadmap/export.xlsx"),
    ("overdue reports", "/rhythm/overdue/"),
    ("reporting calendar", "/rhythm/calendar/"),
]
# PAGES_BENCH_PAGES: only the pages whose name contains one of these comma-separated words (all by default).
_ONLY = [word.strip().lower() for word in os.environ.get("PAGES_BENCH_PAGES", "").split(",") if word.strip()]
if _ONLY:
    PAGES = [(name, url) for name, url in PAGES if any(word in name.lower() for word in _ONLY)]
SOURCES = ["slimme-tool", "rvo", "media-analyse"]
EXPORT = "register XLSX export (job, once)"  # a job: its time is reported, the goal is its query count


def _dashboard_bench():
    """bench/dashboard.py as a module (its name would import the dashboard app)."""
    spec = importlib.util.spec_from_file_location("bench_dashboard", ROOT / "bench" / "dashboard.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- child: one database --------------------------------------------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from catalogue.loader import catalogue_load

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    catalogue_load()
    print(
        f"migrated every app and loaded the catalogue in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )


def _progress_reports(ref: dict, start: int, stop: int, rng: random.Random) -> None:
    """One to three progress reports per new project (two on one date for every fifth: the entry breaks the
    tie), with funding lines."""
    from portfolio.models import ProgressReport, Project, ReportGrant

    reports = []
    for project in Project.objects.filter(sequence__gte=start, sequence__lt=stop).only("pk", "phase"):
        dates = [datetime.date(2021, 1 + k * 3, 1) for k in range(1 + project.pk % 3)]
        if project.pk % 5 == 0:
            dates.append(dates[-1])
        for date in dates:
            reports.append(
                ProgressReport(
                    project_id=project.pk,
                    report_date=date,
                    timeline_start=date,
                    timeline_end=date,
                    finance_date=date,
                    budget_needed=Decimal(rng.randint(10, 500) * 1000),
                    spent=Decimal(rng.randint(0, 100) * 1000),
                    phase_at_report=project.phase,
                    created_by=ref["office"],
                    funding=[
                        {"funder": funder, "amount": rng.randint(1, 50) * 1000}
                        for funder in rng.sample(["RVO", "EU", "Provincie"], rng.randint(1, 2))
                    ],
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    # The grant lines ProgressReport.save keeps as rows (the bulk insert passes it by): the budget sums them.
    ReportGrant.objects.bulk_create(
        [line for report in reports for line in ReportGrant.lines_of(report)], batch_size=5000
    )


def _organisations(ref: dict, start: int, stop: int, rng: random.Random) -> None:
    """Organisations start..stop-1 found by one to three sources, with a sector and class, a circular
    innovation for every fourth, people, and collaborations of three among the new ones."""
    from stakeholders.models import (
        Collaboration,
        CollaborationMember,
        Innovation,
        Organisation,
        OrganisationSource,
        Person,
        Source,
    )

    sources = {source.code: source for source in Source.objects.filter(code__in=SOURCES)}
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench organisation {i}",
                kvk_number=str(KVK_FIRST + i),
                org_type="company" if i % 5 else "knowledge_institute",
                province=ref["provinces"][i % len(ref["provinces"])] if i % 4 else None,
                sector=["in_manufacturing", "innovation_only", "neither"][i % 3],
                frontrunner_class=["frontrunner", "follower", "other", ""][i % 4],
            )
            for i in range(start, stop)
        ],
        batch_size=5000,
    )
    organisations = list(Organisation.objects.filter(name__startswith="Bench organisation ").order_by("pk"))[
        start:stop
    ]
    OrganisationSource.objects.bulk_create(
        [
            OrganisationSource(organisation_id=o.pk, source=sources[code])
            for o in organisations
            for code in rng.sample(SOURCES, rng.randint(1, 3))
        ],
        batch_size=5000,
    )
    through = Organisation.sbi_codes.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, sbicode_id=rng.choice(ref["sbi"]).pk) for o in organisations],
        batch_size=5000,
    )
    Innovation.objects.bulk_create(
        [
            Innovation(
                organisation_id=o.pk,
                title=f"Innovatie {o.pk}",
                circular_aims=["material_efficiency"],
                beyond_common_practice=True,
                beyond_legal_duty=o.pk % 2 == 0,
            )
            for o in organisations[::4]
        ],
        batch_size=5000,
    )
    Person.objects.bulk_create(
        [Person(name=f"Bench person {o.pk}", organisation_id=o.pk) for o in organisations[::2]],
        batch_size=5000,
    )
    collaborations = Collaboration.objects.bulk_create(
        [
            Collaboration(name=f"Bench collaboration {i}", kind="chain" if i % 2 else "project")
            for i in range(start // 10, stop // 10)
        ],
        batch_size=5000,
    )
    if collaborations and collaborations[0].pk is None:
        collaborations = list(
            Collaboration.objects.filter(name__startswith="Bench collaboration ").order_by("pk")
        )[start // 10 : stop // 10]
    CollaborationMember.objects.bulk_create(
        [
            CollaborationMember(collaboration_id=c.pk, organisation_id=o.pk)
            for c in collaborations
            for o in rng.sample(organisations, 3)
        ],
        batch_size=5000,
    )


def _values(ref: dict, start: int, stop: int, rng: random.Random) -> None:
    """Measured values start..stop-1 over the nine indicators (the first step creates the indicators)."""
    from roadmap.models import Indicator, MeasuredValue

    indicators = list(Indicator.objects.order_by("order"))
    batch = [
        MeasuredValue(
            indicator=indicators[i % len(indicators)],
            value=Decimal(rng.randint(-50, 100)),
            unit="#",
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=i % 1800),
            source="bench",
            status="approved" if i % 10 else "draft",
            entered_by=ref["office"],
            team=ref["teams"][i % len(ref["teams"])] if i % 3 == 1 else None,
            cluster=ref["clusters"][i % len(ref["clusters"])] if i % 3 == 2 else None,
        )
        for i in range(start, stop)
    ]
    MeasuredValue.objects.bulk_create(batch, batch_size=5000)


def _keep_summaries() -> None:
    """The summaries kept as the apps write (measured values per day, each project's due report, the coverage
    counts, the collaboration network, the dashboard's figures), recomputed after the bulk inserts, which
    pass the services and signals by."""
    from dashboard.kept import figures_rebuild
    from portfolio.kept import current_sheets_rebuild, latest_reports_rebuild
    from rhythm.services import report_dues_rebuild
    from roadmap.services import indicator_days_rebuild
    from stakeholders.services import coverage_rebuild
    from stakeholders.services.network import network_rebuild

    latest_reports_rebuild()
    current_sheets_rebuild()
    figures_rebuild()  # after the current sheets: each project's part of the dashboard's figures
    indicator_days_rebuild()
    report_dues_rebuild()
    coverage_rebuild()
    network_rebuild()


def _adopt_sweet_spot(ref: dict) -> None:
    from catalogue.models import SbiCode
    from materials import selectors, services, sweetspots

    row = selectors.scoping_table()[0]
    services.sweet_spot_adopt(
        actor=ref["office"],
        sbi=SbiCode.objects.get(code=row.item.sbi),
        team=ref["teams"][3],
        weights=sweetspots.DEFAULT_WEIGHTS,
    )


def _measure(client, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    times, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context.captured_queries)
    return statistics.median(times), queries, len(response.content)


def _measure_export(user) -> dict:
    """The register's XLSX export of every organisation: queued as a job (over EXPORT_INLINE_ROWS rows) and
    run once by the worker's own loop, in this process; its time, query count and rows."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from jobs import exports
    from jobs.models import JobRun
    from jobs.worker import run_queued_jobs

    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        exported = exports.export_list(
            actor=user, name="stakeholders.organisations", fmt="xlsx", query=QueryDict("")
        )
        assert exported.job is not None, "the export of the whole register should be a job"
        run_queued_jobs(limit=1)
        elapsed = time.perf_counter() - started
    job = JobRun.objects.get(pk=exported.job.pk)
    assert job.status == JobRun.Status.DONE, job.status
    return {
        "ms": elapsed * 1000,
        "queries": len(context.captured_queries),
        "rows": (job.result or {}).get("rows"),
    }


def child() -> dict:
    _setup()
    from django.db import connection
    from django.test import Client

    base = _dashboard_bench()
    rng = random.Random(17)  # noqa: S311 - generated test data
    ref = base._reference(rng)
    base._indicators_and_values(ref, 0, rng)  # the nine indicators and their targets, no values yet
    client = Client()
    client.force_login(ref["office"])
    have = (0, 0, 0)
    rows: dict[str, list[dict]] = {name: [] for name, _url in PAGES}
    for step in STEPS:
        projects, organisations, values = step
        started = time.perf_counter()
        base._grow_projects(ref, have[0], projects, rng)
        _progress_reports(ref, have[0], projects, rng)
        _organisations(ref, have[1], organisations, rng)
        _values(ref, have[2], values, rng)
        if have == (0, 0, 0):
            _adopt_sweet_spot(ref)
        _keep_summaries()
        have = step
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor} {step}: generated in {time.perf_counter() - started:.1f}s", file=sys.stderr
        )
        for name, url in PAGES:
            median, queries, size = _measure(client, url)
            rows[name].append({"step": list(step), "ms": median * 1000, "queries": queries, "bytes": size})
            print(f"  {name}: {median * 1000:.1f} ms, {queries} queries, {size:,} bytes", file=sys.stderr)
        if not _ONLY or "export" in _ONLY:
            exported = _measure_export(ref["office"])
            rows.setdefault(EXPORT, []).append({"step": list(step), **exported})
            print(f"  {EXPORT}: {exported}", file=sys.stderr)
    return {"vendor": connection.vendor, "rows": rows}


# ---- parent: both databases side by side -------------------------------------------------------------------


def run_child(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PAGES_BENCH_CHILD": "1",
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.test",
    }
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, __file__], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-6000:])
        raise RuntimeError(f"benchmark child failed on {database_url.split(':')[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    steps = " → ".join(f"{p:,}/{o:,}/{v:,}" for p, o, v in STEPS)
    print(f"Pages (median of {REPEAT}) at projects/organisations/measured values {steps}", flush=True)
    results = []
    if "sqlite" in DATABASES:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run_child(f"sqlite:///{tmp}/bench.sqlite3"))
    name = f"rk_bench_pages_{os.getpid()}"
    if "postgresql" in DATABASES and postgres_database(PG_SERVER, "create", name):
        try:
            results.append(run_child(f"{PG_SERVER}/{name}"))
        finally:
            postgres_database(PG_SERVER, "drop", name)
    width = max(len(name) for name, _url in PAGES) + 2
    met = True
    for result in results:
        header = (
            f"{result['vendor']:<{width}}"
            + "".join(f"{'ms':>10}{'q':>5}" for _step in STEPS)
            + f"{'ratio':>8}  goal"
        )
        print()
        print(header)
        print("-" * len(header))
        for name, _url in PAGES:
            rows = result["rows"][name]
            ratio = rows[-1]["ms"] / rows[0]["ms"]
            constant = len({row["queries"] for row in rows}) == 1
            ok = constant and ratio <= GOAL
            met &= ok
            cells = "".join(f"{row['ms']:>10.1f}{row['queries']:>5}" for row in rows)
            verdict = "met" if ok else ("queries grow" if not constant else "too slow")
            print(f"{name:<{width}}{cells}{ratio:>8.2f}  {verdict}")
        rows = result["rows"].get(EXPORT)
        if not rows:
            continue
        constant = len({row["queries"] for row in rows}) == 1
        met &= constant
        cells = "".join(f"{row['ms']:>10.1f}{row['queries']:>5}" for row in rows)
        sizes = " / ".join(f"{row['rows']:,} rows" for row in rows)
        print(f"{EXPORT}: {cells.strip()}  ({sizes}; {'constant queries' if constant else 'queries grow'})")
    print(f"\ngoal (per page: constant query count, time ratio <= {GOAL:g}): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    if os.environ.get("PAGES_BENCH_CHILD"):
        print(json.dumps(child()))
    else:
        sys.exit(main())
