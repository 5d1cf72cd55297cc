"""Demo data: one saved scenario (idempotent) — magnesium, linear against circular, under a 50 % export cut
by the dominant supplier (the largest named supplier of the current release), with a higher collection rate
and a scrap-export limit, so the page shows the charts and the interaction matrix. Run in-process, no worker
needed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from catalogue.models import RawMaterial

from . import selectors, services
from .models import Scenario

TITLE = "Magnesium: exportbeperking China, lineair tegen circulair"
INTERVENTIONS = [
    {"kind": "export_restriction", "country": "", "start": 4, "duration": 8, "depth": 0.5},
    {"kind": "collection_rate", "start": 4, "duration": 0, "rate": 0.8},
    {"kind": "scrap_export_limit", "start": 4, "duration": 0, "max_share": 0.1},
]


def load(*, stdout) -> None:
    if Scenario.objects.filter(title=TITLE).exists():
        return
    office = get_user_model().objects.filter(username="kantoor").first()
    magnesium = (
        RawMaterial.objects.filter(code="magnesium").first()
        or RawMaterial.objects.filter(symbol="Mg").first()
    )
    if office is None or magnesium is None or selectors.material_input(magnesium) is None:
        stdout.write(_("simulation: demo user or magnesium data missing, skipped") + "\n")
        return
    from jobs.testing import run_queued_jobs

    services.scenario_start(
        actor=office, title=TITLE, materials=[magnesium], interventions=INTERVENTIONS, horizon=40, seed=1
    )
    run_queued_jobs()
    stdout.write(_("simulation: one demo scenario (magnesium)") + "\n")
