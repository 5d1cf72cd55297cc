"""Demo data: the illustrative sample material data set, one scan of the demo applicant (a company), and
illustrative innovation-function levels per cluster. Idempotent."""

from pathlib import Path
from typing import TextIO

from accounts.authorization import system_actor
from catalogue.models import InnovationFunction, ProductCluster
from materials import bom, dataset
from materials.models import ClusterInnovationScore, MaterialDataRelease, Scan
from materials.selectors import material_resolver
from materials.services import material_release_import, scan_create

SAMPLE_FOLDER = Path(__file__).resolve().parent / "data" / "sample-2015"
SAMPLE_CODE = "sample-2015"
DEMO_SCAN_TITLE = "E-bike (demo)"
DEMO_SOURCE = "ILLUSTRATIVE demo values, not an assessment of the programme"

# Product, component, part of, quantity, mass per unit (kg), material, mass fraction
DEMO_BOM = [
    ("E-bike", "Frame", "", 1, 2.2, "Bauxite/alumina/aluminium", 1.0),
    # common materials that are not EU-critical (catalogue/data/common_materials.csv): shown as not critical,
    # with no indicators in the sample data
    ("E-bike", "Chain and sprockets", "", 1, 0.9, "Steel", 1.0),
    ("E-bike", "Tyre", "", 2, 0.7, "Rubber", 1.0),
    ("E-bike", "Motor", "", 1, 0, "", None),
    ("E-bike", "Stator winding", "Motor", 1, 0.8, "Copper", 1.0),
    ("E-bike", "Rotor magnet", "Motor", 12, 0.02, "Light rare earth elements", 0.3),
    ("E-bike", "Rotor magnet", "Motor", 12, 0.02, "Cobalt", 0.7),
    ("E-bike", "Battery", "", 1, 0, "", None),
    ("E-bike", "Cell", "Battery", 40, 0.045, "Lithium", 0.1),
    ("E-bike", "Cell", "Battery", 40, 0.045, "Cobalt", 0.2),
    ("E-bike", "Cell", "Battery", 40, 0.045, "Nickel", 0.5),
    ("E-bike", "Cell", "Battery", 40, 0.045, "Natural graphite", 0.2),
    ("E-bike", "Controller chip", "Motor", 2, 0.002, "Gallium", 1.0),
]
# Illustrative innovation-function levels (0 unknown … 3 high) per cluster code; clusters not listed stay
# unscored.
DEMO_LEVELS = {1: 3, 2: 3, 3: 2, 4: 3, 5: 2, 6: 2, 7: 1, 8: 2}


def load(*, stdout: TextIO) -> None:
    resolve = material_resolver()
    if resolve("Cobalt") is None:
        stdout.write("materials: the catalogue's raw materials are not loaded; demo skipped.\n")
        return
    if not MaterialDataRelease.objects.filter(code=SAMPLE_CODE).exists():
        indicators, producers = dataset.read_csv_folder(SAMPLE_FOLDER)
        material_release_import(
            actor=system_actor(),
            code=SAMPLE_CODE,
            title="Illustrative sample 2015 (not the TNO data set)",
            indicator_rows=indicators,
            producer_rows=producers,
            is_sample=True,
            file_name="materials/data/sample-2015",
        )
        stdout.write("materials: loaded the illustrative sample material data.\n")

    from accounts.models import User

    owner = User.objects.filter(username="aanvrager").first()
    if owner and not Scan.objects.filter(owner=owner, title=DEMO_SCAN_TITLE).exists():
        rows = [bom.BomRow(number, *values) for number, values in enumerate(DEMO_BOM, start=2)]
        # the demo acts as the applicant whose scan it is
        scan_create(actor=owner, title=DEMO_SCAN_TITLE, rows=rows, origin=Scan.Origin.FORM)
        stdout.write("materials: created the demo scan of user aanvrager.\n")

    functions = {function.code: function for function in InnovationFunction.objects.all()}
    for index, cluster in enumerate(ProductCluster.objects.exclude(code="generiek").order_by("order")):
        for number, level in DEMO_LEVELS.items():
            function = functions.get(f"F{number}")
            if function is None:
                continue
            # get_or_create: a second run (or a level the programme edited since) changes nothing.
            ClusterInnovationScore.objects.get_or_create(
                cluster=cluster,
                function=function,
                defaults={"level": max(0, min(3, level - (index % 3))), "source": DEMO_SOURCE},
            )
