"""Every page of the demo fits a 1366 px window (issue 14): the pages each demo role reaches by following
links (regiekamer/tests/crawl.py, as in test_crawl.py) are opened in Chromium, each page once as the first
role that reached it; no table may be wider than its container nor the page wider than the window. A
scenario over the whole demo: it runs once (SQLite suite)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.demo import DEMO_USERS
from accounts.models import User
from e2e.layout import layout_problems
from e2e.steps import log_in_as
from regiekamer.tests.crawl import crawl

pytestmark = [pytest.mark.e2e, pytest.mark.scenario, pytest.mark.django_db(transaction=True)]


def test_no_page_of_any_demo_role_is_wider_than_the_window(browser, live_server):
    call_command("demo", stdout=io.StringIO())
    checked: set[str] = set()
    problems: list[str] = []
    for username, *_rest in DEMO_USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        urls = [
            visit.url
            for visit in crawl(client, per_pattern=1)
            if visit.status == 200 and "text/html" in visit.content_type and visit.url not in checked
        ]
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": 1366, "height": 900}
        )
        page = context.new_page()
        log_in_as(page, live_server, user)
        for url in urls:
            checked.add(url)
            page.goto(url)
            problems += [f"{username} {url}: {problem}" for problem in layout_problems(page)]
        context.close()
    assert len(checked) > 50
    assert not problems, "\n".join(problems)
