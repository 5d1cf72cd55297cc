"""Lockout of logins (django-axes, issue 15 finding 6): five failures lock the account from every address and
the address for every account, for 15 minutes; the right password does not get through meanwhile."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import make_user

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def victim(db):
    return make_user(Role.PROGRAMME_OFFICE, username="victim")


def test_fifty_wrong_passwords_then_the_right_one_is_refused_while_locked(client, victim, user_for):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        statuses = [_login(client, "victim", f"wrong-{n}", ATTACKER).status_code for n in range(50)]
        assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
        assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}

        locked = _login(client, "victim", "pw", ATTACKER)

        assert locked.status_code == 429
        assert not _logged_in(client)
        html = locked.content.decode()
        assert "Te veel mislukte aanmeldingen" in html and "15 minuten" in html  # Dutch, in the site layout
        assert 'class="rk-' in html or "utrecht-page" in html

        # The account is locked from another address too; the attacker's address is locked for other accounts.
        assert _login(client, "victim", "pw", ELSEWHERE).status_code == 429
        other = user_for(Role.READER)
        assert _login(client, other.username, "pw", ATTACKER).status_code == 429
        assert not _logged_in(client)

        # Another account from another address is not affected.
        assert _login(client, other.username, "pw", ELSEWHERE).status_code == 302
        assert _logged_in(client)
        client.logout()

        # 15 minutes after the last failure the right password works again.
        clock.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert _login(client, "victim", "pw", ATTACKER).status_code == 302
        assert _logged_in(client)


def test_four_failures_do_not_lock_and_the_limits_are_as_configured(client, victim):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "victim", f"wrong-{n}", ATTACKER)

    assert _login(client, "victim", "pw", ATTACKER).status_code == 302


def test_the_address_behind_a_trusted_proxy_is_the_one_it_appended(rf, settings):
    from accounts.security import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.7"  # not the 1.2.3.4 the client wrote itself
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.2"
