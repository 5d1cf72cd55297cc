"""The foundation journey in headless Chromium: log in, open the catalogue, search an SBI code, switch to
English, log out."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.testing import make_user
from catalogue.loader import catalogue_load

pytestmark = pytest.mark.e2e


def test_log_in_find_an_sbi_code_switch_language_and_log_out(page):
    catalogue_load()
    user = make_user(Role.READER)  # password "pw"

    # Log in (the form in <main>: the header's language buttons are submit buttons too).
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill("pw")
    page.locator("main").get_by_role("button", name="Inloggen").click()
    # The start page, in Dutch, with the role in the header.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_test_id("role-badge")).to_have_text("Lezer")

    # Open the catalogue from the main navigation; every list is there with its count.
    page.locator("nav.rk-nav").get_by_role("link", name="Catalogus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalogus")
    lists = page.get_by_test_id("catalogue-lists")
    expect(lists.get_by_role("row", name=re.compile("SBI-codes"))).to_contain_text("38")

    # Search the SBI list for a code as the sources write it.
    lists.get_by_role("link", name="SBI-codes").click()
    expect(page.get_by_test_id("sbi-tree")).to_be_visible()
    page.get_by_label("Zoeken in SBI-codes").fill("29.1")
    page.locator("#main").get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/catalogue/sbi/\?q=29\.1"))
    results = page.get_by_test_id("catalogue-entries")
    expect(results.get_by_role("link", name="29.1", exact=True)).to_be_visible()
    expect(results).to_contain_text("Vervaardiging van auto's")
    expect(page.get_by_test_id("result-count")).to_contain_text("voldoe")

    # Open the entry: its source section is shown.
    results.get_by_role("link", name="29.1", exact=True).click()
    expect(page.get_by_test_id("source-section")).to_contain_text("impactsheet Project Batterijen")

    # Switch to English with the header's language buttons (a POST to set_language): same page, in English.
    page.locator("form.rk-language button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("source-section")).to_contain_text("Source:")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    page.locator("nav.rk-nav").get_by_role("link", name="Catalogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Catalogue")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # Log out: back on the login page.
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
