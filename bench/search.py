"""Search: server time of GET /search/?q=... with 10,000 projects and 100,000 organisations (and 20,000
people) in the index, on SQLite (FTS5) and PostgreSQL (Dutch text search).

    .venv/bin/python bench/search.py
    SEARCH_BENCH_PROJECTS=1000 SEARCH_BENCH_ORGANISATIONS=10000 .venv/bin/python bench/search.py   # quick

Goal (issue 19 item 4): every query answers in under 200 ms; the script exits with 1 when it is not met.
The queries: a rare word (one project), a word in every project's text (10,000 matches, ranked), an
organisation by name, a prefix, and two words.
The index is written by `search.index.rebuild()` (its time is printed too). Each database runs in a child
process; PostgreSQL gets a throwaway database on postgres://postgres@127.0.0.1:5432, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _postgres import postgres_database  # bench/_postgres.py (the scripts run from bench/)

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("SEARCH_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PROJECTS = int(os.environ.get("SEARCH_BENCH_PROJECTS", "10000"))
ORGANISATIONS = int(os.environ.get("SEARCH_BENCH_ORGANISATIONS", "100000"))
REPEAT = int(os.environ.get("SEARCH_BENCH_REPEAT", "7"))
DATABASES = os.environ.get("SEARCH_BENCH_DATABASES", "sqlite,postgresql").split(",")
GOAL_MS = 200
WORDS = (
    "circulaire kritieke metalen batterijen zonnecellen elektromotoren recycling demontage retourlogistiek "
    "kunststof staal aluminium koper textiel meubels machines installaties onderhoud reparatie hergebruik"
).split()
QUERIES = [
    ("rare word (1 project)", "zeldzaamwoord"),
    ("common word (every project)", "routekaart"),
    ("organisation by name", "Voorbeeldbedrijf 73737"),
    ("prefix", "batterij"),
    ("two words", "kritieke metalen"),
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    # Every app: the page renders the whole layout (header, navigation, inbox) as a signed-in user sees it.
    call_command("migrate", verbosity=0, interactive=False)


def _data(rng: random.Random) -> None:
    from portfolio.models import Project
    from programme.models import Team
    from stakeholders.models import Organisation, Person

    team = Team.objects.create(code="realisatie", name="Team Realisatie", level="operational", order=1)
    projects = []
    for i in range(PROJECTS):
        text = " ".join(rng.choice(WORDS) for _ in range(30))
        if i == PROJECTS // 2:
            text += " zeldzaamwoord"
        projects.append(
            Project(
                number=f"{20 + i % 5}-{i:05d}",
                year=2020 + i % 5,
                sequence=i,
                title=f"Project {i} {rng.choice(WORDS)}",
                team=team,
                description=f"Circulaire strategie met routekaart: {text}.",
            )
        )
    Project.objects.bulk_create(projects, batch_size=2000)
    Organisation.objects.bulk_create(
        [Organisation(name=f"Voorbeeldbedrijf {i}", org_type="company") for i in range(ORGANISATIONS)],
        batch_size=5000,
    )
    organisations = list(Organisation.objects.values_list("pk", flat=True)[: ORGANISATIONS // 5])
    Person.objects.bulk_create(
        [Person(name=f"Persoon {i}", organisation_id=pk) for i, pk in enumerate(organisations)],
        batch_size=5000,
    )


def child() -> dict:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import Role
    from accounts.testing import make_user
    from search import index

    rng = random.Random(19)  # noqa: S311 - generated test data
    started = time.perf_counter()
    _data(rng)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    counts = index.rebuild()
    indexed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: generated in {generated:.1f}s, indexed {sum(counts.values()):,} entries in "
        f"{indexed:.1f}s",
        file=sys.stderr,
    )
    client = Client()
    client.force_login(make_user(Role.PROGRAMME_OFFICE))
    rows = []
    for label, query in QUERIES:
        assert client.get("/search/", {"q": query}).status_code == 200  # warm-up
        times = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get("/search/", {"q": query})
                times.append(time.perf_counter() - began)
            assert response.status_code == 200
        rows.append(
            {"label": label, "query": query, "ms": statistics.median(times) * 1000, "queries": len(queries)}
        )
    return {"vendor": connection.vendor, "rows": rows, "indexed_s": indexed, "entries": sum(counts.values())}


def run_child(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEARCH_BENCH_CHILD": "1",
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.test",
    }
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, __file__], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr[-6000:])
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed on {database_url.split(':')[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    print(
        f"Search: GET /search/?q=... (median of {REPEAT}) with {PROJECTS:,} projects, {ORGANISATIONS:,} "
        f"organisations and {ORGANISATIONS // 5:,} people in the index",
        flush=True,
    )
    results = []
    if "sqlite" in DATABASES:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run_child(f"sqlite:///{tmp}/bench.sqlite3"))
    name = f"rk_bench_search_{os.getpid()}"
    if "postgresql" in DATABASES and postgres_database(PG_SERVER, "create", name):
        try:
            results.append(run_child(f"{PG_SERVER}/{name}"))
        finally:
            postgres_database(PG_SERVER, "drop", name)
    header = f"{'database':<11}{'query':<30}{'median ms':>11}{'queries':>9}"
    print(header)
    print("-" * len(header))
    met = bool(results)  # nothing measured (no database ran) is not a goal met
    for result in results:
        for row in result["rows"]:
            print(f"{result['vendor']:<11}{row['label']:<30}{row['ms']:>11.1f}{row['queries']:>9}")
            met = met and row["ms"] < GOAL_MS
        print(
            f"{result['vendor']}: index of {result['entries']:,} entries rebuilt in "
            f"{result['indexed_s']:.1f}s"
        )
    print(f"goal (every query under {GOAL_MS} ms): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    if os.environ.get("SEARCH_BENCH_CHILD"):
        print(json.dumps(child()))
    else:
        sys.exit(main())
