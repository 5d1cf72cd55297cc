"""A second factor for staff (django-otp TOTP, issue 15 finding 6): with OTP_REQUIRED_FOR_STAFF (the
production default) the programme office and Django staff set up an authenticator app and confirm every
login with its code; the admin asks for it too. The local and test profiles leave it off so the demo's
logins work as printed; whoever sets up an app is asked for its code all the same."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role

pytestmark = pytest.mark.django_db
STEP = timedelta(seconds=30)


def code_of(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def password_login(client, user, address="192.0.2.50"):
    return client.post(reverse("login"), {"username": user.username, "password": "pw"}, REMOTE_ADDR=address)


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    return settings


@pytest.fixture
def office(user_for):
    return user_for(Role.PROGRAMME_OFFICE)


def enrol(client, user) -> TOTPDevice:
    client.get(reverse("accounts:second-factor-setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:second-factor-setup"), {"otp_token": code_of(device)})
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_staff_without_an_app_are_sent_to_set_one_up_and_reach_nothing_else(client, required, office):
    password_login(client, office)

    page = client.get(reverse("stakeholders:organisation-list"))
    api = client.get("/api/schema/")
    admin = client.get("/admin/")

    setup = reverse("accounts:second-factor-setup")
    assert page.status_code == 302
    assert page["Location"] == setup + "?next=" + quote(reverse("stakeholders:organisation-list"), safe="")
    assert api.status_code == 403 and "authenticator" in api.json()["detail"]
    assert admin.status_code == 302 and admin["Location"].startswith(setup)


def test_setting_up_shows_a_qr_code_and_the_key_and_a_right_code_lets_the_person_in(client, required, office):
    with time_machine.travel(timezone.now(), tick=False):
        password_login(client, office)
        html = client.get(reverse("accounts:second-factor-setup")).content.decode()
        device = TOTPDevice.objects.get(user=office, confirmed=False)

        assert 'src="data:image/svg+xml' in html  # the QR code inline, from no other site
        assert "Authenticator-app instellen" in html
        wrong = client.post(reverse("accounts:second-factor-setup"), {"otp_token": "000000"})
        assert "Deze code klopt niet" in wrong.content.decode()

    with time_machine.travel(timezone.now() + STEP, tick=False):
        done = client.post(
            reverse("accounts:second-factor-setup") + "?next=/stakeholders/",
            {"otp_token": code_of(device), "next": "/stakeholders/"},
        )
        assert done.status_code == 302 and done["Location"] == "/stakeholders/"
        assert client.get(reverse("home")).status_code == 200
        assert client.get("/admin/").status_code == 200


def test_every_later_login_asks_for_the_code(client, required, office):
    device = None
    with time_machine.travel(timezone.now(), tick=False) as clock:
        password_login(client, office)
        device = enrol(client, office)
        client.post(reverse("logout"))
        clock.shift(STEP)

        password_login(client, office)
        asked = client.get(reverse("home"))
        assert asked.status_code == 302 and asked["Location"].startswith(reverse("accounts:second-factor"))
        page = client.get(asked["Location"])
        assert "Bevestig uw aanmelding" in page.content.decode()

        wrong = client.post(reverse("accounts:second-factor"), {"otp_token": "123456"})
        assert "Deze code klopt niet" in wrong.content.decode()
        assert AccessFailureLog.objects.filter(username=office.username).count() == 1  # in the log
        assert client.get(reverse("home")).status_code == 302

        clock.shift(STEP)
        half_session = client.session.session_key
        right = client.post(reverse("accounts:second-factor"), {"otp_token": code_of(device), "next": "/"})
        assert right.status_code == 302 and right["Location"] == "/"
        assert client.session.session_key != half_session  # a new session id once fully signed in
        assert client.get(reverse("home")).status_code == 200


def test_five_wrong_codes_lock_the_account_and_end_the_half_login(client, required, office):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        password_login(client, office)
        device = enrol(client, office)
        client.post(reverse("logout"))
        password_login(client, office)
        responses = []
        for n in range(5):
            clock.shift(STEP)
            responses.append(client.post(reverse("accounts:second-factor"), {"otp_token": f"{n:06d}"}))

        assert responses[-1].status_code == 429
        assert "_auth_user_id" not in client.session
        clock.shift(STEP)
        assert password_login(client, office).status_code == 429  # the right password does not help
        assert code_of(device)  # the device itself is untouched


def test_the_admin_itself_asks_for_the_second_factor(rf, required, office):
    from django.contrib import admin
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/admin/")
    request.user = office
    office.is_verified = lambda: False
    assert admin.site.has_permission(request) is False
    office.is_verified = lambda: True
    assert admin.site.has_permission(request) is True
    request.user = AnonymousUser()
    assert admin.site.has_permission(request) is False


def test_the_admins_own_login_form_is_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_off_in_the_test_profile_staff_work_without_an_app_and_a_reader_may_opt_in(client, office, user_for):
    password_login(client, office)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/admin/").status_code == 200
    client.post(reverse("logout"))

    reader = user_for(Role.READER)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        password_login(client, reader)
        enrol(client, reader)
        client.post(reverse("logout"))
        clock.shift(STEP)
        password_login(client, reader)
        asked = client.get(reverse("home"))
        assert asked.status_code == 302 and asked["Location"].startswith(reverse("accounts:second-factor"))


def test_the_production_profile_requires_it_unless_switched_off():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.OTP_REQUIRED_FOR_STAFF)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OTP_REQUIRED_FOR_STAFF"}}
    env.update(DJANGO_SETTINGS_MODULE="regiekamer.settings.production", SECRET_KEY="x" * 64)
    outputs = []
    for extra in ({}, {"OTP_REQUIRED_FOR_STAFF": "false"}):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            cwd=root,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )
        outputs.append(result.stdout.strip() or result.stderr)
    assert outputs == ["True", "False"]
