"""The three pilot templates of the circular material passport (werkwijze-upcm-2020, Bijlage 11 "Circulair
Materiaal Paspoort": pilots for machine building, electric motors and ICT hardware) and the completeness score
of a passport against its template.

Each pilot adds its own fields to the common ones. A field is public (on the page anyone with the link reads)
or restricted (detailed composition, for the issuer, the programme office and the recyclers/repairers the
issuer names). Which fields a pilot asks for follows the issue's brief (issue 21): an electric motor its
magnet
material and mass, copper and efficiency class (IEC 60034-30-1 classes IE1–IE5); ICT hardware the precious
metals of its printed circuit boards and its battery (Regulation (EU) 2023/1542 names chemistry and
removability); a machine its main assemblies and steel grades.

Pure module: no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from regiekamer.texts import gettext_noop

MACHINE, MOTOR, ICT = "machine_building", "electric_motor", "ict_hardware"
PILOTS: tuple[str, ...] = (MACHINE, MOTOR, ICT)
PILOT_LABELS: dict[str, str] = {
    MACHINE: gettext_noop("Machine building"),
    MOTOR: gettext_noop("Electric motors"),
    ICT: gettext_noop("ICT hardware"),
}
# The pilots on the machine side, exported as an Asset Administration Shell too.
AAS_PILOTS = frozenset({MACHINE, MOTOR})

TEXT, NUMBER, CHOICE, YES_NO = "text", "number", "choice", "yes_no"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = TEXT
    unit: str = ""
    restricted: bool = False
    choices: tuple[str, ...] = ()
    # A material of the bill of materials whose mass the passport computes for this field (its catalogue
    # code); the issuer declares the field only when the scan lacks the material.
    computed_from: str = ""


IEC_EFFICIENCY_CLASSES = ("IE1", "IE2", "IE3", "IE4", "IE5")
MAGNET_MATERIALS = ("NdFeB", "SmCo", "ferrite", "none")
BATTERY_CHEMISTRIES = ("Li-ion NMC", "Li-ion LFP", "NiMH", "none")
# Choices shown in words (the others are names of their own: IE3, NdFeB, Li-ion NMC).
CHOICE_LABELS = {"ferrite": gettext_noop("ferrite"), "none": gettext_noop("none")}

TEMPLATE_FIELDS: dict[str, tuple[Field, ...]] = {
    MOTOR: (
        Field("rated_power_kw", gettext_noop("Rated power"), NUMBER, "kW"),
        Field(
            "efficiency_class",
            gettext_noop("Efficiency class (IEC 60034-30-1)"),
            CHOICE,
            choices=IEC_EFFICIENCY_CLASSES,
        ),
        Field("magnet_material", gettext_noop("Magnet material"), CHOICE, choices=MAGNET_MATERIALS),
        Field("magnet_mass_kg", gettext_noop("Magnet mass"), NUMBER, "kg", restricted=True),
        Field(
            "copper_mass_kg",
            gettext_noop("Copper mass"),
            NUMBER,
            "kg",
            restricted=True,
            computed_from="copper",
        ),
    ),
    ICT: (
        Field("pcb_gold_mg", gettext_noop("Gold on the circuit boards"), NUMBER, "mg", restricted=True),
        Field("pcb_silver_mg", gettext_noop("Silver on the circuit boards"), NUMBER, "mg", restricted=True),
        Field(
            "pcb_palladium_mg", gettext_noop("Palladium on the circuit boards"), NUMBER, "mg", restricted=True
        ),
        Field("battery_chemistry", gettext_noop("Battery chemistry"), CHOICE, choices=BATTERY_CHEMISTRIES),
        Field("battery_mass_kg", gettext_noop("Battery mass"), NUMBER, "kg"),
        Field("battery_removable", gettext_noop("Battery removable by the user"), YES_NO),
    ),
    MACHINE: (
        Field("main_assemblies", gettext_noop("Main assemblies"), TEXT),
        Field("steel_grades", gettext_noop("Steel grades (EN 10027)"), TEXT, restricted=True),
        Field("machine_mass_kg", gettext_noop("Machine mass"), NUMBER, "kg"),
    ),
}

# The common fields every pilot's passport is scored on (the record's keys, see passports.record).
COMMON_FIELDS: tuple[tuple[str, str], ...] = (
    ("product.name", gettext_noop("Product name")),
    ("product.description", gettext_noop("Description")),
    ("operator.id", gettext_noop("Operator identifier")),
    ("facility.id", gettext_noop("Facility identifier")),
    ("composition", gettext_noop("Material composition")),
    ("declared.recycled_content", gettext_noop("Recycled content")),
    ("declared.recyclable_content", gettext_noop("Collected for recycling")),
    ("declared.lifetime_years", gettext_noop("Lifetime")),
    ("declared.lifetime_industry_years", gettext_noop("Industry-average lifetime")),
    ("declared.carbon", gettext_noop("Carbon footprint")),
    ("declared.repair", gettext_noop("Repair and disassembly information")),
)


def template(pilot: str) -> tuple[Field, ...]:
    if pilot not in TEMPLATE_FIELDS:
        raise ValueError(f"unknown pilot {pilot!r}")
    return TEMPLATE_FIELDS[pilot]


def restricted_keys(pilot: str) -> frozenset[str]:
    return frozenset(field.key for field in template(pilot) if field.restricted)


def _filled(value: object) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    return True


def _lookup(record: Mapping, dotted: str) -> object:
    value: object = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


@dataclass(frozen=True)
class Completeness:
    filled: int
    total: int
    missing: tuple[str, ...]  # labels (English msgids) of the fields still empty

    @property
    def score(self) -> float:
        return self.filled / self.total if self.total else 0.0


def completeness(record: Mapping) -> Completeness:
    """How many of the template's fields (the common ones and the pilot's own) the passport fills."""
    missing: list[str] = []
    total = 0
    for key, label in COMMON_FIELDS:
        total += 1
        if not _filled(_lookup(record, key)):
            missing.append(label)
    values = record.get("pilot_fields") or {}
    materials = {item.get("code") for item in record.get("composition") or []}
    for field in template(str(record.get("pilot"))):
        total += 1
        computed = bool(field.computed_from) and field.computed_from in materials
        if not (_filled(values.get(field.key)) or computed):
            missing.append(field.label)
    return Completeness(total - len(missing), total, tuple(missing))
