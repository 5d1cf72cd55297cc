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
