"""Who may do what with circular material passports (S15; Bijlage 11 "Circulair Materiaal Paspoort").

A company issues passports from its own scans (the scanner is every signed-in user's, and a scan is its
owner's
only: materials.view_scan). The public part of a passport is read by anyone with its GS1 Digital Link (no
login: passports.views.public_passport). The restricted part (detailed composition, supplier facilities, the
pilot's restricted fields) is read by the issuer, the programme office and the recyclers and repairers the
issuer names (PassportAccess). Only the issuer changes, withdraws or shares a passport. The programme's view
over all passports (per product group and pilot, completeness, critical-material content) is for the programme
roles. The object of the passport rules is a Passport.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.authorization import Rule, has_role, object_rule, signed_in
from accounts.models import User
from accounts.roles import PROGRAMME_ROLES, Role

office = has_role(Role.PROGRAMME_OFFICE)
programme = has_role(
    *PROGRAMME_ROLES,
    reason=_("The programme's passport overview is for the people who work in the programme."),
)


@object_rule(_("Only the company that issued this passport may do this."))
def issued_passport(user: User, passport: Any) -> bool:
    return bool(passport.issuer_id == user.pk)


@object_rule(_("Only the issuer names who reads the restricted part of this passport."))
def named_by_issuer(user: User, passport: Any) -> bool:
    return passport.access.filter(user_id=user.pk).exists()


PERMISSIONS: dict[str, Rule] = {
    # Every signed-in company issues passports from its own scans (the service checks the scan is theirs) and
    # imports a supplier's UNTP passport.
    "issue_passport": signed_in,
    # The restricted part: the issuer, the programme office, the recyclers and repairers the issuer names.
    "view_passport": (office | issued_passport | named_by_issuer).because(
        _(
            "The restricted part of a passport is for its issuer, the programme office and those the issuer "
            "names."
        )
    ),
    "edit_passport": issued_passport,
    # The programme overview (per product group and pilot, completeness, critical materials) and its export.
    "view_programme": programme,
    # The pilots' guideline is read by everyone signed in: the companies in the pilots follow it.
    "view_guideline": signed_in,
}
