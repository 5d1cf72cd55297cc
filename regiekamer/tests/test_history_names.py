"""Who made a change in an audit trail is personal data (issue 15, finding 8): history pages and panels name
the person to the programme roles and the intake's reviewing roles (accounts.view_audit_names); an applicant
or a reader sees when and what changed, their own changes as theirs, and "name not shown" for others."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import login_as
from programme.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "named"),
    [
        (Role.PROGRAMME_OFFICE, True),
        (Role.TEAM_LEAD, True),
        (Role.ASSESSOR, True),
        (Role.APPLICANT, False),
        (Role.READER, False),
    ],
)
def test_who_changed_a_record_is_named_to_the_programme_only(client, user_for, role, named):
    office = user_for(Role.PROGRAMME_OFFICE)
    office.first_name, office.last_name = "Karin", "Kantoorvast"
    office.save()
    team = TeamFactory(code="realisatie", name="Team Realisatie")
    created = team.history.get()
    created.history_user = office
    created.save()
    viewer = login_as(client, user_for, role)
    team.purpose = "Nieuw doel"
    team.save()
    changed = team.history.order_by("-history_id").first()
    changed.history_user = viewer  # the viewer's own change
    changed.save()
    html = client.get(reverse("programme:team-history", args=[team.code])).content.decode()
    assert (str(office) in html) is named
    assert ("naam niet getoond" in html) is not named
    assert str(viewer) in html  # one's own change is always one's own


def test_an_applicant_reads_the_steps_of_their_application_without_staff_names(
    client, user_for, settings, tmp_path
):
    """The application's steps name who took them to the reviewing roles; the applicant reads which step was
    taken when, and their own steps as theirs (page and API)."""
    from rest_framework.test import APIClient

    from intake import services
    from intake.tests.factories import submitted

    settings.MEDIA_ROOT = tmp_path / "media"
    applicant, assessor = user_for(Role.APPLICANT), user_for(Role.ASSESSOR)
    assessor.first_name, assessor.last_name = "Bea", "Beoordelaarsma"
    assessor.save()
    application = submitted(member=applicant)
    services.application_start_assessment(application=application, actor=assessor)
    client.force_login(applicant)
    page = client.get(reverse("intake:detail", args=[application.pk])).content.decode()
    assert "Beoordelaarsma" not in page and "naam niet getoond" in page
    api = APIClient()
    api.force_authenticate(applicant)
    actors = [
        event["actor"] for event in api.get(f"/api/intake/applications/{application.pk}/").json()["events"]
    ]
    assert str(assessor) not in actors and str(applicant) in actors
    client.force_login(assessor)
    assert "Beoordelaarsma" in client.get(reverse("intake:detail", args=[application.pk])).content.decode()


def test_the_system_actor_is_named_to_everyone():
    """Loaders, jobs and the demo act as the system actor, which is no person: every viewer reads its name."""
    from accounts.authorization import system_actor
    from regiekamer.history import actor_label

    assert actor_label(None, system_actor()) == str(system_actor())
