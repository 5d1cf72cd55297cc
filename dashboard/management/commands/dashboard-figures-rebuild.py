"""`regiekamer dashboard-figures-rebuild`: every project's part of the programme's dashboard figures and
their totals recomputed (after a bulk load, or after reference data they name changed)."""

from django.core.management.base import BaseCommand

from dashboard.kept import figures_rebuild


class Command(BaseCommand):
    help = "Recompute the kept figures of the programme-wide dashboard from every project."

    def handle(self, *args, **options):
        projects = figures_rebuild()
        self.stdout.write(f"{projects} projects")
