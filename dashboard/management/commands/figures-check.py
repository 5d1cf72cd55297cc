"""`regiekamer figures-check`: the §1.2 consistency report; exit status 1 on a real mismatch."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dashboard import figures, selectors

CSV_TABLES = (
    ("per product group", "maakindustrie_per_productgroep.csv", ("sbi_division", "name")),
    ("per province", "maakindustrie_per_provincie.csv", ("province",)),
    ("per cluster", "maakindustrie_per_cluster.csv", ("cluster",)),
)


class Command(BaseCommand):
    help = (
        "Compare each column sum of the industry-figure tables (Werkwijze UPCM 2020, §1.2) with the stated "
        "total. Differences within 1 per row counted are rounding; larger ones are real mismatches (exit 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv",
            action="store_true",
            help="Check the CSV files in catalogue/data instead of the loaded database rows.",
        )

    def handle(self, *args, **options):
        if options["csv"]:
            data = Path(settings.BASE_DIR) / "catalogue" / "data"
            checks = []
            for name, filename, label_columns in CSV_TABLES:
                body, total = figures.read_csv_table(data / filename, label_columns)
                checks.append(figures.check_table(f"{name} ({filename})", body, total))
        else:
            tables = selectors.figure_tables()
            if not tables:
                raise CommandError(
                    "No industry figures loaded: run `regiekamer demo` first, or use --csv.", returncode=2
                )
            checks = [table.check for table in tables]
        for line in figures.report_lines(checks):
            self.stdout.write(line)
        if figures.has_real_mismatch(checks):
            raise CommandError("real mismatch between a column sum and its stated total", returncode=1)
