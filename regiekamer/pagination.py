"""The API's pages (``DEFAULT_PAGINATION_CLASS``): DRF's page numbers, with `?page=` that names no page
refused (404, as for a page past the end) instead of silently answering the first page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination as DrfPageNumberPagination


class PageNumberPagination(DrfPageNumberPagination):
    def get_page_number(self, request: Any, paginator: Any) -> Any:
        """The page asked for: absent is the first; `last` the last; anything else as sent, which Django's
        paginator checks (an empty or non-numeric value is an invalid page, not page 1)."""
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if value in self.last_page_strings:
            return paginator.num_pages
        return value


class Counted:
    """A queryset whose length the caller already knows from a kept or aggregated figure: Django's and DRF's
    paginators ask it for `count()` and slice it, so the page is read without a COUNT over the list."""

    def __init__(self, items: Any, count: int) -> None:
        self.items, self.known = items, count

    def count(self) -> int:
        return self.known

    def __len__(self) -> int:
        return self.known

    def __getitem__(self, key: Any) -> Any:
        return self.items[key]

    @property
    def ordered(self) -> bool:
        return bool(getattr(self.items, "ordered", True))


# --- HTML lists ---------------------------------------------------------------------------------------------

HTML_PAGE_SIZE = 50


class HtmlPaginator(Paginator):
    """Django's paginator for an HTML list; `capped`: the list goes on past the `count` items it pages
    (html_page's `count_limit`), so there is no last page and no exact total to show."""

    def __init__(self, object_list: Any, per_page: int, *, capped: bool = False) -> None:
        super().__init__(object_list, per_page)
        self.capped = capped


def html_page(
    request: Any,
    items: Any,
    per_page: int | None = None,
    *,
    count: int | None = None,
    count_limit: int | None = None,
) -> Any:
    """One page of `items` (a queryset: the database counts it and reads only the page's rows) for an HTML
    list; `?page=` past the end or not a number shows the last or the first page (Django's `get_page`).
    `count`: the number of items when the caller already has it from an aggregate (no second count).
    `count_limit`: count at most this many items, for a list whose exact length would cost a read of every
    row (see `_capped`). When there are more, the pager offers the pages within the limit and
    `page.paginator.capped` is true: the page says "more than", without a last page."""
    per_page = per_page or HTML_PAGE_SIZE
    capped = False
    if count is None and count_limit is not None:
        items, count, capped = _capped(request, items, per_page, count_limit)
    items = items if count is None else Counted(items, count)
    return HtmlPaginator(items, per_page, capped=capped).get_page(request.GET.get("page"))


def _capped(request: Any, items: Any, per_page: int, limit: int) -> tuple[Any, int, bool]:
    """`items` (a queryset) counted up to `limit` with `SELECT COUNT(*) FROM (... LIMIT limit + 1)`, which
    stops there: the items to page, their count (at most `limit`) and whether there are more.

    On the first page its rows and one more are read first. A list that ends within them is counted from
    them, with no COUNT at all: a narrow filter's few rows are where a capped count would walk the whole
    list without reaching its limit. Otherwise the first page is served from the rows read."""
    head = None
    if request.GET.get("page", "1") == "1":
        head = list(items[: per_page + 1])
        if len(head) <= per_page:
            return head, len(head), False
    # Unordered: any limit + 1 rows answer the question, and the database need not sort to find them.
    found = items.order_by()[: limit + 1].count()
    if head is not None:
        items = _FirstRowsRead(items, head[:per_page])
    return items, min(found, limit), found > limit


class _FirstRowsRead:
    """A queryset whose first rows have been read: the paginator's slice of them is answered from them."""

    def __init__(self, items: Any, rows: list[Any]) -> None:
        self.items, self.rows = items, rows

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice) and not key.start and key.stop == len(self.rows) and key.step is None:
            return self.rows
        return self.items[key]

    @property
    def ordered(self) -> bool:
        return bool(getattr(self.items, "ordered", True))


def query_without_page(request: Any) -> str:
    """The request's query string without `page`: the filters and sort a pager's links keep."""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())
