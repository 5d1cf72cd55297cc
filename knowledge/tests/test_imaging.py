"""The message and the do's and don'ts of the imaging strategy, own photography of the image bank
(Bijlage 5), and the carrying-image warning on Team Verbreding's dashboards (one rule:
selectors_outreach.carrying_status)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from knowledge import selectors_outreach as selectors
from knowledge import services_outreach as services
from knowledge.models import BankImage, ImagingGuideline
from portfolio.tests import factories as portfolio_factories

from . import factories

pytestmark = pytest.mark.django_db


def _strategy(office, **values):
    return services.strategy_save(
        actor=office,
        expected_version=None,
        aim="Inspireren",
        key_message="Stap voor stap",
        promise="Wij helpen",
        **values,
    )


# --- the do's and don'ts, loaded from the source ------------------------------------------------------------


def test_the_dos_and_donts_are_loaded_from_the_fixture_with_their_source_once(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    data = json.loads(services.GUIDELINES_FILE.read_text(encoding="utf-8"))

    added = services.imaging_guidelines_load(actor=office)

    assert added == len(data["guidelines"]) == ImagingGuideline.objects.count() == 10
    assert ImagingGuideline.objects.filter(kind="do").count() == 6
    snapshots = ImagingGuideline.objects.get(text="Snapshots")
    assert snapshots.kind == ImagingGuideline.Kind.DONT and snapshots.source_quote == "Geen snapshots."
    assert snapshots.source_section.startswith("Werkwijze UPCM 2020, Bijlage 5")
    # A second load adds nothing, and keeps an edit the office made.
    services.imaging_guideline_save(
        actor=office, guideline=snapshots, kind="dont", text="Snapshots", source_quote="Aangepast"
    )
    assert services.imaging_guidelines_load(actor=office) == 0
    assert ImagingGuideline.objects.get(pk=snapshots.pk).source_quote == "Aangepast"


def test_only_the_office_keeps_the_dos_and_donts(user_for):
    with pytest.raises(PermissionDenied):
        services.imaging_guidelines_load(actor=user_for(Role.TEAM_LEAD))
    with pytest.raises(ValidationError) as refused:
        services.imaging_guideline_save(actor=user_for(Role.PROGRAMME_OFFICE), kind="maybe", text="")
    assert set(refused.value.message_dict) == {"kind", "text"}


def test_the_strategy_page_shows_the_message_and_the_dos_and_donts(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    _strategy(office, message="Onze wereld blijft alleen leefbaar als we de omslag maken.")
    services.imaging_guidelines_load(actor=office)
    client.force_login(user_for(Role.READER))

    page = client.get(reverse("knowledge:strategy")).content.decode()

    assert 'data-testid="strategy-message"' in page and "Onze wereld blijft alleen leefbaar" in page
    assert page.count('data-kind="do"') == 6 and page.count('data-kind="dont"') == 4
    assert "Geen snapshots." in page  # the source's sentence beside the guideline
    assert reverse("knowledge:guideline-new") not in page  # a reader does not edit them


def test_the_office_edits_the_message_through_the_form(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    strategy = _strategy(office)
    client.force_login(office)
    response = client.post(
        reverse("knowledge:strategy-edit"),
        {
            "version": strategy.version,
            "aim": "Inspireren",
            "message": "Circulair werken is hier een onderdeel van.",
            "key_message": "Stap voor stap",
            "promise": "Wij helpen",
        },
    )
    assert response.status_code == 302
    assert services.strategy_current().message == "Circulair werken is hier een onderdeel van."


def test_the_office_adds_and_removes_a_guideline_through_the_pages(client, user_for):
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    response = client.post(
        reverse("knowledge:guideline-new"),
        {"kind": "dont", "text": "Stockfoto's met handdrukken", "order": 9},
    )
    assert response.status_code == 302
    guideline = ImagingGuideline.objects.get()
    assert (guideline.kind, guideline.text, guideline.order) == ("dont", "Stockfoto's met handdrukken", 9)
    client.post(reverse("knowledge:guideline-delete", kwargs={"pk": guideline.pk}))
    assert not ImagingGuideline.objects.exists()


# --- own photography and the checklist where an image is judged ---------------------------------------------


def test_a_carrying_image_is_approved_only_when_it_is_own_photography(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    image = factories.bank_image(user_for, own_photography=False)
    assert 'A carrying image is own photography (Bijlage 5, "Eigen fotografie").' in (
        services.image_approval_refusals(image)
    )
    with pytest.raises(ValidationError, match="own photography"):
        services.image_approve(actor=office, image=image)
    # Existing photography may support a text.
    supporting = factories.bank_image(user_for, kind="supporting", own_photography=False)
    assert services.image_approve(actor=office, image=supporting).status == BankImage.Status.APPROVED
    # Recorded as own photography by the office, the carrying image is approvable.
    image = services.image_update(
        actor=office, image=image, expected_version=image.version, own_photography=True
    )
    assert services.image_approve(actor=office, image=image).status == BankImage.Status.APPROVED


def test_the_checklist_of_dos_and_donts_is_recorded_where_the_image_is_judged(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    services.imaging_guidelines_load(actor=office)
    light = ImagingGuideline.objects.get(kind="do", order=3)
    posing = ImagingGuideline.objects.get(text="Poseren")
    image = factories.bank_image(user_for, guidelines_followed=[light.pk])
    assert list(image.guidelines_followed.all()) == [light]
    client.force_login(office)

    form = client.get(reverse("knowledge:image-edit", kwargs={"pk": image.pk})).content.decode()
    assert f'value="{posing.pk}"' in form and "Avoided — don&#x27;t: Poseren" in form

    data = {
        "version": image.version,
        "title": image.title,
        "kind": image.kind,
        "photographer": image.photographer,
        "licence": image.licence,
        "own_photography": "on",
        "usages": image.usages,
        "criteria": image.criteria,
        "guidelines_followed": [light.pk, posing.pk],
    }
    assert client.post(reverse("knowledge:image-edit", kwargs={"pk": image.pk}), data).status_code == 302
    assert set(image.guidelines_followed.all()) == {light, posing}

    page = client.get(reverse("knowledge:image-detail", kwargs={"pk": image.pk})).content.decode()
    checklist = page.split('data-testid="guideline-checklist"')[1].split("</ul>")[0]
    assert checklist.count("✔") == 2 and checklist.count("✘") == 8
    assert "(not avoided)" in checklist and "(not done)" in checklist
    assert 'data-testid="own-photography">yes' in page


def test_an_unknown_guideline_is_refused_and_nothing_is_stored(user_for):
    with pytest.raises(ValidationError) as refused:
        factories.bank_image(user_for, guidelines_followed=[999_999])
    assert "guidelines_followed" in refused.value.message_dict
    assert not BankImage.objects.exists()


# --- the carrying-image warning: one rule, on every page that shows it --------------------------------------


def test_the_rule_counts_only_approved_carrying_images():
    assert selectors.carrying_status() == {"approved": 0, "needed": 5, "missing": 5}


def test_the_rule_with_images(user_for):
    for _ in range(3):
        factories.bank_image(user_for, approved=True)
    factories.bank_image(user_for, kind="supporting", approved=True)
    factories.bank_image(user_for)  # awaiting approval
    assert selectors.carrying_status() == {"approved": 3, "needed": 5, "missing": 2}


@pytest.mark.parametrize(
    ("role", "in_verbreding", "warned"),
    [
        (Role.PROGRAMME_OFFICE, False, True),  # approves the images
        (Role.TEAM_LEAD, True, True),  # leads Team Verbreding
        (Role.MEETING_MEMBER, True, True),  # Team Verbreding's linking pin
        (Role.TEAM_LEAD, False, False),  # leads another team
        (Role.PROJECT_LEAD, False, False),
        (Role.STEERING_TEAM, False, False),
        (Role.READER, False, False),  # may not see the image bank
    ],
)
def test_my_work_warns_team_verbreding_and_the_office(client, user_for, role, in_verbreding, warned):
    user = user_for(role)
    # with_users: the team-lead test user leads the team, the meeting-member test user is its linking pin.
    portfolio_factories.team(user_for, code="verbreding", name="Team Verbreding", with_users=in_verbreding)
    for _ in range(2):
        factories.bank_image(user_for, approved=True)
    client.force_login(user)

    response = client.get(reverse("rhythm:my-work"))

    page = response.content.decode()
    assert ('data-testid="dashboard-carrying-warning"' in page) is warned
    if warned:
        assert "Only 2 of the at least 5 carrying images are approved: 3 more are needed" in page


def test_my_work_stops_warning_once_five_are_approved(client, user_for):
    for _ in range(5):
        factories.bank_image(user_for, approved=True)
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    page = client.get(reverse("rhythm:my-work")).content.decode()
    assert 'data-testid="dashboard-carrying-warning"' not in page


def test_the_guideline_form_reads_richtlijn_in_dutch_not_the_project_guide(client, user_for):
    from django.conf import settings
    from django.utils import translation

    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    with translation.override("nl"):
        page = client.get(reverse("knowledge:guideline-new")).content.decode()
    assert "Richtlijn" in page and "Leidraad" not in page
