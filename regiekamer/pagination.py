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


class CountedPagination(PageNumberPagination):
    """Pages of a list whose length the view already knows from a kept or aggregated figure
    (`known_count`, set before paginating): the page is read without a COUNT over the list."""

    known_count: int | None = None

    def django_paginator_class(self, object_list: Any, per_page: int, **kwargs: Any) -> Any:
        from django.core.paginator import Paginator

        paginator = Paginator(object_list, per_page, **kwargs)
        if self.known_count is not None:
            paginator.count = self.known_count  # overrides the cached property that would count
        return paginator


# --- HTML lists ---------------------------------------------------------------------------------------------

HTML_PAGE_SIZE = 50


def html_page(request: Any, items: Any, per_page: int | None = None, *, count: int | None = None) -> Any:
    """One page of `items` (a queryset: the database counts it and reads only the page's rows) for an HTML
    list; `?page=` past the end or not a number shows the last or the first page (Django's `get_page`).
    `count`: the number of items when the caller already has it from an aggregate (no second count)."""
    from django.core.paginator import Paginator

    paginator = Paginator(items, per_page or HTML_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # overrides the cached property that would count
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: Any) -> str:
    """The request's query string without `page`: the filters and sort a pager's links keep."""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())
