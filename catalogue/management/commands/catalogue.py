"""`regiekamer catalogue [NAME] [--load]`: the reference lists and their entries on the command line."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.loader import CatalogueLoadError, catalogue_load
from catalogue.models import SbiCode
from catalogue.registry import BY_NAME, LISTS, catalogue_list, column_value
from catalogue.selectors import sbi_tree


class Command(BaseCommand):
    help = _(
        "Print every reference list with its entry count, or the entries of one list; --load (re)loads "
        "the catalogue from catalogue/data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "name", nargs="?", help=_("a list name: %(names)s") % {"names": ", ".join(BY_NAME)}
        )
        parser.add_argument(
            "--load", action="store_true", help=_("(re)load every list from the CSV files first")
        )

    def handle(self, *args, name=None, load=False, **options):
        if load:
            try:
                counts = catalogue_load()
            except CatalogueLoadError as error:
                raise CommandError(_("Nothing was loaded: %(error)s") % {"error": error}) from error
            self.stdout.write(_("Loaded the catalogue (entries per list):"))
            for list_name, count in counts.items():
                self.stdout.write(f"  {list_name:<24} {count:>5}")
            if name is None:
                return
        if name is None:
            self._print_lists()
        else:
            try:
                entry = catalogue_list(name)
            except KeyError as error:
                raise CommandError(error.args[0]) from None
            self._print_entries(entry)

    def _print_lists(self):
        list_header, entries_header, title_header = _("list"), _("entries"), _("title")
        self.stdout.write(f"{list_header:<24} {entries_header:>7}  {title_header}")
        for entry in LISTS:
            count = entry.entries().count()
            self.stdout.write(f"{entry.name:<24} {count:>7}  {entry.title}")

    def _print_entries(self, entry):
        items = list(entry.queryset())
        if entry.model is SbiCode:
            items = [node for node, _depth in sbi_tree(items)]  # sections, then their divisions, groups, ...
        rows = [[_text(column_value(item, column)) for column in entry.columns] for item in items]
        headers = [entry.column_label(column) for column in entry.columns]
        # Long texts (definitions, descriptions) are cut so that one entry stays on one line.
        widths = [min(60, max([len(h), *(len(r[i]) for r in rows)])) for i, h in enumerate(headers)]

        def line(cells):
            return "  ".join(
                _cut(cell, width).ljust(width) for cell, width in zip(cells, widths, strict=True)
            )

        self.stdout.write(f"{entry.title} ({entry.name}): {len(rows)}")
        self.stdout.write(line(headers).rstrip())
        for row in rows:
            self.stdout.write(line(row).rstrip())


def _text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
