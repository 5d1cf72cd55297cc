import pytest

from accounts.authorization import system_actor
from materials.services import material_release_import
from materials.tests.factories import raw_materials

# Test data (not the sample release): magnesium from two countries, with its recycling rate.
PRODUCERS = [
    {
        "material": "Magnesium",
        "country": "CN",
        "share": 0.9,
        "wgi_estimate": -0.5,
        "export_restriction": "yes",
        "source": "test",
        "year": 2015,
    },
    {
        "material": "Magnesium",
        "country": "IL",
        "share": 0.1,
        "wgi_estimate": 0.6,
        "export_restriction": "no",
        "source": "test",
        "year": 2015,
    },
]
INDICATORS = [
    {
        "material": "Magnesium",
        "indicator": "eol_recycling_rate",
        "value": 0.4,
        "source": "test",
        "year": 2015,
    },
]


@pytest.fixture
def magnesium(db):
    materials = raw_materials()
    material_release_import(
        actor=system_actor(),
        code="sim-test",
        title="Test",
        indicator_rows=INDICATORS,
        producer_rows=PRODUCERS,
    )
    return materials["magnesium"]
