"""Who may do what with accounts: the own profile, API tokens and second factor, setting up accounts and
their roles, and the failed-login log.

Accounts and roles are set up by the demo, the tests and the Django admin's superusers; no role does it
through the site. Every signed-in user sees their own profile, manages their own API tokens and sets up an
authenticator app; the programme office reads the failed logins and may lift a lockout."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, nobody, signed_in
from accounts.roles import INTAKE_REVIEW_ROLES, PROGRAMME_ROLES, Role

PERMISSIONS: dict[str, Rule] = {
    # The own profile: roles, links to the API tokens and the second factor.
    "view_profile": signed_in,
    # The own API tokens: list, create, revoke (nobody sees another person's tokens).
    "manage_api_tokens": signed_in,
    # The own authenticator app (TOTP): set it up, confirm a login with its code.
    "manage_second_factor": signed_in,
    # The log of failed logins (time, username tried, address) and the current lockouts.
    "view_failed_logins": has_role(Role.PROGRAMME_OFFICE),
    # Lifting a lockout before its cool-off ends.
    "unlock_logins": has_role(Role.PROGRAMME_OFFICE),
    # Who made a change in an audit trail (a record's history page or panel): the names of the people who work
    # on the programme are personal data, read by the programme roles and the reviewing roles of the intake;
    # an applicant or a reader sees when and what changed, their own changes as theirs, not other names
    # (regiekamer.history.actor_label).
    "view_audit_names": has_role(
        *PROGRAMME_ROLES,
        *INTAKE_REVIEW_ROLES,
        reason=_("Who made a change is shown to the people who work on the programme."),
    ),
    # Creating accounts and setting their roles (accounts.services.user_ensure): the system actor only.
    "manage_users": nobody.because(_("Accounts and their roles are set up by the system administrator.")),
}
