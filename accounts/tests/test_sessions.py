"""Session limits (issue 15 finding 6): 30 minutes without a request end a session (sliding), and so do
12 hours after the login whatever the activity; the cookie no longer lives 14 days."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role

pytestmark = pytest.mark.django_db
MINUTE = timedelta(minutes=1)


def _signed_in(client) -> bool:
    response = client.get(reverse("accounts:profile"))
    return response.status_code == 200


def test_the_cookie_is_not_kept_for_days():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_thirty_idle_minutes_end_the_session_and_the_login_page_says_so(client, user_for):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(user_for(Role.READER))
        clock.shift(29 * MINUTE)
        assert _signed_in(client)
        clock.shift(29 * MINUTE)  # 58 minutes after the login, 29 after the last request: still in
        assert _signed_in(client)

        clock.shift(31 * MINUTE)
        response = client.get(reverse("accounts:profile"), follow=True)

        assert response.redirect_chain[-1][0].startswith(reverse("login"))
        assert "30 minuten" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_twelve_hours_after_the_login_the_session_ends_however_busy(client, user_for):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(user_for(Role.READER))
        for _ in range(35):  # a request every 20 minutes for 11 hours 40 minutes
            clock.shift(20 * MINUTE)
            assert _signed_in(client)

        clock.shift(21 * MINUTE)  # 12 hours and 1 minute after the login

        response = client.get(reverse("accounts:profile"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
        assert "12 uur" in response.content.decode()


def test_an_api_request_with_an_ended_session_is_anonymous(client, user_for):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(user_for(Role.READER))
        assert client.get("/api/schema/").status_code == 200
        clock.shift(31 * MINUTE)

        assert client.get("/api/schema/").status_code in (401, 403)
