"""A double-clicked advice or decision is stored once (issue 15, finding 10): the form carries a one-time
token that the service consumes in its transaction; the same token a second time is refused, in the browser
with a note that it was already recorded, in the API (Idempotency-Key) with a 409."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from intake.models import Advice, Decision

from .factories import advance_to_advised, submitted

pytestmark = pytest.mark.django_db

ADVICE = {"positive": "yes", "text": "Positief advies", "advised_on": "2025-02-01"}
DECISION = {"approved": "no", "decided_on": "2025-03-01", "reasoning": "Past niet in het NPCE"}


def _token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([0-9a-f]+)"', html)
    assert match is not None, "the form carries no one-time token"
    return match.group(1)


@pytest.fixture
def in_assessment(applicant, assessor):
    from intake import services

    from .factories import verdicts

    application = submitted(member=applicant)
    services.application_start_assessment(application=application, actor=assessor)
    services.criteria_assess(application=application, actor=assessor, verdicts=verdicts())
    return application


def test_a_double_clicked_advice_is_recorded_once(client, in_assessment, adviser):
    client.force_login(adviser)
    page = client.get(reverse("intake:detail", args=[in_assessment.pk])).content.decode()
    data = {**ADVICE, "submission_token": _token(page)}
    url = reverse("intake:advice", args=[in_assessment.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Advice.objects.filter(application=in_assessment).count() == 1
    assert [str(m) for m in get_messages(second.wsgi_request)] == [
        "Advice recorded.",
        "This was already recorded: the same form was sent twice, and it was stored once.",
    ]
    # The page shows a new token: the next advice (a correction) is recorded.
    page = client.get(reverse("intake:detail", args=[in_assessment.pk])).content.decode()
    assert client.post(url, {**ADVICE, "submission_token": _token(page)}).status_code == 302
    assert Advice.objects.filter(application=in_assessment).count() == 2


def test_a_refused_advice_keeps_its_token_usable(client, in_assessment, adviser):
    client.force_login(adviser)
    page = client.get(reverse("intake:detail", args=[in_assessment.pk])).content.decode()
    token = _token(page)
    url = reverse("intake:advice", args=[in_assessment.pk])
    client.post(url, {**ADVICE, "text": "   ", "submission_token": token})  # refused: no text
    assert not Advice.objects.filter(application=in_assessment).exists()
    client.post(url, {**ADVICE, "submission_token": token})
    assert Advice.objects.filter(application=in_assessment).count() == 1


def test_a_double_clicked_decision_is_recorded_once(client, applicant, assessor, steering):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor)
    client.force_login(steering)
    url = reverse("intake:decision", args=[application.pk])
    data = {**DECISION, "submission_token": _token(client.get(url).content.decode())}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302
    assert second.status_code == 302 and second["Location"] == reverse("intake:detail", args=[application.pk])
    assert Decision.objects.filter(application=application).count() == 1
    assert [str(m) for m in get_messages(second.wsgi_request)] == [
        "Decision recorded.",
        "This was already recorded: the same form was sent twice, and it was stored once.",
    ]


def test_the_api_records_a_repeated_idempotency_key_once(applicant, assessor, steering):
    application = advance_to_advised(submitted(member=applicant), assessor=assessor)
    api = APIClient()
    api.force_authenticate(steering)
    url = f"/api/intake/applications/{application.pk}/decision/"
    body = {"approved": False, "decided_on": "2025-03-01", "reasoning": "Past niet"}
    first = api.post(url, body, format="json", headers={"Idempotency-Key": "besluit-2025-03-01-a"})
    second = api.post(url, body, format="json", headers={"Idempotency-Key": "besluit-2025-03-01-a"})
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "duplicate_submission"
    assert Decision.objects.filter(application=application).count() == 1
    malformed = api.post(url, body, format="json", headers={"Idempotency-Key": "kort"})
    assert malformed.status_code == 400 and set(malformed.json()) == {"Idempotency-Key"}
