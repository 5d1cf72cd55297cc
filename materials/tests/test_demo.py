"""The demo against the real catalogue: the sample data set resolves, the demo scan is made, twice = once."""

from io import StringIO

import pytest

from accounts.roles import Role
from accounts.testing import make_user
from materials import demo
from materials.models import ClusterInnovationScore, IndicatorValue, MaterialDataRelease, Scan, ScanMaterial


@pytest.mark.django_db
def test_demo_is_idempotent(catalogue):
    make_user(Role.APPLICANT, "aanvrager")
    demo.load(stdout=StringIO())
    counts = (
        MaterialDataRelease.objects.count(),
        IndicatorValue.objects.count(),
        Scan.objects.count(),
        ClusterInnovationScore.objects.count(),
        ClusterInnovationScore.history.count(),
    )
    demo.load(stdout=StringIO())
    assert counts == (
        MaterialDataRelease.objects.count(),
        IndicatorValue.objects.count(),
        Scan.objects.count(),
        ClusterInnovationScore.objects.count(),
        ClusterInnovationScore.history.count(),
    )
    # the EU assessment 2023 is current: every material of the file (its 90 less the 20 elements, kept with
    # their groups; catalogue/data/README.md); the sample stays, not current
    release = MaterialDataRelease.objects.current().get()
    assert (release.code, release.is_sample, release.profiles.count()) == ("eu-crm-2023", False, 70)
    assert release.source.startswith(
        "European Commission (Grohol & Veeh), Study on the Critical Raw Materials"
    )
    sample = MaterialDataRelease.objects.get(code=demo.SAMPLE_CODE)
    assert sample.is_sample and not sample.is_current and sample.profiles.count() == 12
    # 12 magnets · 0.02 kg · 0.7 = 0.168 kg; 40 cells · 0.045 kg · 0.2 = 0.36 kg → cobalt 0.528 kg
    cobalt = ScanMaterial.objects.get(material__name="Cobalt")
    assert cobalt.kg == pytest.approx(0.528)
    # the common materials scan as not critical: 0.9 kg steel, 2 tyres · 0.7 kg = 1.4 kg rubber
    steel = ScanMaterial.objects.get(material__name="Steel")
    rubber = ScanMaterial.objects.get(material__name="Rubber")
    assert (steel.kg, rubber.kg) == (pytest.approx(0.9), pytest.approx(1.4))
    assert not steel.material.is_critical and not rubber.material.is_critical
