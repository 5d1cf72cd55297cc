"""The search app in the role matrix: everyone signed in may search; what each finds is the owning apps'
rules (search/tests/test_search.py)."""

from accounts.roles import ALL_ROLES
from accounts.testing import Expect, Route

ROUTES = [
    Route("search:results"),
    Route("search:results", query="q=project"),
]

EXPECTED = {
    "search": Expect(set(ALL_ROLES)),
}
