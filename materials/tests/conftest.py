import pytest

from accounts.authorization import system_actor
from materials.services import material_release_import

from .factories import raw_materials

PRODUCERS = [
    # Cobalt: HHI 0.6² + 0.4² = 0.52 (high); export restriction on 0.6; WGI 0.6·8.2 + 0.4·1.6 = 5.56 (high)
    {
        "material": "Cobalt",
        "country": "CD",
        "share": 0.6,
        "wgi_estimate": -1.6,
        "export_restriction": "yes",
        "source": "test",
        "year": 2015,
    },
    {
        "material": "Cobalt",
        "country": "CA",
        "share": 0.4,
        "wgi_estimate": 1.7,
        "export_restriction": "no",
        "source": "test",
        "year": 2015,
    },
    # Copper: 5 equal producers, HHI 0.2 (medium), WGI 5 − 2·1.2 = 2.6 (low)
    *[
        {
            "material": "Copper",
            "country": country,
            "share": 0.2,
            "wgi_estimate": 1.2,
            "export_restriction": "no",
            "source": "test",
            "year": 2015,
        }
        for country in ("CL", "PE", "US", "AU", "CA")
    ],
]
INDICATORS = [
    {"material": "Cobalt", "indicator": "eol_recycling_rate", "value": 0.68, "source": "test", "year": 2015},
    {"material": "Copper", "indicator": "eol_recycling_rate", "value": 0.5, "source": "test", "year": 2015},
]


@pytest.fixture
def materials(db):
    return raw_materials()


@pytest.fixture
def release(materials):
    return material_release_import(
        actor=system_actor(),
        code="test-1",
        title="Test data",
        indicator_rows=INDICATORS,
        producer_rows=PRODUCERS,
        is_sample=True,
    )
