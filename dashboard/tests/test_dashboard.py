"""The programme dashboard: who may see it, the cluster filter and the metric registry."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.testing import assert_access, login_as, role_matrix
from dashboard import metrics
from dashboard.permissions import DASHBOARD_ROLES
from dashboard.scope import Scope

from .factories import ghost_metric, product_clusters

# Choice: every programme role and readers; not applicants and assessors (they see the industry figures).
ALLOWED = {
    Role.PROGRAMME_OFFICE,
    Role.STEERING_TEAM,
    Role.TEAM_LEAD,
    Role.PROJECT_LEAD,
    Role.MEETING_MEMBER,
    Role.READER,
}


def test_dashboard_roles_are_the_stated_choice():
    assert DASHBOARD_ROLES == ALLOWED


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=ALLOWED))
def test_dashboard_access(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("dashboard:dashboard")), allowed=allowed)


@pytest.mark.parametrize(("role", "allowed"), role_matrix(allowed=ALLOWED))
def test_metric_list_access(client, user_for, role, allowed):
    login_as(client, user_for, role)
    assert_access(client.get(reverse("dashboard:metric-objects", args=["running_projects"])), allowed=allowed)


@pytest.fixture
def reader(client, user_for):
    login_as(client, user_for, Role.READER)
    return client


def test_every_metric_of_the_issue_is_registered():
    per_pillar = {p: [m.key for m in metrics.METRICS if m.pillar == p] for p in metrics.PILLARS}
    assert per_pillar == {
        "realisatie": [
            "running_projects",
            "product_groups_higher_r",
            "chain_collaborations",
            "market_segments",
            "business_propositions",
            "entrepreneurs",
        ],
        "versnelling": [
            "innovation_functions",
            "sweet_spot_projects",
            "knowledge_exchange_projects",
            "kem_projects",
            "impact_assessments",
            "knowledge_networks",
        ],
        "verbreding": [
            "eu_barriers",
            "supraregional_projects",
            "connected_regions",
            "target_groups",
            "change_agents",
            "followers",
        ],
    }


def test_every_registered_metric_has_a_source_and_counts(db):
    """No metric of §4.4 lacks a source: each one counts (0 on an empty database), none says "no data"."""
    values = metrics.metric_values(Scope())
    assert all(item.value == 0 for pillar in values.values() for item in pillar)


def test_missing_source_says_so_instead_of_zero(reader, monkeypatch, db):
    ghost_metric(monkeypatch)
    html = reader.get(reverse("dashboard:dashboard")).content.decode()
    item = html.split('data-metric="ghost"', 1)[1].split("</li>", 1)[0]
    assert "no data source yet" in item or "nog geen gegevensbron" in item
    assert ">0<" not in item
    response = reader.get(reverse("dashboard:metric-objects", args=["ghost"]))
    assert response.status_code == 200
    assert response.context["page"] is None


def test_unknown_metric_is_404(reader):
    assert reader.get(reverse("dashboard:metric-objects", args=["nothing"])).status_code == 404


def test_cluster_filter_lists_the_six_clusters(reader):
    product_clusters()
    response = reader.get(reverse("dashboard:dashboard"), {"cluster": "materialen"})
    assert [c.name for c in response.context["clusters"]] == [
        "Generiek",
        "Materialen",
        "Verbruiksartikelen",
        "Bouw & constructie",
        "Kapitaalgoederen",
        "Consumentengoederen",
    ]
    assert response.context["cluster"].code == "materialen"
    assert response.context["cluster_query"] == "?cluster=materialen"
    # An unknown code means all clusters.
    assert reader.get(reverse("dashboard:dashboard"), {"cluster": "x"}).context["cluster"] is None


def test_scope_uses_the_cluster_divisions(db):
    from catalogue.models import SbiCode

    clusters = product_clusters()
    SbiCode.objects.create(
        code="24", level=2, name="Basismetaal", cluster=clusters["materialen"], source_section="t"
    )
    SbiCode.objects.create(
        code="28", level=2, name="Machines", cluster=clusters["kapitaalgoederen"], source_section="t"
    )
    scope = Scope.for_cluster(clusters["materialen"])
    assert scope.cluster_divisions == ("24",)
    SbiCode.objects.create(code="2410", level=4, name="Ruw ijzer", source_section="t")
    matched = SbiCode.objects.filter(scope.sbi_q("")).values_list("code", flat=True)
    assert sorted(matched) == ["24", "2410"]
