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
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production"}
    env["DATABASE_URL"] = database

    result = _run([sys.executable, "-m", "regiekamer", "demo"], **env)

    # Refused before it touches the database (an unmigrated one here: loading would fail on a missing table).
    assert result.returncode != 0
    assert "CommandError" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr and "no such table" not in result.stderr


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


def test_the_secret_key_can_be_rotated_with_the_old_key_as_fallback():
    """Signed values made with the previous key (sessions' auth hashes, password-reset links) stay valid while
    SECRET_KEY_FALLBACKS names it (docs/operations.md, rotating SECRET_KEY)."""
    old, new = "o" * 64 + "-old", "n" * 64 + "-new"
    code = (
        "import django; django.setup(); from django.core import signing; "
        f"value = signing.dumps('still valid', key={old!r}); print(signing.loads(value))"
    )
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production", "SECRET_KEY": new}

    assert _run(code, **env, SECRET_KEY_FALLBACKS=old).stdout.strip() == "still valid"
    assert "BadSignature" in _run(code, **env).stderr


def test_the_upload_directory_comes_from_the_environment(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.MEDIA_ROOT)"
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "regiekamer.settings.production"}

    result = _run(code, **env, MEDIA_ROOT=str(tmp_path / "uploads"))

    assert result.stdout.strip() == str(tmp_path / "uploads"), result.stderr
