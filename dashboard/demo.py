"""Demo data of the dashboard: none of its own. After every app's demo (which writes some projects with
queryset updates that pass the signals by), the kept figures are rebuilt from the demo's projects."""

from .kept import figures_rebuild


def load(*, stdout) -> None:
    """Nothing to load: the dashboard shows the other apps' data."""


def link(*, stdout) -> None:
    figures_rebuild()
