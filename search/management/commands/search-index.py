"""`regiekamer search-index`: write the search index anew from the records of every app (after an import
that bypassed signals, a restore, or on a schedule)."""

from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = "Rebuild the search index from the records of every app."

    def handle(self, *args, **options):
        counts = index.rebuild(lambda kind, count: self.stdout.write(f"{kind}: {count}"))
        self.stdout.write(self.style.SUCCESS(f"search index: {sum(counts.values())} entries"))
