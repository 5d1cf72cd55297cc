"""Issue 15, operations: the server entry points run the production profile unless told otherwise, and the
demo loader (accounts with a published password) does not run there by accident."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {"SECRET_KEY": "p" * 64 + "-entry-point-test", "ALLOWED_HOSTS": "regiekamer.example.nl"}


def _run(code_or_args, **env):
    """Run Python in a clean process: no settings module, no database URL, no key unless given."""
    full_env = {**os.environ, **env}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in env:
            full_env.pop(name, None)
    if "SECRET_KEY" not in env:
        full_env.pop("SECRET_KEY", None)
    args = [sys.executable, "-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(args, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)  # noqa: S603


@pytest.mark.parametrize("module", ["regiekamer.wsgi", "regiekamer.asgi"])
def test_server_entry_point_without_a_settings_module_runs_the_production_profile(module):
    code = (
        f"import {module}; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    )
    result = _run(code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["regiekamer.settings.production", "False", "True"]


@pytest.mark.parametrize("module", ["regiekamer.wsgi", "regiekamer.asgi"])
def test_server_entry_point_refuses_to_start_without_a_secret_key(module):
    result = _run(f"import {module}")
    assert result.returncode != 0
    assert "Environment variable SECRET_KEY is required" in result.stderr


def test_server_entry_point_keeps_an_explicit_settings_module():
    result = _run(
        "import regiekamer.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)",
        DJANGO_SETTINGS_MODULE="regiekamer.settings.local",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "regiekamer.settings.local"


def test_the_cli_keeps_the_local_profile_for_make_run():
    """`make run` calls `regiekamer migrate/demo/runserver` with no settings module and no key."""
    result = _run([sys.executable, "-m", "regiekamer", "diffsettings", "--all"])
    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE = 'regiekamer.settings.local'" in result.stdout


def test_demo_refuses_to_run_under_the_production_profile(tmp_path):
    database = f"sqlite:///{tmp_path / 'production.sqlite3'}"
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production",
        "DATABASE_URL": database,
    }
    assert _run([sys.executable, "-m", "regiekamer", "migrate", "--noinput"], **env).returncode == 0

    result = _run([sys.executable, "-m", "regiekamer", "demo"], **env)

    assert result.returncode != 0
    assert "CommandError" in result.stderr and "--force" in result.stderr
    count = _run(
        "import django; django.setup(); from accounts.models import User; print(User.objects.count())", **env
    )
    assert count.stdout.strip() == "0", count.stderr


def test_demo_runs_under_the_production_profile_when_forced(tmp_path, monkeypatch):
    """--force is the explicit choice (a demonstration server): the command then loads as usual."""
    from django.core.management import call_command
    from django.test import override_settings

    from regiekamer.management.commands import demo

    loaded = []
    monkeypatch.setattr(demo.Command, "load", lambda self: loaded.append(True))
    with override_settings(DEPLOYMENT_PROFILE="production"):
        call_command("demo", force=True)
    assert loaded == [True]
