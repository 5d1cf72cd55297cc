"""Personal API tokens (django-rest-knox, issue 15 finding 6): stored only as a digest, expiring after 30
days, revocable by their owner on the tokens page, and revoked when the password changes. DRF's plain tokens
are gone."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import ApiToken
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def api_status(client, token: str) -> int:
    client.logout()
    return client.get("/api/schema/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def make_on_the_page(client, user, name="script") -> str:
    client.force_login(user)
    response = client.post(reverse("accounts:api-tokens"), {"name": name})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    return re.search(r'data-testid="new-token">([0-9a-f]{64})<', response.content.decode()).group(1)


def test_a_token_is_shown_once_and_stored_only_as_a_digest(client, user_for):
    user = user_for(Role.ASSESSOR)
    token = make_on_the_page(client, user)

    stored = ApiToken.objects.get(user=user)
    assert stored.name == "script"
    assert token not in {stored.digest, stored.token_key} and len(stored.digest) == 128
    assert stored.token_key == token[:15]
    client.force_login(user)
    listing = client.get(reverse("accounts:api-tokens")).content.decode()
    assert token not in listing and token[:8] in listing
    assert api_status(client, token) == 200


def test_a_token_expires_after_thirty_days(client, user_for):
    user = user_for(Role.READER)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _stored, token = services.api_token_create(actor=user, name="")
        clock.shift(timedelta(days=30) - timedelta(minutes=1))
        assert api_status(client, token) == 200
        clock.shift(timedelta(minutes=2))
        assert api_status(client, token) in (401, 403)
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(days=30)


def test_the_owner_revokes_a_token_on_the_page_and_nobody_else_can(client, user_for):
    owner, other = user_for(Role.READER), user_for(Role.APPLICANT)
    kept = make_on_the_page(client, owner, "kept")
    revoked = make_on_the_page(client, owner, "revoked")

    client.force_login(other)
    client.post(reverse("accounts:api-token-revoke"), {"key": revoked[:15]})
    assert api_status(client, revoked) == 200  # another person's revoke does nothing

    client.force_login(owner)
    response = client.post(reverse("accounts:api-token-revoke"), {"key": revoked[:15]}, follow=True)
    assert "ingetrokken" in response.content.decode()
    assert api_status(client, revoked) in (401, 403)
    assert api_status(client, kept) == 200

    client.force_login(owner)
    client.post(reverse("accounts:api-token-revoke"), {"all": "1"})
    assert api_status(client, kept) in (401, 403)


def test_a_person_sees_only_their_own_tokens(client, user_for):
    owner, other = user_for(Role.READER), user_for(Role.APPLICANT)
    services.api_token_create(actor=other, name="van-een-ander")
    client.force_login(owner)
    assert "van-een-ander" not in client.get(reverse("accounts:api-tokens")).content.decode()


def test_changing_the_password_revokes_every_token(client, user_for):
    user = user_for(Role.READER)
    first = make_on_the_page(client, user)
    client.force_login(user)
    new = "Een-lange-zin-als-wachtwoord-7"
    response = client.post(
        reverse("password_change"), {"old_password": "pw", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert api_status(client, first) in (401, 403)

    second, _ = services.api_token_create(actor=user, name="")[::-1]
    user.set_password("Nog-een-ander-wachtwoord-8")
    user.save()
    assert api_status(client, second) in (401, 403)
    assert not ApiToken.objects.filter(user=user).exists()


def test_saving_a_person_without_a_new_password_keeps_the_tokens(client, user_for):
    user = user_for(Role.READER)
    _stored, token = services.api_token_create(actor=user, name="")
    user.first_name = "Anders"
    user.save()
    assert api_status(client, token) == 200


def test_at_most_ten_tokens_per_person(client, user_for):
    user = user_for(Role.READER)
    for _ in range(10):
        services.api_token_create(actor=user, name="")
    client.force_login(user)
    response = client.post(reverse("accounts:api-tokens"), {"name": "elfde"})
    assert "10 API-tokens" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 10


def test_drf_plain_tokens_are_gone():
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    assert "rest_framework.authentication.TokenAuthentication" not in str(settings.REST_FRAMEWORK)
    assert "authtoken_token" not in connection.introspection.table_names()
