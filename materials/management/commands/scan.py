"""`regiekamer scan FILE.xlsx`: the risk profile of a bill of materials, printed (nothing is stored)."""

from pathlib import Path
from typing import cast

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from materials import bom
from materials.exports import scan_text
from materials.selectors import bom_resolver, build_profile
from regiekamer.texts import translate_all


class Command(BaseCommand):
    help = _("Print the raw-material risk profile of a bill of materials (.xlsx laid out as the template).")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("%(path)s does not exist") % {"path": path})
        try:
            parsed = bom.parse(bom.read_xlsx(path.read_bytes()), bom_resolver())
        except bom.BomError as error:
            raise CommandError(
                "\n".join([_("The bill of materials was refused:"), *translate_all(error.messages)])
            ) from None
        # bom_resolver keys each material by its RawMaterial id
        profile = build_profile(path.stem, cast("dict[str, dict[int, float]]", parsed.kg_per_material()))
        self.stdout.write(scan_text(profile), ending="")
