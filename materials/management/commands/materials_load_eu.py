"""Load the EU criticality assessment 2023 (materials/data/eu-crm-2023/assessment.csv) as a material data
release labelled with its source."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.authorization import system_actor
from materials.demo import EU_CODE, EU_FILE, eu_titles
from materials.services import material_release_load_eu_assessment
from regiekamer.forms import error_messages


class Command(BaseCommand):
    help = _(
        "Load the EU criticality assessment 2023 file (columns as materials/data/eu-crm-2023/assessment.csv) "
        "as a new material data release and make it current; a bad row refuses the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(EU_FILE))
        parser.add_argument("--release", default=EU_CODE, help=_("Version label of the release."))
        parser.add_argument("--not-current", action="store_true", help=_("Load without making it current."))

    def handle(self, *args, **options):
        path = Path(options["path"])
        title, title_en = eu_titles()
        try:
            release, skipped = material_release_load_eu_assessment(
                actor=system_actor(),
                text=path.read_text(encoding="utf-8"),
                code=options["release"],
                title=title,
                title_en=title_en,
                file_name=path.name,
                make_current=not options["not_current"],
            )
        except ValidationError as error:
            raise CommandError(
                "\n".join([_("The data set was refused, nothing was loaded:"), *error_messages(error)])
            ) from None
        self.stdout.write(
            _("Loaded release %(code)s: %(count)s materials.")
            % {"code": release.code, "count": release.profiles.count()}
        )
        if skipped:
            self.stdout.write(
                _("Not loaded (not in the catalogue): %(names)s") % {"names": ", ".join(skipped)}
            )
