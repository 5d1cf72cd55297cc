"""Benchmark of the raw-material scanner's pure core: parse and roll up a large bill of materials (5,000 rows,
components nested three deep) and band the materials' indicators. Prints sizes and times."""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from materials import bom, risk  # noqa: E402

MATERIALS = [f"M{i}" for i in range(30)]


def make_rows(products: int, assemblies: int, parts: int) -> list[bom.BomRow]:
    rng = random.Random(9)
    rows, number = [], 2
    for p in range(products):
        for a in range(assemblies):
            rows.append(bom.BomRow(number, f"P{p}", f"A{a}", "", 2, 0))
            number += 1
            for c in range(parts):
                share = rng.choice(MATERIALS[:15]), rng.choice(MATERIALS[15:])
                for material, fraction in zip(share, (0.75, 0.25), strict=True):
                    rows.append(bom.BomRow(number, f"P{p}", f"C{a}.{c}", f"A{a}", 3, 0.1, material, fraction))
                    number += 1
    return rows


def main() -> None:
    rows = make_rows(products=10, assemblies=10, parts=25)
    known = set(MATERIALS)
    started = time.perf_counter()
    parsed = bom.parse(rows, lambda name: name if name in known else None)
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    masses = parsed.kg_per_material()
    rollup_s = time.perf_counter() - started
    rng = random.Random(3)
    # M20-M29 stand for common materials (steel, plastics ...) that the material data has no indicators for:
    # banded "no data", never guessed
    values = {m: {key: rng.random() for key in risk.INDICATORS} for m in MATERIALS[:20]}
    started = time.perf_counter()
    worst = []
    for product, per_material in masses.items():
        materials = [risk.material_risk(m, values.get(m, {}), kg=kg) for m, kg in per_material.items()]
        worst.append(risk.ProductRisk(product, materials).worst)
    profile_s = time.perf_counter() - started
    total = sum(sum(per_material.values()) for per_material in masses.values())
    print(f"rows: {len(rows)}  components: {len(parsed.components)}  products: {len(worst)}")
    print(
        f"parse+validate: {parse_s * 1000:.1f} ms  roll-up: {rollup_s * 1000:.1f} ms  "
        f"risk profiles: {profile_s * 1000:.1f} ms  total mass: {total:.1f} kg"
    )


if __name__ == "__main__":
    main()
