"""The steering meetings as an iCalendar feed: one personal URL with a revocable token (issue 14 item 1)."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from programme import ical, services
from programme.models import CalendarFeed

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 1, 2, 9, 0, tzinfo=datetime.UTC)


def test_text_is_escaped_and_long_lines_are_folded_at_75_octets():
    event = ical.Event(
        uid="kbo-1@regiekamer",
        date=datetime.date(2024, 3, 14),
        start=datetime.time(13, 30),
        summary="KBO Team Realisatie; impactsheet, mijlpalen",
        description="1. Opening\n2. " + "Portfolio investeringsprojecten " * 4,
    )
    text = ical.calendar([event], name="KBO", timezone_name="Europe/Amsterdam", now=NOW)
    lines = text.split("\r\n")
    assert "SUMMARY:KBO Team Realisatie\\; impactsheet\\, mijlpalen" in lines
    assert "DTSTART;TZID=Europe/Amsterdam:20240314T133000" in lines
    assert "DTEND;TZID=Europe/Amsterdam:20240314T153000" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:1. Opening\\n2. Portfolio investeringsprojecten" in unfolded
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_a_meeting_without_a_time_is_an_all_day_event():
    event = ical.Event(uid="kbo-2@regiekamer", date=datetime.date(2024, 12, 31), start=None, summary="KBO")
    lines = ical.calendar([event], name="KBO", timezone_name="Europe/Amsterdam", now=NOW).split("\r\n")
    assert "DTSTART;VALUE=DATE:20241231" in lines and "DTEND;VALUE=DATE:20250101" in lines


def test_the_feed_lists_the_teams_meetings_for_the_tokens_owner_and_dies_when_revoked(client, team, user_for):
    member = user_for(Role.MEETING_MEMBER)
    services.meeting_create(
        team=team,
        date=datetime.date(2024, 3, 14),
        start_time=datetime.time(13, 30),
        location="Utrecht",
        actor=user_for(Role.TEAM_LEAD),
    )
    token = services.calendar_feed_issue(actor=member)
    assert not CalendarFeed.objects.filter(token_hash=token).exists()  # only a hash is stored
    url = reverse("programme:calendar-feed", args=[token, team.code])

    response = client.get(url)  # no session: a calendar application
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20240314T133000" in body and "LOCATION:Utrecht" in body

    renewed = services.calendar_feed_issue(actor=member)
    assert client.get(url).status_code == 404  # a new address ends the old one
    services.calendar_feed_revoke(actor=member)
    assert client.get(reverse("programme:calendar-feed", args=[renewed, team.code])).status_code == 404


def test_a_reader_cannot_subscribe_and_a_readers_token_shows_nothing(client, team, user_for):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.calendar_feed_issue(actor=user_for(Role.READER))
    client.force_login(user_for(Role.READER))
    assert client.post(reverse("programme:calendar")).status_code == 403


def test_the_page_shows_the_new_addresses_once(client, team, user_for):
    client.force_login(user_for(Role.TEAM_LEAD))
    page = client.post(reverse("programme:calendar"))
    links = page.context["links"]
    urls = {t.code: url for t, url in links}
    assert team.code in urls and urls[team.code].endswith(f"/{team.code}.ics")
    again = client.get(reverse("programme:calendar"))
    assert again.context["links"] == [] and again.context["subscribed"]
