"""Every Dutch catalogue in the repository is complete: no untranslated and no fuzzy messages.

Dutch is the default language (DOMAIN.md): an untranslated msgid shows English to the users, and a fuzzy one
is ignored when compiling, so it shows English too. The header entry's conventional "fuzzy" mark from
makemessages is not a message and is not counted."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path for path in ROOT.glob("*/locale/nl/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def test_there_are_dutch_catalogues():
    assert CATALOGUES, "no */locale/nl/LC_MESSAGES/django.po found"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_dutch_catalogue_is_complete(path):
    po = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in po.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries() if not entry.obsolete]

    assert untranslated == [], f"{path.relative_to(ROOT)}: untranslated: {untranslated}"
    assert fuzzy == [], f"{path.relative_to(ROOT)}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_plural_messages_have_both_dutch_forms(path):
    po = polib.pofile(str(path))

    incomplete = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and not entry.obsolete and not all(entry.msgstr_plural.get(i) for i in (0, 1))
    ]

    assert incomplete == [], f"{path.relative_to(ROOT)}: plural forms missing: {incomplete}"
