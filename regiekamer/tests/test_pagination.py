"""The HTML lists' pager (regiekamer.pagination.html_page): a capped count for lists whose exact length would
cost a read of every row."""

import pytest
from django.test import RequestFactory

from accounts.models import User
from regiekamer.pagination import html_page

pytestmark = pytest.mark.django_db


def _accounts(n: int):
    for index in range(n):
        User.objects.create(username=f"gebruiker-{index}")
    return User.objects.order_by("username")


def _page(params: dict, accounts, django_assert_num_queries, queries: int):
    with django_assert_num_queries(queries) as captured:
        page = html_page(RequestFactory().get("/", params), accounts, 3, count_limit=5)
        names = [user.username for user in page]
    return page, names, [query["sql"] for query in captured.captured_queries]


def test_a_capped_count_stops_after_the_limit_and_pages_within_it(django_assert_num_queries):
    # Given 7 accounts, a limit of 5 and 3 a page, when page 9 is asked for: one COUNT over at most 6 rows,
    # then the last page within the limit, which says there are more.
    page, names, sql = _page({"page": "9"}, _accounts(7), django_assert_num_queries, 2)
    assert "COUNT(*)" in sql[0] and "LIMIT 6" in sql[0]
    assert (page.paginator.count, page.paginator.capped, page.number, page.has_next()) == (5, True, 2, False)
    assert names == ["gebruiker-3", "gebruiker-4"]


def test_the_first_page_is_read_once_beside_the_capped_count(django_assert_num_queries):
    page, names, sql = _page({}, _accounts(7), django_assert_num_queries, 2)  # the first rows, the count
    assert "LIMIT 4" in sql[0] and "COUNT(*)" in sql[1]
    assert (page.paginator.count, page.paginator.capped, page.number) == (5, True, 1)
    assert names == ["gebruiker-0", "gebruiker-1", "gebruiker-2"]


def test_a_list_that_ends_on_its_first_page_is_counted_from_its_rows(django_assert_num_queries):
    page, names, _sql = _page({}, _accounts(2), django_assert_num_queries, 1)  # no COUNT
    assert (page.paginator.count, page.paginator.capped, page.has_other_pages()) == (2, False, False)
    assert names == ["gebruiker-0", "gebruiker-1"]


@pytest.mark.parametrize(
    ("accounts", "params", "number"), [(5, {}, 1), (5, {"page": "2"}, 2), (4, {"page": "2"}, 2)]
)
def test_a_list_within_the_limit_is_counted_exactly(accounts, params, number):
    page = html_page(RequestFactory().get("/", params), _accounts(accounts), 3, count_limit=5)
    assert (page.paginator.count, page.paginator.capped, page.number) == (accounts, False, number)
