"""The passport record: the plain data one version of a passport holds, and the rules its declared part must
meet. The record is what a version stores (PassportVersion.record); the UNTP credential (passports.untp), the
pages, the PDF and the AASX are all made from it.

    {
      "pilot": "electric_motor",
      "product": {"name", "description", "gtin", "batch", "serial", "production_date", "country"},
      "operator": {"name", "id"}, "facility": {"name", "id"},
      "supplier_facilities": [{"name", "id"}],                      restricted
      "declared": {"recycled_content", "recyclable_content", "lifetime_years", "lifetime_industry_years",
                   "carbon": {"value", "unit", "scope", "primary_ratio"} | {},
                   "repair": {"R3": "...", ..., "R9": "..."}},
      "pilot_fields": {key: value},                                  some restricted (passports.pilots)
      "composition": [{"code", "name", "kg", "mass_fraction", "critical", "strategic", "band",
                       "hazardous", "recycled_fraction"}],          hazardous public, the rest restricted
      "claims": [{"topic", "description", "reference_kind", "reference_name", "reference_id",
                  "reference_party_name", "reference_party_id", "conformance", "assessment_date",
                  "evidence_url", "evidence_name"}],                 conformity claims (untp.check_claims)
      "composition_source": "computed" | "declared",
      "components": [{"product", "component", "part_of", "material", "kg"}],   restricted
      "computed": {"total_kg", "critical_kg", "mci", "utility_factor", "release", "scan"},
    }

Fractions are stored as fractions (0–1), shown as percentages. Pure module: no ORM.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from regiekamer.texts import Message, gettext_noop

from . import pilots

MASS_FRACTION_TOLERANCE = 0.01  # issue 21: mass fractions add up to 1 ± 0.01
# UNTP 0.6.1 EmissionsPerformance.operationalScope (without its "None")
SCOPES: tuple[str, ...] = ("CradleToGate", "CradleToGrave")
SCOPE_LABELS = {
    "CradleToGate": gettext_noop("Cradle to gate"),
    "CradleToGrave": gettext_noop("Cradle to grave"),
}
# The declared unit of the footprint: UNECE Recommendation 20 codes (UNTP Measure.unit).
UNITS: tuple[str, ...] = ("EA", "KGM")
UNIT_LABELS = {"EA": gettext_noop("kg CO₂e per product"), "KGM": gettext_noop("kg CO₂e per kg of product")}
# The R-strategies a buyer needs information on to keep the product in use or its materials in the cycle.
REPAIR_STRATEGIES: tuple[str, ...] = ("R3", "R4", "R5", "R6", "R7", "R8", "R9")
COMPUTED, DECLARED = "computed", "declared"

Problem = tuple[str, Message]


class LocalNumber(float):
    """A figure in a Message, written with the active language's decimal mark when the message is translated
    (1.588 in English, 1,588 in Dutch), at most `digits` decimals."""

    digits: int

    def __new__(cls, value: float, digits: int = 3) -> LocalNumber:
        instance = super().__new__(cls, value)
        instance.digits = digits
        return instance

    def __str__(self) -> str:
        from django.utils.formats import number_format

        text = number_format(round(float(self), self.digits), self.digits)
        return text.rstrip("0").rstrip(",.") if any(mark in text for mark in ",.") else text

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalNumber, (float(self), self.digits))


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TypeError("bool")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def check_fraction(key: str, value: Any, problems: list[Problem], *, label: str) -> None:
    try:
        number = _number(value)
    except (TypeError, ValueError):
        problems.append((key, Message(gettext_noop("%(field)s must be a number."), field=Message(label))))
        return
    if number is not None and not 0 <= number <= 1:
        problems.append(
            (key, Message(gettext_noop("%(field)s must lie between 0 and 100 %%."), field=Message(label)))
        )


def check_declared(declared: Mapping[str, Any]) -> list[Problem]:
    """The declared circularity and emissions data: fractions within 0–100 %, a positive lifetime, a carbon
    footprint with its unit, scope and share of primary data. Keys are the record's (declared.…)."""
    problems: list[Problem] = []
    check_fraction(
        "recycled_content", declared.get("recycled_content"), problems, label=gettext_noop("Recycled content")
    )
    check_fraction(
        "recyclable_content",
        declared.get("recyclable_content"),
        problems,
        label=gettext_noop("Collected for recycling"),
    )
    for key, label in (
        ("lifetime_years", gettext_noop("Lifetime")),
        ("lifetime_industry_years", gettext_noop("Industry-average lifetime")),
    ):
        try:
            number = _number(declared.get(key))
        except (TypeError, ValueError):
            number = -1.0
        if number is not None and number <= 0:
            problems.append(
                (
                    key,
                    Message(
                        gettext_noop("%(field)s must be a positive number of years."), field=Message(label)
                    ),
                )
            )
    carbon = declared.get("carbon") or {}
    if carbon:
        try:
            value = _number(carbon.get("value"))
        except (TypeError, ValueError):
            value = -1.0
        if value is None or value < 0:
            problems.append(
                (
                    "carbon.value",
                    Message(gettext_noop("A carbon footprint is a number of kg CO₂e, 0 or more.")),
                )
            )
        if carbon.get("unit") not in UNITS:
            problems.append(
                ("carbon.unit", Message(gettext_noop("A carbon footprint needs its declared unit.")))
            )
        if carbon.get("scope") not in SCOPES:
            problems.append(
                (
                    "carbon.scope",
                    Message(gettext_noop("A carbon footprint needs its scope (cradle to gate or grave).")),
                )
            )
        if carbon.get("primary_ratio") in (None, ""):
            problems.append(
                (
                    "carbon.primary_ratio",
                    Message(gettext_noop("A carbon footprint needs the share of primary data it rests on.")),
                )
            )
        else:
            check_fraction(
                "carbon.primary_ratio",
                carbon.get("primary_ratio"),
                problems,
                label=gettext_noop("Share of primary data"),
            )
    repair = declared.get("repair") or {}
    for code in repair:
        if code not in REPAIR_STRATEGIES:
            problems.append(
                ("repair", Message(gettext_noop("Repair information is given for R3 to R9 only.")))
            )
    return problems


def check_composition(composition: Sequence[Mapping[str, Any]]) -> list[Problem]:
    """Declared mass fractions (an imported passport): each within 0–1, together 1 ± 0.01."""
    problems: list[Problem] = []
    total = 0.0
    for index, item in enumerate(composition):
        try:
            fraction = _number(item.get("mass_fraction"))
        except (TypeError, ValueError):
            fraction = None
        if fraction is None or not 0 <= fraction <= 1:
            problems.append(
                (
                    f"composition.{index}.mass_fraction",
                    Message(gettext_noop("A mass fraction lies between 0 and 1.")),
                )
            )
            continue
        total += fraction
        check_fraction(
            f"composition.{index}.recycled_fraction",
            item.get("recycled_fraction"),
            problems,
            label=gettext_noop("Recycled content"),
        )
    if composition and not problems and abs(total - 1) > MASS_FRACTION_TOLERANCE + 1e-9:
        problems.append(
            (
                "composition",
                Message(
                    gettext_noop("The mass fractions add up to %(total)s, not to 1 (± 0.01)."),
                    total=LocalNumber(total, 3),
                ),
            )
        )
    return problems


def check_pilot_fields(pilot: str, values: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    fields = {field.key: field for field in pilots.template(pilot)}
    for key, value in values.items():
        field = fields.get(key)
        if field is None:
            problems.append((key, Message(gettext_noop("This pilot's template has no such field."))))
            continue
        if value in (None, ""):
            continue
        if field.kind == pilots.NUMBER:
            try:
                number = _number(value)
            except (TypeError, ValueError):
                number = -1.0
            if number is None or number < 0:
                problems.append(
                    (
                        key,
                        Message(
                            gettext_noop("%(field)s must be a number, 0 or more."), field=Message(field.label)
                        ),
                    )
                )
        elif field.kind == pilots.CHOICE and value not in field.choices:
            problems.append(
                (
                    key,
                    Message(
                        gettext_noop("%(field)s is not one of the template's choices."),
                        field=Message(field.label),
                    ),
                )
            )
        elif field.kind == pilots.YES_NO and not isinstance(value, bool):
            problems.append(
                (key, Message(gettext_noop("%(field)s is yes or no."), field=Message(field.label)))
            )
    return problems


def public_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """The public part of a record: identity, materials (which, not how much), circularity, emissions and
    repair information, and the pilot's public fields. The detailed composition (masses and fractions per
    material, the components), the supplier facilities and the pilot's restricted fields are left out."""
    restricted = pilots.restricted_keys(str(record["pilot"]))
    return {
        "pilot": record["pilot"],
        "product": dict(record.get("product") or {}),
        "operator": dict(record.get("operator") or {}),
        "facility": dict(record.get("facility") or {}),
        "declared": dict(record.get("declared") or {}),
        "pilot_fields": {
            key: value for key, value in (record.get("pilot_fields") or {}).items() if key not in restricted
        },
        "composition": [
            {
                key: item.get(key)
                for key in ("code", "name", "name_nl", "critical", "strategic", "band", "hazardous")
            }
            for item in record.get("composition") or []
        ],
        "composition_source": record.get("composition_source", COMPUTED),
        "claims": [dict(claim) for claim in record.get("claims") or []],
        "computed": {
            key: value
            for key, value in (record.get("computed") or {}).items()
            if key in ("mci", "utility_factor", "release")
        },
        "public": True,
    }
