"""Demo data: three scans of the demo applicant (a company) — an electric motor, a laptop and a packaging
machine — made through the materials app's scanner service, and one passport for each pilot issued from them.

Every figure here is illustrative (the titles say "demo"): the bills of materials are plausible
compositions, not
measured products; the GTINs use GS1's example company prefix 950600 (GS1 Digital Link standard examples) with
valid check digits; the operator's identifier is an example.org address. Idempotent."""

from __future__ import annotations

from typing import TextIO

from catalogue.models import SbiCode
from materials import bom
from materials.models import Scan
from materials.selectors import material_resolver
from materials.services import scan_create

from . import gs1, pilots, services
from .models import Passport

OPERATOR = {"operator_name": "Demo Maakbedrijf B.V.", "operator_id": "https://example.org/kvk/00000000"}
FACILITY = {"facility_name": "Demo fabriek Hengelo", "facility_id": "https://example.org/facilities/hengelo"}

# product, component, part of, quantity, mass per unit (kg), material, mass fraction — illustrative.
MOTOR_BOM = [
    ("Elektromotor PM 7,5 kW", "Behuizing", "", 1, 22, "Gietijzer", 1.0),
    ("Elektromotor PM 7,5 kW", "Statorpakket", "", 1, 16, "Staal", 1.0),
    ("Elektromotor PM 7,5 kW", "Statorwikkeling", "", 1, 6.5, "Koper", 1.0),
    ("Elektromotor PM 7,5 kW", "As", "", 1, 4, "Roestvast staal", 1.0),
    ("Elektromotor PM 7,5 kW", "Rotormagneet", "", 1, 1.2, "Neodymium", 0.29),
    ("Elektromotor PM 7,5 kW", "Rotormagneet", "", 1, 1.2, "Dysprosium", 0.03),
    ("Elektromotor PM 7,5 kW", "Rotormagneet", "", 1, 1.2, "IJzer", 0.67),
    ("Elektromotor PM 7,5 kW", "Rotormagneet", "", 1, 1.2, "Boron", 0.01),
    ("Elektromotor PM 7,5 kW", "Lager", "", 2, 0.4, "Staal", 1.0),
]
LAPTOP_BOM = [
    ("Laptop 14 inch", "Behuizing", "", 1, 0.6, "Aluminium", 1.0),
    ("Laptop 14 inch", "Beeldscherm", "", 1, 0.35, "Glas", 1.0),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Koper", 0.25),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Glas", 0.6),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Tin", 0.04),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Goud", 0.002),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Zilver", 0.003),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Palladium", 0.001),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Tantaal", 0.004),
    ("Laptop 14 inch", "Moederbord", "", 1, 0.15, "Nikkel", 0.1),
    ("Laptop 14 inch", "Accu", "", 1, 0.3, "Lithium", 0.03),
    ("Laptop 14 inch", "Accu", "", 1, 0.3, "Kobalt", 0.12),
    ("Laptop 14 inch", "Accu", "", 1, 0.3, "Nikkel", 0.15),
    ("Laptop 14 inch", "Accu", "", 1, 0.3, "Natuurlijk grafiet", 0.17),
    ("Laptop 14 inch", "Accu", "", 1, 0.3, "Aluminium", 0.3),
    ("Laptop 14 inch", "Accu", "", 1, 0.3, "Koper", 0.23),
]
MACHINE_BOM = [
    ("Verpakkingsmachine", "Frame", "", 1, 420, "Staal", 1.0),
    ("Verpakkingsmachine", "Afscherming", "", 1, 150, "Roestvast staal", 1.0),
    ("Verpakkingsmachine", "Profielen", "", 1, 30, "Aluminium", 1.0),
    ("Verpakkingsmachine", "Aandrijving", "", 3, 18, "Staal", 0.75),
    ("Verpakkingsmachine", "Aandrijving", "", 3, 18, "Koper", 0.25),
    ("Verpakkingsmachine", "Besturingskast", "", 1, 25, "Staal", 0.8),
    ("Verpakkingsmachine", "Besturingskast", "", 1, 25, "Koper", 0.2),
]

SCANS: dict[str, tuple[str, list[tuple], str]] = {
    pilots.MOTOR: ("Elektromotor PM 7,5 kW (demo)", MOTOR_BOM, "27"),
    pilots.ICT: ("Laptop 14 inch (demo)", LAPTOP_BOM, "26"),
    pilots.MACHINE: ("Verpakkingsmachine (demo)", MACHINE_BOM, "28"),
}

REPAIR = {
    "repair_R4": "Lagers en afdichtingen vervangen volgens de onderhoudshandleiding; "
    "reserveonderdelen 10 jaar leverbaar.",
    "repair_R6": "Retour naar de fabrikant voor herfabricage: stator en behuizing worden hergebruikt.",
    "repair_R8": "Magneten apart uitnemen (lijm losmaken bij 150 °C) en naar een recycler van "
    "zeldzame aardmetalen.",
}
CARBON = {"carbon_unit": "EA", "carbon_scope": "CradleToGate", "carbon_primary_ratio": 0.6}

PASSPORTS: dict[str, dict[str, object]] = {
    pilots.MOTOR: {
        "product_name": "Elektromotor PM 7,5 kW IE5 (demo)",
        "description": "Permanentmagneetmotor voor pompen en ventilatoren (illustratieve demo).",
        "gtin_body": "0950600013436",
        "batch": "B2026-01",
        "recycled_content": 0.3,
        "recyclable_content": 0.85,
        "lifetime_years": 20,
        "lifetime_industry_years": 15,
        "carbon_value": 310,
        "rated_power_kw": 7.5,
        "efficiency_class": "IE5",
        "magnet_material": "NdFeB",
        "magnet_mass_kg": 1.2,
        "supplier_facilities": "Demo magneetfabriek | https://example.org/facilities/magnets",
        **REPAIR,
        **CARBON,
    },
    pilots.ICT: {
        "product_name": "Laptop 14 inch (demo)",
        "description": "Zakelijke laptop met vervangbare accu (illustratieve demo).",
        "gtin_body": "0950600013437",
        "serial": "SN000123",
        "recycled_content": 0.2,
        "recyclable_content": 0.5,
        "lifetime_years": 5,
        "lifetime_industry_years": 4,
        "repair_R4": "Accu, geheugen en SSD vervangbaar met een standaard schroevendraaier.",
        "repair_R8": "Moederbord naar een recycler van edelmetalen; accu gescheiden inzamelen.",
        "pcb_gold_mg": 300,
        "pcb_silver_mg": 450,
        "battery_chemistry": "Li-ion NMC",
        "battery_mass_kg": 0.3,
        "battery_removable": True,
    },
    pilots.MACHINE: {
        "product_name": "Verpakkingsmachine (demo)",
        "description": "Horizontale flowpackmachine (illustratieve demo).",
        "gtin_body": "0950600013438",
        "recycled_content": 0.4,
        "lifetime_years": 25,
        "main_assemblies": "Frame; afscherming; aandrijving (3 motoren); besturingskast",
        "steel_grades": "S235JR (frame); 1.4301 (afscherming)",
        "machine_mass_kg": 709,
        "repair_R5": "Besturing en aandrijving worden na 12 jaar gemoderniseerd (retrofit).",
        **CARBON,
        "carbon_value": 5200,
    },
}


def load(*, stdout: TextIO) -> None:
    from accounts.models import User

    owner = User.objects.filter(username="aanvrager").first()
    if owner is None or material_resolver()("Copper") is None:
        stdout.write("passports: the demo users or the raw materials are missing; demo skipped.\n")
        return
    for pilot, (title, rows, sbi_code) in SCANS.items():
        scan = Scan.objects.filter(owner=owner, title=title).first()
        if scan is None:
            bom_rows = [bom.BomRow(number, *values) for number, values in enumerate(rows, start=2)]
            scan = scan_create(
                actor=owner, title=title, rows=bom_rows, sbi=SbiCode.objects.filter(code=sbi_code).first()
            )
        values = dict(PASSPORTS[pilot])
        body = str(values.pop("gtin_body"))
        values["gtin"] = body + str(gs1.check_digit(body))
        if Passport.objects.filter(gtin=values["gtin"]).exists():
            continue
        # the demo acts as the applicant whose scans they are
        services.passport_issue(
            actor=owner, scan=scan, pilot=pilot, values={**OPERATOR, **FACILITY, **values}
        )
        stdout.write(f"passports: issued the demo passport of {title}.\n")
