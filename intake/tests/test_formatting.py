"""Figures and dates on the application page in the reader's notation (issue 14): the check texts, the plan of
action and the consortium table; expected values computed here from the factory's own figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from intake import formatting
from intake.tests.factories import COMPLETE_FIELDS, submitted
from regiekamer.texts import Message, gettext_noop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (Decimal("1960.0"), "1.960", "1,960"),
        (Decimal("62.00"), "62", "62"),
        (Decimal("62.50"), "62,5", "62.5"),
        (400000, "400.000", "400,000"),
        (None, "—", "—"),
    ],
)
def test_number(value, dutch, english):
    with translation.override("nl"):
        assert formatting.number(value) == dutch
    with translation.override("en"):
        assert formatting.number(value) == english


def test_euro_day_and_messages():
    with translation.override("nl"):
        assert formatting.euro(Decimal("35000.00")) == "€\u00a035.000"
        assert formatting.day(dt.date(2027, 1, 1)) == "1 januari 2027"
        message = Message(gettext_noop("%(hours)s hours"), hours=Decimal("1960.0"))
        assert formatting.shown(message).startswith("1.960 ")


def test_the_application_page_writes_figures_in_dutch(client, user_for, settings):
    settings.LANGUAGE_CODE = "nl"  # the site's default; this app's tests read English otherwise
    applicant = user_for(Role.APPLICANT)
    application = submitted(member=applicant)
    parties = list(application.parties.all())
    hours = sum(party.contribution_hours for party in parties)
    money = sum(party.contribution_eur for party in parties)
    client.force_login(applicant)
    text = client.get(
        reverse("intake:detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert '<html lang="nl"' in text
    dutch_hours = f"{int(hours):,}".replace(",", ".")
    dutch_money = f"{int(money):,}".replace(",", ".")
    assert f"{dutch_hours} uur" in text and f"€ {dutch_money}" in text
    assert f"{hours}" not in text  # "700.0": the stored notation
    start = COMPLETE_FIELDS["planned_start"]
    assert f"{start.day} januari {start.year}" in text and start.isoformat() not in text
    tonnes = COMPLETE_FIELDS["raw_material_savings_tonnes"]
    assert str(tonnes) not in text  # "1200.0"
    assert f"{int(tonnes):,}".replace(",", ".") in text
