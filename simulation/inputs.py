"""The model's input data, from the materials app and the catalogue (never invented here).

- Supplier countries, their shares, governance (WGI estimate) and export restrictions: the producers of the
  material in a material data release (`materials.ProducerShare`); the newest release that has producers.
- End-of-life recycling rate: the release's `eol_recycling_rate` value, else the EU 2023 EoL-RIR.
- Product groups and their share of demand: the §1.2.1 table of Werkwijze UPCM 2020 (column "Materiaalstromen
  — vermindering kritieke materialen, x mln kg"), manufacturing divisions only (33 repair and 38 waste
  treatment are not manufacturers of products). Per-material bills of materials per product group are not in
  the data, so every material is split over the groups alike (the page says so).

`from_files` reads the same figures straight from the CSV files (benchmarks, tests, no database)."""

from __future__ import annotations

import csv
from pathlib import Path

from materials.eu_assessment import rest_share

from .spec import UNNAMED, MaterialInput, ProductGroup, Supplier

ROOT = Path(__file__).resolve().parent.parent
GROUPS_CSV = ROOT / "catalogue" / "data" / "maakindustrie_per_productgroep.csv"
SAMPLE = ROOT / "materials" / "data" / "sample-2015"
GROUPS_SOURCE = "Werkwijze UPCM 2020, §1.2.1 (materiaalstromen per productgroep)"
NOT_MANUFACTURERS = {"33", "38"}


def product_groups(rows: list[tuple[str, str, float]] | None = None) -> tuple[ProductGroup, ...]:
    """The product groups with their share of the material flows of §1.2.1 (`rows`: division, name, mkg)."""
    if rows is None:
        with GROUPS_CSV.open(encoding="utf-8") as handle:
            rows = [
                (r["sbi_division"], r["name"], float(r["material_flows_mkg"]))
                for r in csv.DictReader(handle)
                if r["sbi_division"].isdigit()
            ]
    kept = [(code, name, mkg) for code, name, mkg in rows if code not in NOT_MANUFACTURERS and mkg > 0]
    total = sum(mkg for _, _, mkg in kept)
    return tuple(ProductGroup(code=code, name=name, share=mkg / total) for code, name, mkg in kept)


def from_files(material: str, code: str = "") -> MaterialInput:
    """A material of the illustrative 2015 sample release (materials/data/sample-2015), by its name there."""
    with (SAMPLE / "producers.csv").open(encoding="utf-8") as handle:
        producers = [r for r in csv.DictReader(handle) if r["material"] == material]
    with (SAMPLE / "indicators.csv").open(encoding="utf-8") as handle:
        rates = [
            float(r["value"])
            for r in csv.DictReader(handle)
            if r["material"] == material and r["indicator"] == "eol_recycling_rate"
        ]
    if not producers or not rates:
        raise LookupError(material)
    return MaterialInput(
        code=code or material,
        name=material,
        suppliers=tuple(
            Supplier(
                country=r["country"],
                share=float(r["share"]),
                governance=float(r["wgi_estimate"]),
                export_restriction=r["export_restriction"] == "yes",
            )
            for r in producers
        ),
        eol_recycling_rate=rates[0],
        groups=product_groups(),
        sources=(producers[0]["source"], "materials/data/sample-2015/indicators.csv", GROUPS_SOURCE),
    )


def two_stage_suppliers(
    mining: list[tuple[str, float, str]], refining: list[tuple[str, float, str]]
) -> tuple[Supplier, ...]:
    """The supplier countries when the data names the main supplier of mining and of refining apart (the EU
    assessment 2023 per stage: country, share, source): every country named in either stage, with its share
    of each, and one row for the rest of each stage (other or unknown countries, `UNNAMED`). A country named
    in one stage only has a share of 0 in the other: its part there, if any, is in that stage's unknown rest,
    which is how the source leaves it. Largest refining share first; the rest last."""
    mined = {country: share for country, share, _source in mining}
    refined = {country: share for country, share, _source in refining}
    countries = sorted(set(mined) | set(refined), key=lambda c: (-refined.get(c, 0.0), -mined.get(c, 0.0), c))
    named = [
        Supplier(country=c, share=mined.get(c, 0.0), refining_share=refined.get(c, 0.0)) for c in countries
    ]
    rest_mined, rest_refined = rest_share(list(mined.items())), rest_share(list(refined.items()))
    if rest_mined > 0 or rest_refined > 0:
        named.append(Supplier(country=UNNAMED, share=rest_mined, refining_share=rest_refined))
    return tuple(named)
