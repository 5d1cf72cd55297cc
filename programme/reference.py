"""The catalogue rows this app and the roadmap refer to, by code. The catalogue loader owns
their content; when it
has not run (fresh test database), `ensure_*` creates minimal rows with the codes of catalogue/models.py."""

from catalogue.models import EffectDimension, Horizon, Pillar

# code, label as the sources write it, months, landscape (§3.3), granularity (§4.4 Roadmap 2.0 table)
HORIZONS = [
    ("0-1m", "0-1 mnd", 1, "initiatives", ""),
    ("0-3m", "0-3 mnd", 3, "initiatives", "lisa"),
    ("0-1y", "0-1 jr", 12, "initiatives", "sbi5"),
    ("0-2y", "0-2 jr", 24, "initiatives", "sbi4"),
    ("0-5y", "0-5 jr", 60, "initiatives", "sbi3"),
    ("0-10y", "0-10 jr", 120, "intervention", "sbi2"),
    ("0-20y", "0-20 jr", 240, "transition", "sbi1"),
    ("0-50y", "0-50 jr", 600, "trend", ""),
]
PILLARS = [
    ("realisatie", "Realisatie", 1),
    ("versnelling", "Versnelling", 2),
    ("verbreding", "Verbreding", 3),
]
DIMENSIONS = [("M", "Milieu", 1), ("L", "Leveringszekerheid", 2), ("E", "Economie", 3)]


def ensure_horizons() -> dict[str, Horizon]:
    result = {}
    for code, label, months, landscape, granularity in HORIZONS:
        result[code], _ = Horizon.objects.get_or_create(
            code=code,
            defaults={
                "label_nl": label,
                "months": months,
                "landscape": landscape,
                "granularity": granularity,
                "source_section": "Werkwijze UPCM §3.1.1, §4.4",
            },
        )
    return result


def ensure_pillars() -> dict[str, Pillar]:
    result = {}
    for code, name, order in PILLARS:
        result[code], _ = Pillar.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "source_section": "Werkwijze UPCM §3.1.2"}
        )
    return result


def ensure_dimensions() -> dict[str, EffectDimension]:
    result = {}
    for code, name, order in DIMENSIONS:
        result[code], _ = EffectDimension.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "source_section": "Werkwijze UPCM §4.4"}
        )
    return result
