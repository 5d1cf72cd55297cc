"""The failed-login log (issue 15 finding 6): every failed login is recorded with its time, the username
tried and the address, and the programme office reads it (and lifts a lockout)."""

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix

pytestmark = pytest.mark.django_db


def test_every_failed_login_is_recorded_with_time_username_and_address(client, user_for):
    reader = user_for(Role.READER)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        client.post(reverse("login"), {"username": reader.username, "password": "x"}, REMOTE_ADDR="192.0.2.1")
        client.post(reverse("login"), {"username": "niemand", "password": "y"}, REMOTE_ADDR="192.0.2.2")
        client.post(
            reverse("login"), {"username": reader.username, "password": "pw"}, REMOTE_ADDR="192.0.2.1"
        )

    rows = sorted(AccessFailureLog.objects.values_list("username", "ip_address", "attempt_time"))
    assert rows == [("niemand", "192.0.2.2", moment), (reader.username, "192.0.2.1", moment)]


def test_the_programme_office_reads_the_failed_logins_and_the_lockouts(client, user_for):
    for n in range(5):
        client.post(
            reverse("login"), {"username": "kantoor-x", "password": f"fout{n}"}, REMOTE_ADDR="192.0.2.9"
        )
    client.post(reverse("login"), {"username": "iemand", "password": "fout"}, REMOTE_ADDR="192.0.2.8")
    login_as(client, user_for, Role.PROGRAMME_OFFICE)

    html = client.get(reverse("accounts:failed-logins")).content.decode()

    assert html.count("kantoor-x") >= 6  # five failures and the lockout row
    assert "192.0.2.9" in html and "iemand" in html and "192.0.2.8" in html
    assert "Mislukte aanmeldingen" in html
    filtered = client.get(reverse("accounts:failed-logins"), {"username": "iemand"}).content.decode()
    failures = filtered.split('data-testid="failed-logins"')[1]
    assert "iemand" in failures and "192.0.2.9" not in failures


def test_the_programme_office_lifts_a_lockout(client, user_for):
    reader = user_for(Role.READER)
    for n in range(5):
        client.post(
            reverse("login"), {"username": reader.username, "password": f"fout{n}"}, REMOTE_ADDR="192.0.2.3"
        )
    other = client.__class__()
    login_as(other, user_for, Role.PROGRAMME_OFFICE)

    other.post(reverse("accounts:failed-logins"), {"username": reader.username})

    response = client.post(
        reverse("login"), {"username": reader.username, "password": "pw"}, REMOTE_ADDR="192.0.2.4"
    )
    assert response.status_code == 302
    assert AccessFailureLog.objects.filter(username=reader.username).count() == 5  # the log stays


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_only_the_programme_office_reads_the_log(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("accounts:failed-logins")), allowed=allowed)


def test_the_programme_office_reaches_the_failed_logins_from_its_account_page(client, user_for):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    assert 'data-testid="failed-logins-link"' in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(user_for(Role.READER))
    assert 'data-testid="failed-logins-link"' not in client.get(reverse("accounts:profile")).content.decode()
