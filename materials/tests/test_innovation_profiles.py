"""Sweet-spot inputs that say where they come from (issue 18, item 3): the F1–F8 profile per cluster set with
a source and date, the scoping table's provenance and marks, the fingerprint's undefined "mode"."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.authorization import system_actor
from accounts.roles import Role
from accounts.testing import make_user
from catalogue.models import ProductCluster
from materials import demo
from materials.models import ClusterInnovationScore
from materials.services import cluster_innovation_profile_set
from programme.tests.factories import PersonFactory, TeamFactory

from .factories import impact_sheet, project

LEVELS = {"F1": 3, "F2": 3, "F3": 2, "F4": 1, "F5": 0, "F6": 2, "F7": 1, "F8": 0}


def _set(actor, cluster, **changes):
    arguments = {
        "levels": LEVELS,
        "source": "Mapping analysis Hekkert 2020",
        "source_date": datetime.date(2020, 6, 1),
        **changes,
    }
    return cluster_innovation_profile_set(actor=actor, cluster=cluster, **arguments)


@pytest.fixture
def materialen(catalogue):
    return ProductCluster.objects.get(code="materialen")


def test_the_office_sets_a_profile_with_source_and_date_audited(materialen):
    office = make_user(Role.PROGRAMME_OFFICE, "kantoor-profiel")
    ClusterInnovationScore.objects.create(
        cluster=materialen, function=_function("F1"), level=1, is_illustrative=True
    )
    _set(office, materialen)
    scores = {score.function.code: score for score in materialen.innovation_scores.select_related("function")}
    assert {code: score.level for code, score in scores.items()} == LEVELS
    assert {(score.source, score.source_date, score.is_illustrative) for score in scores.values()} == {
        ("Mapping analysis Hekkert 2020", datetime.date(2020, 6, 1), False)
    }
    # F1 was illustrative level 1 and is now 3, set by the office: two history rows
    f1 = scores["F1"].history.order_by("history_date")
    assert [(row.level, row.is_illustrative) for row in f1] == [(1, True), (3, False)]


def _function(code):
    from catalogue.models import InnovationFunction

    return InnovationFunction.objects.get(code=code)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"levels": {**LEVELS, "F3": 4}}, "F3"),
        ({"levels": {**LEVELS, "F6": -1}}, "F6"),
        ({"levels": {**LEVELS, "F2": "hoog"}}, "F2"),
        ({"levels": {key: value for key, value in LEVELS.items() if key != "F8"}}, "F8"),
        ({"levels": {**LEVELS, "F9": 1}}, "levels"),
        ({"source": "  "}, "source"),
        ({"source_date": None}, "source_date"),
        ({"source_date": datetime.date(2099, 1, 1)}, "source_date"),
    ],
)
def test_a_bad_profile_is_refused_naming_the_field_and_nothing_changes(materialen, changes, field):
    with pytest.raises(ValidationError) as refused:
        _set(system_actor(), materialen, **changes)
    assert field in refused.value.message_dict
    assert not ClusterInnovationScore.objects.filter(cluster=materialen).exists()


def test_the_team_lead_of_kennisintegratie_may_set_a_profile_another_team_lead_not(materialen):
    knowledge_lead = make_user(Role.TEAM_LEAD, "trekker-ki")
    TeamFactory(code="kennisintegratie", lead=PersonFactory(user=knowledge_lead))
    other_lead = make_user(Role.TEAM_LEAD, "trekker-realisatie")
    TeamFactory(code="realisatie", lead=PersonFactory(user=other_lead))
    _set(knowledge_lead, materialen)
    with pytest.raises(PermissionDenied):
        _set(other_lead, materialen, levels={**LEVELS, "F1": 0})
    assert ClusterInnovationScore.objects.get(cluster=materialen, function__code="F1").level == 3


def test_the_scoping_table_shows_provenance_and_marks_illustrative_and_missing_inputs(materialen, client):
    office = make_user(Role.PROGRAMME_OFFICE, "kantoor-scoping")
    demo_levels = ClusterInnovationScore.objects.bulk_create(
        ClusterInnovationScore(
            cluster=ProductCluster.objects.get(code="kapitaalgoederen"),
            function=_function(code),
            level=2,
            source=demo.DEMO_SOURCE,
            is_illustrative=True,
        )
        for code in LEVELS
    )
    assert len(demo_levels) == 8
    _set(office, materialen)
    client.force_login(office)
    page = client.get(reverse("materials:sweet-spots"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    # §1.2.1 has 13 product groups; only 20, 22, 24 and 38 carry Materialen (catalogue/data/README.md)
    assert page.count('data-testid="no-cluster"') == 9
    assert "voor de andere 9 productgroepen geeft de bron geen cluster" in page
    # the four Materialen groups read the profile with its source; no group carries Kapitaalgoederen
    assert "Mapping analysis Hekkert 2020, 1-6-2020" in page  # the date in Dutch notation
    assert page.count('data-testid="innovation-illustrative"') == 0
    assert page.count('data-testid="innovation-missing"') == 9
    assert 'Kapitaalgoederen: <span class="rk-status rk-status--bad">illustratief</span>' in page
    assert 'Verbruiksartikelen: <span class="rk-status rk-status--warn">ontbreekt</span>' in page
    assert "Werkwijze UPCM 2020 §1.2" in page  # the figures' source
    profiles = client.get(
        reverse("materials:innovation-profiles"), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert profiles.count("illustratief</span>") == 1 and profiles.count("met bron</span>") == 1


def test_the_form_saves_and_a_value_off_the_scale_is_refused_on_its_field(materialen, client):
    office = make_user(Role.PROGRAMME_OFFICE, "kantoor-formulier")
    client.force_login(office)
    url = reverse("materials:innovation-profile-edit", args=["materialen"])
    data = {
        **{code: str(level) for code, level in LEVELS.items()},
        "source": "Teambesluit",
        "source_date": "",
    }
    page = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200 and not ClusterInnovationScore.objects.exists()
    response = client.post(url, {**data, "F3": "7", "source_date": "2021-03-04"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200 and response.context["form"].errors.keys() == {"F3"}
    response = client.post(url, {**data, "source_date": "2021-03-04"})
    assert response.status_code == 302
    saved = ClusterInnovationScore.objects.get(cluster=materialen, function__code="F3")
    assert (saved.level, saved.source, saved.source_date) == (2, "Teambesluit", datetime.date(2021, 3, 4))
    assert saved.history.first().history_user == office  # audited, with who


def test_the_fingerprint_says_the_source_leaves_mode_undefined(catalogue, client):
    from programme.models import Team

    office = make_user(Role.PROGRAMME_OFFICE, "kantoor-fp")
    team = TeamFactory(code="realisatie")
    assert isinstance(team, Team)
    item = project("20-904", team, title="Vingerafdruk")
    impact_sheet(item, office, sbi=["24"], raw_materials=["cobalt"])
    client.force_login(office)
    page = client.get(reverse("materials:fingerprint", args=["20-904"]), HTTP_ACCEPT_LANGUAGE="nl").content
    assert "niet gedefinieerd in de bron" in page.decode() and 'data-testid="mode"' in page.decode()
