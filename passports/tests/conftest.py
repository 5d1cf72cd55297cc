import pytest

from accounts.roles import Role
from accounts.testing import make_user
from materials import bom
from materials.services import material_release_import, scan_create

# A small motor (illustrative): 10 kg cast iron, 5 kg copper, a 1 kg magnet of 30 % neodymium and 70 % iron.
# Per material: steel 10 + 0.7 = 10.7 kg, copper 5 kg, light rare earths 0.3 kg; 16 kg in all.
MOTOR_ROWS = [
    bom.BomRow(2, "Motor", "Housing", "", 1, 10, "Cast iron", 1.0),
    bom.BomRow(3, "Motor", "Winding", "", 1, 5, "Copper", 1.0),
    bom.BomRow(4, "Motor", "Magnet", "", 1, 1, "Neodymium", 0.3),
    bom.BomRow(5, "Motor", "Magnet", "", 1, 1, "Iron", 0.7),
]
# Light rare earth elements: 1 producer with 100 % of production, HHI 1 (high band).
PRODUCERS = [
    {
        "material": "Light rare earth elements",
        "country": "CN",
        "share": 1.0,
        "wgi_estimate": -0.5,
        "export_restriction": "yes",
        "source": "test",
        "year": 2020,
    }
]

VALUES = {
    "product_name": "Test motor",
    "description": "A motor for the tests",
    "gtin": "09506000134352",  # the GTIN of the GS1 Digital Link standard's examples (check digit 2)
    "batch": "B1",
    "operator_name": "Maker B.V.",
    "operator_id": "https://example.org/kvk/1",
    "facility_name": "Plant",
    "facility_id": "https://example.org/facility/1",
    "supplier_facilities": "Magnet works SECRET-SUPPLIER | https://example.org/facility/secret-supplier",
    "recycled_content": 0.25,
    "recyclable_content": 0.8,
    "lifetime_years": 20,
    "lifetime_industry_years": 10,
    "carbon_value": 120,
    "carbon_unit": "EA",
    "carbon_scope": "CradleToGate",
    "carbon_primary_ratio": 0.5,
    "repair_R4": "Replace the bearings.",
    "repair_R8": "Take the magnet out before shredding.",
    "efficiency_class": "IE4",
    "magnet_material": "NdFeB",
    "magnet_mass_kg": 987.654,  # restricted: a number that appears nowhere else
    "rated_power_kw": 3,
}


@pytest.fixture
def supplier(db):
    return make_user(Role.APPLICANT, "supplier")


@pytest.fixture
def motor_scan(catalogue, supplier):
    from accounts.authorization import system_actor

    material_release_import(
        actor=system_actor(), code="passport-test", title="Test", indicator_rows=[], producer_rows=PRODUCERS
    )
    return scan_create(actor=supplier, title="Motor scan", rows=MOTOR_ROWS)


@pytest.fixture
def passport(supplier, motor_scan):
    from passports import services

    return services.passport_issue(actor=supplier, scan=motor_scan, pilot="electric_motor", values=VALUES)
