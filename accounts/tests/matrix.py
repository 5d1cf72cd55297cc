"""Accounts in the role matrix (regiekamer/tests/test_role_matrix.py): the own profile is for every
signed-in user; no role sets up accounts (the demo, the tests and the admin's superusers do, as the system
actor or in the admin)."""

from accounts.roles import Role
from accounts.testing import Expect, Route

EVERYONE = set(Role.values)

ROUTES = [Route("accounts:profile")]

EXPECTED = {
    "view_profile": Expect(EVERYONE),
    "manage_users": Expect(set()),
}
