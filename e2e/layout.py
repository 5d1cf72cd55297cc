"""Layout checks for browser tests: no table wider than the box it sits in, no page wider than the window.

A table whose content is wider than its container is clipped (or scrolls inside it): a column a person cannot
read without scrolling sideways. `layout_problems(page)` lists every such table of the page it is on, and a
page-level horizontal overflow; `assert_fits(page)` fails with that list. Usable by any journey or crawl:

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    assert_fits(page)
"""

from __future__ import annotations

# Rounding of sub-pixel layouts: a table 0.5 px wider than its box is not clipped.
TOLERANCE_PX = 1

_MEASURE = """
() => {
  const name = (table) => {
    if (table.dataset.testid) return `table[data-testid="${table.dataset.testid}"]`;
    if (table.id) return `table#${table.id}`;
    const header = table.querySelector("th, td");
    const text = header ? header.textContent.trim().replace(/\\s+/g, " ").slice(0, 40) : "";
    return `table.${[...table.classList].join(".")} (first cell: "${text}")`;
  };
  const tables = [...document.querySelectorAll("table")]
    .filter((table) => table.getClientRects().length > 0)  // skip tables that are not rendered
    .map((table) => {
      const box = table.parentElement;
      return {
        name: name(table),
        width: table.scrollWidth,
        own: table.clientWidth,
        box: box.clientWidth,
        boxScroll: box.scrollWidth,
      };
    });
  const root = document.documentElement;
  return {page: {width: root.scrollWidth, window: root.clientWidth}, tables};
}
"""


def measure(page) -> dict:
    """The widths of every rendered table, of the box around it, and of the page (CSS pixels)."""
    return page.evaluate(_MEASURE)


def layout_problems(page) -> list[str]:
    """What overflows on the page now: each table whose content is wider than its container (a clipped or
    sideways-scrolling column), and the page itself when it is wider than the window."""
    sizes = measure(page)
    problems = []
    for table in sizes["tables"]:
        widest = max(table["width"], table["boxScroll"])
        if widest > table["box"] + TOLERANCE_PX:
            problems.append(f"{table['name']} is {widest} px wide in a container of {table['box']} px")
        elif table["width"] > table["own"] + TOLERANCE_PX:
            problems.append(
                f"{table['name']}: its content is {table['width']} px in a table of {table['own']} px"
            )
    width, window = sizes["page"]["width"], sizes["page"]["window"]
    if width > window + TOLERANCE_PX:
        problems.append(f"the page is {width} px wide in a window of {window} px")
    return problems


def assert_fits(page, *, where: str = "") -> None:
    """Fail when a table or the page overflows horizontally; the message names each table and its widths."""
    problems = layout_problems(page)
    viewport = page.viewport_size or {}
    assert not problems, f"{where or page.url}, window {viewport.get('width')} px wide: " + "; ".join(
        problems
    )
