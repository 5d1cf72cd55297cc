"""Communication strategy, image bank, knowledge hub, mailing lists and vision landscape (issue 22, items
3, 4 and 6): the rules of the services, the file checks, the carrying-image warning, exports, landscape."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from knowledge import imagecheck, landscape
from knowledge import services_outreach as services
from knowledge.models import BankImage, HubItem
from portfolio.tests import factories as portfolio_factories
from programme.reference import ensure_horizons
from stakeholders.models import Organisation, PeopleExportLog, TeamRelevance
from stakeholders.models import Person as StakeholderPerson

from . import factories

pytestmark = pytest.mark.django_db


def _upload(user_for, **values):
    fields = {
        "content": factories.image_bytes(),
        "file_name": "foto.png",
        "title": "Ondernemer",
        "kind": "carrying",
        "photographer": "J. Fotograaf",
        "licence": "Eigen fotografie",
        "own_photography": True,
        **values,
    }
    return services.image_upload(actor=user_for(Role.PROJECT_LEAD), **fields)


# --- image checks -------------------------------------------------------------------------------------------


def test_an_image_is_stored_with_its_format_dimensions_and_a_thumbnail(user_for):
    image = _upload(user_for, content=factories.image_bytes(1500, 1000, "JPEG"))
    assert (image.image_format, image.width, image.height) == ("JPEG", 1500, 1000)
    assert image.status == BankImage.Status.SUBMITTED
    from django.core.files.storage import default_storage

    assert default_storage.exists(image.file) and default_storage.exists(image.thumbnail)
    assert image.file.startswith("imagebank/")


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        # Text named like an image: refused by its content, not its name.
        ({"content": b"GIF89a? no, just text", "file_name": "foto.png"}, "file", "not an image"),
        ({"content": b"%PDF-1.4\n%%EOF", "file_name": "foto.jpg"}, "file", "not an image"),
        ({"content": factories.image_bytes(900, 700)}, "file", "at least 1,000 pixels"),
        ({"content": factories.image_bytes(500, 800), "kind": "supporting"}, "file", "at least 600 pixels"),
        ({"content": factories.image_bytes(1500, 1000, "GIF")}, "file", "GIF"),
        ({"licence": "  "}, "licence", "without a licence"),
        ({"photographer": ""}, "photographer", "photographer"),
    ],
)
def test_a_bad_image_is_refused_with_the_reason(user_for, values, field, fragment):
    with pytest.raises(ValidationError) as refused:
        _upload(user_for, **values)
    assert fragment in " ".join(refused.value.message_dict[field])
    assert BankImage.objects.count() == 0


def test_a_too_large_file_is_refused_before_it_is_opened():
    # 8 MiB and one byte of anything: the size is checked first.
    with pytest.raises(imagecheck.UploadRefused, match="at most 8 MB"):
        imagecheck.inspect(b"\x89PNG" + b"0" * (8 * 1024 * 1024 - 3), kind="supporting")


def test_a_decompression_bomb_is_refused_on_its_header():
    # 13,000 x 13,000 pixels of one colour: a small file, a huge bitmap.
    content = factories.image_bytes(13_000, 100)
    with pytest.raises(imagecheck.UploadRefused, match="at most 12,000 pixels a side"):
        imagecheck.inspect(content, kind="supporting")


# --- approval -----------------------------------------------------------------------------------------------


def test_a_carrying_image_is_approved_only_when_it_meets_every_criterion(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    image = _upload(user_for, criteria=["light", "action", "quality"], usages=["landing_page"])
    with pytest.raises(ValidationError) as refused:
        services.image_approve(actor=office, image=image)
    assert "concentration" in " ".join(refused.value.messages)
    image.refresh_from_db()
    image = services.image_update(
        actor=office, image=image, expected_version=image.version, criteria=factories.ALL_CRITERIA
    )
    assert services.image_approve(actor=office, image=image).status == BankImage.Status.APPROVED


def test_people_portrayed_need_their_permission_before_approval(user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    image = _upload(
        user_for, criteria=factories.ALL_CRITERIA, usages=["brochure_cover"], people_portrayed=True
    )
    with pytest.raises(ValidationError, match="not given permission"):
        services.image_approve(actor=office, image=image)


def test_only_the_office_approves(user_for):
    image = factories.bank_image(user_for)
    with pytest.raises(PermissionDenied):
        services.image_approve(actor=user_for(Role.TEAM_LEAD), image=image)


def test_the_verbreding_team_page_warns_until_five_carrying_images_are_approved(client, user_for):
    team = portfolio_factories.team(user_for, code="verbreding", name="Team Verbreding")
    client.force_login(user_for(Role.PROGRAMME_OFFICE))
    url = reverse("programme:team-detail", kwargs={"code": team.code})
    for _ in range(4):
        factories.bank_image(user_for, approved=True)
    factories.bank_image(user_for, kind="supporting", approved=True)  # supporting images do not count
    factories.bank_image(user_for)  # nor do images awaiting approval
    page = client.get(url).content.decode()
    assert 'data-testid="carrying-warning"' in page and "Only 4 of the at least 5" in page
    factories.bank_image(user_for, approved=True)
    page = client.get(url).content.decode()
    assert 'data-testid="carrying-warning"' not in page and 'data-testid="carrying-ok"' in page


def test_image_files_are_served_only_after_the_permission_check(client, user_for):
    image = factories.bank_image(user_for)
    url = reverse("knowledge:image-file", kwargs={"pk": image.pk, "variant": "original"})
    client.force_login(user_for(Role.READER))
    assert client.get(url).status_code == 403
    client.force_login(user_for(Role.PROJECT_LEAD))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_public_image_is_only_an_approved_one_on_a_published_case(client, user_for):
    project = portfolio_factories.project(user_for, team_obj=portfolio_factories.team(user_for))
    image = factories.bank_image(user_for, approved=True)
    url = reverse("knowledge:public-image", kwargs={"pk": image.pk, "variant": "thumbnail"})
    assert client.get(url).status_code == 404  # approved, but no published case shows it
    case = factories.case(user_for, project, images=[image])
    assert client.get(url).status_code == 404  # a draft case
    factories.case(user_for, project, status="published", images=[image], title_nl="Tweede")
    assert client.get(url).status_code == 200
    assert case.images.count() == 1


def test_a_case_shows_only_approved_images(user_for):
    project = portfolio_factories.project(user_for, team_obj=portfolio_factories.team(user_for))
    with pytest.raises(ValidationError, match="only approved images"):
        factories.case(user_for, project, images=[factories.bank_image(user_for)])


# --- strategy ---------------------------------------------------------------------------------------------


def test_the_strategy_needs_a_key_message_and_a_promise(user_for):
    with pytest.raises(ValidationError) as refused:
        services.strategy_save(actor=user_for(Role.PROGRAMME_OFFICE), expected_version=None, aim="Inspireren")
    assert set(refused.value.message_dict) == {"key_message", "promise"}


def test_the_strategy_shows_beside_the_communication_plan(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    services.strategy_save(
        actor=office,
        expected_version=None,
        aim="Inspireren",
        key_message="Stap voor stap",
        promise="Wij helpen",
    )
    services.target_group_save(
        actor=office, name="Maakbedrijven", segment="early_majority", role="primary", goal="both"
    )
    client.force_login(user_for(Role.TEAM_LEAD))
    page = client.get(reverse("stakeholders:communication-plan")).content.decode()
    assert 'data-testid="plan-strategy-panel"' in page
    assert "Stap voor stap" in page and "Maakbedrijven (early majority, primary target group)" in page


# --- knowledge hub ------------------------------------------------------------------------------------------


def _team(user_for):
    return portfolio_factories.team(user_for)


def test_a_document_gets_versions_and_is_found_by_tag_and_text(user_for):
    from knowledge import selectors_outreach as selectors

    team = _team(user_for)
    lead = user_for(Role.TEAM_LEAD)
    item = services.hub_item_create(
        actor=lead,
        title="Retourlogistiek",
        kind=HubItem.Kind.DOCUMENT,
        team=team,
        tags="Batterijen, logistiek,  batterijen",
        content=b"Notitie over retourstromen.",
        file_name="notitie.txt",
    )
    assert item.tags == "batterijen, logistiek"
    version = services.hub_version_add(
        actor=lead,
        item=item,
        content=b"Tweede versie met inzamelpunten.",
        file_name="notitie-2.txt",
        note="Inzamelpunten toegevoegd",
    )
    assert version.number == 2
    assert list(selectors.hub_items(tag="logistiek")) == [item]
    assert list(selectors.hub_items(q="inzamelpunten")) == [item]  # a version's note
    assert list(selectors.hub_items(q="retourlogistiek batterijen")) == [item]
    assert list(selectors.hub_items(q="zonnepanelen")) == []
    assert list(selectors.hub_items(tag="batt")) == []  # a tag is matched whole


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"\x00\x01\x02binary", "no PDF"), (b"PK\x03\x04broken", "no PDF"), (b"", "needs its file")],
)
def test_a_hub_document_that_is_no_document_is_refused(user_for, content, fragment):
    with pytest.raises(ValidationError) as refused:
        services.hub_item_create(
            actor=user_for(Role.PROGRAMME_OFFICE),
            title="X",
            kind=HubItem.Kind.DOCUMENT,
            team=_team(user_for),
            content=content,
            file_name="x.docx",
        )
    assert fragment in " ".join(refused.value.message_dict["file"])


def test_a_hub_item_names_its_team_or_theme_and_a_link_its_address(user_for):
    with pytest.raises(ValidationError) as refused:
        services.hub_item_create(actor=user_for(Role.PROGRAMME_OFFICE), title="X", kind=HubItem.Kind.LINK)
    assert set(refused.value.message_dict) == {"team", "url"} or "team" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.hub_item_create(
            actor=user_for(Role.PROGRAMME_OFFICE),
            title="X",
            kind=HubItem.Kind.LINK,
            team=_team(user_for),
            url="javascript:alert(1)",
        )
    assert "url" in refused.value.message_dict


# --- mailing lists ------------------------------------------------------------------------------------------


def test_a_mailing_list_is_built_from_the_register_and_exported(client, user_for):
    team = _team(user_for)
    other = portfolio_factories.team(user_for, code="verbreding", name="Team Verbreding")
    relevant = Organisation.objects.create(name="Fietsfabriek B.V.")
    TeamRelevance.objects.create(organisation=relevant, team=team)
    elsewhere = Organisation.objects.create(name="Andere Organisatie")
    TeamRelevance.objects.create(organisation=elsewhere, team=other)
    StakeholderPerson.objects.create(
        organisation=relevant, name="Anna Directeur", email="anna@example.nl", change_agent_type="director"
    )
    StakeholderPerson.objects.create(
        organisation=relevant, name="=Bert Techniek", email="bert@example.nl", change_agent_type="technician"
    )
    StakeholderPerson.objects.create(organisation=relevant, name="Zonder Adres", email="")
    StakeholderPerson.objects.create(organisation=elsewhere, name="Niet Relevant", email="x@example.nl")
    mailing = services.mailing_list_save(
        actor=user_for(Role.TEAM_LEAD), team=team, name="Nieuwsbrief", content="de nieuwsbrief"
    )
    client.force_login(user_for(Role.PROJECT_LEAD))
    response = client.get(reverse("knowledge:mailing-list-export", kwargs={"pk": mailing.pk, "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # By organisation, then name ("=" sorts before letters); a formula-like name is written as text.
    assert rows[1:] == [
        ["'=Bert Techniek", "bert@example.nl", "Fietsfabriek B.V.", "", "Technician"],
        ["Anna Directeur", "anna@example.nl", "Fietsfabriek B.V.", "", "Director / owner"],
    ]
    assert PeopleExportLog.objects.get().rows == 2
    services.mailing_list_save(
        actor=user_for(Role.PROGRAMME_OFFICE),
        mailing_list=mailing,
        expected_version=mailing.version,
        team=team,
        name="Nieuwsbrief",
        content="de nieuwsbrief",
        change_agent_types=["director"],
    )
    response = client.get(reverse("knowledge:mailing-list-export", kwargs={"pk": mailing.pk, "fmt": "xlsx"}))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Anna Directeur"]


# --- vision landscape ---------------------------------------------------------------------------------------


def test_wrap_breaks_at_spaces_and_marks_what_was_left_out():
    assert landscape.wrap("Kritieke materialen energietransitie batterijen", width=20) == [
        "Kritieke materialen",
        "energietransitie",
        "batterijen",
    ]
    assert landscape.wrap("een twee drie vier vijf zes", width=9, lines=2) == ["een twee", "drie vie…"]


def test_layout_puts_items_in_the_layer_of_their_horizon_far_to_near():
    items = [
        landscape.Item("Trend", "trend", 600, "0-50 jr"),
        landscape.Item("Later", "initiatives", 60, "0-5 jr"),
        landscape.Item("Eerst", "initiatives", 1, "0-1 mnd"),
        *[landscape.Item(f"Interventie {i}", "intervention", 120, "0-10 jr", order=i) for i in range(5)],
    ]
    drawing = landscape.layout(items)
    assert [band.code for band in drawing.bands] == ["trend", "transition", "intervention", "initiatives"]
    assert [len(band.boxes) for band in drawing.bands] == [1, 0, 5, 2]
    assert [box.item.title for box in drawing.bands[3].boxes] == ["Eerst", "Later"]  # by horizon
    # Four boxes a row at 1200 pixels: the fifth intervention starts a second row, and the band is taller.
    interventions = drawing.bands[2].boxes
    assert interventions[4].y > interventions[0].y and interventions[4].x == interventions[0].x
    assert drawing.bands[2].height > drawing.bands[0].height
    tops = [band.y for band in drawing.bands]
    assert tops == sorted(tops)


def test_a_landscape_item_is_linked_to_a_goal_project_or_change_strategy(user_for):
    with pytest.raises(ValidationError) as refused:
        services.landscape_item_save(
            actor=user_for(Role.PROGRAMME_OFFICE), title="Los", horizon=ensure_horizons()["0-5y"]
        )
    assert "effect_goal" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.landscape_item_save(actor=user_for(Role.TEAM_LEAD), title="X", horizon=None)


def test_the_landscape_page_draws_the_items_and_exports_svg_and_pdf(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    horizons = ensure_horizons()
    project = portfolio_factories.project(user_for, team_obj=portfolio_factories.team(user_for))
    for title, code in (("Pilot batterijen", "0-2y"), ("Opschaling", "0-10y"), ("Brede welvaart", "0-50y")):
        services.landscape_item_save(actor=office, title=title, horizon=horizons[code], project=project)
    client.force_login(user_for(Role.READER))
    page = client.get(reverse("knowledge:landscape")).content.decode()
    assert page.count("<g data-layer=") == 4
    svg_part, text_part = page.split('data-testid="landscape-text"')
    assert (
        svg_part.index("Brede welvaart") < svg_part.index("Opschaling") < svg_part.index("Pilot batterijen")
    )
    assert "Pilot batterijen" in text_part and f"{project.number}" in text_part
    # Strict CSP: presentation attributes, no inline style attributes or elements.
    assert not re.search(r"\sstyle=|<style", svg_part.split("<svg", 1)[1])
    svg = client.get(reverse("knowledge:landscape-export", kwargs={"fmt": "svg"}))
    assert svg["Content-Type"].startswith("image/svg+xml") and b"Pilot batterijen" in svg.content
    pdf = client.get(reverse("knowledge:landscape-export", kwargs={"fmt": "pdf"}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


# --- bounded pages ------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_hub_images_and_landscape_pages_read_the_same_number_of_queries_as_they_grow(client, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    team = _team(user_for)
    horizons = ensure_horizons()
    project = portfolio_factories.project(user_for, team_obj=team)
    client.force_login(office)

    def grow(count: int) -> None:
        for i in range(count):
            services.hub_item_create(
                actor=office, title=f"Link {i}", kind=HubItem.Kind.LINK, team=team, tags="a, b", url="/x/"
            )
            factories.bank_image(user_for, content=factories.image_bytes(1000, 1000))
            services.landscape_item_save(
                actor=office,
                title=f"Item {i}",
                horizon=horizons["0-2y" if i % 2 else "0-50y"],
                project=project,
            )

    urls = [reverse("knowledge:hub"), reverse("knowledge:images"), reverse("knowledge:landscape")]
    grow(1)
    small = [_queries(client, url) for url in urls]
    grow(6)
    assert [_queries(client, url) for url in urls] == small
