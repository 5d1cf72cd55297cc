"""Line charts as server-rendered SVG (no JavaScript, no inline styles: the strict CSP allows both). Pure:
labels and numbers arrive formatted; the page's stylesheet colours the lines by their class."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float]
    css: str  # "linear" or "circular"


def nice_max(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (the top of the axis)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10 if value >= 1 else 1.0
    while magnitude > value:
        magnitude /= 10
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= value:
            return factor * magnitude
    return 10 * magnitude


def line_chart(
    lines: Sequence[Line],
    *,
    title: str,
    x_label: str,
    number: Callable[[float], str],
    chart_id: str,
) -> str:
    """An SVG line chart of `lines` over steps 1 … n, with a title, axis ticks and a legend."""
    n = max((len(line.values) for line in lines), default=0)
    highest = max((max(line.values) for line in lines if line.values), default=1.0)
    top = 4 * nice_max(highest / 4)  # four gridlines at round values
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(step: int) -> float:
        return LEFT + (plot_w * (step - 1) / max(1, n - 1))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="sim-chart" '
        f'role="img" aria-labelledby="{chart_id}-title" data-testid="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for i in range(5):
        value = top * i / 4
        level = f"{y(value):.1f}"
        parts.append(f'<line class="sim-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{level}" y2="{level}"/>')
        tick = escape(number(value))
        parts.append(
            f'<text class="sim-tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for step in range(1, n + 1, max(1, n // 8)):
        below = HEIGHT - BOTTOM + 16
        parts.append(
            f'<text class="sim-tick" x="{x(step):.1f}" y="{below}" text-anchor="middle">{step}</text>'
        )
    middle = f"{LEFT + plot_w / 2:.1f}"
    parts.append(
        f'<text class="sim-axis" x="{middle}" y="{HEIGHT - 4}" text-anchor="middle">{escape(x_label)}</text>'
    )
    for line in lines:
        points = " ".join(f"{x(i + 1):.1f},{y(v):.1f}" for i, v in enumerate(line.values))
        label = escape(line.label)
        parts.append(
            f'<polyline class="sim-line sim-line--{line.css}" points="{points}">'
            f"<title>{label}</title></polyline>"
        )
    for i, line in enumerate(lines):
        lx, ly = 8 + i * 110, HEIGHT - 8  # below the plot, left of the axis label
        parts.append(
            f'<line class="sim-line sim-line--{line.css}" x1="{lx}" x2="{lx + 20}" y1="{ly}" y2="{ly}"/>'
        )
        parts.append(f'<text class="sim-legend" x="{lx + 26}" y="{ly + 4}">{escape(line.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
