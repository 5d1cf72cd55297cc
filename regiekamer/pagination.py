"""The API's pages (``DEFAULT_PAGINATION_CLASS``): DRF's page numbers, with `?page=` that names no page
refused (404, as for a page past the end) instead of silently answering the first page."""

from __future__ import annotations

from typing import Any

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


def html_page(request: Any, items: Any, per_page: int | None = None, *, count: int | None = None) -> Any:
    """One page of `items` (a queryset: the database counts it and reads only the page's rows) for an HTML
    list; `?page=` past the end or not a number shows the last or the first page (Django's `get_page`).
    `count`: the number of items when the caller already has it from an aggregate (no second count)."""
    from django.core.paginator import Paginator

    items = items if count is None else Counted(items, count)
    return Paginator(items, per_page or HTML_PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: Any) -> str:
    """The request's query string without `page`: the filters and sort a pager's links keep."""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())
