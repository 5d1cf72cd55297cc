"""Demo data: the EU criticality assessment 2023 as the current material data release (the illustrative sample
stays loaded as an alternative release), one scan of the demo applicant (a company), and
illustrative innovation-function levels per cluster. Idempotent."""

import csv
from pathlib import Path
from typing import TextIO

from accounts.authorization import system_actor
from catalogue.models import InnovationFunction, ProductCluster
from materials import bom, dataset
from materials.models import ClusterInnovationScore, MaterialDataRelease, Scan
from materials.selectors import material_resolver
from materials.services import material_release_import, material_release_load_eu_assessment, scan_create
from regiekamer.models import update_or_create_quietly

SAMPLE_FOLDER = Path(__file__).resolve().parent / "data" / "sample-2015"
SAMPLE_CODE = "sample-2015"
EU_FOLDER = Path(__file__).resolve().parent / "data" / "eu-crm-2023"
EU_FILE = EU_FOLDER / "assessment.csv"
EU_CODE = "eu-crm-2023"
DEMO_SCAN_TITLE = "E-bike (demo)"
# Shown in the innovation profiles and the scoping table, each value marked illustrative (is_illustrative).
DEMO_SOURCE = "Regiekamer-demo: illustratieve waarden, geen beoordeling van het programma"

# The bill of materials a Dutch applicant types, in Dutch (materials by their Dutch names, which the scanner
# knows as well as the English ones). Product, component, part of, quantity, mass per unit (kg), material,
# mass fraction.
DEMO_BOM = [
    ("E-bike", "Frame", "", 1, 2.2, "Aluminium", 1.0),
    # common materials that are not EU-critical (catalogue/data/common_materials.csv): shown as not critical,
    # with no indicators in the sample data
    ("E-bike", "Ketting en tandwielen", "", 1, 0.9, "Staal", 1.0),
    ("E-bike", "Band", "", 2, 0.7, "Rubber", 1.0),
    ("E-bike", "Motor", "", 1, 0, "", None),
    ("E-bike", "Statorwikkeling", "Motor", 1, 0.8, "Koper", 1.0),
    ("E-bike", "Rotormagneet", "Motor", 12, 0.02, "Lichte zeldzame aardmetalen", 0.3),
    ("E-bike", "Rotormagneet", "Motor", 12, 0.02, "Kobalt", 0.7),
    ("E-bike", "Accu", "", 1, 0, "", None),
    ("E-bike", "Cel", "Accu", 40, 0.045, "Lithium", 0.1),
    ("E-bike", "Cel", "Accu", 40, 0.045, "Kobalt", 0.2),
    ("E-bike", "Cel", "Accu", 40, 0.045, "Nikkel", 0.5),
    ("E-bike", "Cel", "Accu", 40, 0.045, "Natuurlijk grafiet", 0.2),
    ("E-bike", "Besturingschip", "Motor", 2, 0.002, "Gallium", 1.0),
]


def sample_titles() -> tuple[str, str]:
    """The sample release's title in Dutch and English (data/sample-2015/release.csv)."""
    with (SAMPLE_FOLDER / "release.csv").open(newline="", encoding="utf-8") as handle:
        row = next(row for row in csv.DictReader(handle) if row["code"] == SAMPLE_CODE)
    return row["title"], row["title_en"]


def eu_titles() -> tuple[str, str]:
    """The EU release's title in Dutch and English (data/eu-crm-2023/release.csv)."""
    with (EU_FOLDER / "release.csv").open(newline="", encoding="utf-8") as handle:
        row = next(row for row in csv.DictReader(handle) if row["code"] == EU_CODE)
    return row["title"], row["title_en"]


# Illustrative innovation-function levels (0 unknown … 3 high) per cluster code; clusters not listed stay
# unscored.
DEMO_LEVELS = {1: 3, 2: 3, 3: 2, 4: 3, 5: 2, 6: 2, 7: 1, 8: 2}


def load(*, stdout: TextIO) -> None:
    resolve = material_resolver()
    if resolve("Cobalt") is None:
        stdout.write("materials: the catalogue's raw materials are not loaded; demo skipped.\n")
        return
    title, title_en = sample_titles()
    if not MaterialDataRelease.objects.filter(code=SAMPLE_CODE).exists():
        indicators, producers = dataset.read_csv_folder(SAMPLE_FOLDER)
        material_release_import(
            actor=system_actor(),
            code=SAMPLE_CODE,
            indicator_rows=indicators,
            producer_rows=producers,
            is_sample=True,
            file_name="materials/data/sample-2015",
            title=title,
            title_en=title_en,
        )
        stdout.write("materials: loaded the illustrative sample material data.\n")
    else:  # a demo database of before the titles were in the data file: the titles as the file has them now
        update_or_create_quietly(
            MaterialDataRelease, code=SAMPLE_CODE, defaults={"title": title, "title_en": title_en}
        )

    if not MaterialDataRelease.objects.filter(code=EU_CODE).exists():
        eu_title, eu_title_en = eu_titles()
        material_release_load_eu_assessment(
            actor=system_actor(),
            text=EU_FILE.read_text(encoding="utf-8"),
            code=EU_CODE,
            title=eu_title,
            title_en=eu_title_en,
            file_name="materials/data/eu-crm-2023/assessment.csv",
        )
        stdout.write("materials: loaded the EU criticality assessment 2023 as the current material data.\n")

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
                defaults={
                    "level": max(0, min(3, level - (index % 3))),
                    "source": DEMO_SOURCE,
                    "is_illustrative": True,
                },
            )
