"""The demo register loads, is idempotent and shows the Bijlage 4 examples and the three classes."""

import io

import pytest

from stakeholders import demo
from stakeholders.models import (
    CategorisationDecision,
    IssueAnalysis,
    Organisation,
    OrganisationSource,
    RiskEntry,
)

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_classifies(catalogue):
    from accounts import demo as accounts_demo

    accounts_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    counts = [
        Organisation.objects.count(),
        OrganisationSource.objects.count(),
        CategorisationDecision.objects.count(),
        IssueAnalysis.objects.count(),
        RiskEntry.objects.count(),
    ]
    demo.load(stdout=io.StringIO())
    assert [
        Organisation.objects.count(),
        OrganisationSource.objects.count(),
        CategorisationDecision.objects.count(),
        IssueAnalysis.objects.count(),
        RiskEntry.objects.count(),
    ] == counts
    assert counts[0] == 18
    classes = dict(
        Organisation.objects.filter(name__endswith="(fictief)").values_list("name", "frontrunner_class")
    )
    assert classes == {
        "Voorbeeldbedrijf Machinebouw (fictief)": "frontrunner",
        "Voorbeeldbedrijf Metaalbewerking (fictief)": "follower",
        "Voorbeeldbedrijf Kunststof (fictief)": "frontrunner",
        "Voorbeeldbedrijf Afvalverwerking (fictief)": "other",
    }
    quadrants = {a.person.name: a.quadrant for a in IssueAnalysis.objects.select_related("person")}
    assert quadrants == {"Dhr. X": "manage_closely", "Mevr. Y": "keep_satisfied", "Dhr. Z": "keep_satisfied"}
    gaps = {r.person.name: r.gap for r in RiskEntry.objects.select_related("person")}
    assert gaps == {"Dhr. X": 0, "Mevr. Y": 1, "Dhr. Z": 3}
    # The demo acts as the programme office's demo user, who is named in the trail.
    deciders = CategorisationDecision.objects.values_list("decided_by__username", flat=True).distinct()
    assert set(deciders) == {"kantoor"}
