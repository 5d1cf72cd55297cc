"""Single sign-on through OpenID Connect (mozilla-django-oidc) as an option (issue 15): off unless the
settings say so; on, the backend, the two URLs and the login page's button are there and the login goes to the
provider. No OpenID provider can run in this workplace, so the round trip itself is not tested here
(docs/authentication.md says how to try one)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

PROVIDER = {
    "OIDC_ENABLED": "true",
    "OIDC_RP_CLIENT_ID": "regiekamer",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.nl/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.nl/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.nl/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.nl/jwks",
    "OIDC_PROVIDER_NAME": "Rijksportaal",
}


def test_off_by_default_nothing_changes(client):
    assert settings.OIDC_ENABLED is False
    assert settings.AUTHENTICATION_BACKENDS == [
        "accounts.backends.LockoutBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    with pytest.raises(NoReverseMatch):
        reverse("accounts:oidc-login")
    assert "oidc" not in client.get(reverse("login")).content.decode().lower()


def test_on_the_backend_urls_and_button_are_there_and_the_login_goes_to_the_provider():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.test import Client; from django.urls import reverse; "
        "from django.test.utils import override_settings; "
        "override_settings(SESSION_ENGINE='django.contrib.sessions.backends.signed_cookies').enable(); "
        "c = Client(); "
        "r = c.get(reverse('accounts:oidc-login')); page = c.get(reverse('login')).content.decode(); "
        "print(json.dumps({'backends': settings.AUTHENTICATION_BACKENDS, 'status': r.status_code, "
        "'location': r['Location'], 'callback': reverse('accounts:oidc-callback'), "
        "'button': 'Rijksportaal' in page and reverse('accounts:oidc-login') in page}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PROVIDER, DJANGO_SETTINGS_MODULE="regiekamer.settings.test")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])

    assert out["backends"][-1] == "accounts.oidc.OIDCBackend"
    assert out["backends"][0] == "accounts.backends.LockoutBackend"
    assert out["status"] == 302 and out["button"]
    location = urlsplit(out["location"])
    assert (
        f"{location.scheme}://{location.netloc}{location.path}" == PROVIDER["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    )
    query = parse_qs(location.query)
    assert query["client_id"] == ["regiekamer"] and query["response_type"] == ["code"]
    assert query["redirect_uri"][0].endswith(out["callback"])
    assert query["state"][0] and query["nonce"][0] and "openid" in query["scope"][0]


def test_a_provider_login_finds_the_account_by_its_verified_email(user_for):
    from accounts.oidc import OIDCBackend
    from accounts.roles import Role

    user = user_for(Role.READER)
    user.email = "Lena.Lezer@minienw.nl"
    user.save()
    backend = OIDCBackend.__new__(OIDCBackend)
    backend.UserModel = type(user)

    assert list(backend.filter_users_by_claims({"email": "lena.lezer@minienw.nl"})) == [user]
    assert not backend.filter_users_by_claims({"email": "lena.lezer@minienw.nl", "email_verified": False})
    assert not backend.filter_users_by_claims({})
