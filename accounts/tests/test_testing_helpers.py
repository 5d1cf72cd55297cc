"""The permission-matrix helper must itself tell access from denial, or every permission test is hollow."""

import pytest
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect

from accounts.roles import Role
from accounts.testing import ANONYMOUS, assert_access, role_matrix


def test_role_matrix_covers_every_role_and_anonymous():
    params = role_matrix(allowed={Role.ASSESSOR})
    pairs = {p.values for p in params}
    assert len(params) == len(Role.values) + 1
    assert (Role.ASSESSOR.value, True) in pairs
    assert (Role.READER.value, False) in pairs
    assert (ANONYMOUS, False) in pairs


@pytest.mark.parametrize(
    ("response", "allowed", "passes"),
    [
        (HttpResponse("ok"), True, True),
        (HttpResponse("ok"), False, False),
        (HttpResponseForbidden(), False, True),
        (HttpResponseForbidden(), True, False),
        (HttpResponseRedirect("/accounts/login/?next=/x"), False, True),
        (HttpResponseRedirect("/accounts/login/?next=/x"), True, False),
        (HttpResponseRedirect("/portfolio/1/"), True, True),
    ],
)
def test_assert_access_tells_access_from_denial(response, allowed, passes):
    if passes:
        assert_access(response, allowed=allowed)
    else:
        with pytest.raises(AssertionError):
            assert_access(response, allowed=allowed)
