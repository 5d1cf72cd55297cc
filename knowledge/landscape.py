"""The vision landscape (S21; Werkwijze UPCM 2020 §3.3) laid out for drawing: a pure module, no ORM.

§3.3 translates the roadmap's actions into a landscape of four layers matching the decision horizons: the
initiatives landscape (0-5 yr, "in het nu bestaande": circular products, services and systems), the
intervention landscape (5-10 yr, scaling up: culture, behaviour and set-up), the transition landscape (10-20
yr, acceleration: cross-sector connections) and the trend landscape (20-50 yr, the future economy, society
and biosphere: programmes, plans, laws and measures). Drawn as a landscape, the far horizon is at the top
and the present in front, at the bottom. Each item sits in the layer of its horizon, ordered by horizon and
then by its own order; a layer grows by as many rows as its items need. The SVG template draws what this
returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 1200
LABEL_WIDTH = 272
MARGIN = 16
BOX_WIDTH = 208
BOX_HEIGHT = 70
GAP = 14
BAND_PADDING = 34
FONT_SIZE = 13
LINE_HEIGHT = 16
CHARS_PER_LINE = 28  # about BOX_WIDTH / (0.55 * FONT_SIZE) less the padding
MAX_LINES = 3

# Far to near (top to bottom): code, years as §3.3 gives them, fill and stroke of the band.
LAYERS = (
    ("trend", "20-50", "#e3eef8", "#9bb8d3"),
    ("transition", "10-20", "#e6f1ea", "#9cc2a8"),
    ("intervention", "5-10", "#eef4dc", "#b5c98a"),
    ("initiatives", "0-5", "#f6efdc", "#cdb47a"),
)


@dataclass(frozen=True)
class Item:
    """What the drawing needs of one landscape item."""

    title: str
    landscape: str  # the horizon's landscape code
    months: int  # the horizon's length, to order items within a layer
    horizon_label: str
    href: str = ""
    link_label: str = ""
    order: int = 0


@dataclass
class Box:
    item: Item
    x: int
    y: int
    lines: list[str]
    width: int = BOX_WIDTH
    height: int = BOX_HEIGHT

    @property
    def text_x(self) -> int:
        return self.x + 10

    @property
    def text_y(self) -> int:
        return self.y + 20

    @property
    def horizon_y(self) -> int:
        return self.y + self.height - 8


@dataclass
class Band:
    code: str
    years: str
    fill: str
    stroke: str
    y: int
    height: int
    boxes: list[Box] = field(default_factory=list)

    @property
    def label_y(self) -> int:
        return self.y + 28

    @property
    def years_y(self) -> int:
        return self.y + 48


@dataclass
class Drawing:
    width: int
    height: int
    bands: list[Band]

    @property
    def label_x(self) -> int:
        return MARGIN

    @property
    def count(self) -> int:
        return sum(len(band.boxes) for band in self.bands)


def wrap(text: str, *, width: int = CHARS_PER_LINE, lines: int = MAX_LINES) -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces (a longer word is cut); at most
    `lines` lines, the last ending in '…' when text was left out."""
    words = text.split()
    result: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:
            if current:
                result.append(current)
                current = ""
            result.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    if len(result) > lines:
        last = result[lines - 1]
        result = [*result[: lines - 1], (last[: width - 1].rstrip() + "…")]
    return result


def per_row(width: int = WIDTH) -> int:
    return max(1, (width - LABEL_WIDTH - MARGIN) // (BOX_WIDTH + GAP))


def layout(items: Sequence[Item], *, width: int = WIDTH) -> Drawing:
    """The four bands (far to near) with each item's box; an empty layer keeps one empty row."""
    columns = per_row(width)
    y = MARGIN
    bands = []
    for code, years, fill, stroke in LAYERS:
        mine = sorted((i for i in items if i.landscape == code), key=lambda i: (i.months, i.order, i.title))
        rows = max(1, -(-len(mine) // columns))
        height = BAND_PADDING + rows * (BOX_HEIGHT + GAP) - GAP + BAND_PADDING // 2
        band = Band(code=code, years=years, fill=fill, stroke=stroke, y=y, height=height)
        for index, item in enumerate(mine):
            row, column = divmod(index, columns)
            band.boxes.append(
                Box(
                    item=item,
                    x=LABEL_WIDTH + column * (BOX_WIDTH + GAP),
                    y=y + BAND_PADDING + row * (BOX_HEIGHT + GAP) - 14,
                    lines=wrap(item.title, lines=2),
                )
            )
        bands.append(band)
        y += height + GAP // 2
    return Drawing(width=width, height=y + MARGIN, bands=bands)
