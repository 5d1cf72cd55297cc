"""The simulation app's background job (registered in SimulationConfig.ready()): running a saved scenario."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from jobs.registry import register_kind
from jobs.runtime import JobContext


def run_scenario(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from . import services
    from .models import Scenario

    scenario = Scenario.objects.get(pk=params["scenario"])
    try:
        return services.scenario_execute(scenario, context)
    except Exception:
        Scenario.objects.filter(pk=scenario.pk).update(status=Scenario.Status.FAILED)
        raise


def register() -> None:
    from .services import RUN_JOB

    register_kind(RUN_JOB, label=_("Supply-network simulation"), run=run_scenario)
