"""Load: 10 and 50 concurrent logged-in users (and 1, as a baseline) on the production server (gunicorn,
`regiekamer.gunicorn_conf`), over a mix of the main pages and the API, on SQLite and on PostgreSQL; then a
large stakeholder import while ten users click and three of them write.

    .venv/bin/python bench/load.py
    LOAD_BENCH_SECONDS=10 LOAD_BENCH_DATABASES=sqlite .venv/bin/python bench/load.py   # quick

Each database gets a fresh installation (`regiekamer migrate`, `regiekamer demo`) in a temporary directory or
a throwaway PostgreSQL database on postgres://postgres@127.0.0.1:5432, served by gunicorn on a free port of
127.0.0.1 (LOAD_BENCH_WEB_WORKERS processes, default (2 x cores) + 1 as `make serve`) with a task worker
beside it, as `make serve` runs it. Nothing leaves the loopback interface.

Each simulated user logs in through the login form (its own session; users cycle through the demo roles that
may open every page of the mix), then requests one page after another without pause (a closed loop: the
figures are the server's capacity, not a think-time model), choosing by weight:

    home 2, dashboard 2, portfolio list 2, a project page 2, its impact sheet as PDF 1, stakeholder list 2,
    API project list 2

A level runs LOAD_BENCH_SECONDS (default 30) or until LOAD_BENCH_MAX_REQUESTS (default 20,000) requests,
whichever comes first. An error is any answer but 200 (a PDF must also start with %PDF) or a failed
connection. Printed per level: requests, requests/s, p50/p95/p99 latency, errors, and p50/p95 per page.

"A large import while others click": the programme office imports LOAD_BENCH_IMPORT_ROWS (default 20,000)
new organisations as from the browser (upload, mapping page, Import; the task worker runs it as a job, all
or nothing, and the batch page is polled until it has ended) while ten users click the mix and three
of them (programme office, Regieteam, team lead) also add an organisation through the API every third
request. Printed: the import's time, the readers' latency, and the writes' count, latency (p50, p95, max: on
SQLite a write waits while the import holds the write lock) and errors. The bar: 0 errors.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("LOAD_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASES = [d for d in os.environ.get("LOAD_BENCH_DATABASES", "sqlite,postgresql").split(",") if d]
# 1 user first: each page's own time, without queueing (a baseline to read the 10 and 50 against).
LEVELS = [int(n) for n in os.environ.get("LOAD_BENCH_USERS", "1,10,50").split(",") if n]
SECONDS = float(os.environ.get("LOAD_BENCH_SECONDS", "30"))
MAX_REQUESTS = int(os.environ.get("LOAD_BENCH_MAX_REQUESTS", "20000"))
WEB_WORKERS = int(os.environ.get("LOAD_BENCH_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
IMPORT_ROWS = int(os.environ.get("LOAD_BENCH_IMPORT_ROWS", "20000"))
IMPORT_TIMEOUT = float(os.environ.get("LOAD_BENCH_IMPORT_TIMEOUT", "600"))
REQUEST_TIMEOUT = 120  # seconds; gunicorn's own timeout is 120 as well
PASSWORD = "regiekamer-demo"  # noqa: S105 - the demo users' published password (README)
READ_ROLES = ["kantoor", "regieteam", "teamtrekker", "projectleider", "kbo-lid", "lezer"]
WRITE_ROLES = ["kantoor", "regieteam", "teamtrekker"]  # may change the stakeholder register
MIX = [
    ("home", "/", 2),
    ("dashboard", "/dashboard/", 2),
    ("portfolio list", "/portfolio/", 2),
    ("project page", "/portfolio/{project}/", 2),
    ("impact-sheet PDF", "/portfolio/{project}/impact/?format=pdf", 1),
    ("stakeholder list", "/stakeholders/", 2),
    ("API project list", "/api/portfolio/projects/", 2),
]


# ---- an HTTP client with its own session ------------------------------------------------------------------


class Browser:
    """One user: a keep-alive connection (reopened when the server closes it) and the session's cookies. The
    cookies are Secure (production profile) and sent by hand over the loopback's plain HTTP."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close the connection after each response: reconnect once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _sep, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, data, response
        raise AssertionError("unreachable")

    def get(self, path: str):
        return self.request("GET", path)

    def login(self, username: str) -> None:
        status, page, _response = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: {status}")
        form = urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        status, _data, response = self.request(
            "POST",
            "/accounts/login/",
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: {status} {response.getheader('Location')}")

    def post_json(self, path: str, payload: dict):
        return self.request(
            "POST",
            path,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": self.cookies.get("csrftoken", "")},
        )


# ---- measuring ---------------------------------------------------------------------------------------------


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[page].append(seconds)
            if error:
                self.errors[page] += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(f"{page}: {error}")

    def take(self) -> bool:
        """Count one more request; False once MAX_REQUESTS were taken."""
        with self.lock:
            if self.count >= MAX_REQUESTS:
                return False
            self.count += 1
            return True


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        value = values[0] if values else float("nan")
        return value, value, value
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def check(page: str, status: int, data: bytes) -> str | None:
    if status != 200:
        return f"HTTP {status}"
    if page == "impact-sheet PDF" and not data.startswith(b"%PDF"):
        return "not a PDF"
    return None


def click(browser: Browser, rng: random.Random, pages: list, weights: list[int], tally: Tally) -> None:
    page, path = rng.choices(pages, weights)[0]
    started = time.perf_counter()
    try:
        status, data, _response = browser.get(path)
        error = check(page, status, data)
    except Exception as exc:  # noqa: BLE001 - a failed connection is an error to count, not a crash
        error = type(exc).__name__
    tally.add(page, time.perf_counter() - started, error)


def run_level(browsers: list[Browser], project: str, seconds: float) -> tuple[Tally, float]:
    pages = [(name, path.format(project=project)) for name, path, _w in MIX]
    weights = [w for _n, _p, w in MIX]
    tally = Tally()
    deadline = time.perf_counter() + seconds

    def user(index: int) -> None:
        rng = random.Random(index)
        while time.perf_counter() < deadline and tally.take():
            click(browsers[index], rng, pages, weights, tally)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(len(browsers))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def print_level(label: str, tally: Tally, elapsed: float) -> dict:
    every = [t for times in tally.times.values() for t in times]
    errors = sum(tally.errors.values())
    p50, p95, p99 = percentiles(every)
    load = os.getloadavg()[0]
    print(
        f"  {label:<28} {len(every):>7} req {len(every) / elapsed:>7.1f} req/s   p50 {p50 * 1000:>6.0f} ms"
        f"   p95 {p95 * 1000:>6.0f} ms   p99 {p99 * 1000:>6.0f} ms   errors {errors}   (load avg {load:.1f})",
        flush=True,
    )
    for page in [name for name, _p, _w in MIX] + ["organisation added (API)"]:
        times = tally.times.get(page)
        if not times:
            continue
        q50, q95, _q99 = percentiles(times)
        print(
            f"      {page:<26} {len(times):>6}   p50 {q50 * 1000:>6.0f} ms   p95 {q95 * 1000:>6.0f} ms"
            f"   max {max(times) * 1000:>6.0f} ms   errors {tally.errors.get(page, 0)}"
        )
    for sample in tally.error_samples:
        print(f"      e.g. {sample}")
    return {
        "requests": len(every),
        "rps": len(every) / elapsed,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "errors": errors,
    }


# ---- an installation and its server ---------------------------------------------------------------------


def postgres_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]  # a name made here, not input


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(env: dict, *args: str, timeout: float = 900) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "regiekamer", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        output = result.stdout[-2000:] + result.stderr[-4000:]
        raise RuntimeError(f"regiekamer {' '.join(args)} failed:\n{output}")
    return result.stdout


FACTS = """
import json
from catalogue.models import Province, SbiCode
from portfolio.models import ImpactSheet
sheet = ImpactSheet.objects.select_related("project").order_by("project__number").first()
print(json.dumps({
    "project": sheet.project.number,
    "provinces": list(Province.objects.values_list("code", flat=True)),
    "sbi": list(SbiCode.objects.filter(level=2, in_manufacturing_scope=True).values_list("code", flat=True)),
}))
"""


def install(env: dict) -> dict:
    started = time.perf_counter()
    local = {**env, "DJANGO_SETTINGS_MODULE": "regiekamer.settings.local"}
    run(local, "migrate", "--noinput")
    run(local, "demo")
    facts = json.loads(run(local, "shell", "-c", FACTS).strip().splitlines()[-1])
    print(f"  installed (migrate + demo) in {time.perf_counter() - started:.0f} s", flush=True)
    return facts


def start_server(env: dict, port: int) -> list[subprocess.Popen]:
    web = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:regiekamer.gunicorn_conf",
            "regiekamer.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WEB_WORKERS),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(env["LOAD_BENCH_LOG"], "ab"),  # noqa: SIM115
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "regiekamer", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(env["LOAD_BENCH_LOG"], "ab"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if Browser(port).get("/accounts/login/")[0] == 200:
                return [web, worker]
        except OSError:
            pass
        if web.poll() is not None:
            break
        time.sleep(0.5)
    stop([web, worker])
    raise RuntimeError(f"gunicorn did not start; see {env['LOAD_BENCH_LOG']}")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_in(port: int, roles: list[str], n: int) -> list[Browser]:
    browsers = [Browser(port) for _ in range(n)]
    errors: list[str] = []

    def one(i: int) -> None:
        try:
            browsers[i].login(roles[i % len(roles)])
        except Exception as exc:  # noqa: BLE001
            errors.append(str(exc))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} logins failed, e.g. {errors[0]}")
    return browsers


def roles_for_the_mix(port: int, project: str) -> list[str]:
    """The demo roles that may open every page of the mix (the others would measure refusals)."""
    allowed = []
    for role in READ_ROLES:
        browser = Browser(port)
        browser.login(role)
        refused = [
            name
            for name, path, _w in MIX
            if check(name, *browser.get(path.format(project=project))[:2]) is not None
        ]
        if refused:
            print(f"  (role {role} left out: {', '.join(refused)} refused)")
        else:
            allowed.append(role)
    if not allowed:
        raise RuntimeError("no demo role may open every page of the mix")
    return allowed


def import_file(path: Path, facts: dict, rows: int) -> None:
    rng = random.Random(16)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["KvK nummer", "Naam", "SBI", "Provincie", "Grootteklasse", "Vestigingen", "Website", "Ketenpositie"]
    )
    for i in range(rows):
        writer.writerow(
            [
                f"{70_000_000 + i:08d}",
                f"Belastingtest Maakbedrijf {i} B.V.",
                ";".join(sorted(rng.sample(facts["sbi"], rng.randint(1, 3)))),
                rng.choice(facts["provinces"]),
                rng.choice(["0-50", "51-100", ">100"]),
                str(rng.randint(1, 12)),
                f"https://www.belastingtest{i}.nl",
                rng.choice(["supplier", "producer", "customer", "distributor"]),
            ]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")


FINAL_STATUSES = {"Geïmporteerd": True, "Mislukt": False, "Proefimport": False}


def import_through_the_browser(port: int, path: Path) -> tuple[bool, str]:
    """The programme office imports `path` as from the browser: the upload form, the mapping page's Import
    button, then the batch page polled until the job (run by the task worker beside gunicorn) has ended.
    Returns whether it was imported, and the batch's status line."""
    office = Browser(port)
    office.login("kantoor")
    status, page, _response = office.get("/stakeholders/import/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    source = re.search(rb'<option value="(\d+)"[^>]*>Slimme tool', page)
    if status != 200 or token is None or source is None:
        return False, f"upload page: HTTP {status}"
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'.encode()
        + token.group(1)
        + b"\r\n",
        f'--{boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\n'.encode()
        + source.group(1)
        + b"\r\n",
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + path.read_bytes()
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    status, _data, response = office.request(
        "POST",
        "/stakeholders/import/",
        b"".join(parts),
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    batch_url = response.getheader("Location", "")
    if status != 302 or not re.fullmatch(r"/stakeholders/import/\d+/", batch_url):
        return False, f"upload: HTTP {status}"
    status, page, _response = office.get(batch_url)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        return False, f"mapping page: HTTP {status}"
    # the mapping the page proposes (every column of the file is recognised by its Dutch header)
    fields = dict(
        re.findall(
            rb'<select name="([a-z_]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected', page, re.S
        )
    )
    form = {k.decode(): v.decode() for k, v in fields.items()}
    form.update(csrfmiddlewaretoken=token.group(1).decode(), action="import")
    status, _data, _response = office.request(
        "POST", batch_url, urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 302:
        return False, f"start: HTTP {status}"
    deadline = time.monotonic() + IMPORT_TIMEOUT
    while time.monotonic() < deadline:
        status, page, _response = office.get(batch_url)
        shown = re.search(rb'data-testid="batch-status">([^<]+)<', page)
        state = shown.group(1).decode() if shown else f"HTTP {status}"
        if state in FINAL_STATUSES:
            return FINAL_STATUSES[state], state
        time.sleep(0.5)
    return False, "timed out"


def import_while_clicking(env: dict, port: int, facts: dict, roles: list[str], tmp: Path) -> dict:
    path = tmp / "belastingtest.csv"
    import_file(path, facts, IMPORT_ROWS)
    readers = log_in(port, roles, 7)
    writers = log_in(port, WRITE_ROLES, 3)
    pages = [(name, p.format(project=facts["project"])) for name, p, _w in MIX]
    weights = [w for _n, _p, w in MIX]
    tally = Tally()
    done = threading.Event()
    counter = iter(range(10**6))
    counter_lock = threading.Lock()

    def reader(i: int) -> None:
        rng = random.Random(100 + i)
        while not done.is_set():
            click(readers[i], rng, pages, weights, tally)

    def writer(i: int) -> None:
        rng = random.Random(200 + i)
        while not done.is_set():
            for _ in range(2):
                click(writers[i], rng, pages, weights, tally)
            with counter_lock:
                n = next(counter)
            payload = {"kvk_number": f"{60_000_000 + n:08d}", "name": f"Toegevoegd tijdens import {n}"}
            started = time.perf_counter()
            try:
                status, data, _response = writers[i].post_json("/api/stakeholders/organisations/", payload)
                error = None if status == 201 else f"HTTP {status} {data[:200]!r}"
            except Exception as exc:  # noqa: BLE001
                error = type(exc).__name__
            tally.add("organisation added (API)", time.perf_counter() - started, error)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(7)]
    threads += [threading.Thread(target=writer, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    ok, summary = import_through_the_browser(port, path)
    import_seconds = time.perf_counter() - started
    done.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(
        f"  import of {IMPORT_ROWS:,} organisations: {import_seconds:.1f} s, "
        f"{'done' if ok else 'FAILED'} ({summary})",
        flush=True,
    )
    figures = print_level("10 users during the import", tally, elapsed)
    writes = tally.times.get("organisation added (API)", [])
    figures.update(
        import_seconds=import_seconds,
        import_ok=ok,
        writes=len(writes),
        write_max=max(writes) if writes else None,
        write_errors=tally.errors.get("organisation added (API)", 0),
    )
    return figures


# ---- one database ------------------------------------------------------------------------------------------


def bench_database(vendor: str) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"regiekamer-load-{vendor}-"))
    database_name = f"regiekamer_load_{os.getpid()}"
    if vendor == "sqlite":
        url = f"sqlite:///{tmp / 'regiekamer.sqlite3'}"
    else:
        postgres_admin(f'CREATE DATABASE "{database_name}"')
        url = f"{PG_SERVER}/{database_name}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback; there is no proxy in front
        "OTP_REQUIRED_FOR_STAFF": "false",  # the demo's programme office has no authenticator app
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_DIR": str(tmp / "cache"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOAD_BENCH_LOG": str(tmp / "server.log"),
    }
    env.pop("REDIS_URL", None)  # one host: the file cache, as `make serve` without REDIS_URL
    results: dict = {"database": vendor}
    processes: list[subprocess.Popen] = []
    failed_run = True
    try:
        print(f"--- {vendor} ---", flush=True)
        facts = install(env)
        port = free_port()
        processes = start_server(env, port)
        print(
            f"  gunicorn on 127.0.0.1:{port}, {WEB_WORKERS} workers, a task worker; project "
            f"{facts['project']}",
            flush=True,
        )
        roles = roles_for_the_mix(port, facts["project"])
        browsers = log_in(port, roles, max(LEVELS, default=0))
        run_level(browsers[:10], facts["project"], 5)  # warm-up, not counted: imports, first queries
        for users in LEVELS:
            tally, elapsed = run_level(browsers[:users], facts["project"], SECONDS)
            results[users] = print_level(f"{users} users, {SECONDS:g} s", tally, elapsed)
        results["import"] = import_while_clicking(env, port, facts, roles, tmp)
    except Exception:
        failed_run = True
        raise
    else:
        failed_run = any(figures.get("errors") for figures in results.values() if isinstance(figures, dict))
    finally:
        stop(processes)
        log = Path(env["LOAD_BENCH_LOG"])
        if failed_run and log.exists():  # what the server logged about the errors, before the files go
            lines = log.read_text(errors="replace").splitlines()
            causes = [line for line in lines if re.search(r"Error|Exception|locked|Traceback", line)]
            print("  server log (errors):", *[f"    {line[:200]}" for line in causes[-12:]], sep="\n")
        if vendor != "sqlite":
            postgres_admin(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def main() -> int:
    # A `timeout` or Ctrl-C still stops the servers and drops the database (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    print(
        f"load: {', '.join(map(str, LEVELS))} users x {SECONDS:g} s (at most {MAX_REQUESTS:,} requests), "
        f"gunicorn {WEB_WORKERS} workers, {os.cpu_count()} cores, import of {IMPORT_ROWS:,} rows",
        flush=True,
    )
    failed = False
    summary = []
    for vendor in DATABASES:
        try:
            summary.append(bench_database(vendor))
        except Exception as exc:  # noqa: BLE001 - report and go on with the next database
            print(f"  {vendor}: FAILED: {exc}", flush=True)
            failed = True
    print("\nsummary (errors must be 0):")
    for result in summary:
        for users in LEVELS:
            figures = result.get(users)
            if figures:
                print(
                    f"  {result['database']:<10} {users:>3} users: {figures['rps']:6.1f} req/s, p50 "
                    f"{figures['p50'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms, p99 "
                    f"{figures['p99'] * 1000:.0f} ms, errors {figures['errors']}"
                )
                failed = failed or figures["errors"] > 0
        imp = result.get("import")
        if imp:
            write_max = f"{imp['write_max'] * 1000:.0f} ms" if imp["write_max"] is not None else "-"
            print(
                f"  {result['database']:<10} import {imp['import_seconds']:.1f} s "
                f"({'done' if imp['import_ok'] else 'FAILED'}); meanwhile {imp['requests']} requests, "
                f"{imp['writes']} writes (longest wait {write_max}), errors {imp['errors']}"
            )
            failed = failed or imp["errors"] > 0 or not imp["import_ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
