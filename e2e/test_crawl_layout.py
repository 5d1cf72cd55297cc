"""Every page of the demo, as each demo role meets it (issue 14), in one crawl over the demo loaded once:

* every page each demo user reaches by following links from the home page (regiekamer/tests/crawl.py) reads
  as a person should: no server error, no Python repr, no raw choice code, no number or date in other than
  Dutch notation;
* one page of each kind (view and query parameters) is opened in Chromium at 1366 px, once, as the first
  role that reached it: no table may be wider than its container nor the page wider than the window.

A scenario over the whole demo: it runs once (SQLite suite). The check of one page's text is unit-tested in
regiekamer/tests/test_crawl.py."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.demo import DEMO_USERS
from accounts.models import User
from e2e.layout import layout_problems
from e2e.steps import log_in_as
from regiekamer.tests.crawl import crawl, url_pattern

pytestmark = [pytest.mark.e2e, pytest.mark.scenario, pytest.mark.django_db(transaction=True)]


def test_every_page_of_every_demo_role_reads_as_a_person_should_and_fits_the_window(browser, live_server):
    call_command("demo", stdout=io.StringIO())
    checked: set[str] = set()
    problems: list[str] = []
    for username, *_rest in DEMO_USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        visits = crawl(client)
        assert len(visits) > 10, f"{username} reached only {[v.url for v in visits]}"
        problems += [f"{username} {visit.url}: {problem}" for visit in visits for problem in visit.problems]
        urls, kinds = [], set()
        for visit in visits:  # the first page of each kind this role reached, unless another role opened it
            kind = url_pattern(*visit.url.partition("?")[::2])
            if visit.status != 200 or "text/html" not in visit.content_type or kind in kinds:
                continue
            kinds.add(kind)
            if visit.url not in checked:
                urls.append(visit.url)
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
