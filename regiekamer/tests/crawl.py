"""A crawler for tests: every page a person can reach by following links, checked for what a person must never
see — a Python repr, a raw choice code, an English decimal point or an ISO date in the text, a server error.

`crawl(client)` starts at the home page and follows every internal link (GET only) breadth first; of the URLs
that resolve to the same view with the same query parameters it visits a few, so a register of thousands of
rows costs a bounded number of requests. `text_problems(html)` is the check of one HTML page, usable alone.
The browser side (a table wider than its box) is `e2e/layout.py`.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Paths never followed: leaving the session, the admin (Django's own screens), the API browser (JSON).
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/api/", "/static/", "/media/", "/i18n/")
# Visible text that gives away a Python value instead of a label.
REPR_PATTERNS = {
    "Python list or dict": re.compile(r"[\[{]'[^']*'[,:\]}]"),
    "Python object": re.compile(r"<[A-Za-z_.]+ object at 0x|<QuerySet |\bDecimal\('|datetime\.date\("),
    "Python constant": re.compile(r"(?<![\w-])(None|True|False)(?![\w-])"),
}
# A raw code: lower-case words joined by underscores (no Dutch or English label looks like that).
RAW_CODE = re.compile(r"(?<![\w./@:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])")
# A number with an English decimal point and two decimals ("35000.00") or a thousands value with a point
# decimal ("1960.0"); Dutch writes 35.000,00. And a date as the database writes it (2027-01-01).
ENGLISH_DECIMAL = re.compile(r"(?<![\w.,/-])\d{3,}\.\d{1,2}(?![\d.,])")
ISO_DATE = re.compile(r"(?<![\w/-])(19|20)\d\d-[01]\d-[0-3]\d(?![\w/-])")
# Elements whose text is not read as prose: scripts, styles, the content people typed into a form, and a
# source's own words quoted as they stand (<cite>: the provenance text of a data file, in its language).
INVISIBLE = {"script", "style", "template", "textarea", "code", "pre", "cite"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in INVISIBLE:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def parse(html: str) -> tuple[list[str], list[str]]:
    """The links and the visible text fragments of a page."""
    page = _Page()
    page.feed(html)
    return page.links, page.text


def text_problems(html: str) -> list[str]:
    """What a person should not read on this page (one line per problem, with the text it was found in)."""
    problems = []
    for fragment in parse(html)[1]:
        for name, pattern in REPR_PATTERNS.items():
            if pattern.search(fragment):
                problems.append(f"{name}: {fragment[:120]!s}")
        if code := RAW_CODE.search(fragment):
            problems.append(f"raw code {code.group(0)}: {fragment[:120]!s}")
        if number := ENGLISH_DECIMAL.search(fragment):
            problems.append(f"number {number.group(0)} not in Dutch notation: {fragment[:120]!s}")
        if day := ISO_DATE.search(fragment):
            problems.append(f"date {day.group(0)} not in Dutch notation: {fragment[:120]!s}")
    return problems


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    problems: list[str] = field(default_factory=list)


def url_pattern(path: str, query: str = "") -> tuple[str, tuple[str, ...]] | None:
    """The view's route and the names of the query parameters: URLs alike for the crawl (None: no view)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route, tuple(sorted({key for key, _value in parse_qsl(query)}))


def crawl(client, *, start: str = "/", per_pattern: int = 2, limit: int = 600) -> list[Visit]:
    """Every page reachable from `start` by internal links, as `client` (a signed-in test client) sees it."""
    seen: set[str] = set()
    per: dict[tuple[str, tuple[str, ...]], int] = {}
    queue = deque([start])
    visits: list[Visit] = []
    while queue and len(visits) < limit:
        url = queue.popleft()
        parts = urlsplit(url)
        path_and_query = parts.path + (f"?{parts.query}" if parts.query else "")
        if path_and_query in seen or parts.path.startswith(SKIP_PREFIXES):
            continue
        seen.add(path_and_query)
        pattern = url_pattern(parts.path, parts.query)
        if pattern is None:
            continue
        if per.get(pattern, 0) >= per_pattern:
            continue
        per[pattern] = per.get(pattern, 0) + 1
        response = client.get(path_and_query)
        content_type = response.get("Content-Type", "")
        visit = Visit(path_and_query, response.status_code, content_type)
        visits.append(visit)
        if response.status_code >= 500:
            visit.problems.append(f"server error {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in content_type or response.streaming:
            continue
        html = response.content.decode()
        visit.problems.extend(text_problems(html))
        for href in parse(html)[0]:
            target = urlsplit(urljoin(path_and_query, href))
            if target.scheme in ("", "http") and target.netloc in ("", "testserver") and target.path:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return visits
