"""The server-rendered SVG charts and the sweep's bounds (pure)."""

import pytest

from simulation import charts, services
from simulation.spec import CollectionRate, ExportRestriction, LifetimeExtension, Scenario

from .test_kernel import MG


@pytest.mark.parametrize(
    "value, top", [(0.7, 1.0), (1.0, 1.0), (2.8, 5.0), (30.0, 50.0), (101.0, 200.0), (0, 1.0)]
)
def test_nice_max(value, top):
    assert charts.nice_max(value) == top


def test_line_chart_draws_each_line_and_escapes_text():
    svg = charts.line_chart(
        [
            charts.Line("Lineair <a>", [1.0, 2.0, 3.0], "linear"),
            charts.Line("Circulair", [1.0, 1.5, 2.0], "circular"),
        ],
        title="Prijs & tekort",
        x_label="Kwartaal",
        number=lambda v: f"{v:.0f}".replace(".", ","),
        chart_id="c1",
    )
    assert svg.count("<polyline") == 2
    assert "Prijs &amp; tekort" in svg and "Lineair &lt;a&gt;" in svg and "<a>" not in svg
    assert "style=" not in svg  # the strict CSP: colours come from the stylesheet
    # Highest value 3: the axis runs to 4 × nice_max(3 / 4) = 4, so the top gridline is labelled 4.
    assert ">4</text>" in svg


def test_sweep_bounds_half_to_one_and_a_half_times_capped():
    model = Scenario(
        material=MG,
        horizon=12,
        interventions=(
            ExportRestriction(country="CN", start=1, depth=0.8),
            CollectionRate(start=1, rate=0.5),
            LifetimeExtension(start=1, factor=1.2),
        ),
    )
    bounds = services.sweep_bounds(model)
    assert bounds["interventions.0.depth"] == (0.4, 1.0)  # 0.8 × 1.5 = 1.2, capped at a full ban
    assert bounds["interventions.1.rate"] == (0.25, 0.75)
    assert bounds["interventions.2.factor"] == (1.0, pytest.approx(1.8))
