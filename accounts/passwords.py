"""Dutch for the password rules' messages that their packages do not translate (or translate informally):
Django 5.2's minimum-length message, and the main messages and time spans of the strength check
(django-zxcvbn-password-validator, whose own Dutch says "je" where the site says "u"). Never called:
makemessages reads the strings here into accounts' catalogue, which Django consults before those of the
packages (accounts comes first in INSTALLED_APPS)."""

from django.utils.translation import gettext, ngettext


def _strings_for_the_catalogue() -> None:  # pragma: no cover - read by makemessages only
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        12,
    )
    gettext("Your password is too guessable:")
    gettext("It would take an offline attacker %(time)s to guess it.")
    gettext("Your password exceeds the maximal length of 72 characters.")
    gettext("Avoid dates and years that are associated with you")
    gettext("Avoid years that are associated with you")
    gettext("Advice:")
    gettext("Warning:")
    ngettext("%d second", "%d seconds", 2)
    ngettext("%d minute", "%d minutes", 2)
    ngettext("%d hour", "%d hours", 2)
    ngettext("%d day", "%d days", 2)
    ngettext("%d month", "%d months", 2)
    ngettext("%d year", "%d years", 2)
