"""Bills of materials: kg per material by hand, and every refusal names its row."""

import pytest

from materials.bom import BomError, BomRow, parse

KNOWN = {"copper": "Cu", "cu": "Cu", "cobalt": "Co", "co": "Co", "antimony": "Sb", "gallium": "Ga"}


def resolve(name):
    return KNOWN.get(name.lower())


def row(number, product, component, part_of="", quantity=None, mass=None, material="", fraction=None):
    return BomRow(number, product, component, part_of, quantity, mass, material, fraction)


MOTOR = [
    # An e-bike motor: a housing (2 kg, directly in the product) and a controller board assembly holding
    # 2 chips of 0.01 kg each.
    row(2, "Motor", "Housing", quantity=1, mass=2.0, material="Copper", fraction=0.9),
    row(3, "Motor", "Housing", material="Antimony", fraction=0.1),
    row(4, "Motor", "Controller", quantity=1, mass=0),
    row(5, "Motor", "Chip", part_of="Controller", quantity=2, mass=0.01, material="Gallium", fraction=1),
]


def test_kg_per_material_by_hand():
    bom = parse(MOTOR, resolve)
    # Housing: 2 kg · 0.9 = 1.8 kg Cu; 2 kg · 0.1 = 0.2 kg Sb. Chips: 1 (controller) · 2 · 0.01 kg = 0.02 kg
    # Ga
    assert bom.kg_per_material() == {
        "Motor": {"Cu": pytest.approx(1.8), "Sb": pytest.approx(0.2), "Ga": pytest.approx(0.02)}
    }


def test_quantities_multiply_down_the_tree():
    rows = [
        row(2, "Bike", "Wheel", quantity=2, mass=0),
        row(3, "Bike", "Hub", part_of="Wheel", quantity=1, mass=0),
        row(4, "Bike", "Magnet", part_of="Hub", quantity=3, mass=0.5, material="cobalt", fraction=1),
    ]
    # 2 wheels · 1 hub · 3 magnets · 0.5 kg = 3 kg cobalt
    assert parse(rows, resolve).totals() == {"Co": pytest.approx(3.0)}


def test_fractions_within_tolerance_are_accepted():
    rows = [
        row(2, "P", "C", mass=1, material="Cu", fraction=0.6),
        row(3, "P", "C", material="Co", fraction=0.395),
    ]
    assert parse(rows, resolve).totals() == {"Cu": pytest.approx(0.6), "Co": pytest.approx(0.395)}


def refusal(rows):
    with pytest.raises(BomError) as refused:
        parse(rows, resolve)
    return refused.value.messages


def test_refuses_fractions_not_summing_to_one():
    rows = [
        row(2, "P", "C", mass=1, material="Cu", fraction=0.6),
        row(3, "P", "C", material="Co", fraction=0.3),
    ]
    assert refusal(rows) == ["row 2: the mass fractions of component 'C' sum to 0.900, not 1 ± 0.01"]


def test_refuses_negative_mass():
    assert refusal([row(7, "P", "C", mass=-1, material="Cu", fraction=1)]) == [
        "row 7: mass -1 kg is negative"
    ]


def test_refuses_unknown_material():
    messages = refusal([row(2, "P", "C", mass=1, material="Unobtainium", fraction=1)])
    assert messages[0] == "row 2: unknown material 'Unobtainium'"


def test_refuses_loops():
    rows = [
        row(2, "P", "A", part_of="B", mass=0),
        row(3, "P", "B", part_of="C", mass=0),
        row(4, "P", "C", part_of="A", mass=0),
    ]
    assert refusal(rows) == ["row 2: loop in the component tree: A → B → C → A"]


def test_refuses_a_component_inside_itself():
    assert refusal([row(5, "P", "A", part_of="A", mass=0)]) == [
        "row 5: component 'A' is part of itself (a loop)"
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([row(2, "", "C", mass=1)], "row 2: product is empty"),
        ([row(2, "P", "", mass=1)], "row 2: component is empty"),
        ([row(2, "P", "C", mass="heavy")], "row 2: mass 'heavy' is not a number"),
        ([row(2, "P", "C", quantity=0, mass=1)], "row 2: quantity 0 must be greater than 0"),
        (
            [row(2, "P", "C", mass=1, material="Cu", fraction=1.5)],
            "row 2: mass fraction 1.5 is not between 0 and 1",
        ),
        ([row(2, "P", "C", mass=1, material="Cu")], "row 2: mass fraction of 'Cu' is empty"),
        ([row(2, "P", "C", part_of="X", mass=0)], "row 2: parent component 'X' of 'C' is not in product 'P'"),
        (
            [
                row(2, "P", "C", mass=1, material="Cu", fraction=1),
                row(3, "P", "C", mass=2, material="Co", fraction=0),
            ],
            "row 3: mass of 'C' differs from row 2",
        ),
        (
            [
                row(2, "P", "C", mass=1, material="Cu", fraction=0.5),
                row(3, "P", "C", material="cu", fraction=0.5),
            ],
            "row 3: 'cu' appears twice in component 'C' (first in row 2)",
        ),
    ],
)
def test_refusals_name_the_row(rows, message):
    assert message in refusal(rows)


def test_refuses_an_empty_bom():
    assert refusal([]) == ["the bill of materials has no rows"]


def test_refuses_names_longer_than_200_characters():
    assert refusal([row(4, "P" * 201, "C", mass=0)]) == ["row 4: a name is longer than 200 characters"]


def test_decimal_commas_are_read():
    rows = [
        row(2, "P", "C", quantity="2", mass="1,5", material="Cu", fraction="0,5"),
        row(3, "P", "C", material="Co", fraction="0,5"),
    ]
    # 2 · 1.5 kg · 0.5 = 1.5 kg each
    assert parse(rows, resolve).totals() == {"Cu": pytest.approx(1.5), "Co": pytest.approx(1.5)}
