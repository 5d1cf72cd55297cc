"""Load a material data set (CSV folder or XLSX workbook) as a new release."""

from pathlib import Path
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.authorization import system_actor
from materials import dataset
from materials.services import material_release_import
from regiekamer.forms import error_messages
from regiekamer.texts import translate_all


class Command(BaseCommand):
    help = _(
        "Load a material data set (a folder with indicators.csv and producers.csv, or an .xlsx workbook "
        "with the sheets 'indicators' and 'producers') as a new release; a bad row refuses the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--release", required=True, help=_("Version label of the release, e.g. tno-2023.")
        )
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--sample", action="store_true", help=_("Mark the release as an illustrative sample.")
        )
        parser.add_argument("--not-current", action="store_true", help=_("Load without making it current."))

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            if path.is_dir():
                indicators, producers = dataset.read_csv_folder(path)
            elif path.suffix.lower() == ".xlsx":
                indicators, producers = dataset.read_xlsx(path.read_bytes())
            else:
                raise CommandError(_("%(path)s is neither a folder nor an .xlsx file") % {"path": path})
            release = material_release_import(
                actor=system_actor(),
                code=options["release"],
                title=options["title"] or options["release"],
                indicator_rows=indicators,
                producer_rows=producers,
                is_sample=options["sample"],
                make_current=not options["not_current"],
                file_name=path.name,
            )
        except dataset.DatasetError as error:  # the file could not be read
            self._refuse(translate_all(error.problems))
        except ValidationError as error:  # the service refused its rows
            self._refuse(error_messages(error))
        self.stdout.write(
            _("Loaded release %(code)s: %(count)s materials.")
            % {"code": release.code, "count": release.profiles.count()}
        )

    def _refuse(self, problems: list[str]) -> NoReturn:
        raise CommandError(
            "\n".join([_("The data set was refused, nothing was loaded:"), *problems])
        ) from None
