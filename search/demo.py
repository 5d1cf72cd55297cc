"""The demo's search index: written once every app's demo data is in (the last link step, search being the
last app of settings.DOMAIN_APPS); catches whatever the demo wrote without signals (bulk writes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import index


def load(*, stdout) -> None:
    """Nothing before the other apps' links: see link()."""


def link(*, stdout) -> None:
    counts = index.rebuild()
    stdout.write(_("search: %(count)s entries in the index") % {"count": sum(counts.values())})
