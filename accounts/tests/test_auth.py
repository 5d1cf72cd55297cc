import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import ANONYMOUS, assert_access, login_as, role_matrix


@pytest.mark.django_db
def test_login_shows_the_role_badge_and_logout_returns_to_login(client, user_for):
    user = user_for(Role.TEAM_LEAD)

    response = client.post(reverse("login"), {"username": user.username, "password": "pw"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    html = response.content.decode()
    assert 'data-testid="role-badge">Teamtrekker<' in html  # Dutch by default
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, user_for):
    user = user_for(Role.READER)

    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})

    assert response.status_code == 200
    assert "utrecht-alert--error" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_flow_sends_a_working_link(client, user_for):
    user = user_for(Role.READER)
    user.email = "lezer@example.org"
    user.save()

    client.post(reverse("password_reset"), {"email": "lezer@example.org"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-42")


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=set(Role.values)))
@pytest.mark.parametrize("url_name", ["home", "accounts:profile"])
def test_pages_need_a_login(client, user_for, role, allowed, url_name):
    login_as(client, user_for, role)
    assert_access(client.get(reverse(url_name)), allowed=allowed)


@pytest.mark.django_db
def test_profile_shows_roles_second_factor_and_tokens(client, user_for):
    user = user_for(Role.ASSESSOR)
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "Beoordelaar (Versnellingshuis)" in html
    assert reverse("accounts:api-tokens") in html
    assert reverse("accounts:second-factor-setup") in html
    assert "<code>" not in html  # no token on the profile any more: made and shown once on the tokens page


@pytest.mark.django_db
def test_inactive_user_holds_no_roles(user_for):
    user = user_for(Role.PROGRAMME_OFFICE)
    user.is_active = False
    assert user.roles == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=set(Role.values)))
def test_api_schema_and_docs_need_a_login(client, user_for, role, allowed):
    login_as(client, user_for, role)
    schema = client.get("/api/schema/")
    assert_access(schema, allowed=allowed)
    if role != ANONYMOUS:
        assert_access(client.get("/api/docs/"), allowed=True)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_no_role_sets_up_accounts_the_system_actor_does(user_for, role):
    from django.core.exceptions import PermissionDenied

    from accounts.authorization import system_actor
    from accounts.services import user_ensure

    with pytest.raises(PermissionDenied, match="systeembeheerder"):
        user_ensure(actor=user_for(role), username="nieuw", password="pw", roles=[Role.READER])

    user, created = user_ensure(actor=system_actor(), username="nieuw", password="pw", roles=[Role.READER])
    assert created and user.roles == {Role.READER}
