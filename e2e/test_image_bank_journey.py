"""The image bank and the vision landscape in the browser (issue 22, items 3 and 6).

1. The programme office opens the image bank: it warns that carrying images are missing. A file that is no
   image (a text file named .jpg) and an image without a licence are refused with the reason. An image is
   uploaded with its checklist and approved; Team Verbreding's page warns until five carrying images are
   approved, and not after.
2. A reader opens the vision landscape: the demo roadmap's items are drawn in the four layers, far to near,
   and the same items are listed per layer in the text view."""

import io
import re

import pytest
from PIL import Image

from accounts.roles import Role
from e2e.steps import log_in_as
from knowledge.demo_outreach import load as load_outreach_demo
from knowledge.tests import factories as knowledge_factories
from portfolio.tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _jpeg(width: int = 1600, height: int = 1067) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (230, 235, 240)).save(out, "JPEG")
    return out.getvalue()


def test_the_carrying_image_warning_stays_until_five_are_approved(
    page, live_server, user_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    team = factories.team(user_for, code="verbreding", name="Team Verbreding")
    for _ in range(3):
        knowledge_factories.bank_image(user_for, approved=True)
    log_in_as(page, live_server, user_for(Role.PROGRAMME_OFFICE))

    page.goto("/knowledge/images/")
    warning = page.get_by_test_id("carrying-warning")
    assert "Pas 3 van de ten minste 5 dragende beelden" in warning.inner_text()

    # Not an image by its content, whatever its name says: refused with the reason, nothing stored.
    page.goto("/knowledge/images/new/")
    page.set_input_files("#id_file", {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"geen beeld"})
    page.fill("#id_title", "Nepbeeld")
    page.check("input[name=kind][value=carrying]")
    page.fill("#id_photographer", "Onbekend")
    page.fill("#id_licence", "Eigen fotografie")
    page.click("#image-form button[type=submit]")
    assert "Het bestand is geen beeld" in page.locator("#image-form").inner_text()

    # A real image without a licence: refused by the service (the field is required in the form too).
    page.set_input_files("#id_file", {"name": "werkplaats.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()})
    page.fill("#id_licence", " ")
    page.click("#image-form button[type=submit]")
    assert "Een beeld zonder licentie kan niet gebruikt worden" in page.locator("#image-form").inner_text()

    for number in (4, 5):
        page.goto("/knowledge/images/new/")
        page.set_input_files(
            "#id_file", {"name": f"werkplaats-{number}.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
        )
        page.fill("#id_title", f"Ondernemer in de werkplaats {number}")
        page.check("input[name=kind][value=carrying]")
        page.fill("#id_photographer", "A. Fotograaf")
        page.fill("#id_licence", "Eigen fotografie UPCM")
        page.check("#id_own_photography")  # a carrying image is own photography (Bijlage 5)
        page.check("input[name=usages][value=landing_page]")
        for criterion in ("light", "concentration", "action", "quality"):
            page.check(f"input[name=criteria][value={criterion}]")
        page.click("#image-form button[type=submit]")
        page.wait_for_url(re.compile(r"/knowledge/images/\d+/$"))
        assert page.get_by_test_id("image-status").inner_text() == "wacht op goedkeuring"
        page.click("#approve-image")
        assert page.get_by_test_id("image-status").inner_text() == "goedgekeurd"
        page.goto(f"/programme/teams/{team.code}/")
        if number == 4:
            assert "Pas 4 van de ten minste 5" in page.get_by_test_id("carrying-warning").inner_text()
            # The same warning on the office's dashboard, Mijn werk.
            page.goto("/rhythm/")
            assert "Pas 4 van de ten minste 5" in page.get_by_test_id("carrying-warning").inner_text()
        else:
            assert page.get_by_test_id("carrying-warning").count() == 0
            assert "5 dragende beelden zijn goedgekeurd" in page.get_by_test_id("carrying-ok").inner_text()

    # The thumbnail is served through the permission-checked view.
    page.goto("/knowledge/images/")
    thumbnails = page.locator("[data-testid=images] img")
    assert thumbnails.count() == 5
    assert page.evaluate("img => img.naturalWidth", thumbnails.first.element_handle()) > 0


def test_the_vision_landscape_draws_the_demo_roadmap_in_four_layers(page, live_server, user_for, catalogue):
    from roadmap.demo import load as load_roadmap_demo

    class Quiet:
        def write(self, *args, **kwargs):
            pass

    load_roadmap_demo(stdout=Quiet())
    load_outreach_demo(stdout=Quiet())
    log_in_as(page, live_server, user_for(Role.READER))
    page.goto("/knowledge/landscape/")
    layers = page.locator("svg[data-testid=landscape-svg] g[data-layer]")
    assert [layers.nth(i).get_attribute("data-layer") for i in range(4)] == [
        "trend",
        "transition",
        "intervention",
        "initiatives",
    ]
    drawn = {
        code: page.locator(f"svg g[data-layer={code}] a title").evaluate_all(
            "titles => titles.map(t => t.textContent)"
        )
        for code in ("trend", "transition", "intervention", "initiatives")
    }
    assert any(t.startswith("Vier kapitaalvormen Brede Welvaart") for t in drawn["trend"])
    assert any(t.startswith("Veerkracht waardeketens") for t in drawn["transition"])
    assert any(t.startswith("Missiegedreven innovatie") for t in drawn["intervention"])
    assert any(t.startswith("R-strategieën per productgroep") for t in drawn["initiatives"])
    text = page.get_by_test_id("landscape-text")
    assert "Trendlandschap (20-50 jaar)" in text.inner_text()
    assert "Vier kapitaalvormen Brede Welvaart" in text.locator("section[data-layer=trend]").inner_text()
    # Every drawn item is in the text view, in the same layer.
    for code, titles in drawn.items():
        listed = text.locator(f"section[data-layer={code}]").inner_text()
        for title in titles:
            assert title.split(" — ")[0] in listed
