"""Who may do what with accounts: the own profile and API token, and setting up accounts and their roles.

Accounts and roles are set up by the demo, the tests and the Django admin's superusers; no role does it
through the site. Every signed-in user sees their own profile and API token."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, nobody, signed_in

PERMISSIONS: dict[str, Rule] = {
    # The own profile: roles and API token (created on the first visit).
    "view_profile": signed_in,
    # Creating accounts and setting their roles (accounts.services.user_ensure): the system actor only.
    "manage_users": nobody.because(_("Accounts and their roles are set up by the system administrator.")),
}
