"""Stakeholder bulk import: rows/second of stakeholders.importer against django-import-export, on SQLite and
PostgreSQL, with the same generated organisations (KvK number, name, SBI codes, province, size class,
establishments, website, chain position) and the same source link.

    .venv/bin/python bench/stakeholder_import.py                  # 100,000 organisations
    STAKEHOLDER_BENCH_N=5000 .venv/bin/python bench/stakeholder_import.py   # a quick run

django-import-export gets the same rows, fed in chunks of 2,000 (one import_data call and transaction each),
until all are imported or its time budget is spent: STAKEHOLDER_BENCH_IE_BUDGET seconds per database and
mode (default 900, 15 minutes). Row by row (one save() per organisation, plus its SBI codes and the audit
record) it may not get through 100,000 rows in that time; then it has been measured on the rows it did
import, and the output says so. STAKEHOLDER_BENCH_IE_N caps its rows for a quick run. rows/second is the
figure compared. Its `use_bulk` mode is measured as well: it is faster but cannot write many-to-many fields,
so it leaves out the SBI codes (it does less work than ours).

Each database runs in a child process (Django is configured once per process); PostgreSQL gets a throwaway
database on postgres://postgres@127.0.0.1:5432 that is dropped afterwards.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("STAKEHOLDER_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PROVINCES = [
    ("DR", "Drenthe"),
    ("FL", "Flevoland"),
    ("FR", "Fryslân"),
    ("GE", "Gelderland"),
    ("GR", "Groningen"),
    ("LI", "Limburg"),
    ("NB", "Noord-Brabant"),
    ("NH", "Noord-Holland"),
    ("OV", "Overijssel"),
    ("UT", "Utrecht"),
    ("ZE", "Zeeland"),
    ("ZH", "Zuid-Holland"),
]
SBI = [
    "10",
    "13",
    "16",
    "17",
    "20",
    "22",
    "23",
    "24",
    "25",
    "26",
    "27",
    "28",
    "29",
    "30",
    "31",
    "32",
    "33",
    "2410",
    "2511",
    "2562",
    "2811",
    "2822",
    "2910",
    "2932",
    "3011",
    "3312",
]
SIZES = ["0-50", "51-100", ">100"]
CHAIN = ["raw_material_producer", "supplier", "producer", "customer", "distributor", "buyer", "retail"]
HEADERS = [
    "kvk_number",
    "name",
    "sbi_codes",
    "province",
    "size_class",
    "establishments",
    "website",
    "chain_position",
]


def generate(n: int) -> list[list[str]]:
    rng = random.Random(42)
    rows = []
    for i in range(n):
        codes = ";".join(sorted(set(rng.sample(SBI, rng.randint(1, 3)))))
        rows.append(
            [
                f"{10_000_000 + i:08d}",
                f"Maakbedrijf {i} B.V.",
                codes,
                rng.choice(PROVINCES)[0],
                rng.choice(SIZES),
                str(rng.randint(1, 12)),
                f"https://www.maakbedrijf{i}.nl",
                rng.choice(CHAIN),
            ]
        )
    return rows


# ---- child: one database --------------------------------------------------------------------------------


IE_CHUNK = 2000


def child(n: int, n_ie: int, budget: float) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiekamer.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    for app in ("catalogue", "stakeholders"):  # and what they depend on; not the other apps
        call_command("migrate", app, verbosity=0, interactive=False)
    print(f"migrated in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    from accounts.authorization import system_actor
    from catalogue.models import Province, SbiCode
    from stakeholders import importer
    from stakeholders.models import Organisation, OrganisationSource, Source

    for code, name in PROVINCES:
        Province.objects.get_or_create(code=code, defaults={"name": name, "source_section": "bench"})
    for code in SBI:
        SbiCode.objects.get_or_create(
            code=code,
            defaults={
                "level": len(code),
                "name": f"SBI {code}",
                "in_manufacturing_scope": True,
                "source_section": "bench",
            },
        )
    source = Source.objects.get(code="slimme-tool")
    rows = generate(n)
    result = {"vendor": connection.vendor, "n": n}

    def clear():
        # Plain DELETEs: the ORM's delete() would also visit the other apps' relations to Organisation, whose
        # tables this bench does not migrate (and collects 100,000 objects first).
        tables = [
            OrganisationSource._meta.db_table,
            Organisation.sbi_codes.through._meta.db_table,
            Organisation.history.model._meta.db_table,
            Organisation._meta.db_table,
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model names

    # Ours: plan (validation with pre-fetched look-ups) + bulk write in batches, one transaction.
    started = time.perf_counter()
    plan = importer.plan_import(headers=HEADERS, rows=rows, mapping={h: h for h in HEADERS})
    planned = time.perf_counter()
    importer.import_apply(plan=plan, source=source, actor=system_actor())
    finished = time.perf_counter()
    assert not plan.errors, plan.errors[:3]
    assert Organisation.objects.count() == n
    assert Organisation.sbi_codes.through.objects.count() == sum(len(r[2].split(";")) for r in rows)
    result["ours_seconds"] = finished - started
    result["ours_plan_seconds"] = planned - started
    result["ours_rows_per_second"] = n / (finished - started)
    clear()

    # django-import-export, the same rows (a sample), standard row-by-row mode and use_bulk mode.
    import tablib
    from import_export import fields, resources, widgets

    class OrganisationResource(resources.ModelResource):
        province = fields.Field(
            attribute="province",
            column_name="province",
            widget=widgets.ForeignKeyWidget(Province, field="code"),
        )
        sbi_codes = fields.Field(
            attribute="sbi_codes",
            column_name="sbi_codes",
            widget=widgets.ManyToManyWidget(SbiCode, field="code", separator=";"),
        )

        class Meta:
            model = Organisation
            import_id_fields = ["kvk_number"]
            fields = [
                "kvk_number",
                "name",
                "sbi_codes",
                "province",
                "size_class",
                "establishments",
                "website",
                "chain_position",
            ]
            skip_diff = True

        def after_save_instance(self, instance, row, **kwargs):
            if not kwargs.get("dry_run"):
                OrganisationSource.objects.get_or_create(organisation=instance, source=source)

    class BulkOrganisationResource(OrganisationResource):
        class Meta(OrganisationResource.Meta):
            use_bulk = True
            batch_size = 2000
            fields = [
                "kvk_number",
                "name",
                "province",
                "size_class",
                "establishments",
                "website",
                "chain_position",
            ]

        def after_save_instance(self, instance, row, **kwargs):
            pass  # no primary key yet in bulk mode; the source links are written after the import

        def after_import(self, dataset, result, **kwargs):
            new = Organisation.objects.filter(source_links__isnull=True)  # this chunk's organisations
            OrganisationSource.objects.bulk_create(
                [OrganisationSource(organisation=o, source=source) for o in new], batch_size=2000
            )

    for key, resource_class in (("ie", OrganisationResource), ("ie_bulk", BulkOrganisationResource)):
        resource, imported, seconds = resource_class(), 0, 0.0
        while imported < n_ie and seconds < budget:
            chunk = rows[imported : min(imported + IE_CHUNK, n_ie)]
            dataset = tablib.Dataset(*chunk, headers=HEADERS)
            started = time.perf_counter()
            outcome = resource.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
            seconds += time.perf_counter() - started
            assert not outcome.has_errors()
            imported += len(chunk)
        assert Organisation.objects.count() == imported
        assert OrganisationSource.objects.count() == imported
        result[f"{key}_rows"] = imported
        result[f"{key}_seconds"] = seconds
        result[f"{key}_rows_per_second"] = imported / seconds
        print(f"{key}: {imported:,} rows in {seconds:.1f}s", file=sys.stderr)
        clear()
    return result


# ---- parent: both databases side by side -------------------------------------------------------------------


def run_child(database_url: str, n: int, n_ie: int, budget: float) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STAKEHOLDER_BENCH_CHILD": "1",
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.test",
    }
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, __file__, str(n), str(n_ie), str(budget)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_database(action: str, name: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as conn:
            if action == "create":
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            else:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return True
    except psycopg.Error as exc:
        print(f"PostgreSQL not available ({exc}); skipped.", file=sys.stderr)
        return False


def main() -> int:
    n = int(os.environ.get("STAKEHOLDER_BENCH_N", "100000"))
    n_ie = min(n, int(os.environ.get("STAKEHOLDER_BENCH_IE_N", str(n))))
    budget = float(os.environ.get("STAKEHOLDER_BENCH_IE_BUDGET", "900"))
    print(
        f"Stakeholder import: {n:,} generated organisations, stakeholders.importer vs django-import-export "
        f"(up to {n_ie:,} of the same rows, at most {budget:.0f} s per database and mode)",
        flush=True,
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run_child(f"sqlite:///{tmp}/bench.sqlite3", n, n_ie, budget))
    name = f"rk_bench_stakeholders_{os.getpid()}"
    if postgres_database("create", name):
        try:
            results.append(run_child(f"{PG_SERVER}/{name}", n, n_ie, budget))
        finally:
            postgres_database("drop", name)
    header = (
        f"{'database':<11}{'rows':>9}{'ours rows/s':>13}{'ours s':>8}{'check s':>9}{'write s':>9}"
        f"{'i-e rows':>10}{'i-e rows/s':>12}{'i-e s':>8}{'bulk rows':>11}{'bulk rows/s':>13}"
        f"{'speed-up':>10}{'vs bulk':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['vendor']:<11}{r['n']:>9,}{r['ours_rows_per_second']:>13,.0f}{r['ours_seconds']:>8.1f}"
            f"{r['ours_plan_seconds']:>9.1f}{r['ours_seconds'] - r['ours_plan_seconds']:>9.1f}"
            f"{r['ie_rows']:>10,}{r['ie_rows_per_second']:>12,.0f}{r['ie_seconds']:>8.1f}"
            f"{r['ie_bulk_rows']:>11,}{r['ie_bulk_rows_per_second']:>13,.0f}"
            f"{r['ours_rows_per_second'] / r['ie_rows_per_second']:>9.1f}x"
            f"{r['ours_rows_per_second'] / r['ie_bulk_rows_per_second']:>8.1f}x"
        )
    for r in results:
        for key, label in (("ie", "django-import-export"), ("ie_bulk", "django-import-export use_bulk")):
            if r[f"{key}_rows"] < r["n"]:
                print(
                    f"NOTE {r['vendor']}: {label} was measured on a SAMPLE of {r[f'{key}_rows']:,} rows, "
                    f"not all {r['n']:,} ({r[f'{key}_seconds'] / 60:.1f} min); at that rate all {r['n']:,} "
                    f"would take about {r['n'] / r[f'{key}_rows_per_second'] / 60:.0f} min (not run)."
                )
    print("ours: validation + de-duplication + bulk writes with audit history, SBI codes and source links;")
    print(
        "i-e: django-import-export row by row (same fields, SBI codes, source link); "
        "i-e bulk: use_bulk=True, without SBI codes (it cannot write many-to-many fields)."
    )
    slowest = min(r["ours_rows_per_second"] / r["ie_rows_per_second"] for r in results)
    print(
        f"goal >= 5x faster than django-import-export: {'met' if slowest >= 5 else 'NOT met'} "
        f"(lowest speed-up {slowest:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    if os.environ.get("STAKEHOLDER_BENCH_CHILD"):
        print(json.dumps(child(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))))
    else:
        sys.exit(main())
