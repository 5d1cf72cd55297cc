"""The sweet-spot "serves" rule as the database answers it (issue 17) agrees with `fingerprint.serves` on
every current impact sheet: by SBI division, by the division's product cluster, old versions not counted."""

import datetime

import pytest

from accounts.roles import Role
from catalogue.models import ProductCluster, SbiCode
from dashboard.tests import builders as b
from materials import fingerprint
from materials.models import SweetSpot
from materials.selectors import cluster_code, project_fingerprints, projects_serving_sweet_spots

pytestmark = pytest.mark.django_db


def _adopt(code: str, team, user) -> None:
    SweetSpot.objects.create(
        sbi=SbiCode.objects.get(code=code),
        team=team,
        r_band="R8-R9",
        score=0.5,
        rank=1,
        weights={},
        reasoning="",
        adopted_by=user,
    )


def test_the_query_serves_the_projects_the_fingerprint_rule_names(catalogue, user_for):
    office = user_for(Role.PROGRAMME_OFFICE)
    team = b.team("realisatie", "Team Realisatie", 1)
    d0 = SbiCode.objects.filter(level=2).exclude(cluster=None).order_by("code").first()
    d1, d2 = SbiCode.objects.filter(level=2, cluster=None).order_by("code")[:2]
    # d0 (with its product cluster) and d1 are adopted; d2 and the other cluster are not.
    other = ProductCluster.objects.exclude(pk=d0.cluster_id).order_by("code").first()
    sheets = {
        "20-000": {"sbi": [d0.code]},  # serves by SBI
        "20-001": {"sbi": [d1.code], "cluster": other.code},  # by SBI (its cluster is not adopted)
        "20-002": {"cluster": d0.cluster.code},  # by cluster only
        "20-003": {"sbi": [d2.code], "cluster": other.code},  # not at all
        "20-004": None,  # an older version served, the current one does not
        "20-005": "none",  # no impact sheet
    }
    for number, values in sheets.items():
        project = b.project(number, team, start=datetime.date(2020, 1, 1), due=datetime.date(2021, 1, 1))
        if values is None:
            b.impact_sheet(project, office, sbi=[d0.code])
            b.impact_sheet(project, office, version=2)
        elif values != "none":
            b.impact_sheet(project, office, **values)
    assert not projects_serving_sweet_spots().exists()  # nothing adopted
    _adopt(d0.code, team, office)
    _adopt(d1.code, team, office)
    spots = [
        (spot.sbi.code, cluster_code(spot.sbi)) for spot in SweetSpot.objects.select_related("sbi__cluster")
    ]

    reasons = {
        found.number: {fingerprint.serves(found, division, cluster) for division, cluster in spots} - {None}
        for found in project_fingerprints()
    }
    assert reasons == {
        "20-000": {fingerprint.SERVES_BY_SBI},
        "20-001": {fingerprint.SERVES_BY_SBI},
        "20-002": {fingerprint.SERVES_BY_CLUSTER},
        "20-003": set(),
        "20-004": set(),
    }
    served = set(projects_serving_sweet_spots().values_list("number", flat=True))
    assert served == {number for number, why in reasons.items() if why}


def test_a_cluster_the_office_set_counts_in_the_scoping_table_and_the_serves_rule(catalogue, user_for):
    """A product group the source places in no cluster, given one by the programme office (with its source
    and date), is in that cluster for the scoping table and for the sweet spots it serves."""
    from materials.selectors import scoping_inputs
    from materials.services import product_group_cluster_set

    office = user_for(Role.PROGRAMME_OFFICE)
    team = b.team("realisatie", "Team Realisatie", 1)
    division = (
        SbiCode.objects.filter(level=2, cluster=None).exclude(name_in_figures="").order_by("code").first()
    )
    cluster = ProductCluster.objects.exclude(code="generiek").order_by("code").first()
    row = next(item for item in scoping_inputs() if item.sbi == division.code)
    assert (row.cluster_code, row.cluster) == ("", "")
    project = b.project("20-010", team, start=datetime.date(2020, 1, 1), due=datetime.date(2021, 1, 1))
    b.impact_sheet(project, office, cluster=cluster.code)  # serves the division by its cluster only
    _adopt(division.code, team, office)
    assert not projects_serving_sweet_spots().exists()

    product_group_cluster_set(
        actor=office,
        sbi=division,
        cluster=cluster,
        source="Besluit regieteam",
        source_date=datetime.date(2021, 3, 1),
    )

    row = next(item for item in scoping_inputs() if item.sbi == division.code)
    assert (row.cluster_code, row.cluster) == (cluster.code, cluster.label)
    assert list(projects_serving_sweet_spots().values_list("number", flat=True)) == ["20-010"]
    (found,) = project_fingerprints()
    spot = SweetSpot.objects.select_related("sbi__cluster", "sbi__assigned_cluster__cluster").get()
    assert fingerprint.serves(found, spot.sbi.code, cluster_code(spot.sbi)) == fingerprint.SERVES_BY_CLUSTER
