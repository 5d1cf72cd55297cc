"""The shared audit-history page (regiekamer.history.render_history) asks the database the same number of
questions for a few and for many history rows (issue 13 item 8): more changes, by more people, read by a
viewer who may or may not see their names, add rows, not queries. Measured on a steering meeting's history
(plain fields, a user who closed it) and on a means entry's (its parties, a many-to-many field)."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import make_user
from programme import services as programme_services
from programme.models import ZichtlijnEntry
from programme.reference import ensure_horizons
from programme.tests.factories import PersonFactory, TeamFactory
from roadmap import services as roadmap_services

pytestmark = pytest.mark.django_db
VIEWERS = [Role.PROGRAMME_OFFICE, Role.MEETING_MEMBER, Role.STEERING_TEAM]


def _captured(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _signed(record, editors) -> None:
    """Each history row of `record` signed by one of `editors` in turn: a service called outside a request
    leaves the row's user empty, and the page reads (and names) the user of every row."""
    for index, pk in enumerate(record.history.order_by("history_id").values_list("pk", flat=True)):
        record.history.filter(pk=pk).update(history_user=editors[index % len(editors)])


def _small_and_grown(client, url: str, grow) -> None:
    _captured(client, url)  # warm the session and the caches
    small = _captured(client, url)
    grow()
    grown = _captured(client, url)
    added = Counter(q[:160] for q in grown) - Counter(q[:160] for q in small)
    assert len(grown) == len(small), f"{url}: {len(small)} -> {len(grown)} queries; added: {dict(added)}"


@pytest.fixture
def editors(user_for):
    """Three people who change records: the office, a second office account and the team's lead."""
    return [
        user_for(Role.PROGRAMME_OFFICE),
        make_user(Role.PROGRAMME_OFFICE, username="history-second-office"),
        user_for(Role.TEAM_LEAD),
    ]


@pytest.fixture
def team(user_for):
    lead = PersonFactory(name="Teamtrekker", user=user_for(Role.TEAM_LEAD))
    pin = PersonFactory(name="Linking pin", user=user_for(Role.MEETING_MEMBER))
    team = TeamFactory(code="history-team", name="Team Historie", lead=lead, linking_pin=pin)
    team.meeting_members.add(lead, pin)
    return team


@pytest.mark.parametrize("role", VIEWERS)
def test_meeting_history_does_not_grow_with_its_changes(client, user_for, editors, team, role):
    meeting = programme_services.meeting_create(team=team, date=datetime.date(2021, 1, 4), actor=editors[0])
    attendees = list(meeting.attendees.all())

    def change(index: int) -> None:
        meeting.refresh_from_db()
        programme_services.meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            actor=editors[index % len(editors)],
            date=datetime.date(2021, 1, 4) + datetime.timedelta(days=index),
            start_time=datetime.time(9 + index % 8, 0),
            location=f"Zaal {index}",
            minutes=f"Verslag, versie {index}",
            attendees=attendees,
        )

    change(1)
    _signed(meeting, editors)
    client.force_login(user_for(role))

    def grow() -> None:
        for index in range(2, 14):
            change(index)
        meeting.refresh_from_db()
        programme_services.meeting_close(meeting=meeting, actor=editors[1])
        _signed(meeting, editors)

    _small_and_grown(client, reverse("programme:meeting-history", args=[meeting.pk]), grow)
    assert meeting.history.count() == 15  # created, 13 changes, closed


@pytest.mark.parametrize("role", VIEWERS)
def test_means_history_does_not_grow_with_its_changes(client, user_for, editors, team, role):
    parties = [
        ZichtlijnEntry.objects.create(team=team, kind=ZichtlijnEntry.Kind.KEY_PLAYER, text=f"Partij {n}")
        for n in range(4)
    ]
    horizons = list(ensure_horizons().values())
    item = roadmap_services.means_create(
        actor=editors[0],
        horizon=horizons[0],
        team=team,
        kind="money",
        description="Subsidie",
        source="Begroting",
        amount=Decimal(1000),
        mobilised_by=parties[:1],
    )

    def change(index: int) -> None:
        item.refresh_from_db()
        roadmap_services.means_update(
            item=item,
            expected_version=item.version,
            actor=editors[index % 2],  # the means are the office's to keep
            horizon=horizons[index % len(horizons)],
            team=team,
            kind="money",
            description=f"Subsidie, ronde {index}",
            source="Begroting",
            amount=Decimal(1000 + index),
            mobilised_by=parties[: 1 + index % len(parties)],
        )

    change(1)
    _signed(item, editors)
    client.force_login(user_for(role))

    def grow() -> None:
        for index in range(2, 12):
            change(index)
        _signed(item, editors)

    _small_and_grown(client, reverse("roadmap:means-history", args=[item.pk]), grow)


def test_a_many_to_many_change_reads_by_the_names_of_the_related_records(editors, team):
    from regiekamer.history import history_entries
    from roadmap.models import Means

    parties = [
        ZichtlijnEntry.objects.create(team=team, kind=ZichtlijnEntry.Kind.KEY_PLAYER, text=f"Partij {n}")
        for n in range(3)
    ]
    horizon = next(iter(ensure_horizons().values()))
    fields = {
        "horizon": horizon,
        "team": team,
        "kind": "money",
        "description": "Subsidie",
        "source": "Begroting",
    }
    item = roadmap_services.means_create(
        actor=editors[0], amount=Decimal(1000), mobilised_by=parties[:1], **fields
    )
    item.refresh_from_db()
    roadmap_services.means_update(
        item=item,
        expected_version=item.version,
        actor=editors[0],
        amount=Decimal(1000),
        mobilised_by=[parties[2], parties[0]],
        **fields,
    )

    latest = history_entries(item).entries[0]
    label = str(Means._meta.get_field("mobilised_by").verbose_name)
    [change] = [change for change in latest.changes if change.label == label]
    assert change.old == str(parties[0])
    assert (
        change.new == f"{parties[0]}, {parties[2]}"
    )  # ordered by the related record, as simple-history does
