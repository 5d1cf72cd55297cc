"""The register of barriers put on the EU agenda (dashboard, Verbreding): who sees it, who registers, what is
refused, and the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import PROGRAMME_ROLES, Role
from accounts.testing import assert_access, login_as, role_matrix
from catalogue.models import InnovationFunction
from programme.models import EuBarrier

from .factories import TeamFactory

pytestmark = pytest.mark.django_db


def _post(client, team, **values):
    data = {
        "title": "Geen EU-markt voor secundair zink",
        "innovation_function": InnovationFunction.objects.get(code="F5").pk,
        "team": team.pk,
        "agenda_date": "2020-06-15",
        "forum": "EIP Raw Materials",
        **values,
    }
    return client.post(reverse("programme:eu-barrier-create"), data)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=set(PROGRAMME_ROLES)))
def test_the_register_is_for_the_people_inside_the_programme(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("programme:eu-barrier-list")), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE, Role.TEAM_LEAD}))
def test_the_programme_office_and_team_leads_register(client, user_for, catalogue, team, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("programme:eu-barrier-create")), allowed=allowed)
    _post(client, team)
    assert EuBarrier.objects.filter(title="Geen EU-markt voor secundair zink").exists() is allowed


def test_a_team_lead_registers_only_for_a_team_they_lead(client, user_for, catalogue, team):
    other = TeamFactory(code="nsp", name="Team NSP")
    login_as(client, user_for, Role.TEAM_LEAD)
    form = client.get(reverse("programme:eu-barrier-create")).context["form"]
    assert list(form.fields["team"].queryset) == [team]

    response = _post(client, other)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EuBarrier.objects.exists()


def test_bad_input_names_the_field_and_saves_nothing(client, user_for, catalogue, team):
    login_as(client, user_for, Role.PROGRAMME_OFFICE)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _post(client, team, agenda_date=tomorrow.isoformat())
    assert response.context["form"].errors["agenda_date"] == [
        "The date lies in the future; register a barrier once it is on the agenda."
    ]
    response = _post(client, team, forum="   ")
    assert response.context["form"].errors["forum"] == ["This field is required."]  # only spaces: empty
    assert not EuBarrier.objects.exists()


def test_the_list_shows_the_barrier_and_the_history_keeps_its_registrar(client, user_for, catalogue, team):
    login_as(client, user_for, Role.TEAM_LEAD)
    response = _post(client, team, description="Geen afzet voor zink uit geleiderails.")
    assert response["Location"] == reverse("programme:eu-barrier-list")

    login_as(client, user_for, Role.STEERING_TEAM)
    html = client.get(reverse("programme:eu-barrier-list")).content.decode()
    assert "Geen EU-markt voor secundair zink" in html
    assert "F5 Market Formation" in html and "EIP Raw Materials" in html and "June 15, 2020" in html
    barrier = EuBarrier.objects.get()
    record = barrier.history.get()
    assert (record.history_type, record.history_user) == ("+", user_for(Role.TEAM_LEAD))
    assert barrier.created_by == user_for(Role.TEAM_LEAD)


def test_the_service_refuses_a_team_the_lead_does_not_lead(user_for, catalogue, team):
    from django.core.exceptions import PermissionDenied

    from programme import services

    other = TeamFactory(code="nsp", name="Team NSP")
    with pytest.raises(PermissionDenied):
        services.eu_barrier_create(
            actor=user_for(Role.TEAM_LEAD),
            title="Belemmering",
            innovation_function=InnovationFunction.objects.get(code="F7"),
            team=other,
            agenda_date=datetime.date(2020, 1, 1),
            forum="PACE",
        )
    assert not EuBarrier.objects.exists()
