"""Reference catalogue for `regiekamer demo` (and `make run`): every list from catalogue/data, idempotent."""

from django.utils.translation import gettext as _

from .loader import catalogue_load


def load(*, stdout) -> None:
    counts = catalogue_load()
    stdout.write(
        _("Catalogue: %(lists)d reference lists, %(entries)d entries loaded from catalogue/data.")
        % {"lists": len(counts), "entries": sum(counts.values())}
    )
    for name, count in counts.items():
        stdout.write(f"  {name:<24} {count:>5}")
