"""Accounts in the role matrix (regiekamer/tests/test_role_matrix.py): the own profile, API tokens and second
factor are for every signed-in user (each person only ever sees their own); the failed-login log and lifting a
lockout are the programme office's; no role sets up accounts (the demo, the tests and the admin's superusers
do, as the system actor or in the admin)."""

from accounts.roles import INTAKE_REVIEW_ROLES, PROGRAMME_ROLES, Role
from accounts.testing import Expect, Route

EVERYONE = set(Role.values)
OFFICE = {Role.PROGRAMME_OFFICE}

ROUTES = [
    Route("accounts:profile"),
    Route("accounts:api-tokens", methods=("GET", "POST"), data=lambda world: {"name": "matrix"}),
    Route("accounts:api-token-revoke", methods=("POST",), data=lambda world: {"key": "no-such-token"}),
    Route("accounts:second-factor"),
    Route("accounts:second-factor-setup"),
    Route("accounts:failed-logins", methods=("GET", "POST"), data=lambda world: {"username": "nobody"}),
]

EXPECTED = {
    "view_profile": Expect(EVERYONE),
    "manage_api_tokens": Expect(EVERYONE),
    "manage_second_factor": Expect(EVERYONE),
    "view_failed_logins": Expect(OFFICE),
    "unlock_logins": Expect(OFFICE),
    "manage_users": Expect(set()),
    # who made a change in an audit trail: the programme roles and the intake's reviewing roles
    "view_audit_names": Expect(set(PROGRAMME_ROLES) | set(INTAKE_REVIEW_ROLES)),
}
