"""`regiekamer backup <dir>`: the database and the uploaded files, with a manifest (regiekamer/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regiekamer.backup import BackupError, backup_create


class Command(BaseCommand):
    help = _(
        "Back up the database and the uploaded files into a new directory, with a manifest of checksums "
        "(safe while the application runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help=_("A new or empty directory for the backup."))
        parser.add_argument("--database", default="default", help=_("The database to back up."))

    def handle(self, *args, **options):
        directory: Path = options["directory"]
        try:
            manifest = backup_create(directory, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["database"]["tables"]
        self.stdout.write(
            _(
                "Backup written to %(directory)s: %(engine)s database, %(rows)s rows in %(tables)s tables; "
                "uploaded files: %(files)s."
            )
            % {
                "directory": directory,
                "engine": manifest["database"]["engine"],
                "rows": sum(tables.values()),
                "tables": len(tables),
                "files": sum(1 for path in manifest["files"] if path.startswith("media/")),
            }
        )
