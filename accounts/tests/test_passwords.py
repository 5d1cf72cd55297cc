"""Password rules (issue 15 finding 6): at least 12 characters, and no password from the breached and
common lists the packages ship (Django's list and zxcvbn's, with its patterns)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def _refused(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_eleven_characters_are_too_short_twelve_strong_ones_are_enough(user_for):
    user = user_for(Role.READER)
    assert any("12 tekens" in message for message in _refused("Xk9#vQ2!mZ4p"[:11], user))
    assert _refused("Xk9#vQ2!mZ4p", user) == []


@pytest.mark.parametrize(
    "password",
    [
        "password1234",  # Django's list of breached passwords
        "qwertyuiop123",  # a keyboard walk (zxcvbn)
        "1q2w3e4r5t6y",  # zxcvbn's list of breached passwords
        "P@ssw0rd2024!",  # l33t of a listed password with a year
        "Welkom12345678",
    ],
)
def test_breached_and_common_passwords_are_refused(user_for, password):
    assert _refused(password, user_for(Role.READER)) != []


def test_a_password_made_of_the_persons_own_name_is_refused(user_for):
    user = user_for(Role.READER)
    user.first_name, user.last_name = "Lena", "Lezerbrink"
    assert _refused("LenaLezerbrink", user) != []


def test_the_demo_password_passes_the_rules():
    from accounts.demo import DEMO_USERS
    from accounts.models import User

    for username, _role, first, last, _staff in DEMO_USERS:
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.org")
        assert _refused(DEMO_PASSWORD, user) == [], username


def test_the_password_change_form_refuses_a_short_password_in_dutch(client, user_for):
    user = user_for(Role.READER)
    client.force_login(user)

    page = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "kort-1234", "new_password2": "kort-1234"},
    )

    assert page.status_code == 200 and 'class="utrecht-' in page.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("pw")
