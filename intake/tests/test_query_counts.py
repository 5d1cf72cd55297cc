"""Query counts of the intake pages that list or show applications: the same number of queries on a small and
on a grown data set, so an N+1 (a query per application, party, step or record) fails here."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import INTAKE_REVIEW_ROLES, Role
from accounts.testing import make_user
from intake import services
from intake.models import Application, Status
from intake.tests.factories import (
    ConsortiumFactory,
    advance_to_advised,
    product_group,
    submitted,
    verdicts,
)

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    return len(_queries(client, url))


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def _team(code: str = "realisatie"):
    from programme.models import Team

    return Team.objects.get_or_create(
        code=code, defaults={"name": code.title(), "level": Team.Level.OPERATIONAL}
    )[0]


def _approved(applicant, assessor, n: int) -> Application:
    steering = make_user(Role.STEERING_GROUP_MEMBER)
    application = submitted(
        member=applicant,
        consortium=ConsortiumFactory(name=f"Keten {n}", members=[applicant]),
        title=f"Aanvraag {n}",
    )
    application = advance_to_advised(application, assessor=assessor)
    services.decision_record(
        application=application,
        actor=steering,
        approved=True,
        decided_on=date(2025, 3, 1 + n),
        reasoning="ok",
    )
    application.refresh_from_db()
    return application


def _plain(applicant, n: int, status: str = Status.SUBMITTED) -> Application:
    """An application row in `status` without the steps (the list pages read the row and its counts)."""
    return Application.objects.create(
        consortium=ConsortiumFactory(name=f"Rij {n}", members=[applicant]),
        title=f"Rij {n}",
        product_group=product_group(),
        status=status,
        created_by=applicant,
    )


def test_hand_over_page_queries_do_not_grow(client, user_for):
    applicant, assessor = user_for(Role.APPLICANT), user_for(Role.ASSESSOR)
    office = user_for(Role.PROGRAMME_OFFICE)
    _team("realisatie")
    _team("verbreding")
    first = _approved(applicant, assessor, 1)
    services.application_hand_over(application=first, actor=office, team=_team())
    _plain(applicant, 1, Status.APPROVED)
    client.force_login(office)
    url = reverse("intake:handover")
    small = _queries(client, url)
    for n in range(2, 5):  # three more handed over, with their projects, and five more waiting
        services.application_hand_over(
            application=_approved(applicant, assessor, n), actor=office, team=_team()
        )
    for n in range(2, 7):
        _plain(applicant, n, Status.RUNNING if n % 2 else Status.APPROVED)
    _team("opschaling")
    grown = _queries(client, url)
    assert len(client.get(url).context["applications"]) == 10
    assert len(small) == len(grown), "\n".join(grown)


@pytest.mark.parametrize("role", [Role.APPLICANT, *sorted(INTAKE_REVIEW_ROLES)])
def test_application_list_queries_do_not_grow(client, user_for, role):
    applicant = user_for(Role.APPLICANT)
    _plain(applicant, 0)
    client.force_login(user_for(role))
    urls = [reverse("intake:list"), reverse("intake:list") + "?status=submitted", "/api/intake/applications/"]
    small = [_count(client, url) for url in urls]
    for n in range(1, 12):
        _plain(applicant, n, Status.SUBMITTED if n % 3 else Status.IN_ASSESSMENT)
    grown = [_count(client, url) for url in urls]
    assert small == grown


@pytest.mark.parametrize("role", [Role.APPLICANT, *sorted(INTAKE_REVIEW_ROLES)])
def test_application_detail_queries_do_not_grow(client, user_for, role):
    """The detail page of an application with few and with many parties, signatories, steps, verdicts,
    advices, decisions and history records."""
    applicant, assessor = user_for(Role.APPLICANT), user_for(Role.ASSESSOR)
    adviser, steering = user_for(Role.TRANSITION_AGENDA_ADVISER), user_for(Role.STEERING_GROUP_MEMBER)
    small = advance_to_advised(
        submitted(member=applicant, consortium=ConsortiumFactory(name="Klein", members=[applicant])),
        assessor=assessor,
    )
    large = submitted(member=applicant, consortium=ConsortiumFactory(name="Groot", members=[applicant]))
    large = advance_to_advised(large, assessor=assessor, positive=False)
    for n in range(3):  # superseding advices, a decision and a superseding one, more verdicts
        services.advice_record(
            application=large,
            actor=adviser,
            positive=True,
            text=f"Advies {n}",
            advised_on=date(2025, 2, 2 + n),
        )
        services.criteria_assess(
            application=large, actor=assessor, verdicts=verdicts(reason=f"Herzien {n}, criterium {{number}}")
        )
    for approved in (False, True):
        services.decision_record(
            application=large, actor=steering, approved=approved, decided_on=date(2025, 3, 1), reasoning="ok"
        )
    client.force_login(user_for(role))
    counts = [
        _count(client, reverse("intake:detail", args=[application.pk])) for application in (small, large)
    ]
    assert large.events.count() > small.events.count() + 4
    assert counts[0] == counts[1]
