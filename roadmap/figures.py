"""The programme's stated targets come from the §1.2 industry figures, not from typed numbers."""

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from catalogue.models import IndustryFigure

CSV = Path(settings.BASE_DIR) / "catalogue" / "data" / "maakindustrie_per_productgroep.csv"


def stated_total(column: str) -> tuple[Decimal, str]:
    """The "Totaal" row of §1.2.1 for `column`, and a note comparing it with the sum of the product-group rows
    (the table's own rounding makes them differ by a few units)."""
    figures = IndustryFigure.objects.filter(breakdown=IndustryFigure.Breakdown.PRODUCT_GROUP)
    if figures.exists():
        total = figures.filter(is_stated_total=True).values_list(column, flat=True).first()
        parts = list(figures.filter(is_stated_total=False).values_list(column, flat=True))
    else:
        with open(CSV, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        total = next(int(r[column]) for r in rows if r["name"] == "Totaal")
        parts = [int(r[column]) for r in rows if r["name"] != "Totaal"]
    if total is None:
        raise ValueError(f"§1.2.1 has no stated total (Totaal) for {column}")
    note = f"Werkwijze UPCM §1.2.1, Totaal: {total}; som van de {len(parts)} productgroepen: {sum(parts)}."
    return Decimal(total), note
