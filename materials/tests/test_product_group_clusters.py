"""The clusters of the §1.2.1 product groups (§1.2.3): the source's where the catalogue data gives one,
the programme office's with a source and date (audited) where it does not, "geen cluster vastgesteld"
otherwise."""

import csv
import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from catalogue.loader import DATA_DIR
from catalogue.models import ProductCluster, SbiCode
from materials.models import ProductGroupCluster
from materials.services import product_group_cluster_set

LIST = reverse("materials:product-group-clusters")
TODAY = datetime.date(2021, 3, 1)
FUTURE = datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=2)


def _source_clusters() -> dict[str, str]:
    """The §1.2.1 divisions and the cluster sbi_codes.csv gives them (empty where the source gives none)."""
    with (DATA_DIR / "maakindustrie_per_productgroep.csv").open(encoding="utf-8") as handle:
        divisions = [row["sbi_division"] for row in csv.DictReader(handle) if row["sbi_division"].isdigit()]
    with (DATA_DIR / "sbi_codes.csv").open(encoding="utf-8") as handle:
        clusters = {row["code"]: row["cluster"] for row in csv.DictReader(handle)}
    return {division: clusters[division] for division in divisions}


def test_the_page_shows_the_source_clusters_and_no_cluster_established_otherwise(client, user_for, catalogue):
    source = _source_clusters()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(user_for(Role.STEERING_TEAM))
    page = client.get(LIST).content.decode()
    table = page.split('data-testid="group-clusters"', 1)[1].split("</table>", 1)[0]
    for division, cluster in source.items():
        row = table.split(f'data-sbi="{division}"', 1)[1].split("</tr>", 1)[0]
        if cluster:
            assert ProductCluster.objects.get(code=cluster).name in row, division
        else:
            assert "geen cluster vastgesteld" in row, division
    assert table.count("geen cluster vastgesteld") == sum(1 for c in source.values() if not c)


def test_the_office_sets_a_cluster_with_source_and_date_and_it_is_audited(client, user_for, catalogue):
    office = user_for(Role.PROGRAMME_OFFICE)
    division = next(code for code, cluster in _source_clusters().items() if not cluster)
    cluster = ProductCluster.objects.get(code="consumentengoederen")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(office)
    url = reverse("materials:product-group-cluster-edit", args=[division])
    response = client.post(
        url, {"cluster": cluster.pk, "source": "Besluit KBO 12 februari 2021", "source_date": "2021-02-12"}
    )
    assert response.status_code == 302
    assignment = ProductGroupCluster.objects.get(sbi__code=division)
    assert (assignment.cluster, assignment.source, assignment.set_by) == (
        cluster,
        "Besluit KBO 12 februari 2021",
        office,
    )
    assert assignment.history.count() == 1 and assignment.history.first().history_user == office
    row = client.get(LIST).content.decode().split(f'data-sbi="{division}"', 1)[1].split("</tr>", 1)[0]
    assert cluster.name in row and "Besluit KBO 12 februari 2021" in row and "12-2-2021" in row


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("source", {"source": " "}),
        ("source_date", {"source_date": None}),
        ("source_date", {"source_date": FUTURE}),
        ("cluster", {"cluster": None}),
    ],
)
def test_bad_input_is_refused_naming_the_field(user_for, catalogue, field, values):
    division = next(code for code, cluster in _source_clusters().items() if not cluster)
    arguments = {
        "actor": user_for(Role.PROGRAMME_OFFICE),
        "sbi": SbiCode.objects.get(code=division),
        "cluster": ProductCluster.objects.get(code="consumentengoederen"),
        "source": "Besluit",
        "source_date": TODAY,
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        product_group_cluster_set(**arguments)
    assert field in refused.value.message_dict
    assert not ProductGroupCluster.objects.exists()


def test_a_group_the_source_places_keeps_the_sources_cluster(user_for, catalogue):
    division = next(code for code, cluster in _source_clusters().items() if cluster)
    with pytest.raises(ValidationError) as refused:
        product_group_cluster_set(
            actor=user_for(Role.PROGRAMME_OFFICE),
            sbi=SbiCode.objects.get(code=division),
            cluster=ProductCluster.objects.get(code="consumentengoederen"),
            source="Besluit",
            source_date=TODAY,
        )
    assert "sbi" in refused.value.message_dict


@pytest.mark.parametrize("role", list(Role))
def test_who_may_see_and_set_a_cluster(client, user_for, catalogue, role):
    from accounts.roles import PROGRAMME_ROLES

    division = next(code for code, cluster in _source_clusters().items() if not cluster)
    user = user_for(role)
    client.force_login(user)
    sees = role in PROGRAMME_ROLES  # the programme's scoping data
    assert client.get(LIST).status_code == (200 if sees else 403)
    url = reverse("materials:product-group-cluster-edit", args=[division])
    cluster = ProductCluster.objects.get(code="consumentengoederen")
    response = client.post(url, {"cluster": cluster.pk, "source": "Besluit", "source_date": "2021-02-12"})
    if role == Role.PROGRAMME_OFFICE:
        assert response.status_code == 302 and ProductGroupCluster.objects.count() == 1
    else:
        assert response.status_code == 403 and not ProductGroupCluster.objects.exists()
        with pytest.raises(PermissionDenied):
            product_group_cluster_set(
                actor=user,
                sbi=SbiCode.objects.get(code=division),
                cluster=cluster,
                source="Besluit",
                source_date=TODAY,
            )
