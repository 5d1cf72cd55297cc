"""The dashboard API: same permissions as the pages, same numbers."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix

from .factories import ghost_metric, load_published_figures
from .test_dashboard import ALLOWED


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=ALLOWED))
def test_dashboard_api_access(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("dashboard-api:dashboard")), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=set(Role.values)))
def test_figures_api_access(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("dashboard-api:figures")), allowed=allowed)


def test_dashboard_api_says_unavailable_instead_of_zero(client, user_for, monkeypatch):
    ghost_metric(monkeypatch)  # a metric whose source model does not exist, beside the real ones
    login_as(client, user_for, Role.STEERING_TEAM)
    counts = {c["key"]: c for c in client.get(reverse("dashboard-api:dashboard")).json()["counts"]}
    assert (counts["ghost"]["available"], counts["ghost"]["value"]) == (False, None)
    # The register of barriers exists and is empty: 0.
    assert (counts["eu_barriers"]["available"], counts["eu_barriers"]["value"]) == (True, 0)
    assert counts["running_projects"] == {
        "key": "running_projects",
        "label": counts["running_projects"]["label"],
        "pillar": "realisatie",
        "available": True,
        "value": 0,
        "denominator": None,
        "source": "portfolio.Project",
    }


def test_figures_api_reports_the_check(client, user_for):
    load_published_figures()
    login_as(client, user_for, Role.APPLICANT)
    tables = {t["breakdown"]: t for t in client.get(reverse("dashboard-api:figures")).json()["tables"]}
    cluster = {c["column"]: c for c in tables["cluster"]["check"]["columns"]}
    # Clusters, organisations 0-50: 3,070 + 6,323 + 8,223 + 22,386 + 909 = 40,911 against 40,910 printed.
    assert cluster["orgs_0_50"] == {
        "column": "orgs_0_50",
        "rows_counted": 5,
        "sum": 40911,
        "stated_total": 40910,
        "difference": 1,
        "status": "rounding",
    }
    assert tables["cluster"]["check"]["consistent"] is True
