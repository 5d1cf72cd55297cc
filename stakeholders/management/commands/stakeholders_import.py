"""Import a slimme-tool (or other source) file from the command line, with a progress line.

regiekamer stakeholders_import lijst.xlsx --source slimme-tool [--dry-run] [--map name=Bedrijfsnaam ...]
    [--user kantoor]

The import acts as the system actor, or as the named user (whose roles must allow importing).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.authorization import system_actor
from accounts.models import User
from stakeholders import importer, services
from stakeholders.models import Source


class Command(BaseCommand):
    help = "Import organisations from a CSV or XLSX file (all or nothing), with the row-level error report."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default=Source.SLIMME_TOOL, help="source code, e.g. slimme-tool, rvo")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="column mapping where the headers are not recognised",
        )
        parser.add_argument(
            "--user",
            default=None,
            help="the user recorded as importer (one who may import); without it, the system actor",
        )

    def handle(self, *args, file: Path, source: str, dry_run: bool, map: list, user: str | None, **options):
        if user is None:
            actor = system_actor()
        else:
            named = User.objects.filter(username=user).first()
            if named is None:
                raise CommandError(f"No user {user!r}.")
            actor = named
        try:
            source_obj = Source.objects.get(code=source)
        except Source.DoesNotExist as exc:
            raise CommandError(f"Unknown source {source!r}.") from exc
        try:
            batch = services.import_batch_start(
                file_name=file.name, data=file.read_bytes(), source=source_obj, actor=actor
            )
            mapping = dict(batch.mapping)
            for item in map:
                field, _sep, column = item.partition("=")
                mapping[field] = column
            plan = services.import_batch_run(
                batch=batch, mapping=mapping, dry_run=dry_run, actor=actor, progress=self._progress
            )
        except (importer.ImportFileError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        except importer.ImportRejected as exc:
            for error in exc.errors[:50]:
                self.stderr.write(f"row {error.row}, {error.column} {error.value!r}: {error.message}")
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{plan.total} rows: {verb} {len(plan.creates)}, updated {len(plan.updates)}, "
            f"to review {len(plan.reviews)}"
        )

    def _progress(self, phase: str, done: int, total: int) -> None:
        label = "saved" if phase == services.PHASE_SAVE else "checked"
        if phase != getattr(self, "_phase", phase):
            self.stdout.write("")  # the checked line stays, the saved line follows
        self._phase = phase
        percent = 100 * done // total if total else 100
        self.stdout.write(f"\r{label} {done}/{total} rows ({percent}%)", ending="")
        self.stdout.flush()
