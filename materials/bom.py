"""Bills of materials: parse, validate and roll up to kg per material (pure, no Django).

One table, one row per material of a component (the same layout in the form, the XLSX template and the API):

    Product | Component | Part of | Quantity | Mass per unit (kg) | Material | Mass fraction

* `Part of` names the parent component in the same product (empty: the component sits directly in the
product);
  sub-assemblies nest to any depth, and the quantities multiply down the tree.
* `Mass per unit` is the component's own mass, without its sub-components. A pure assembly has mass 0 and no
  material.
* The rows of one component repeat its product, parent, quantity and mass (or leave them empty after the
first).
* The mass fractions of a component with mass > 0 sum to 1 ± 0.01.

Refused, with the row named: empty product or component, negative or non-numeric masses, quantities ≤ 0,
fractions outside [0, 1], unknown materials, a material twice in one component, a parent that does not exist,
contradicting component data, fractions that do not sum to 1 and loops (a component that is, through its
parents,
part of itself).
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from regiekamer.texts import Message, gettext_noop

FRACTION_TOLERANCE = 0.01
COLUMNS = ("product", "component", "part_of", "quantity", "mass_kg", "material", "fraction")
HEADERS = {
    "product": "Product",
    "component": "Component",
    "part_of": "Part of",
    "quantity": "Quantity",
    "mass_kg": "Mass per unit (kg)",
    "material": "Material",
    "fraction": "Mass fraction",
}
# Header spellings accepted in an uploaded sheet (English and Dutch).
HEADER_ALIASES = {
    "product": "product",
    "component": "component",
    "onderdeel": "component",
    "part of": "part_of",
    "part_of": "part_of",
    "onderdeel van": "part_of",
    "parent": "part_of",
    "quantity": "quantity",
    "aantal": "quantity",
    "hoeveelheid": "quantity",
    "mass per unit (kg)": "mass_kg",
    "mass_kg": "mass_kg",
    "massa per stuk (kg)": "mass_kg",
    "mass (kg)": "mass_kg",
    "material": "material",
    "materiaal": "material",
    "grondstof": "material",
    "mass fraction": "fraction",
    "fraction": "fraction",
    "massafractie": "fraction",
}
MAX_ROWS = 5000
MAX_READ_ROWS = 9_999  # rows of an uploaded sheet read at all (blank ones included)
MAX_READ_COLUMNS = 26
MAX_NAME = 200


class BomError(ValueError):
    """The bill of materials is refused; `problems` is a list of (row number, message)."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        shown = "; ".join(_format(problem) for problem in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"The bill of materials was refused: {shown}{more}")

    @property
    def messages(self) -> list[str]:
        """Each problem as one message naming its row (Messages: regiekamer.texts.translate shows them)."""
        return [_format(problem) for problem in self.problems]


def _format(problem: tuple[int | None, str]) -> str:
    row, message = problem
    return (
        Message(gettext_noop("row %(row)s: %(message)s"), row=row, message=message)
        if row is not None
        else message
    )


@dataclass(frozen=True)
class BomRow:
    row: int
    product: str
    component: str
    part_of: str = ""
    quantity: object = None  # raw cell values; checked in parse()
    mass_kg: object = None
    material: str = ""
    fraction: object = None


@dataclass
class Component:
    product: str
    name: str
    part_of: str
    quantity: float
    mass_kg: float
    first_row: int
    materials: dict[object, float] = field(default_factory=dict)  # material key -> fraction
    material_rows: dict[object, int] = field(default_factory=dict)


@dataclass
class Bom:
    components: dict[tuple[str, str], Component]
    rows: list[BomRow]
    material_keys: dict[int, object]  # row number -> resolved material key

    @property
    def products(self) -> list[str]:
        seen: list[str] = []
        for row in self.rows:
            if row.product not in seen:
                seen.append(row.product)
        return seen

    def units(self, component: Component) -> float:
        """How many of `component` one product contains (its quantity times its parents' quantities)."""
        total = component.quantity
        parent = component.part_of
        while parent:
            node = self.components[(component.product, parent)]
            total *= node.quantity
            parent = node.part_of
        return total

    def kg_per_material(self) -> dict[str, dict[object, float]]:
        """{product: {material key: kg}} for one unit of each product."""
        result: dict[str, dict[object, float]] = defaultdict(lambda: defaultdict(float))
        for component in self.components.values():
            mass = component.mass_kg * self.units(component)
            for material, fraction in component.materials.items():
                result[component.product][material] += mass * fraction
        return {product: dict(values) for product, values in result.items()}

    def totals(self) -> dict[object, float]:
        totals: dict[object, float] = defaultdict(float)
        for values in self.kg_per_material().values():
            for material, kg in values.items():
                totals[material] += kg
        return dict(totals)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


NOT_A_NUMBER = {
    "quantity": gettext_noop("quantity '%(text)s' is not a number"),
    "mass": gettext_noop("mass '%(text)s' is not a number"),
    "fraction": gettext_noop("mass fraction '%(text)s' is not a number"),
}


def _optional_number(value: object, label: str, row: int, problems: list) -> float | None:
    text = _text(value)
    if text == "":
        return None
    try:
        number = float(text.replace(",", ".")) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problems.append((row, Message(NOT_A_NUMBER[label], text=text)))
        return None
    if math.isnan(number) or math.isinf(number):
        problems.append((row, Message(NOT_A_NUMBER[label], text=text)))
        return None
    return number


def rows_from_mappings(mappings: Iterable[Mapping], *, first_row: int = 2) -> list[BomRow]:
    """BomRows from dicts keyed by COLUMNS (raw cell values); numbers are checked in `parse`."""
    rows = []
    for offset, mapping in enumerate(mappings):
        rows.append(
            BomRow(
                row=first_row + offset,
                product=_text(mapping.get("product")),
                component=_text(mapping.get("component")),
                part_of=_text(mapping.get("part_of")),
                quantity=mapping.get("quantity"),
                mass_kg=mapping.get("mass_kg"),
                material=_text(mapping.get("material")),
                fraction=mapping.get("fraction"),
            )
        )
    return rows


def read_xlsx(content: bytes) -> list[BomRow]:
    """The rows of the first sheet of a workbook laid out as the template (header in row 1)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise BomError(
            [
                (
                    None,
                    Message(
                        gettext_noop("the file is not a readable .xlsx workbook (%(error)s)"),
                        error=error.__class__.__name__,
                    ),
                )
            ]
        ) from None
    sheet = workbook.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # the declared dimension is the file's claim: no row is padded to it
    # At most MAX_READ_ROWS rows of MAX_READ_COLUMNS columns are read: a cell further out costs nothing.
    iterator = sheet.iter_rows(values_only=True, max_row=MAX_READ_ROWS, max_col=MAX_READ_COLUMNS)
    try:
        header = next(iterator)
    except StopIteration:
        raise BomError([(None, Message(gettext_noop("the sheet is empty")))]) from None
    columns: list[str | None] = [HEADER_ALIASES.get(_text(cell).lower()) for cell in header]
    missing = [HEADERS[name] for name in COLUMNS if name not in columns and name != "part_of"]
    if missing:
        raise BomError(
            [(1, Message(gettext_noop("missing column(s) %(columns)s"), columns=", ".join(missing)))]
        )
    mappings: list[dict[str, object]] = []
    numbers = []
    for number, values in enumerate(iterator, start=2):
        if not any(_text(cell) for cell in values):
            continue
        if len(mappings) >= MAX_ROWS:
            raise BomError([(number, Message(gettext_noop("more than %(max)s rows"), max=MAX_ROWS))])
        mappings.append({column: value for column, value in zip(columns, values, strict=False) if column})
        numbers.append(number)
    rows = rows_from_mappings(mappings)
    return [BomRow(**{**row.__dict__, "row": number}) for row, number in zip(rows, numbers, strict=True)]


def parse(rows: Iterable[BomRow], resolve: Callable[[str], object | None]) -> Bom:
    """Validate the rows and build the component tree, or raise BomError naming every bad row.

    `resolve(name)` returns a key for a known material (by name, symbol, code or alias), None otherwise."""
    rows = list(rows)
    problems: list[tuple[int | None, str]] = []
    if not rows:
        raise BomError([(None, Message(gettext_noop("the bill of materials has no rows")))])
    components: dict[tuple[str, str], Component] = {}
    material_keys: dict[int, object] = {}

    for row in rows:
        if not row.product:
            problems.append((row.row, Message(gettext_noop("product is empty"))))
            continue
        if not row.component:
            problems.append((row.row, Message(gettext_noop("component is empty"))))
            continue
        if max(len(row.product), len(row.component), len(row.part_of)) > MAX_NAME:
            problems.append(
                (row.row, Message(gettext_noop("a name is longer than %(max)s characters"), max=MAX_NAME))
            )
            continue
        quantity = _optional_number(row.quantity, "quantity", row.row, problems)
        mass = _optional_number(row.mass_kg, "mass", row.row, problems)
        fraction = _optional_number(row.fraction, "fraction", row.row, problems)
        if quantity is not None and quantity <= 0:
            problems.append(
                (
                    row.row,
                    Message(
                        gettext_noop("quantity %(quantity)s must be greater than 0"), quantity=f"{quantity:g}"
                    ),
                )
            )
            continue
        if mass is not None and mass < 0:
            problems.append(
                (row.row, Message(gettext_noop("mass %(mass)s kg is negative"), mass=f"{mass:g}"))
            )
            continue
        if row.part_of == row.component:
            problems.append(
                (
                    row.row,
                    Message(
                        gettext_noop("component '%(component)s' is part of itself (a loop)"),
                        component=row.component,
                    ),
                )
            )
            continue
        key = (row.product, row.component)
        component = components.get(key)
        if component is None:
            if mass is None:
                problems.append(
                    (
                        row.row,
                        Message(
                            gettext_noop("mass of component '%(component)s' is empty"),
                            component=row.component,
                        ),
                    )
                )
                continue
            component = Component(row.product, row.component, row.part_of, quantity or 1.0, mass, row.row)
            components[key] = component
        else:
            if row.part_of and row.part_of != component.part_of:
                problems.append(
                    (
                        row.row,
                        Message(
                            gettext_noop(
                                "component '%(component)s' is part of '%(parent)s' in row %(first)s, "
                                "not '%(other)s'"
                            ),
                            component=row.component,
                            parent=component.part_of or "-",
                            first=component.first_row,
                            other=row.part_of,
                        ),
                    )
                )
            if quantity is not None and quantity != component.quantity:
                problems.append(
                    (
                        row.row,
                        Message(
                            gettext_noop("quantity of '%(component)s' differs from row %(first)s"),
                            component=row.component,
                            first=component.first_row,
                        ),
                    )
                )
            if mass is not None and mass != component.mass_kg:
                problems.append(
                    (
                        row.row,
                        Message(
                            gettext_noop("mass of '%(component)s' differs from row %(first)s"),
                            component=row.component,
                            first=component.first_row,
                        ),
                    )
                )
        if not row.material:
            if fraction not in (None, 0.0):
                problems.append(
                    (row.row, Message(gettext_noop("a mass fraction is given without a material")))
                )
            continue
        material = resolve(row.material)
        if material is None:
            problems.append(
                (row.row, Message(gettext_noop("unknown material '%(material)s'"), material=row.material))
            )
            continue
        if fraction is None:
            problems.append(
                (
                    row.row,
                    Message(gettext_noop("mass fraction of '%(material)s' is empty"), material=row.material),
                )
            )
            continue
        if not 0.0 <= fraction <= 1.0:
            problems.append(
                (
                    row.row,
                    Message(
                        gettext_noop("mass fraction %(fraction)s is not between 0 and 1"),
                        fraction=f"{fraction:g}",
                    ),
                )
            )
            continue
        if material in component.materials:
            problems.append(
                (
                    row.row,
                    Message(
                        gettext_noop(
                            "'%(material)s' appears twice in component '%(component)s' (first in row "
                            "%(first)s)"
                        ),
                        material=row.material,
                        component=row.component,
                        first=component.material_rows[material],
                    ),
                )
            )
            continue
        component.materials[material] = fraction
        component.material_rows[material] = row.row
        material_keys[row.row] = material

    for component in components.values():
        if component.part_of and (component.product, component.part_of) not in components:
            problems.append(
                (
                    component.first_row,
                    Message(
                        gettext_noop(
                            "parent component '%(parent)s' of '%(component)s' is not in product '%(product)s'"
                        ),
                        parent=component.part_of,
                        component=component.name,
                        product=component.product,
                    ),
                )
            )
    problems.extend(_loops(components))

    for component in components.values():
        total = math.fsum(component.materials.values())
        if component.mass_kg > 0 and abs(total - 1.0) > FRACTION_TOLERANCE:
            problems.append(
                (
                    component.first_row,
                    Message(
                        gettext_noop(
                            "the mass fractions of component '%(component)s' sum to %(total)s, not "
                            "1 ± %(tolerance)s"
                        ),
                        component=component.name,
                        total=f"{total:.3f}",
                        tolerance=FRACTION_TOLERANCE,
                    ),
                )
            )
    if problems:
        problems.sort(key=lambda problem: (problem[0] is None, problem[0] or 0))
        raise BomError(problems)
    return Bom(components=components, rows=rows, material_keys=material_keys)


def _loops(components: Mapping[tuple[str, str], Component]) -> list[tuple[int | None, str]]:
    """Every cycle of parent links, reported once at the row of its first-listed component."""
    problems: list[tuple[int | None, str]] = []
    reported: set[tuple[str, str]] = set()
    for key, component in components.items():
        path = [key]
        current = component
        while current.part_of:
            parent_key = (current.product, current.part_of)
            if parent_key not in components:
                break
            if parent_key in path:
                cycle = path[path.index(parent_key) :]
                if not reported.intersection(cycle):
                    first = min((components[item] for item in cycle), key=lambda item: item.first_row)
                    names = " → ".join(
                        [components[item].name for item in cycle] + [components[cycle[0]].name]
                    )
                    problems.append(
                        (
                            first.first_row,
                            Message(gettext_noop("loop in the component tree: %(names)s"), names=names),
                        )
                    )
                    reported.update(cycle)
                break
            path.append(parent_key)
            current = components[parent_key]
    return problems
