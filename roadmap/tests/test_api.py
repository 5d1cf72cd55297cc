import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from roadmap import services
from roadmap.models import MeasuredValue, Target

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def indicator(user_for):
    indicator = IndicatorFactory(
        code="co2", owner=user_for(Role.PROJECT_LEAD), reviewer=user_for(Role.STEERING_TEAM)
    )
    Target.objects.create(indicator=indicator, value=D(-2313), by_date=datetime.date(2023, 12, 31))
    return indicator


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE, Role.PROJECT_LEAD}))
def test_value_create_by_owner_or_office(api, user_for, indicator, role, allowed):
    login_as(api, user_for, role)
    response = api.post(
        reverse("roadmap-api:value-list"),
        {"indicator": "co2", "value": "-10", "unit": indicator.unit, "date": "2024-01-01", "source": "s"},
        format="json",
    )
    assert_access(response, allowed=allowed)
    assert MeasuredValue.objects.exists() == allowed


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.STEERING_TEAM}))
def test_review_by_reviewer(api, user_for, indicator, role, allowed):
    value = services.measured_value_enter(
        indicator=indicator,
        value=D(-5),
        unit=indicator.unit,
        date=datetime.date(2024, 1, 1),
        source="s",
        actor=user_for(Role.PROJECT_LEAD),
    )
    login_as(api, user_for, role)
    response = api.post(
        reverse("roadmap-api:value-review", args=[value.pk]), {"decision": "approve"}, format="json"
    )
    if role in (Role.READER, Role.ASSESSOR, Role.APPLICANT):
        assert response.status_code == 404  # drafts are invisible to them
    else:
        assert_access(response, allowed=allowed)
    value.refresh_from_db()
    assert (value.status == "approved") == allowed


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed={Role.PROGRAMME_OFFICE}))
def test_target_and_period_writes_only_office(api, user_for, indicator, role, allowed):
    login_as(api, user_for, role)
    target = indicator.targets.get()
    response = api.patch(
        reverse("roadmap-api:target-detail", args=[target.pk]),
        {"value": "-2000", "reason": "Herijking", "version": target.version},
        format="json",
    )
    assert_access(response, allowed=allowed)
    response = api.post(
        reverse("roadmap-api:period-list"),
        {"label": "2024", "start": "2024-01-01", "end": "2024-12-31"},
        format="json",
    )
    assert_access(response, allowed=allowed)


def test_bad_input_names_the_field(api, user_for, indicator):
    api.force_authenticate(user_for(Role.PROJECT_LEAD))
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = api.post(
        reverse("roadmap-api:value-list"),
        {"indicator": "co2", "value": "-10", "unit": "Mt", "date": future, "source": "s"},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()) == {"unit", "date"}
    api.force_authenticate(user_for(Role.PROGRAMME_OFFICE))
    response = api.post(
        reverse("roadmap-api:target-list"),
        {"indicator": "co2", "value": "1", "by_date": "2025-01-01", "scope": "cluster", "cluster": "nope"},
        format="json",
    )
    assert response.status_code == 400 and "cluster" in response.json()
    target = indicator.targets.get()
    response = api.patch(
        reverse("roadmap-api:target-detail", args=[target.pk]),
        {"value": "-1", "version": target.version},
        format="json",
    )
    assert response.status_code == 400 and "reason" in response.json()


def test_indicator_progress_in_api(api, user_for, indicator):
    value = services.measured_value_enter(
        indicator=indicator,
        value=D(-1200),
        unit=indicator.unit,
        date=datetime.date(2021, 7, 2),
        source="s",
        actor=user_for(Role.PROJECT_LEAD),
    )
    services.measured_value_review(measured_value=value, actor=user_for(Role.STEERING_TEAM), approve=True)
    api.force_authenticate(user_for(Role.READER))
    progress = api.get(reverse("roadmap-api:indicator-detail", args=["co2"])).json()["progress"]
    assert progress["current"] == "-1200.000" or D(str(progress["current"])) == D(-1200)
    assert D(str(progress["pct_of_target"])) == D("51.9")


def test_target_without_value_or_version_is_a_400_naming_the_field(api, user_for, indicator):
    api.force_authenticate(user_for(Role.PROGRAMME_OFFICE))
    response = api.post(
        reverse("roadmap-api:target-list"), {"indicator": "co2", "by_date": "2025-01-01"}, format="json"
    )
    assert response.status_code == 400 and set(response.json()) == {"value"}
    response = api.post(
        reverse("roadmap-api:target-list"),
        {"indicator": "co2", "value": None, "by_date": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["value"] is None  # a direction-only goal
    target = indicator.targets.get(value__isnull=False)
    url = reverse("roadmap-api:target-detail", args=[target.pk])
    response = api.patch(url, {"value": "-1", "reason": "Herijking"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"version"}
    response = api.patch(
        url, {"value": "-1", "reason": "Herijking", "version": target.version + 1}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "edit_conflict"
    target.refresh_from_db()
    assert target.value == D(-2313)
    response = api.patch(
        url, {"value": "-1", "reason": "Herijking", "version": target.version}, format="json"
    )
    assert response.status_code == 200 and response.json()["version"] == target.version + 1


def test_api_refusal_names_the_rule(api, user_for, indicator, settings):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api.force_authenticate(user_for(Role.TEAM_LEAD))
    response = api.post(
        reverse("roadmap-api:value-list"),
        {"indicator": "co2", "value": "-10", "unit": indicator.unit, "date": "2024-01-01", "source": "s"},
        format="json",
    )
    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "Only the owner of this indicator and the programme office enter its values."
    )
