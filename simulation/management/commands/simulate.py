"""`regiekamer simulate --material Mg --scenario export-cut`: run a scenario from the command line, as the
page and the API do (the same service, as the system actor or --user), and print its outcomes.

    regiekamer simulate --material Mg --scenario export-cut --depth 0.5 --horizon 40
    regiekamer simulate --material Mg --intervention '{"kind": "collection_rate", "start": 4, "rate": 0.8}'

`--scenario` names a preset: `export-cut` (the dominant supplier cuts exports by --depth from quarter 4 for 8
quarters), `circular-response` (the cut plus a higher collection rate and a scrap-export limit), or `none`.
The job runs in-process (no worker needed); `--queue` leaves it to the workers instead."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.authorization import system_actor
from accounts.models import User
from catalogue.models import RawMaterial
from jobs.testing import run_queued_jobs

from ... import services
from ...models import Scenario


def presets(depth: float) -> dict[str, list[dict[str, Any]]]:
    cut = {"kind": "export_restriction", "country": "", "start": 4, "duration": 8, "depth": depth}
    return {
        "none": [],
        "export-cut": [cut],
        "circular-response": [
            cut,
            {"kind": "collection_rate", "start": 1, "duration": 0, "rate": 0.8},
            {"kind": "scrap_export_limit", "start": 1, "duration": 0, "max_share": 0.1},
        ],
    }


# The scenario's title when the command names none: what a reader of the scenario list sees.
PRESET_TITLES = {
    "none": _("No interventions"),
    "export-cut": _("Export cut"),
    "circular-response": _("Export cut with a circular response"),
}


class Command(BaseCommand):
    help = "Run a supply-network simulation (linear and circular) and print its outcomes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--material", action="append", required=True, help="Code, symbol or name (repeatable)."
        )
        parser.add_argument("--scenario", default="export-cut", help="none, export-cut or circular-response.")
        parser.add_argument(
            "--intervention", action="append", default=[], help="An extra intervention (JSON)."
        )
        parser.add_argument("--depth", type=float, default=0.5, help="Depth of the export cut (0–1).")
        parser.add_argument("--comparison", default="both", choices=["both", "linear", "circular"])
        parser.add_argument("--horizon", type=int, default=40)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--sweep", type=int, default=0, help="Sobol base sample (0: no sweep).")
        parser.add_argument(
            "--scrap-imports",
            type=float,
            default=0.0,
            help="Scrap imported per quarter, share of base demand (an assumption; 0: none).",
        )
        parser.add_argument("--user", default="", help="Run as this user (default: the system actor).")
        parser.add_argument("--queue", action="store_true", help="Leave the job to the workers.")

    def handle(self, *args, **options):
        materials = []
        for name in options["material"]:
            found = RawMaterial.objects.filter(
                Q(code__iexact=name) | Q(symbol__iexact=name) | Q(name__iexact=name) | Q(name_nl__iexact=name)
            ).first()
            if found is None:
                raise CommandError(f"materials: unknown material {name!r}")
            materials.append(found)
        known = presets(options["depth"])
        if options["scenario"] not in known:
            raise CommandError(
                f"scenario: unknown preset {options['scenario']!r} (one of {', '.join(known)})"
            )
        try:
            extra = [json.loads(item) for item in options["intervention"]]
        except json.JSONDecodeError as error:
            raise CommandError(f"intervention: not JSON ({error})") from None
        actor = User.objects.get(username=options["user"]) if options["user"] else system_actor()
        try:
            scenario = services.scenario_start(
                actor=actor,
                title=f"{PRESET_TITLES[options['scenario']]} ({', '.join(str(m) for m in materials)})",
                materials=materials,
                comparison=options["comparison"],
                interventions=known[options["scenario"]] + extra,
                horizon=options["horizon"],
                seed=options["seed"],
                sweep_size=options["sweep"],
                scrap_imports=options["scrap_imports"],
            )
        except ValidationError as refused:
            problems = "; ".join(f"{key}: {', '.join(value)}" for key, value in refused.message_dict.items())
            raise CommandError(problems) from None
        if options["queue"]:
            self.stdout.write(f"scenario {scenario.pk} queued (job {scenario.job_id})")
            return
        run_queued_jobs()
        scenario = Scenario.objects.get(pk=scenario.pk)
        self.stdout.write(f"scenario {scenario.pk}: {scenario.status}")
        for run in scenario.runs.select_related("material"):
            s = run.summary
            self.stdout.write(
                f"{run.material.code:>6} {run.configuration:<9} price peak {s['price_peak']:.2f} "
                f"(quarter {int(s['price_peak_step'])}), shortage {s['total_shortage']:.2f}, "
                f"net outflow {s['total_net_outflow']:.2f}, recycling share {s['mean_recycling_share']:.1%}"
            )
        for code, configs in scenario.interactions.items():
            for configuration, matrix in configs.items():
                for pair in matrix["pairs"]:
                    self.stdout.write(
                        f"{code} {configuration} pair {pair['first']}+{pair['second']} {pair['output']}: "
                        f"{pair['kind']} (interaction {pair['interaction']:+.3f})"
                    )
