"""Project-level behaviour: settings profiles, the CLI, the demo loader, security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **env):
    full_env = {**os.environ, **env}
    full_env.pop("DATABASE_URL", None)
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests; check --deploy rejects it
    return subprocess.run(args, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)  # noqa: S603


def test_production_profile_passes_check_deploy_without_warnings():
    result = _run(
        [sys.executable, "-m", "regiekamer", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="regiekamer.settings.production",
        SECRET_KEY="x" * 64 + "-production-secret-for-the-check",
        ALLOWED_HOSTS="regiekamer.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cache_is_shared_between_worker_processes(tmp_path):
    """The progress of a background import is written by one worker process and polled through another."""
    production = {
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production",
        "SECRET_KEY": "x" * 64,
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    code = "import django; django.setup(); from django.core.cache import cache; "
    writer = _run([sys.executable, "-c", code + "cache.set('import-progress', 4242)"], **production)
    assert writer.returncode == 0, writer.stderr
    reader = _run([sys.executable, "-c", code + "print(cache.get('import-progress'))"], **production)
    assert reader.stdout.strip() == "4242", reader.stderr


def test_production_profile_refuses_to_start_without_a_secret_key():
    result = _run(
        [sys.executable, "-m", "regiekamer", "check"],
        DJANGO_SETTINGS_MODULE="regiekamer.settings.production",
        SECRET_KEY="",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_local_profile_shows_the_sites_own_error_pages_and_serves_static_files():
    """`make run` is the demo as a user meets it: no technical DEBUG page for a missing page (issue 14)."""
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(HTTP_HOST='127.0.0.1'); "
        "r = c.get('/no-such-page/'); "
        "print(r.status_code, b'Regiekamer' in r.content, b'URLconf' in r.content); "
        "print(c.get('/static/regiekamer/app.css').status_code)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "regiekamer.settings.local"}
    env.pop("DEBUG", None)
    result = _run([sys.executable, "-c", code], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "True", "False", "200"]


def test_invalid_boolean_in_the_environment_is_named():
    result = _run([sys.executable, "-m", "regiekamer", "check"], DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_cli_help_lists_the_project_commands():
    result = _run([sys.executable, "-m", "regiekamer", "--help"])
    assert result.returncode == 0
    assert "[regiekamer]" in result.stdout
    assert "demo" in result.stdout
    assert "Type 'regiekamer help <subcommand>'" in result.stdout


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in {"sessions", "admin"}
    }


@pytest.mark.django_db
def test_demo_is_idempotent_running_it_twice_changes_nothing(capsys):
    call_command("demo")
    first = _row_counts()
    out = capsys.readouterr().out
    assert "kantoor" in out and "regiekamer-demo" in out

    call_command("demo")

    assert _row_counts() == first


@pytest.mark.django_db
def test_every_domain_model_is_audited():
    from django.conf import settings
    from simple_history.models import registered_models

    audited = {m._meta.label for m in registered_models.values()}
    domain = [
        m
        for m in apps.get_models()
        if m._meta.app_label in settings.DOMAIN_APPS
        and m._meta.app_label != "accounts"
        and not m.__name__.startswith("Historical")
        and not m._meta.auto_created
    ]
    exempt = {
        "portfolio.ProjectNumberSequence": "a technical counter; its numbers sit on audited projects",
        "stakeholders.OrganisationSource": "link rows written in bulk by audited imports",
        "stakeholders.PeopleExportLog": "is itself the log of who exported personal data",
        "materials.ScanMaterial": "derived totals, rebuilt from the audited scan rows",
        "jobs.WorkerBeat": "a worker's liveness, rewritten every heartbeat; the jobs it runs are audited",
        "stakeholders.RoundSnapshotEntry": "written once when its audited round is completed, never changed",
        "search.SearchEntry": "the search index, derived from audited records and rebuilt from them",
        "portfolio.ReportGrant": "the grant lines of an audited progress report, kept by its save",
        "passports.PassportMaterial": "derived from the audited passport version, rebuilt with every version",
        "rhythm.Notification": "is itself the record of what was sent to whom, written once per due item",
        "simulation.ScenarioRun": "the outputs of an audited scenario, written once by its job",
        "simulation.SweepRun": "one run of an audited scenario's sweep, written once as it finishes",
        "roadmap.IndicatorDay": "a kept sum of audited approved values, rebuilt from them",
        "rhythm.ReportDue": "a kept due date computed from audited reports and cycles, rebuilt from them",
        "stakeholders.CoverageMark": "what an audited organisation adds, rebuilt from the register",
        "stakeholders.CoverageCount": "kept coverage counts, the sum of the marks, rebuilt from the register",
        "stakeholders.NetworkLink": "kept links of pairs in audited collaborations, rebuilt from them",
        "portfolio.LatestProgressReport": "each project's latest audited progress report, rebuilt from them",
        "portfolio.CurrentImpactSheet": "each project's current audited impact sheet, rebuilt from them",
        "dashboard.ProjectFigure": "each project's part of the dashboard's figures, rebuilt from the data",
        "dashboard.FigureTotal": "the sums of those parts, rebuilt with them",
        "dashboard.FiguresBuilt": "when those were last rebuilt",
        "dashboard.RegisterChanges": "how often the register changed, moved by every write of it",
        "dashboard.RegisterCount": "the register's counts, kept as counted at that number of changes",
    }
    missing = sorted(m._meta.label for m in domain if m._meta.label not in audited | set(exempt))
    assert missing == []


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="nl")
def test_dutch_is_the_default_and_english_can_be_chosen(client):
    assert "Inloggen" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert ">Log in<" in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_the_switch_is_used(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen" in page.content.decode()
