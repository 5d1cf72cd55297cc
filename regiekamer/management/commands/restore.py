"""`regiekamer restore <dir>`: put back a backup made by `regiekamer backup` (regiekamer/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regiekamer.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = _(
        "Replace the database and the uploaded files by a backup made with 'regiekamer backup'. Stop the "
        "application first. With --check: only verify the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help=_("The directory of the backup."))
        parser.add_argument("--database", default="default", help=_("The database to restore into."))
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Only verify the backup (manifest, checksums, database file); change nothing."),
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Do not ask for confirmation."),
        )

    def handle(self, *args, **options):
        directory: Path = options["directory"]
        try:
            if options["check"]:
                manifest = backup_verify(directory)
                self.stdout.write(self._describe(manifest, _("The backup is complete and intact")))
                return
            if options["interactive"] and not self._confirmed(directory, options["database"]):
                self.stdout.write(_("Nothing restored."))
                return
            report = backup_restore(directory, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self._describe(report.manifest, _("Restored")))
        if report.unapplied_migrations:
            self.stdout.write(
                _(
                    "Database migrations of this version that the backup predates: %(count)s. Run "
                    "'regiekamer migrate'."
                )
                % {"count": len(report.unapplied_migrations)}
            )
        if report.unknown_migrations:
            self.stderr.write(
                _(
                    "The backup comes from a newer version (migrations unknown here: %(names)s): run that "
                    "version of the application on it."
                )
                % {"names": ", ".join(report.unknown_migrations)}
            )

    def _confirmed(self, directory: Path, database: str) -> bool:
        from django.db import connections

        question = _(
            "This replaces the database %(database)s and every file in %(media)s by the backup in "
            "%(directory)s. Type 'yes' to continue: "
        ) % {
            "database": connections[database].settings_dict["NAME"],
            "media": settings.MEDIA_ROOT,
            "directory": directory,
        }
        return input(question).strip().lower() in {"yes", "ja"}

    def _describe(self, manifest: dict, verdict: str) -> str:
        application = manifest["application"]
        return _(
            "%(verdict)s: backup of %(created)s, %(engine)s database, version %(version)s "
            "(commit %(commit)s); files checked: %(files)s."
        ) % {
            "verdict": verdict,
            "created": manifest["created_at"],
            "engine": manifest["database"]["engine"],
            "version": application["version"] or "?",
            "commit": (application["git_commit"] or "?")[:12],
            "files": len(manifest["files"]),
        }
