"""Issue 16, part 6: several hosts, shown, not claimed.

Two web servers (gunicorn with regiekamer.gunicorn_conf, as `make serve` starts it) and two task workers
(`regiekamer worker`) run as separate processes against one PostgreSQL database of their own (SQLite cannot
be shared by hosts) and the Redis cache, as four hosts would. The scenario:

1. both web servers answer, and a session opened on one is valid on the other (sessions live in the database);
2. a batch of jobs is queued and spread over both workers (each takes the next task under a row lock);
3. one worker is killed with SIGKILL in the middle of a job: the job is marked lost by the other worker's
   reaper once two heartbeat intervals pass without a heartbeat, and its half-done unit left nothing behind;
4. its owner starts it again from the other web server; the surviving worker runs it and the rest of the
   batch;
5. in the end every unit of the batch is written exactly once (no data lost, no task run twice), no job is
   left running, and both web servers still answer;
6. a stakeholder import started in the browser on host A survives a restart of host A's web server: the job
   runs on the worker, the restarted server shows its progress going on, and the file ends imported whole.

Marked `cluster` and `scenario`: it runs once, in the SQLite suite's run of `make test` (it brings its own
PostgreSQL database on 127.0.0.1:5432, created and dropped here). Bounded: every wait has a deadline."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest

from regiekamer.tests.cluster_app.actions import PASSWORD
from regiekamer.tests.cluster_app.jobs import STARTS, UNITS
from regiekamer.tests.test_cache import SERVICES_REQUIRED

pytestmark = [pytest.mark.cluster, pytest.mark.scenario]

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("CLUSTER_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
HEARTBEAT = 2.0  # seconds: JOBS_HEARTBEAT_SECONDS of the cluster; a job is lost after two (4 s)
TICK = 1.0  # seconds: JOBS_PROGRESS_SECONDS, how often a worker's heartbeat thread looks for lost jobs
BATCH = 6  # jobs in the batch
UNIT_SECONDS = 5.0  # how long each job works before it writes its unit
IMPORT_ROWS = 40_000  # organisations in the file imported across a web server's restart


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(what: str, condition, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


class Browser:
    """A person's browser on one host: a cookie jar (the production cookies are Secure; sent by hand over the
    loopback's plain HTTP) and no redirects followed."""

    def __init__(self, cookies: dict | None = None):
        self.cookies = dict(cookies or {})

    def request(self, port: int, method: str, path: str, form: dict | None = None, files: dict | None = None):
        """`form` is sent urlencoded or, with `files` ({field: (file name, bytes)}), as multipart."""
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body: str | bytes | None = None
        if files:
            boundary = secrets.token_hex(16)
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                for name, value in (form or {}).items()
            ]
            parts += [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
                for name, (file_name, content) in files.items()
            ]
            body = b"".join([*parts, f"--{boundary}--\r\n".encode()])
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _sep, rest = value.partition("=")
                self.cookies[cookie.strip()] = rest.split(";", 1)[0]
        return response.status, data, response

    def login(self, port: int, username: str, password: str) -> None:
        status, page, _response = self.request(port, "GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, status
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        status, _data, response = self.request(port, "POST", "/accounts/login/", form)
        assert status == 302 and "sessionid" in self.cookies, (status, response.getheader("Location"))


class Cluster:
    def __init__(self, tmp_path: Path, database: str):
        self.tmp = tmp_path
        self.database_url = f"{PG_SERVER}/{database}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            name: value
            for name, value in os.environ.items()
            if name not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="regiekamer.tests.cluster_settings",
            DATABASE_URL=self.database_url,
            REDIS_URL=REDIS_URL,
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback, no proxy in front
            OTP_REQUIRED_FOR_STAFF="false",
            MEDIA_ROOT=str(tmp_path / "media"),  # one shared volume for the uploads, as deployment.md asks
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            JOBS_HEARTBEAT_SECONDS=str(HEARTBEAT),
            JOBS_PROGRESS_SECONDS=str(TICK),
        )

    def django(self, code: str, timeout: float = 900) -> dict:
        script = f"import django; django.setup()\nfrom regiekamer.tests.cluster_app import actions\n{code}"
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - the process keeps it
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", *args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes[name] = process
        return process

    def web(self, name: str, port: int) -> None:
        self.start(
            name,
            [
                "gunicorn",
                "-c",
                "python:regiekamer.gunicorn_conf",
                "regiekamer.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
        )

    def worker(self, name: str) -> subprocess.Popen:
        return self.start(name, ["regiekamer", "worker", "--interval", "0.2"])

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _healthz(port: int) -> dict | None:
    try:
        status, data, _response = Browser().request(port, "GET", "/healthz")
    except OSError:
        return None
    return json.loads(data) if status == 200 else None


@pytest.fixture
def cluster(tmp_path):
    if not (_reachable("127.0.0.1", 5432) and _reachable("127.0.0.1", 6379)):
        if SERVICES_REQUIRED:
            pytest.fail(
                "the cluster scenario needs PostgreSQL on 5432 and Redis on 6379; make test starts both"
            )
        pytest.skip("the cluster scenario needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
    import psycopg

    database = f"regiekamer_cluster_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    running = Cluster(tmp_path, database)
    try:
        yield running
    finally:
        running.stop()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_two_web_servers_and_two_workers_share_a_batch_and_survive_a_killed_worker(cluster):
    import psycopg

    started = time.monotonic()
    cluster.django("actions.install()")  # migrate: minutes on a busy two-core machine, hence the 900 s bound
    print(f"cluster: installed in {time.monotonic() - started:.0f} s")
    ports = {"web-a": _free_port(), "web-b": _free_port()}
    for name, port in ports.items():
        cluster.web(name, port)
    workers = {"worker-1": cluster.worker("worker-1"), "worker-2": cluster.worker("worker-2")}
    db = psycopg.connect(cluster.database_url, autocommit=True)

    def rows(sql: str, *params):
        return db.execute(sql, params).fetchall()

    # 1. Both hosts up, each seeing the database, both workers' heartbeats and the shared Redis.
    for name, port in ports.items():
        health = _wait(
            f"{name} healthy",
            lambda port=port: (h := _healthz(port)) and h["status"] == "ok" and h,
            timeout=180,
            interval=0.5,
        )
        assert health["checks"] == {"database": "ok", "jobs": "ok", "cache": "ok"}, cluster.log(name)
    _wait("two worker heartbeats", lambda: len(rows("SELECT worker_id FROM jobs_workerbeat")) == 2, 60)
    beats = dict(rows("SELECT pid, worker_id FROM jobs_workerbeat"))
    worker_ids = {name: beats[process.pid] for name, process in workers.items()}

    # A session opened on host A is valid on host B.
    office = Browser()
    office.login(ports["web-a"], "cluster-office", PASSWORD)
    for port in ports.values():
        status, page, _response = office.request(port, "GET", "/jobs/")
        assert status == 200, page[:500]

    # 2. A batch, spread over both workers.
    job_ids = cluster.django(f"actions.start_batch({BATCH}, {UNIT_SECONDS})")["jobs"]
    assert len(job_ids) == BATCH

    def running_on_both():
        """Both workers running a job, worker 1's not past half-way (time left to kill it mid-job)."""
        running = rows("SELECT id, worker_id, progress_done FROM jobs_jobrun WHERE status = 'running'")
        if {worker for _id, worker, _done in running} != set(worker_ids.values()):
            return None
        return next(
            (job for job, worker, done in running if worker == worker_ids["worker-1"] and done <= 5), None
        )

    # 3. SIGKILL one worker mid-job: no clean shutdown, no farewell, its heartbeat simply stops.
    victim_job = _wait("a job running on each worker", running_on_both, timeout=90, interval=0.1)
    workers["worker-1"].send_signal(signal.SIGKILL)
    killed_at = datetime.now(UTC)
    workers["worker-1"].wait(timeout=10)
    (status_at_kill,) = rows("SELECT status FROM jobs_jobrun WHERE id = %s", victim_job)[0]
    assert status_at_kill == "running"  # killed mid-job, not after it ended

    def lost():
        row = rows("SELECT status, finished_at, heartbeat_at FROM jobs_jobrun WHERE id = %s", victim_job)[0]
        return row if row[0] == "lost" else None

    _status, lost_at, last_heartbeat = _wait("the killed job marked lost", lost, timeout=6 * HEARTBEAT + 10)
    silent_for = (lost_at - last_heartbeat).total_seconds()
    after_kill = (lost_at - killed_at).total_seconds()
    print(
        f"cluster: job {victim_job} lost {after_kill:.1f} s after SIGKILL, {silent_for:.1f} s after its last "
        f"heartbeat (heartbeat every {HEARTBEAT:g} s; lost after two intervals without one)"
    )
    # Lost once two intervals passed without a heartbeat, noticed at the surviving worker's next look (a
    # tick), with half a second of slack for a loaded machine.
    assert 2 * HEARTBEAT <= silent_for <= 2 * HEARTBEAT + TICK + 0.5, silent_for
    assert after_kill <= silent_for, after_kill
    # Its half-done unit left nothing; its task is no longer running either.
    assert rows(f"SELECT count(*) FROM {UNITS} WHERE job_id = %s", victim_job) == [(0,)]  # noqa: S608
    (task_status,) = rows(
        "SELECT t.status FROM django_tasks_database_dbtaskresult t "
        "JOIN jobs_jobrun j ON j.task_id = t.id::text WHERE j.id = %s",
        victim_job,
    )[0]
    assert task_status == "FAILED"

    # Both hosts still answer, and host B shows the lost job to its owner.
    for port in ports.values():
        status, _page, _response = office.request(port, "GET", f"/jobs/{victim_job}/")
        assert status == 200
    assert _healthz(ports["web-b"])["checks"]["jobs"] == "ok"  # the surviving worker beats

    # 4. Its owner starts it again, on host B; the surviving worker runs it with the rest of the batch.
    status, _page, response = office.request(
        ports["web-b"],
        "POST",
        f"/jobs/{victim_job}/restart/",
        {"csrfmiddlewaretoken": office.cookies["csrftoken"]},
    )
    assert status == 302, response.getheader("Location")
    (restarted,) = rows("SELECT id FROM jobs_jobrun WHERE restarted_from_id = %s", victim_job)[0]

    _wait(
        "the batch to end",
        lambda: not rows("SELECT id FROM jobs_jobrun WHERE status IN ('queued', 'running')"),
        timeout=BATCH * UNIT_SECONDS + 60,
        interval=0.5,
    )

    # 5. Every unit written exactly once; every job ran once; nothing left running.
    statuses = dict(rows("SELECT id, status FROM jobs_jobrun"))
    assert statuses == {**{job: "done" for job in job_ids}, victim_job: "lost", restarted: "done"}
    assert dict(rows(f"SELECT unit, count(*) FROM {UNITS} GROUP BY unit")) == {  # noqa: S608
        unit: 1 for unit in range(BATCH)
    }
    starts = dict(rows(f"SELECT job_id, count(*) FROM {STARTS} GROUP BY job_id"))  # noqa: S608
    assert starts == {job: 1 for job in [*job_ids, restarted]}, "a job ran twice (or never)"
    ran_on = {worker for (worker,) in rows("SELECT DISTINCT worker_id FROM jobs_jobrun")}
    assert ran_on == set(worker_ids.values()), "the batch was not spread over both workers"
    # The worker records a job done in the job's own transaction and its task result just after the job
    # returns: the last task result may still read RUNNING for a moment once every job reads done.
    _wait(
        "no task left ready or running",
        lambda: (
            rows(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
            )
            == [(0,)]
        ),
        timeout=30,
        interval=0.2,
    )
    for name, port in ports.items():
        assert _healthz(port)["status"] == "ok", cluster.log(name)
    assert workers["worker-2"].poll() is None, cluster.log("worker-2")

    # 6. A stakeholder import started in the browser on host A; host A's web server restarts mid-import.
    web_a = ports["web-a"]
    status, page, _response = office.request(web_a, "GET", "/stakeholders/import/")
    source = re.search(rb'<option value="(\d+)"[^>]*>Slimme tool', page)
    assert status == 200 and source, page[:500]
    lines = "".join(f"{40_000_000 + i};Clusterbedrijf {i} B.V.\n" for i in range(IMPORT_ROWS))
    token = office.cookies["csrftoken"]
    status, _page, response = office.request(
        web_a,
        "POST",
        "/stakeholders/import/",
        {"csrfmiddlewaretoken": token, "source": source.group(1).decode()},
        files={"file": ("cluster.csv", ("KvK-nummer;Naam\n" + lines).encode())},
    )
    batch_page = response.getheader("Location", "")
    assert status == 302 and re.fullmatch(r"/stakeholders/import/\d+/", batch_page), (status, _page[:500])
    form = {"kvk_number": "KvK-nummer", "name": "Naam", "action": "import", "csrfmiddlewaretoken": token}
    status, _page, _response = office.request(web_a, "POST", batch_page, form)
    assert status == 302, _page[:500]

    def import_progress():
        found = rows("SELECT status, progress_done FROM jobs_jobrun WHERE kind = 'stakeholders.import'")
        return found[0] if found and found[0][0] == "running" and found[0][1] > 0 else None

    _status, before_restart = _wait("the import running", import_progress, timeout=120, interval=0.1)
    cluster.processes["web-a"].terminate()  # a restart: the server stops (SIGTERM) and starts again
    cluster.processes["web-a"].wait(timeout=30)
    cluster.web("web-a", web_a)
    _wait("web-a back", lambda: _healthz(web_a), timeout=120, interval=0.2)

    def shown_progress() -> int | None:
        status, fragment, _response = office.request(web_a, "GET", f"{batch_page}progress/")
        assert status == 200, fragment[:500]
        done = re.search(rb'data-testid="import-progress" value="(\d+)"', fragment)
        return int(done.group(1)) if done else None

    # still running once the server is back: its page shows the progress the worker goes on reporting
    shown = _wait("the restarted server showing progress", shown_progress, timeout=60, interval=0.2)
    _wait(
        "the import to end",
        lambda: rows("SELECT status FROM jobs_jobrun WHERE kind = 'stakeholders.import'")[0][0] != "running",
        timeout=300,
        interval=0.5,
    )
    print(
        f"cluster: import of {IMPORT_ROWS:,} rows: {before_restart:,} rows done when web-a stopped, "
        f"{shown:,} shown by the restarted web-a, then imported whole"
    )
    assert rows("SELECT status FROM jobs_jobrun WHERE kind = 'stakeholders.import'") == [("done",)]
    assert rows("SELECT count(*) FROM stakeholders_organisation") == [(IMPORT_ROWS,)]
    status, page, _response = office.request(web_a, "GET", batch_page)
    assert status == 200 and b'data-testid="batch-status">Ge\xc3\xafmporteerd<' in page, page[:2000]
    db.close()
